/** Characters that are invisible in a report: BOM, zero-width spaces and joiners, soft hyphen. */
const INVISIBLE = /[\uFEFF\u200B-\u200D\u2060\u00AD]/g;
/** Space-like characters that are not an ASCII space: full-width (ideographic), no-break, tab and the like. */
const SPACES = /[\u3000\u00A0\t\f\v\u1680\u2000-\u200A\u202F\u205F]/g;

/** Normalises one line: invisible characters removed, every space-like character made an ASCII space, trimmed. */
export function normalizeLine(line: string): string {
  return line.replace(INVISIBLE, '').replace(SPACES, ' ').trim();
}

/** Splits text into normalised lines (CRLF, CR, LS and PS all end a line); blank lines stay as ''. */
export function normalizeLines(text: string): string[] {
  return text.split(/\r\n|[\r\n\u2028\u2029]/).map(normalizeLine);
}
