/**
 * The import preview: source lines (pasted text, .txt, or .docx blocks) → title, flat outline, removed lines
 * and warnings, for the secretary to check beside the source before the report is created.
 *
 * One pass per stage, each linear in the number of lines: clean and classify lines (web furniture, ads),
 * find a 通知 wrapper and take its 附件, find the title, then walk the body building sections.
 *
 * Removal reasons (RemovedLine.reason): 空行, 广告, 网页导航, 网页信息, 网页按钮, 分享与登录, 上一篇/下一篇, 网页页脚, 公众号文章,
 * 网页标题, 页码, 目录, 标题前的内容, 并入标题, 并入上一行标题, 重复标题, 通知正文, 附件标记, 其他附件, 篇目前的内容, 篇目标记, 其他篇目,
 * 单独成行的编号, 落款, 版记, 附注.
 *
 * Warning codes (ImportWarning.code): no_title, title_from_notice, no_headings, notice_attachment,
 * notice_ambiguous, notice_without_attachment, other_attachment, other_article, skipped_level, missing_number,
 * duplicate_number, number_order, empty_title, long_title.
 */
import { cleanLine, joinSpaces } from './clean.js';
import { canonicalMarker, parseHeading } from './headings.js';
import type { HeadingMatch } from './headings.js';
import { AD, STRONG_AD, TITLE_WORD, isAdLine, isBodyLine, isTitleCandidate } from './junk.js';
import { kindFromTitle, periodFromTitle } from './meta.js';
import { attachment, findNotice } from './notice.js';
import type { ImportBlock, ImportPreview, ImportRun, ImportSection, ImportWarning, RemovedLine } from '@hegao/contract';
import type { SourceLine } from './types.js';
import { pageJunkReason, webJunkReason } from './webJunk.js';

/** A title longer than this is probably body text that happened to start with a marker. */
/** Reasons of lines whose text went into a title: kept in the report, not dropped. */
const MERGED_REASONS: ReadonlySet<string> = new Set(['并入标题', '并入上一行标题', '单独成行的编号']);

export const LONG_TITLE = 50;
/** A Word-styled heading without a number is taken as a heading up to this length. */
const STYLED_TITLE_MAX = 60;
/** A line short enough to be the title of a heading whose marker stood alone on its line. */
const DETACHED_TITLE_MAX = 40;
/** An inline heading's title before ：or a space is at most this long (一、指导思想：以习近平…). */
const INLINE_TITLE_MAX = 30;
/** A plain line at least this long that ends without punctuation was hard wrapped: the next line continues it. */
const WRAP_MIN = 20;
/** A heading line at least this long may have been wrapped (headings are set larger, so they wrap sooner). */
const HEADING_WRAP_MIN = 15;
/** Sentence-final (or clause-final) characters: a line ending in one is never continued by the next. */
const LINE_END = /[。！？!?；;：:…”’）)」』】》]$/;
/** Unnumbered part headings: short, ending in a word that names a part of a report. */
const PART_HEADING =
  /^(?:(?:19|20)\d{2}年|[XＸ]{2,4}年|上半年|下半年|全年|今年|明年|近年来|下一步|过去一年|[一二三四五六]{1,2}年来)?[^\s，。；：,.;:!?！？、]{0,14}(?:工作回顾|工作总结|工作计划|工作安排|工作打算|工作思路|工作要点|主要工作|重点工作|工作任务|主要成效|工作成效|主要做法|存在问题|存在的问题|问题和不足|不足|意见建议|工作建议|打算|思路|体会|经验|展望|回顾|安排|计划)$/;

/** A date alone on its line: 2023年2月1日, 二〇二三年二月一日. */
const DATE_LINE = /^(?:(?:19|20)\d{2}|二[〇○零][一二三四五六七八九〇○零]{2}|[XＸ]{2,4})\s*年\s*[0-9一二三四五六七八九十XＸ]{1,3}\s*月\s*[0-9一二三四五六七八九十XＸ]{1,3}\s*日$/;
/** A signing body: XX区人民政府办公室, 中共XX区委, XX街道办事处, XX局. */
const SIGNER = /(?:政府|办公室|办公厅|委员会|党委|党组|区委|县委|市委|工委|办事处|管委会|[局厅部处署委院])$/;

/** 第一部分 2022年工作回顾: a part heading by its own words, numbered or not by the report. */
const PART_NUMBERED = /^第[一二三四五六七八九十]{1,3}部分(?:[\s：:、]|$)(?!.*[。；])/;

/** Lines under a title that belong to it: a date or draft note in brackets, a ——在…会议上 line, a byline. */
const SUBTITLE: readonly RegExp[] = [
  /^[（(][^（()）]{2,60}[）)]$/,
  /^[—–－-]{1,2}\s*\S.{2,80}$/,
  /^(?:[\u4e00-\u9fa5XＸ]{0,16}(?:书记|区长|县长|市长|镇长|乡长|主任|局长|部长|主席|委员|省长|总理|街道|办事处|政府|代表))\s+[\u4e00-\u9fa5XＸ×]{2,4}$/,
];

/** 2023年政府部门工作汇报多篇篇1 / 范文2: the separator before each report on a 范文 site's page. */
const ESSAY_SEPARATOR = /^.{2,60}?(?:篇|范文)\s*([0-9]{1,2})$/;
/** …多篇9篇 / 精选5篇 at the end of such a page's title. */
const ESSAY_COUNT = /(?:多篇|精选|范文|汇编|合集)?\s*[0-9一二三四五六七八九十]{1,3}\s*篇$|多篇$/;

/**
 * The contract's `ImportPreview` (packages/contract/src/office.ts) without what only the caller knows:
 * `sourceName` (the uploaded file's name, or null) and `sourceSha256` (of the bytes as received).
 */
export type PreviewResult = Omit<ImportPreview, 'sourceName' | 'sourceSha256'>;

/** A section being built. */
interface Building {
  section: ImportSection;
  /** Marker level of its heading (0 for a part heading or 导语). */
  markerLevel: number;
  numbered: boolean;
  /** Numbering state of its children per marker level. */
  numbering: Map<number, { last: number; seen: Map<number, number> }>;
  warnedLevels: Set<number>;
  /** The last body entry, when a hard-wrapped next line may continue it. */
  open: { block: { type: 'paragraph'; runs: { text: string }[] }; textIndex: number; lastLine: string } | null;
}

/** Splits text into source lines: one per non-blank line. */
export function textToSourceLines(text: string): SourceLine[] {
  return text
    .replace(BLOCK_TAG, '\n')
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .flatMap(splitRunTogether)
    .filter((l) => cleanLine(l).length > 0)
    .map((l) => ({ text: l }));
}

/** HTML that ends a block, when a page's source is pasted: </p>, <br>, </div>, </li>, </h2>. */
const BLOCK_TAG = /<\/(?:p|div|li|h[1-6]|tr|section|article)\s*>|<br\s*\/?>/gi;
/** A scraped page flattened to one line keeps each paragraph's indent: two ideographic (or no-break) spaces. */
const PARAGRAPH_INDENT = /[\u3000\u00A0]{2,}|(?:&nbsp;?){2,}/;
const PARAGRAPH_INDENT_G = new RegExp(PARAGRAPH_INDENT.source, 'g');
/** A line this long with paragraph indents inside is several paragraphs run together. */
const RUN_TOGETHER_MIN = 80;

/**
 * Splits a long line at the paragraph indents inside it: an indent after a sentence end or a heading, or before
 * a heading. Other runs of no-break spaces stay (资金达\u00A0\u00A0亿元 is a blank for a figure, not a new paragraph).
 */
function splitRunTogether(line: string): string[] {
  if (line.length < RUN_TOGETHER_MIN || !PARAGRAPH_INDENT.test(line.trim())) return [line];
  const out: string[] = [];
  let current = '';
  let last = 0;
  for (const m of line.matchAll(PARAGRAPH_INDENT_G)) {
    current += line.slice(last, m.index);
    last = m.index + m[0].length;
    const before = current.trim();
    const after = line.slice(last);
    if (before === '' || /[。！？；：”’】）)]$/.test(before) || parseHeading(before) || parseHeading(after)) {
      out.push(current);
      current = '';
    } else {
      current += m[0];
    }
  }
  out.push(current + line.slice(last));
  return out;
}

/** Previews pasted text or a .txt file. */
export function previewText(text: string): PreviewResult {
  return previewImport(textToSourceLines(text));
}

/**
 * An advertising line. A sentence (规范文化市场，坚持开展“扫黄打非”。 / 通过微信公众号发布信息12条。) is an ad only with
 * marks no report carries (仅供学习, 会员群, 倒卖, a URL).
 */
function isAd(line: string): boolean {
  if (!isAdLine(line)) return false;
  return !/[。！？!?]$/.test(line) || STRONG_AD.test(line);
}

/** 2023年XX区政府工作报告—全文 / （全文）: the page's note that the whole text follows. */
const FULL_TEXT = /\s*(?:[—–－-]{1,2}\s*全文|[（(]全文[）)])$/;

/** The title again: the same words, or the letter-spaced form of part of it (政 府 工 作 报 告). */
function isTitleRepeat(line: string, key: string): boolean {
  const k = titleKey(line.replace(FULL_TEXT, ''));
  if (k === key) return true;
  return k.length >= 4 && /^(?:\S[ \u3000]+){3,}\S$/.test(line) && key.includes(k);
}

/** Compares titles ignoring spaces, quotes around them and trailing punctuation. */
function titleKey(s: string): string {
  return s.replace(/[\s《》“”"]/g, '').replace(/[。：:]$/, '');
}

/** Splits a heading's text into its title and the body that runs on after 。, ：, or a space. */
export function splitInlineHeading(rest: string): { title: string; body: string } {
  let cut = -1;
  let skip = 1;
  const stop = rest.indexOf('。');
  if (stop >= 0) cut = stop;
  const colon = rest.search(/[：:]/);
  if (colon > 0 && colon <= INLINE_TITLE_MAX && (cut < 0 || colon < cut)) cut = colon;
  // （一）加快项目建设 全年… : a space after a title of ≥ 4 characters, followed by a long run of text.
  const space = /^(\S{4,30})[ \u00A0\u3000]+(?=\S)/.exec(rest);
  if (space && (cut < 0 || space[1]!.length < cut)) {
    const after = rest.slice(space[0].length);
    if (after.length >= 8 || /[。！？]$/.test(after)) {
      cut = space[1]!.length;
      skip = space[0].length - space[1]!.length;
    }
  }
  if (cut < 0) return { title: joinSpaces(rest, false).replace(/[。：:；;，,]$/, ''), body: '' };
  return { title: joinSpaces(rest.slice(0, cut).trim(), false), body: joinSpaces(rest.slice(cut + skip).trim()) };
}

/** Where a heading sits, for a message: （位于“下半年工作计划”下，标题“抓紧推进项目建设”）. */
function place(parentTitle: string | undefined, title: string): string {
  const parts: string[] = [];
  if (parentTitle) parts.push(`位于“${parentTitle}”下`);
  if (title) parts.push(`标题“${title}”`);
  return parts.length > 0 ? `（${parts.join('，')}）` : '';
}

/** The number a section carries at a depth: 一、 （一） 1. （1）, then ① … for level 5 and deeper. */
export function levelMarker(level: number, index: number): string {
  if (level <= 4) return canonicalMarker(level, index);
  return index <= 20 ? String.fromCodePoint(0x2460 + index - 1) : `（${index}）`;
}

/**
 * Builds the import preview of source lines. Every line ends up either in `removed` (with a reason), as the
 * report title (`titleLine`), or in exactly one section's title line or body lines.
 */
export function previewImport(source: readonly SourceLine[]): PreviewResult {
  const n = source.length;
  const lines = source.map((s) => cleanLine(s.text));
  const reasons: (string | null)[] = new Array<string | null>(n).fill(null);
  const warnings: ImportWarning[] = [];

  // 1. Page furniture and advertising, anywhere.
  for (let i = 0; i < n; i++) {
    const l = lines[i]!;
    if (l.length === 0) reasons[i] = '空行';
    else reasons[i] = webJunkReason(l) ?? pageJunkReason(l) ?? (isAd(l) ? '广告' : null);
  }

  // 2. A 通知 that carries the report as its 附件: the notice goes, the attachment is the report.
  const found0 = findNotice(lines, reasons);
  const notice = found0 && !found0.ambiguous ? found0 : null;
  if (found0?.ambiguous) {
    warnings.push({
      code: 'notice_ambiguous',
      message: `这份通知带有附件（“${lines[found0.marker]}”），但附件比通知正文短，已按通知全文导入；如报告在附件中，请删去通知正文`,
      line: found0.marker,
    });
  }
  let from = 0;
  let end = n;
  let inlineTitle: string | null = null;
  if (notice) {
    for (let i = 0; i < notice.marker; i++) if (reasons[i] === null) reasons[i] = '通知正文';
    from = notice.marker + 1;
    if (notice.inlineTitle) inlineTitle = notice.inlineTitle;
    else reasons[notice.marker] = notice.markerReason;
    end = notice.end;
    for (let i = end; i < n; i++) if (reasons[i] === null) reasons[i] = '其他附件';
    warnings.push({ code: notice.warning.code, message: notice.warning.message, line: notice.marker });
    if (end < n) {
      warnings.push({
        code: 'other_attachment',
        message: '通知带有多个附件，只导入了第一个；其余附件已移出，请核对',
        line: end,
      });
    }
  } else if (!found0) {
    const hint = noticeHint(lines, reasons);
    if (hint >= 0) {
      warnings.push({
        code: 'notice_without_attachment',
        message: '这份材料看起来是一份通知，但没有找到“附件”，已按全文导入，请核对哪些是通知正文',
        line: hint,
      });
    }
  }

  // 3. The title: an inline 附件：title, else the first title-like line of the header (lines before the body starts).
  let titleLine: number | null = null;
  let title = '';
  if (inlineTitle !== null) {
    titleLine = notice!.marker;
    title = inlineTitle;
  } else {
    let bodyStart = end;
    for (let i = from; i < end; i++) {
      if (reasons[i] === null && isBodyLine(lines[i]!)) {
        bodyStart = i;
        break;
      }
    }
    let lastAd = -1;
    let found = -1;
    for (let i = from; i < bodyStart; i++) {
      if (reasons[i] === '广告' || AD.test(lines[i]!)) lastAd = i;
      if (found < 0 && reasons[i] === null && isTitleCandidate(lines[i]!) && TITLE_WORD.test(lines[i]!)) found = i;
    }
    if (found < 0) {
      for (let i = lastAd + 1; i < bodyStart; i++) {
        if (reasons[i] === null && isTitleCandidate(lines[i]!)) {
          found = i;
          break;
        }
      }
    }
    const start = found >= 0 ? found : Math.max(from, lastAd + 1);
    // Lines above the title: part of the advertising when ads surround them, else some other header.
    for (let i = from; i < start; i++) if (reasons[i] === null) reasons[i] = i < lastAd ? '广告' : '标题前的内容';
    if (found >= 0) {
      // A page's <title> (XX区2023年工作要点_XX区人民政府网) above the article's own title line: keep the latter.
      for (let i = found + 1; i < bodyStart; i++) {
        const l = lines[i]!;
        if (reasons[i] === null && l.length >= 4 && lines[found]!.startsWith(l) && /^\s*[_|｜—-]/.test(lines[found]!.slice(l.length))) {
          reasons[found] = '网页标题';
          for (let j = found + 1; j < i; j++) if (reasons[j] === null) reasons[j] = '标题前的内容';
          found = i;
          break;
        }
      }
      titleLine = found;
      title = joinSpaces(lines[found]!, false);
      // A title broken after its issuer: XX区人民政府 / 关于2023年上半年工作情况的报告.
      const before = found - 1;
      if (
        before >= 0 &&
        /^关于/.test(title) &&
        (reasons[before] === null || reasons[before] === '标题前的内容') &&
        lines[before]!.length <= 25 &&
        SIGNER.test(lines[before]!)
      ) {
        reasons[before] = '并入标题';
        title = lines[before]! + title;
      }
    }
    from = found >= 0 ? found + 1 : start;
    // A title wrapped onto a second line: XX区2023年上半年工作总结 / 及下半年工作计划.
    if (found >= 0) {
      let next = from;
      while (next < end && reasons[next] !== null) next++;
      const l = next < end ? lines[next]! : '';
      if (
        l.length > 0 &&
        l.length <= 25 &&
        !parseHeading(l) &&
        !/[。，；：！？,;:!?]/.test(l) &&
        (/^[及和暨与并、]/.test(l) || /[及和暨与并的、]$/.test(title))
      ) {
        reasons[next] = '并入标题';
        title = joinSpaces(title + l, false);
        from = next + 1;
      }
    }
  }
  if (titleLine === null && notice?.innerTitle) {
    title = notice.innerTitle;
    warnings.push({ code: 'title_from_notice', message: `附件没有单独的标题行，已采用通知标题中的“${title}”，请核对`, line: notice.marker });
  } else if (titleLine === null) {
    warnings.push({ code: 'no_title', message: '未识别到报告标题，请手动填写' });
  }

  // 4. The body: repeated titles before the first heading go; headings build the outline.
  title = title.replace(FULL_TEXT, '');
  const key = titleKey(title);
  // The report's title on the notice's page (a page title above the notice) is a repeat, not notice text.
  if (notice && key.length > 0) {
    for (let i = 0; i < notice.marker; i++) if (reasons[i] === '通知正文' && titleKey(joinSpaces(lines[i]!)) === key) reasons[i] = '重复标题';
  }
  let body: number[] = [];
  let seenHeading = false;
  for (let i = from; i < end; i++) {
    if (reasons[i] !== null) continue;
    if (!seenHeading && key.length > 0 && isTitleRepeat(lines[i]!, key)) {
      reasons[i] = '重复标题';
      continue;
    }
    // 附件 between the title and the same title again (a report once attached to something): the marker goes too.
    const marker = seenHeading ? null : attachment(lines[i]!);
    if (marker && key.length > 0) {
      if (marker.title && titleKey(marker.title) === key) {
        reasons[i] = '重复标题';
        continue;
      }
      let next = i + 1;
      while (next < end && reasons[next] !== null) next++;
      if (!marker.title && next < end && titleKey(joinSpaces(lines[next]!)) === key) {
        reasons[i] = '附件标记';
        continue;
      }
    }
    if (headingOf(source[i]!, lines[i]!) !== null) seenHeading = true;
    body.push(i);
  }
  // A 范文 site's page of several reports (…多篇9篇, then 篇1, 篇2, …): import the first, leave out the others.
  const essays = body.filter((i) => ESSAY_SEPARATOR.test(lines[i]!));
  if (essays.length >= 2 && ESSAY_SEPARATOR.exec(lines[essays[0]!]!)![1] === '1') {
    const [first, second] = [essays[0]!, essays[1]!];
    for (const i of body) {
      if (i < first) reasons[i] = '篇目前的内容';
      else if (i === first) reasons[i] = '篇目标记';
      else if (i >= second) reasons[i] = '其他篇目';
    }
    warnings.push({
      code: 'other_article',
      message: `这一页收录了${essays.length}篇材料，只导入了第一篇；其余已移出，请核对`,
      line: second,
    });
    body = body.filter((i) => reasons[i] === null);
    title = title.replace(ESSAY_COUNT, '');
  }
  // The lines under the title that belong to it, not to the report: （2023年2月10日）, ——在…会议上, 区长 XXX.
  if (titleLine !== null || title) {
    let k = 0;
    while (k < body.length && k < 4 && !parseHeading(lines[body[k]!]!) && SUBTITLE.some((re) => re.test(lines[body[k]!]!))) {
      reasons[body[k]!] = '题注';
      k++;
    }
    if (k > 0) body = body.slice(k);
  }
  const headings: (HeadingMatch | null)[] = body.map((i) => headingOf(source[i]!, lines[i]!));
  let topMarker = 5;
  for (const h of headings) if (h && h.markerLevel < topMarker) topMarker = h.markerLevel;

  /** True when body[k] may be an unnumbered part heading (上半年工作回顾) followed by top-level numbered headings. */
  const partCandidate = (k: number): boolean => {
    const l = lines[body[k]!]!;
    if (headings[k]) return false;
    if (PART_NUMBERED.test(l)) return l.length <= 40;
    if (l.length < 4 || l.length > 20 || !PART_HEADING.test(l)) return false;
    if (source[body[k]!]!.block && source[body[k]!]!.block!.type !== 'paragraph') return false;
    for (let j = k + 1; j < body.length && j <= k + 6; j++) {
      const h = headings[j];
      if (!h) continue;
      return h.markerLevel === topMarker && (j === k + 1 || h.number === 1);
    }
    return false;
  };
  // Parts come in sets (上半年工作回顾 … 下半年工作计划), or one part opens the body before any heading; a lone
  // keyword line between two numbered sections is body text.
  const firstTop = headings.findIndex((h) => h !== null && h.markerLevel === topMarker);
  const candidates = body.map((_, k) => partCandidate(k));
  const candidateCount = candidates.filter(Boolean).length;
  const parts = candidates.map(
    (c, k) => (c && (candidateCount >= 2 || k < firstTop || PART_NUMBERED.test(lines[body[k]!]!))) || styledPart(source[body[k]!]!, lines[body[k]!]!),
  );

  // The signature at the end (XX区人民政府办公室 / 2023年2月1日) is not part of the report.
  for (let k = body.length - 1, taken = 0; k >= 0 && taken < 3; k--) {
    const l = lines[body[k]!]!;
    const isDate = DATE_LINE.test(l);
    const isSigner = taken > 0 && l.length <= 30 && !/[。，；：！？]/.test(l) && SIGNER.test(l) && !headings[k];
    if (!(isDate || isSigner)) break;
    reasons[body[k]!] = '落款';
    body.pop();
    headings.pop();
    parts.pop();
    taken++;
  }

  const sections: ImportSection[] = [];
  const built: Building[] = [];
  const stack: Building[] = [];
  const root: Pick<Building, 'numbering' | 'warnedLevels'> = { numbering: new Map(), warnedLevels: new Set() };
  let current: Building | null = null;
  let lastPart: Building | null = null;
  const texts = new Map<ImportSection, string[]>();

  const open = (section: ImportSection, markerLevel: number, numbered: boolean): Building => {
    const b: Building = { section, markerLevel, numbered, numbering: new Map(), warnedLevels: new Set(), open: null };
    sections.push(section);
    built.push(b);
    texts.set(section, []);
    return b;
  };
  const newSection = (title: string, level: number, line: number | null): ImportSection => ({
    number: '',
    title,
    level,
    text: '',
    blocks: [],
    line,
    bodyLines: [],
    bureauIds: [],
  });
  /** Adds a body paragraph; `from` is the source line it ends (for a heading's run-on text, the heading line). */
  const addParagraph = (b: Building, text: string, line: number | null, block: ImportBlock | undefined, from: string): void => {
    const t = texts.get(b.section)!;
    if (line !== null) b.section.bodyLines.push(line);
    if (block) {
      b.section.blocks.push(block);
      t.push(text);
      b.open = null;
      return;
    }
    const para = { type: 'paragraph' as const, runs: [{ text }] };
    b.section.blocks.push(para);
    t.push(text);
    b.open = { block: para, textIndex: t.length - 1, lastLine: from };
  };

  for (let k = 0; k < body.length; k++) {
    const i = body[k]!;
    const heading = headings[k]!;
    if (heading) {
      let rest = heading.rest;
      let headLine = i;
      const nextIndex = body[k + 1];
      if (rest === '' && nextIndex !== undefined && lines[nextIndex]!.length <= DETACHED_TITLE_MAX && !headings[k + 1]) {
        reasons[i] = '单独成行的编号';
        rest = lines[nextIndex]!;
        headLine = nextIndex;
        k++;
      }
      let { title: sectionTitle, body: firstParagraph } = splitInlineHeading(rest);
      // A .docx heading whose bold title runs straight into plain text (（一）加快项目建设全年实施…): split at the bold.
      let firstBlock: ImportBlock | undefined;
      const headBlock = source[headLine]!.block;
      if (firstParagraph === '' && headLine === i && headBlock?.type === 'paragraph') {
        const split = splitAtBold(headBlock.runs);
        const boldHeading = split ? parseHeading(cleanLine(split.title)) : null;
        if (split && boldHeading && boldHeading.markerLevel === heading.markerLevel) {
          sectionTitle = splitInlineHeading(boldHeading.rest).title;
          firstParagraph = split.runs.map((r) => r.text).join('').trim();
          firstBlock = { type: 'paragraph', runs: split.runs };
        }
      } else if (firstParagraph !== '' && headLine === i && headBlock?.type === 'paragraph') {
        // （一）加快项目建设。**一是**…: the run-on text keeps its runs when it is the paragraph's tail as written.
        const runs = tailRuns(headBlock.runs, firstParagraph);
        if (runs) firstBlock = { type: 'paragraph', runs };
      }
      // A long heading hard-wrapped onto a short next line (…全力促进经济平稳 / 健康发展): the title goes on.
      const following = body[k + 1];
      if (
        firstParagraph === '' &&
        following !== undefined &&
        !source[i]!.block &&
        lines[headLine]!.length >= HEADING_WRAP_MIN &&
        !LINE_END.test(lines[headLine]!) &&
        !headings[k + 1] &&
        !parts[k + 1] &&
        lines[following]!.length <= 12 &&
        !/[。；;：:，,！？!?]/.test(lines[following]!)
      ) {
        reasons[following] = '并入上一行标题';
        sectionTitle = joinSpaces(sectionTitle + lines[following]!, false);
        k++;
      }
      while (stack.length > 0 && stack.at(-1)!.markerLevel >= heading.markerLevel) stack.pop();
      const parent = stack.at(-1);
      const owner = parent ?? root;
      // A report may start at any marker (（一） at the top is not a skipped 一、); below that, levels go one by one.
      const expected = parent && parent.markerLevel > 0 ? parent.markerLevel + 1 : topMarker;
      const sectionIndex = sections.length;
      // A styled heading (number 0) has a level by its style, not a marker: no level to miss.
      if (heading.number !== 0 && heading.markerLevel > expected && !owner.warnedLevels.has(heading.markerLevel)) {
        owner.warnedLevels.add(heading.markerLevel);
        const missing = canonicalMarker(expected, 1);
        warnings.push({
          code: 'skipped_level',
          message: `“${heading.marker}”上方缺少“${missing}”这一级编号，已作为第${['一', '二', '三', '四', '五', '六'][stack.length] ?? stack.length + 1}级标题${place(parent?.section.title, sectionTitle)}`,
          section: sectionIndex,
          line: headLine,
        });
      }
      checkNumbering(owner, heading, parent?.section.title, sectionTitle, sectionIndex, headLine, warnings);
      if (sectionTitle === '') {
        warnings.push({ code: 'empty_title', message: `“${heading.marker}”没有标题文字${place(parent?.section.title, '')}`, section: sectionIndex, line: headLine });
      } else if (sectionTitle.length > LONG_TITLE) {
        warnings.push({
          code: 'long_title',
          message: `“${heading.marker}”的标题长达${sectionTitle.length}字，可能把正文当成了标题${place(parent?.section.title, sectionTitle.slice(0, 20) + '…')}`,
          section: sectionIndex,
          line: headLine,
        });
      }
      const b = open(newSection(sectionTitle, stack.length + 1, headLine), heading.markerLevel, true);
      if (firstParagraph) addParagraph(b, firstParagraph, null, firstBlock, lines[headLine]!);
      stack.push(b);
      current = b;
      continue;
    }
    if (parts[k]) {
      // Numbering may run on across parts (一、二、 | 三、四、) or restart (一、二、 | 一、二、): carry the count.
      const previous = (lastPart ?? root).numbering.get(topMarker);
      stack.length = 0;
      const b = open(newSection(lines[i]!, 1, i), 0, false);
      if (previous) b.numbering.set(topMarker, { last: previous.last, seen: new Map() });
      lastPart = b;
      stack.push(b);
      current = b;
      continue;
    }
    // Body text.
    if (!current) {
      current = open(newSection('导语', 1, null), 0, false);
      stack.length = 0;
    }
    const block = source[i]!.block;
    // A .docx block keeps its text as written; pasted text loses the spaces hard wrapping left.
    const text = block ? lines[i]! : joinSpaces(lines[i]!);
    const o = current.open;
    if (!block && o) {
      const prev = o.block.runs[0]!.text;
      // A hard-wrapped paragraph: the previous source line ran to the wrap width without ending, and this
      // line is either wrapped too or ends the sentence (so 区长 XXX under a subtitle stays its own line).
      const last = o.lastLine;
      if (
        last.length >= WRAP_MIN &&
        !LINE_END.test(last) &&
        !/^(?:——|—)/.test(last) &&
        (text.length >= WRAP_MIN || LINE_END.test(text))
      ) {
        const glue = /[A-Za-z0-9]$/.test(prev) && /^[A-Za-z0-9]/.test(text) ? ' ' : '';
        const joined = prev + glue + text;
        o.block.runs[0]!.text = joined;
        texts.get(current.section)![o.textIndex] = joined;
        current.section.bodyLines.push(i);
        o.lastLine = lines[i]!;
        continue;
      }
    }
    addParagraph(current, text, i, block, lines[i]!);
  }

  // 5. Numbers by position: the index among numbered siblings at each depth.
  const counters: number[] = [];
  for (const b of built) {
    const s = b.section;
    counters.length = s.level + 1; // deeper counts restart under each new section
    if (b.numbered) {
      counters[s.level] = (counters[s.level] ?? 0) + 1;
      s.number = levelMarker(s.level, counters[s.level]!);
    }
    s.text = texts.get(s)!.join('\n');
  }
  if (!built.some((b) => b.numbered || b.section.line !== null)) {
    warnings.push({ code: 'no_headings', message: '未识别到带编号的章节标题（一、（一）1.（1）），全文已作为导语导入' });
  }

  const removed: RemovedLine[] = [];
  for (let i = 0; i < n; i++) {
    const r = reasons[i];
    if (r !== null && r !== undefined) removed.push({ line: i, text: lines[i]!, reason: r, ...(MERGED_REASONS.has(r) ? { merged: true as const } : {}) });
  }
  return { title, titleLine, period: periodFromTitle(title), kind: kindFromTitle(title), sections, removed, warnings, lines };
}

/** A Heading 1 paragraph that names a part (上半年工作回顾, 第一部分 …): a part whatever follows it. */
function styledPart(source: SourceLine, line: string): boolean {
  return source.styleLevel === 1 && parseHeading(line) === null && line.length <= 40 && (PART_HEADING.test(line) || PART_NUMBERED.test(line));
}

/** A paragraph's leading bold runs (a heading's title) and the runs after them; null unless both are there. */
function splitAtBold(runs: readonly ImportRun[]): { title: string; runs: ImportRun[] } | null {
  let k = 0;
  while (k < runs.length && runs[k]!.bold) k++;
  if (k === 0 || k === runs.length) return null;
  const rest = runs.slice(k).filter((r) => r.text.length > 0);
  if (rest.length === 0 || rest.map((r) => r.text).join('').trim() === '') return null;
  const trimmed = rest.map((r, j) => (j === 0 ? { ...r, text: r.text.replace(/^\s+/, '') } : r));
  return { title: runs.slice(0, k).map((r) => r.text).join(''), runs: trimmed };
}

/** The runs that spell `tail` at the end of a paragraph, cut inside a run where needed; null if they do not. */
function tailRuns(runs: readonly ImportRun[], tail: string): ImportRun[] | null {
  const joined = runs.map((r) => r.text).join('').trimEnd();
  if (!joined.endsWith(tail)) return null;
  let skip = joined.length - tail.length;
  const out: ImportRun[] = [];
  for (const r of runs) {
    if (skip >= r.text.length) {
      skip -= r.text.length;
      continue;
    }
    out.push({ ...r, text: r.text.slice(skip) });
    skip = 0;
  }
  const last = out.at(-1);
  if (last) last.text = last.text.trimEnd();
  return out.filter((r) => r.text.length > 0);
}

/** The heading a source line opens: a numbered marker, or a Word heading style on a short unnumbered line. */
function headingOf(source: SourceLine, line: string): HeadingMatch | null {
  if (source.block && source.block.type !== 'paragraph') return null;
  const numbered = parseHeading(line);
  if (numbered) return numbered;
  const level = source.styleLevel;
  if (styledPart(source, line)) return null;
  if (level !== undefined && Number.isInteger(level) && level >= 1 && level <= 4 && line.length <= STYLED_TITLE_MAX && !/[。；]$/.test(line)) {
    // number 0: the source gave no number, so there is nothing to check.
    return { markerLevel: level, number: 0, marker: `标题${level}`, rest: line };
  }
  return null;
}

/** Records a heading's source number under its parent and warns about duplicates, gaps and reversals. */
function checkNumbering(
  owner: Pick<Building, 'numbering'>,
  heading: HeadingMatch,
  parentTitle: string | undefined,
  title: string,
  section: number,
  line: number,
  warnings: ImportWarning[],
): void {
  if (heading.number === 0) return;
  let state = owner.numbering.get(heading.markerLevel);
  if (!state) {
    state = { last: 0, seen: new Map() };
    owner.numbering.set(heading.markerLevel, state);
  }
  const num = heading.number;
  // A part's first heading may restart at 1 after the previous part's count.
  if (num === 1 && state.seen.size === 0) state.last = 0;
  const count = (state.seen.get(num) ?? 0) + 1;
  state.seen.set(num, count);
  const where = place(parentTitle, title);
  if (count > 1) {
    warnings.push({ code: 'duplicate_number', message: `“${heading.marker}”重复出现，已按顺序重新编号${where}`, section, line });
  } else if (num > state.last + 1) {
    const a = canonicalMarker(heading.markerLevel, state.last + 1);
    const b = canonicalMarker(heading.markerLevel, num - 1);
    const missing = num - 1 === state.last + 1 ? `“${a}”` : `“${a}”至“${b}”`;
    warnings.push({ code: 'missing_number', message: `“${heading.marker}”之前缺少${missing}，已按顺序重新编号${where}`, section, line });
  } else if (num <= state.last) {
    const previous = canonicalMarker(heading.markerLevel, state.last);
    warnings.push({ code: 'number_order', message: `“${heading.marker}”编号倒退（前一个为“${previous}”），已按顺序重新编号${where}`, section, line });
  }
  state.last = Math.max(num, state.last);
}

/** A notice's marks without an attachment: its document number or a 关于…的通知 title near the top; -1 if none. */
function noticeHint(lines: readonly string[], reasons: readonly (string | null)[]): number {
  const limit = Math.min(lines.length, 15);
  for (let i = 0; i < limit; i++) {
    if (reasons[i] !== null) continue;
    const l = lines[i]!;
    if (l.length <= 60 && (/〔\d{4}〕\s*\d+\s*号/.test(l) || /^关于.{2,60}的通知$/.test(l))) return i;
  }
  return -1;
}

