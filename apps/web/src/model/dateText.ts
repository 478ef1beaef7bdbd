// Dates as people type them in 截止 fields, whatever the browser's locale: 2026-12-06 or 2026年12月6日.

/** How a due date is written in the fields: the ISO day itself. */
export const DATE_TEXT_EXAMPLE = '2026-12-06';

const NUMERIC = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/;

/**
 * The YYYY-MM-DD day of what a person typed — 2026-12-06, 2026-12-6, 2026/12/6, 2026.12.6,
 * 2026年12月6日 (full-width digits and spaces too) — '' for nothing, null when it is not a real day.
 * @example parseDateText('2026年12月6日') // '2026-12-06'
 */
export function parseDateText(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  if (t === '') return '';
  const m = NUMERIC.exec(t) ?? CHINESE.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The Chinese problem with a typed date, or null when it is one (or empty). */
export function dateTextProblem(text: string): string | null {
  return parseDateText(text) === null ? `日期格式不对，请填写如 ${DATE_TEXT_EXAMPLE} 或 2026年12月6日` : null;
}
