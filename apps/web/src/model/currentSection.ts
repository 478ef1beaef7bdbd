/**
 * Which section the reader is in, for the 目录's "you are here" mark: the last section whose top
 * has passed the reading line (a little below the sticky headers); before the first one, the first.
 */

/** Where a section's block starts, in viewport pixels. */
export interface SectionTop {
  id: string;
  top: number;
}

/** The id of the section at the reading line, or null when there are no sections. Tops are in outline (document) order. */
export function currentSectionId(tops: readonly SectionTop[], readingLine: number): string | null {
  let current: string | null = tops[0]?.id ?? null;
  for (const { id, top } of tops) {
    if (top > readingLine) break;
    current = id;
  }
  return current;
}
