/**
 * Line cleaning for reports as they circulate: HTML entities and stray tags from scraped pages, and the
 * spaces that hard wrapping leaves inside words and numbers (「全 区」「5 .2%」「增长 12.3 %」).
 */

/** Named HTML entities seen in scraped Chinese pages (quotes, dashes, spaces, a few symbols). */
const NAMED: Record<string, string> = {
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', quot: '"', apos: "'", amp: '&', lt: '<', gt: '>',
  nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ', mdash: '—', ndash: '–', hellip: '…', middot: '·',
  bull: '•', times: '×', divide: '÷', deg: '°', plusmn: '±', permil: '‰', laquo: '«', raquo: '»',
  copy: '©', reg: '®', yen: '¥', sect: '§', lsaquo: '‹', rsaquo: '›', shy: '',
};
/** An entity: named, decimal or hexadecimal; the ; is sometimes lost in scraping (&nbsp 与). */
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));?/g;
/** A stray HTML tag left by scraping (<br>, </p>, <span class="x">); not a comparison such as <5%. */
const TAG = /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,200})?\/?>/g;

/** Decodes HTML entities (&ldquo; &#8220; &#x201C; &nbsp;) and drops stray tags; unknown entities stay as written. */
export function decodeHtml(line: string): string {
  if (!line.includes('&') && !line.includes('<')) return line;
  return line.replace(TAG, ' ').replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined || hex !== undefined) {
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const named = NAMED[name!.toLowerCase()];
    return named ?? whole;
  });
}

/**
 * A source line as shown beside the outline: entities decoded, invisible characters gone, tabs and odd spaces
 * made ASCII spaces, trimmed. Runs of spaces, and no-break and ideographic spaces, stay: a report with its
 * figures taken out keeps a blank for each (指数为\u00A0，排名第  ；).
 */
export function cleanLine(line: string): string {
  return decodeHtml(line).replace(INVISIBLE, '').replace(OTHER_SPACES, ' ').trim();
}

/** Characters that are invisible in a report: BOM, zero-width spaces and joiners, soft hyphen. */
const INVISIBLE = /[\uFEFF\u200B-\u200D\u2060\u00AD]/g;
/**
 * Space-like characters made ASCII spaces. A no-break or ideographic space inside a line stays as written: it
 * was typed on purpose (a blank for a figure taken out, 指数为\u00A0，; a gap after a heading's title), so
 * it is never joined away as a wrapping artefact.
 */
const OTHER_SPACES = /[\t\f\v\u1680\u2000-\u200A\u202F\u205F]/g;

/** CJK ideographs and full-width punctuation: a space next to one of these is a wrapping artefact, never a word gap. */
const CJK = '\\u2E80-\\u2FFF\\u3001-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFFEF“”‘’…—';
const CJK_GAP = new RegExp(`(?<=[${CJK}]) (?=\\S)|(?<=\\S) (?=[${CJK}])`, 'g');
/** 5 .2 → 5.2, 12.3 % → 12.3%, 5. 2 → 5.2. */
const NUMBER_GAP = /(?<=\d) (?=[.．%％‰]\d?)|(?<=\d[.．]) (?=\d)/g;
/** 增长 12.3 / 1.5 亿元: a number and the word before or after it. */
const NUMBER_WORD_GAP = new RegExp(`(?<=[${CJK}]) (?=\\d)|(?<=[\\d%％]) (?=[${CJK}])`, 'g');

/**
 * Joins the single spaces hard wrapping left inside words and numbers: 「全 区」→ 全区, 「5 .2%」→ 5.2%,
 * 「增长 12.3 %」→ 增长12.3%. A space between two Latin words or numbers (Windows 10) stays, and so does a run of
 * spaces, which marks a blank (a figure taken out: 车辆   余辆).
 */
export function joinSpaces(text: string, keepShort = true): string {
  if (!text.includes(' ')) return text;
  const numbers = text.replace(NUMBER_GAP, '').replace(NUMBER_WORD_GAP, '');
  // A short line's space separates on purpose: 区长 XXX, 县委书记 张三. A heading's title never does (keepShort false).
  return keepShort && numbers.length <= SHORT_LINE ? numbers : numbers.replace(CJK_GAP, '');
}

/** Lines up to this long keep their spaces between words (a title and a name); hard wrapping breaks long paragraphs. */
const SHORT_LINE = 16;
