// Character counts (字数) and unfilled data placeholders (同比增长X%) in plain section text.

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

/** An unfilled data placeholder found in text; `index` and `length` are in UTF-16 units (JS string indices). */
export interface Placeholder {
  index: number;
  length: number;
  match: string;
}

/**
 * Candidate number slots: runs of X/Ｘ mixed with digits and inner decimal points ("X", "XX", "X.X",
 * "20XX"), and runs of ×.
 */
const CANDIDATE = /[XＸ0-9０-９]+(?:[.．][XＸ0-9０-９]+)*|×+/g;
const HAS_X = /[XＸ×]/;
const ONLY_X = /^(?:[XＸ]+|×+)$/;
/** Latin letters, ASCII and full-width. */
const LATIN = /[A-Za-zＡ-Ｚａ-ｚ]/;
/** Digits and X, ASCII and full-width: neighbours that make × a multiplication sign. */
const NUMERIC = /[0-9０-９XＸ]/;
/** Suffixes of an administrative place name: X区, XX市, X县, X乡, X镇, X村, X街道, … */
const PLACE_SUFFIX = /^(?:[省市区县州盟旗镇乡村]|街道)/;
/** Established terms written with a single Latin X: X光, X射线, X线. */
const X_TERM = /^(?:光|射线|线)/;

/**
 * Finds unfilled data placeholders: the spots where a number still has to be written, as in the seeds'
 * 同比增长X%, 实现地区生产总值XX亿元, 增长X.X%, X万元, XX个, （X-X年）, 20XX年. A match is only the
 * number slot — the X run with any digits and decimal point fused to it ("X", "XX", "X.X", "20XX") —
 * never the unit after it. Also matched: runs of full-width Ｘ, and runs of × ("××") unless a digit or
 * X stands next to them (optionally across one space), where × is a multiplication sign (3×4).
 *
 * Not placeholders:
 * - X touching a Latin letter (ASCII or full-width) on either side: part of a Latin word or code
 *   (XXL, MAX, Xbox). Lower-case x is never a placeholder (Excel, 3x4).
 * - A bare X run (no digits or point) immediately followed by an administrative suffix —
 *   省 市 区 县 州 盟 旗 镇 乡 村 or 街道 — is an anonymized place name, not data: X区, XXX区,
 *   XX市, X县X乡 (but the count in X个村 is still a placeholder). The price of this rule: a count
 *   written without a measure word right before such a character ("X市场主体") is missed.
 * - A single X followed by 光, 射线 or 线 (X光, X射线, X线机) is the medical term.
 * - Other anonymized names (X人工智能谷, “XX”, X医院) cannot be told from data and are reported.
 */
export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const match = m[0];
    if (!HAS_X.test(match)) continue;
    const index = m.index;
    const end = index + match.length;
    const before = text.slice(Math.max(0, index - 2), index);
    const after = text.slice(end, end + 2);
    const prev = before.slice(-1);
    const next = after.slice(0, 1);

    if (match[0] === '×') {
      const prevNear = before.endsWith(' ') ? before.slice(0, 1) : prev;
      const nextNear = after.startsWith(' ') ? after.slice(1, 2) : next;
      if (NUMERIC.test(prevNear) || NUMERIC.test(nextNear)) continue;
    } else {
      if (LATIN.test(prev) || LATIN.test(next)) continue;
      if ((match === 'X' || match === 'Ｘ') && X_TERM.test(after)) continue;
    }
    if (ONLY_X.test(match) && PLACE_SUFFIX.test(after)) continue;
    found.push({ index, length: match.length, match });
  }
  return found;
}
