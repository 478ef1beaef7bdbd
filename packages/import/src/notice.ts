/**
 * Reports often circulate wrapped in the 通知 that issued them: document number (X政办发〔2023〕1号), title
 * (关于印发…的通知), addressee (各镇人民政府，各街道办事处：), the notice's own 一、二、三、, signature and date,
 * then 附件 and the report itself, whose numbering starts again. The report is the attachment.
 */
import { parseHeading } from './headings.js';
import { isTitleCandidate } from './junk.js';

/** 附件 / 附件1 / 附件：title / 附件1：title / 附 件. Group 1: the attachment's number; group 2: an inline title. */
const ATTACHMENT = /^附\s*件\s*([0-9０-９一二三四五六七八九十]{0,2})\s*(?:[:：.．、]\s*(.*))?$/;
/** A document number: X政办发〔2023〕1号, 区委发[2023]2号. */
const DOC_NUMBER = /[〔［[【(（]\s*(?:19|20)\d{2}\s*[〕］\]】)）]\s*\d{1,4}\s*号/;
/** A notice title: 关于印发…的通知, …的通知, …通报. */
const NOTICE_TITLE = /^(?:.{0,30}关于.{2,80}的(?:通知|通报|函|批复)|.{2,80}通知)》?$/;
/** The addressee line: 各镇人民政府，各街道办事处，区政府各部门： */
const ADDRESSEE = /^各(?!位).{1,100}[:：]$/;
/** A date alone on its line: 2023年2月1日, 二〇二三年二月一日 (the signature date). */
const DATE = /^(?:(?:19|20)\d{2}|[二][〇○零][一二三四五六七八九〇○零]{2})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日$/;

/** Where the report starts inside a notice. */
export interface NoticeSplit {
  /** True when the attachment is much shorter than the notice and has no outline (a form, a list): the notice may be the document, so it is kept. */
  ambiguous: boolean;
  /** Index of the 附件 line (or of the signature date when the report follows it without a 附件 line). */
  marker: number;
  /** The attachment's title when written on the 附件 line itself (附件：XX区2023年工作要点). */
  inlineTitle: string | null;
  /** Why the marker line is removed when it is not the title. */
  markerReason: string;
  /** Index of the first line after the report (a further 附件2), or the number of lines. */
  end: number;
  warning: { code: string; message: string };
  /** The report's title as the notice names it (关于印发《X》的通知 → X), for an attachment without its own title line. */
  innerTitle: string | null;
}

/** The title a notice names: 关于印发《X》的通知 / 关于印发〈X〉的通知 / 关于印发X的通知 → X. */
export function innerTitleOf(noticeTitle: string): string | null {
  const quoted = /[《〈]([^《》〈〉]{2,80})[》〉]/.exec(noticeTitle);
  if (quoted) {
    // 《…〈X〉…》: the innermost title.
    const inner = /〈([^〈〉]{2,80})〉/.exec(quoted[1]!);
    return inner ? inner[1]! : quoted[1]!;
  }
  const plain = /关于(?:印发|转发|公布|下达)(.{2,80})的通知$/.exec(noticeTitle);
  return plain ? plain[1]! : null;
}

/** An attachment marker line: its number and inline title, or null. */
export function attachment(line: string): { number: string; title: string } | null {
  if (line.length > 80) return null;
  const m = ATTACHMENT.exec(line);
  if (!m) return null;
  return { number: m[1] ?? '', title: (m[2] ?? '').trim() };
}

/**
 * Finds a notice wrapper: its marks (document number, 关于…的通知 title, addressee) before an attachment
 * marker followed by real content. Null when the text is not a notice, or a notice without an attachment.
 */
export function findNotice(lines: readonly string[], reasons: readonly (string | null)[]): NoticeSplit | null {
  const n = lines.length;
  let signal = -1;
  let signalName = '';
  let noticeTitle: string | null = null;
  let date = -1;
  const markers: number[] = [];
  for (let i = 0; i < n; i++) {
    if (reasons[i] !== null) continue;
    const l = lines[i]!;
    if (noticeTitle === null && l.length <= 120 && /通知》?$/.test(l) && /关于/.test(l)) noticeTitle = innerTitleOf(l);
    if (signal < 0 && l.length <= 100) {
      if (l.length <= 40 && DOC_NUMBER.test(l)) signalName = '文号';
      else if (NOTICE_TITLE.test(l) && l.length <= 90) signalName = '通知标题';
      else if (ADDRESSEE.test(l)) signalName = '主送单位';
      if (signalName) signal = i;
      continue;
    }
    if (signal < 0) continue;
    if (date < 0 && DATE.test(l)) date = i;
    if (attachment(l)) markers.push(i);
  }
  if (signal < 0) return null;

  const markerSet = new Set(markers);
  /** Content lines after a marker, up to the next marker. */
  const contentAfter = (m: number): number => {
    let count = 0;
    for (let i = m + 1; i < n; i++) {
      if (reasons[i] !== null) continue;
      if (markerSet.has(i)) break;
      count++;
      if (count >= 3) break;
    }
    return count;
  };
  const candidates = markers.filter((m) => m > date);
  let marker = candidates.find((m) => contentAfter(m) >= 3) ?? -1;
  let byDate = false;
  if (marker < 0 && date >= 0) {
    // The report follows the signature date directly (web pages often drop the 附件 line).
    let firstTitle = -1;
    for (let i = date + 1; i < n && i <= date + 4; i++) {
      if (reasons[i] === null && isTitleCandidate(lines[i]!)) {
        firstTitle = i;
        break;
      }
    }
    let heading = -1;
    for (let i = date + 1, seen = 0; i < n && seen < 12; i++) {
      if (reasons[i] !== null) continue;
      seen++;
      if (parseHeading(lines[i]!)) {
        heading = i;
        break;
      }
    }
    if ((firstTitle >= 0 || heading >= 0) && contentAfter(date) >= 3) {
      marker = date;
      byDate = true;
    }
  }
  if (marker < 0) return null;
  // An addressee alone is a weak mark (a speech may open 各镇、各部门：): without a signature date, no notice.
  if (signalName === '主送单位' && date < 0) return null;

  const first = attachment(lines[marker]!);
  const inline = first && first.title && isTitleCandidate(first.title) && !/^\d/.test(first.title) ? first.title : null;
  const later = markers.find((m) => m > marker && attachment(lines[m]!)!.title.length <= 60);
  // A notice that is itself the document (its attachment a form or a list) has more text than its attachment.
  let before = 0;
  let after = 0;
  let headings = 0;
  const stop = later ?? n;
  for (let i = 0; i < stop; i++) {
    if (reasons[i] !== null || i === marker) continue;
    if (i < marker) before += lines[i]!.length;
    else {
      after += lines[i]!.length;
      if (parseHeading(lines[i]!)) headings++;
    }
  }
  return {
    ambiguous: after < before / 2 && headings < 2,
    marker,
    inlineTitle: byDate ? null : inline,
    markerReason: byDate ? '通知正文' : '附件标记',
    end: later ?? n,
    innerTitle: noticeTitle,
    warning: {
      code: 'notice_attachment',
      message: byDate
        ? `识别为通知（${signalName}），报告取自落款日期之后的正文；通知正文已移出，请核对`
        : `识别为通知（${signalName}），报告取自“${lines[marker]}”；通知正文已移出，请核对`,
    },
  };
}
