/** Where the report-wide 待填数据 button stands: the `index`-th placeholder of a section. */
export interface TourStop {
  sectionId: string;
  index: number;
}

/**
 * The next unfilled placeholder of the whole report, in outline order: the one after `at` in its
 * section, else the first of the next section that has any, wrapping around to the top. `sections`
 * are the written sections in outline order with their current placeholder counts. Null when the
 * report has none left.
 * @example stepPlaceholderTour([{ id: 'a', count: 1 }, { id: 'b', count: 2 }], { sectionId: 'a', index: 0 }) // { sectionId: 'b', index: 0 }
 */
export function stepPlaceholderTour(sections: readonly { id: string; count: number }[], at: TourStop | null): TourStop | null {
  const from = at ? sections.findIndex((s) => s.id === at.sectionId) : -1;
  if (at && from >= 0 && at.index + 1 < sections[from]!.count) return { sectionId: at.sectionId, index: at.index + 1 };
  for (let step = 1; step <= sections.length; step++) {
    const s = sections[(from + step + sections.length) % sections.length]!;
    if (s.count > 0) return { sectionId: s.id, index: 0 };
  }
  return null;
}
