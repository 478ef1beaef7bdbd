/** A heading recognised at the start of a line. */
export interface HeadingMatch {
  /** Marker level: 1 一、, 2 （一）, 3 1., 4 （1）. */
  markerLevel: number;
  /** The number the source gave this heading (e.g. 3 for （三）). */
  number: number;
  /** The marker exactly as written, e.g. （三） or (3) or １．. */
  marker: string;
  /** Everything after the marker, trimmed. */
  rest: string;
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100 };
const CN_NUMERAL = '[一二三四五六七八九十百零〇]{1,5}';
const DIGITS = '[0-9０-９]{1,2}';

/** Marker patterns, most specific first; group 1 is the number. */
const PATTERNS: ReadonlyArray<{ level: number; re: RegExp }> = [
  { level: 2, re: new RegExp(`^[（(]\\s*(${CN_NUMERAL})\\s*[）)]`) },
  { level: 4, re: new RegExp(`^[（(]\\s*(${DIGITS})\\s*[）)]`) },
  // Not 一、二季度 / 一、二、三产业 / 一、二类: a list of ordinals in running text.
  { level: 1, re: new RegExp(`^(${CN_NUMERAL})\\s*(?:[、．]|\\.(?![0-9０-９]))(?!\\s*[一二三四五六七八九十]+(?:、|季度|产业|类|级|线|批|档|期|等奖|号线))`) },
  // 1. 1、 １． — but not a decimal such as 1.5亿元.
  // Not 1、2月份 / 1、2号线 / 1、2类: a list of numbers in running text.
  { level: 3, re: new RegExp(`^(${DIGITS})\\s*(?:[、．]|\\.(?![0-9０-９]))(?!\\s*[0-9０-９]+\\s*(?:、|月|季度|日|号|年|类|级|批|期|等奖))`) },
];

/** Value of a Chinese numeral below 1000 (一, 十一, 二十, 一百零五); NaN when malformed. */
export function parseChineseNumeral(s: string): number {
  if (s.length === 0) return Number.NaN;
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d !== undefined) {
      if (digit !== null && digit !== 0 && d !== 0) return Number.NaN;
      digit = d;
      continue;
    }
    const unit = CN_UNITS[ch];
    if (unit === undefined) return Number.NaN;
    total += (digit ?? 1) * unit;
    digit = null;
  }
  return total + (digit ?? 0);
}

/** Chinese numeral of 0 ≤ n < 1000, as written in headings and ordinals (十一, 二十, 一百零五). */
export function chineseNumeral(n: number): string {
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (!Number.isInteger(n) || n < 0 || n >= 1000) return String(n);
  if (n < 10) return d[n]!;
  if (n < 20) return `十${n % 10 === 0 ? '' : d[n % 10]!}`;
  if (n < 100) return `${d[Math.floor(n / 10)]!}十${n % 10 === 0 ? '' : d[n % 10]!}`;
  const rest = n % 100;
  const tail = rest === 0 ? '' : rest < 10 ? `零${d[rest]!}` : rest < 20 ? `一${chineseNumeral(rest)}` : chineseNumeral(rest);
  return `${d[Math.floor(n / 100)]!}百${tail}`;
}

/** Value of ASCII or full-width decimal digits. */
function parseDigits(s: string): number {
  return Number(s.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10)));
}

/** Recognises a numbered heading marker at the start of a normalised line; null for body text (一是…, 1.5亿元…). */
export function parseHeading(line: string): HeadingMatch | null {
  for (const { level, re } of PATTERNS) {
    const m = re.exec(line);
    if (!m) continue;
    const raw = m[1]!;
    const number = level === 1 || level === 2 ? parseChineseNumeral(raw) : parseDigits(raw);
    if (!Number.isFinite(number) || number < 1) return null;
    return { markerLevel: level, number, marker: m[0].replace(/\s+/g, ''), rest: line.slice(m[0].length).trim() };
  }
  return null;
}

/** The canonical marker for a number at a marker level: 三、 （三） 3. （3）. */
export function canonicalMarker(markerLevel: number, n: number): string {
  switch (markerLevel) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `（${chineseNumeral(n)}）`;
    case 3:
      return `${n}.`;
    default:
      return `（${n}）`;
  }
}
