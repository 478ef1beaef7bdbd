/**
 * The character limit a 写作要求 sets, or null when it sets none. Understands the ways the office
 * writes it: 不超过800字, 不超过 1,500 字, 字数不超过八百字, 控制在800字以内, 800字以内, 限800字,
 * 不多于1000字, 字数控制在2000字左右 (a target, treated as the limit), 1500字以下; full-width
 * digits too. When several are given, the smallest wins.
 *
 * @example
 * parseLengthLimit('不超过800字，数据截至6月底') // 800
 */
export function parseLengthLimit(instruction: string | null | undefined): number | null {
  if (!instruction) return null;
  const text = toHalfWidth(instruction);
  const NUM = '([0-9][0-9,，]*|[零〇一二两三四五六七八九十百千万]+)';
  const patterns = [
    new RegExp(`(?:不超过|不超出|不多于|不得超过|最多|至多|限|控制在)\\s*${NUM}\\s*(?:个)?\\s*(?:汉)?字`, 'g'),
    new RegExp(`${NUM}\\s*(?:个)?\\s*(?:汉)?字\\s*(?:以内|之内|以下|内|左右)`, 'g'),
  ];
  let limit: number | null = null;
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const value = parseNumber(match[1]!);
      if (value !== null && value > 0 && (limit === null || value < limit)) limit = value;
    }
  }
  return limit;
}

function toHalfWidth(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

function parseNumber(raw: string): number | null {
  if (/^[0-9]/.test(raw)) {
    const value = Number(raw.replace(/[,，]/g, ''));
    return Number.isFinite(value) ? value : null;
  }
  // Chinese numerals up to 万: 八百, 一千五百, 两千, 一万, 十五.
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of raw) {
    if (ch in DIGIT) digit = DIGIT[ch]!;
    else if (ch in UNIT) {
      section += (digit ?? 1) * UNIT[ch]!;
      digit = null;
    } else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = null;
    } else return null;
  }
  return total + section + (digit ?? 0);
}
