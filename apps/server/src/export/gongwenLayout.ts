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

export { TITLE_CHARS_PER_LINE, breakTitle } from '@hegao/schema';
