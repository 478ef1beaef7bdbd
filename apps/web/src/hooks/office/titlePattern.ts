import type { ReportTemplate } from '../../api/officeApi';

/** The district the demo workspace writes for; the secretary edits the title if hers differs. */
export const DEFAULT_REGION = '示例区';

/** 届次 of a plenum left for the secretary to fill in, in the seeds' placeholder style. */
export const DEFAULT_SESSION = 'X届X次';

/** Days from today to the suggested report due date. */
export const SUGGESTED_DUE_DAYS = 14;

/**
 * Fills `{地区}` `{年份}` `{届次}` (any `{name}` given in `values`); unknown placeholders stay as they are.
 * @example fillPattern('{地区}{年份}年工作要点', { 地区: '示例区', 年份: '2021' }) // '示例区2021年工作要点'
 */
export function fillPattern(pattern: string, values: Readonly<Record<string, string>>): string {
  return pattern.replace(/\{([^{}]+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? (values[name] ?? whole) : whole));
}

/** The values a new report's title and period are filled with on `today`. */
export function patternValues(today: Date): Record<string, string> {
  return { 地区: DEFAULT_REGION, 年份: String(today.getFullYear()), 届次: DEFAULT_SESSION };
}

/** Suggested title and period of a report created from `template` on `today`. */
export function suggestTitle(template: Pick<ReportTemplate, 'titlePattern' | 'periodPattern'>, today: Date): { title: string; period: string } {
  const values = patternValues(today);
  return { title: fillPattern(template.titlePattern, values), period: fillPattern(template.periodPattern, values) };
}

/** A local date as `YYYY-MM-DD`, `days` after `date`. */
export function isoDate(date: Date, days = 0): string {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
