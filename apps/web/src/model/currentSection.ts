/**
 * Which section the reader is in, for the 目录's "you are here" mark: the section being typed in
 * while it is on screen; otherwise the last section whose top has passed the reading line (a
 * little below the sticky headers); before the first one, the first.
 */

/** Where a section's block starts, in viewport pixels. */
export interface SectionTop {
  id: string;
  top: number;
  /** Where it ends, in viewport pixels (only needed for the focused section). */
  bottom?: number;
}

/** The id of the section at the reading line, or null when there are no sections. Tops are in outline (document) order. */
export function currentSectionId(tops: readonly SectionTop[], readingLine: number, focusedId: string | null = null, viewportHeight = Infinity): string | null {
  const focused = focusedId === null ? undefined : tops.find((t) => t.id === focusedId);
  // Typing in a section that is (partly) visible below the sticky bars: that is where the user is.
  if (focused && (focused.bottom ?? Infinity) > readingLine && focused.top < viewportHeight) return focused.id;
  let current: string | null = tops[0]?.id ?? null;
  for (const { id, top } of tops) {
    if (top > readingLine) break;
    current = id;
  }
  return current;
}
