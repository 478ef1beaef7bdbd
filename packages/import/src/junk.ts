import { parseHeading } from './headings.js';
import { normalizeLine } from './normalize.js';

/** Advertising seen in circulated reports: study-only notices, membership, subscriptions, QQ/WeChat groups, resale. */
export const AD =
  /仅供(?:学习|参考|交流)|禁止外传|请勿(?:外传|转载|照搬|传播|商用)|照搬照抄|原创投稿|会员|订阅|[Qq]{2}\s*群|[Qq]{2}\s*[:：号]|微信(?:号|群)|加群|公众号|扫码|二维码|倒卖|免费(?:领取|获取|下载|赠送)|下载|客服|VIP|版权所有|侵权必究|更多(?:资料|(?<![规示模])范文|精彩)|(?<![规示模])范文|https?:\/\/|www\./i;
/** Marks that only advertising carries, even in a line that reads like a sentence (…仅供学习参考，请勿照搬照抄！). */
export const STRONG_AD =
  /仅供(?:学习|参考|交流)|禁止外传|请勿(?:外传|转载|照搬|传播|商用)|照搬照抄|原创投稿|会员(?:群|资料|材料)|[Qq]{2}\s*群|倒卖|侵权必究|更多(?:资料|范文|精彩)|https?:\/\/|www\./i;
/** An ad line is short; a long line with one of these words (公众号, 关注…) is body text. */
const AD_MAX_LENGTH = 60;
/** Words that make a short line look like a report title. */
export const TITLE_WORD =
  /总结|计划|打算|要点|讲话|报告|发言|致辞|汇报|述职|意见|方案|规划|安排|思路|情况|纲要|决定|通知|讲稿|主持词/;
/** A report title is short. */
const TITLE_MAX_LENGTH = 50;
/** A line longer than this is a body paragraph, never part of the header. */
const BODY_MIN_LENGTH = 60;

/** True for a short advertising line (会员群, 免费QQ群, 仅供学习 禁止外传 …); headings are never ads. */
export function isAdLine(line: string): boolean {
  return line.length > 0 && line.length <= AD_MAX_LENGTH && AD.test(line) && parseHeading(line) === null;
}

/** True for a line that may be a title: short, not an ad, not a heading, not ending like a sentence or a salutation. */
export function isTitleCandidate(line: string): boolean {
  return (
    line.length > 0 &&
    line.length <= TITLE_MAX_LENGTH &&
    !AD.test(line) &&
    parseHeading(line) === null &&
    !/[。！？!?：:；;，,、]$/.test(line) &&
    !/^【.*】$/.test(line)
  );
}

/** True for a line that can only belong to the body: a heading, a salutation (同志们：), or a long paragraph. */
export function isBodyLine(line: string): boolean {
  return parseHeading(line) !== null || /^(?:同志们|各位)/.test(line) || line.length > BODY_MIN_LENGTH;
}

/** Where the report starts in normalised lines, and which lines are junk. */
export interface JunkSplit {
  /** Index of the title line, or -1 when none was recognised. */
  titleIndex: number;
  /** Index of the first line that belongs to the report (the title, or the body when there is no title). */
  start: number;
  /** Indices of junk lines (never blank lines). */
  junk: Set<number>;
}

/**
 * Finds the report title and the junk in normalised lines. The header is everything before the first body
 * line; the title is its first title-like line (short, with 总结/计划/要点/讲话/报告…), else the first plausible
 * line after the last ad line. Every non-blank line before the title is junk, and so is any ad line after it.
 */
export function splitJunk(lines: readonly string[]): JunkSplit {
  let bodyStart = lines.findIndex(isBodyLine);
  if (bodyStart < 0) bodyStart = lines.length;
  const header = lines.slice(0, bodyStart);

  let titleIndex = header.findIndex((l) => isTitleCandidate(l) && TITLE_WORD.test(l));
  let lastAd = -1;
  header.forEach((l, i) => {
    if (isAdLine(l) || AD.test(l)) lastAd = i;
  });
  if (titleIndex < 0) {
    const i = header.findIndex((l, j) => j > lastAd && isTitleCandidate(l));
    titleIndex = i;
  }
  const start = titleIndex >= 0 ? titleIndex : lastAd + 1;

  const junk = new Set<number>();
  lines.forEach((l, i) => {
    if (l.length === 0) return;
    if (i < start || (i !== titleIndex && isAdLine(l))) junk.add(i);
  });
  return { titleIndex, start, junk };
}

/**
 * Drops advertising: every line above the report title, and short ad lines anywhere (会员, 订阅, QQ群, 举报倒卖…).
 * Lines are normalised (full-width spaces, trimmed); blank lines are neither kept nor junk.
 */
export function stripJunk(lines: string[]): { kept: string[]; junk: string[] } {
  const normalised = lines.map(normalizeLine);
  const { junk } = splitJunk(normalised);
  const kept: string[] = [];
  const dropped: string[] = [];
  normalised.forEach((l, i) => {
    if (l.length === 0) return;
    (junk.has(i) ? dropped : kept).push(l);
  });
  return { kept, junk: dropped };
}
