/**
 * The GB/T 9704-2012 layout of a 公文 as numbers and rules, independent of any file format: A4,
 * margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm), 22 lines of 28
 * characters, title 2号 方正小标宋简体, body 3号 仿宋_GB2312, heading levels by their numbering
 * (一、 黑体, （一） 楷体_GB2312, 1. and （1） 仿宋), page numbers 「— N —」 4号 宋体.
 */

/** Twentieths of a point per millimetre. */
const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);

/** Page and margins, in twips. */
export const PAGE = {
  width: mm(210),
  height: mm(297),
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
} as const;

/** Lines per page and characters per line of the 版心. */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/** Line pitch so that 22 lines fill the 225 mm 版心: ≈ 28.95 pt, in twips. */
export const LINE_PITCH = Math.floor((PAGE.height - PAGE.top - PAGE.bottom) / LINES_PER_PAGE);

/** Font sizes in half-points (docx `size`): 2号 22 pt, 3号 16 pt, 4号 14 pt. */
export const SIZE = { title: 44, body: 32, pageNumber: 28 } as const;

/** East-Asian font names as an office PC has them (Word and WPS pick the faces by these names). */
export const FONT = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  level1: '黑体',
  level2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/**
 * Character spacing that fits 28 characters of 16 pt into the 156 mm line: 28 × 16 pt = 448 pt, the
 * line is 442.2 pt wide, so each character gives up a quarter point (docx: twentieths of a point,
 * −5). 28 × 15.75 pt = 441 pt fits; 29 × 15.75 pt = 456.75 pt does not, so every full line holds
 * exactly 28 — in Word, WPS and LibreOffice alike, whatever face stands in for 仿宋_GB2312 (CJK
 * faces are all one em wide). A character grid (docGrid linesAndChars) would say the same to Word,
 * but LibreOffice gives each 16 pt character two cells of a 15.8 pt grid, 14 to a line.
 */
export const BODY_CHARACTER_SPACING = -5;

/** First-line indent of body text: two characters of 16 pt (640 twips; also written as 200 chars/100). */
export const FIRST_LINE_INDENT = { twips: 640, chars: 200 } as const;

/** The 公文 heading level of a line by its numbering, or 0 for body text. */
export function headingLevelOf(text: string): 0 | 1 | 2 | 3 | 4 {
  const t = text.trimStart();
  if (/^[一二三四五六七八九十百]+、/.test(t)) return 1;
  if (/^[（(][一二三四五六七八九十百]+[）)]/.test(t)) return 2;
  if (/^\d+[.．、]/.test(t)) return 3;
  if (/^[（(]\d+[）)]/.test(t)) return 4;
  return 0;
}

/** How many characters of 2号 fit one title line of the 156 mm 版心. */
export const TITLE_CHARS_PER_LINE = 20;

/** Breaks that keep the sense whole: after a conjunction or 、，, strongly; after 的/关于/了, well. */
const AFTER_CONJUNCTION = /[和与及暨、，]$/;
const AFTER_PARTICLE = /(?:[的了]|关于)$/;
/** Words a title must not be broken inside: 工作|总结, 工作|计划 … */
const COMPOUND_HEAD = /(?:工作|发展|建设|改革)$/;
const COMPOUND_TAIL = /^(?:总结|计划|要点|报告|方案|意见|情况|规划|安排)/;

/** Word boundaries of a text by ICU's dictionary (Chinese has no spaces), as code point offsets. */
function wordBoundaries(chars: readonly string[]): Set<number> {
  const bounds = new Set<number>();
  let at = 0;
  for (const { segment } of new Intl.Segmenter('zh', { granularity: 'word' }).segment(chars.join(''))) {
    at += [...segment].length;
    bounds.add(at);
  }
  return bounds;
}

/** How good a break after `head` (before `tail`) is, `inWord` when it splits a word: lower is better. */
function breakPenalty(head: string, tail: string, inWord: boolean): number {
  if (/[0-9A-Za-z]$/.test(head) && /^[0-9A-Za-z]/.test(tail)) return 20; // inside 2020 or a name
  if (COMPOUND_HEAD.test(head) && COMPOUND_TAIL.test(tail)) return 10;
  if (inWord) return 8;
  if (AFTER_CONJUNCTION.test(head)) return -6;
  if (AFTER_PARTICLE.test(head)) return -4;
  if (/工作$/.test(head)) return -2;
  return 0;
}

/**
 * A title broken into lines of at most TITLE_CHARS_PER_LINE characters, at a sensible place
 * (GB/T 9704: 词意完整，排列对称): the lines as even as possible, a break after 和/与/及/、 or
 * 的/关于 preferred when one is near, between words (ICU's Chinese dictionary, Intl.Segmenter)
 * and not inside 工作总结 and the like, never inside a number, never leaving a single character
 * alone.
 * @example breakTitle('示例区2020年上半年工作总结及下半年工作计划') // ['示例区2020年上半年工作总结及', '下半年工作计划']
 */
export function breakTitle(title: string, perLine = TITLE_CHARS_PER_LINE): string[] {
  const chars = [...title.trim()];
  if (chars.length <= perLine) return [chars.join('')];
  const lines: string[] = [];
  let rest = chars;
  while (rest.length > perLine) {
    const count = Math.ceil(rest.length / perLine);
    const ideal = Math.ceil(rest.length / count);
    const bounds = wordBoundaries(rest);
    let best = ideal;
    let bestScore = Infinity;
    for (let cut = Math.max(2, ideal - 6); cut <= Math.min(perLine, rest.length - 2); cut++) {
      const score = Math.abs(cut - ideal) + breakPenalty(rest.slice(0, cut).join(''), rest.slice(cut).join(''), !bounds.has(cut));
      if (score < bestScore) {
        bestScore = score;
        best = cut;
      }
    }
    lines.push(rest.slice(0, best).join(''));
    rest = rest.slice(best);
  }
  lines.push(rest.join(''));
  return lines;
}
