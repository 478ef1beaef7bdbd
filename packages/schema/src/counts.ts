// Character counts (字数) in plain section text.

/**
 * A character that counts: any letter (\p{L}: CJK ideographs of every extension, kana, Latin, …),
 * number (\p{N}: ASCII and full-width digits, ①, 〇, Ⅷ, …), punctuation (\p{P}: 。，、；：？！“”‘’（）
 * 《》【】…—· and ASCII punctuation) or symbol (\p{S}: ％ ＋ ℃ ¥ × …).
 */
const COUNTED = /^[\p{L}\p{N}\p{P}\p{S}]$/u;

/**
 * Counts characters the way 字数 is read off Word's or WPS's 字符数(不计空格): every Unicode code point
 * that is a letter, number, punctuation mark or symbol counts 1 — each CJK ideograph (including
 * supplementary-plane ones, which are 2 UTF-16 units), each CJK or full-width punctuation mark, each
 * Latin letter and each digit ("2020年" is 5). Not counted: whitespace of any kind (spaces, tabs, line
 * breaks, U+3000 全角空格, no-break spaces), control and format characters (zero-width spaces, BOM,
 * soft hyphens), combining marks and variation selectors, and private-use or unassigned code points.
 * Note Word's own 字数 differs in counting a run of Latin letters or digits as one word.
 */
export function countChars(text: string): number {
  let n = 0;
  for (const ch of text) if (COUNTED.test(ch)) n++;
  return n;
}

// Placeholders moved to placeholders.ts (numbers told from masked names); re-exported for existing imports.
export { findPlaceholders } from './placeholders.js';
export type { Placeholder } from './placeholders.js';
