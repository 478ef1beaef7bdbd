import { canonicalMarker, chineseNumeral, parseHeading } from './headings.js';
import type { HeadingMatch } from './headings.js';
import { splitJunk } from './junk.js';
import { normalizeLines } from './normalize.js';
import type { ParsedReport, ParsedSection } from './types.js';

/** A title longer than this is probably body text that happened to start with a marker. */
const LONG_TITLE = 50;
/** A line short enough to be the title of a heading whose marker stood alone on its line. */
const DETACHED_TITLE_MAX = 40;

/** What numbering checks track for the children of a section (or of the report). */
interface Owner {
  /** Per child marker level: the highest source number seen so far and how often each number occurred. */
  numbering: Map<number, { last: number; seen: Map<number, number> }>;
  /** Child marker levels already reported as skipping a level. */
  warnedLevels: Set<number>;
}

/** A section being built. */
interface OpenSection extends Owner {
  section: ParsedSection;
  markerLevel: number;
}

/** Splits a heading's text at its first 。: the title before it (without the 。) and the body after it, if any. */
function splitHeadingText(rest: string): { title: string; body: string } {
  const stop = rest.indexOf('。');
  if (stop < 0) return { title: rest, body: '' };
  return { title: rest.slice(0, stop).trim(), body: rest.slice(stop + 1).trim() };
}

/** Where a heading sits, for a warning: （位于“下半年工作计划”下，标题“抓紧推进项目建设”）; '' when nothing is known. */
function place(parent: OpenSection | undefined, title: string): string {
  const parts: string[] = [];
  if (parent?.section.title) parts.push(`位于“${parent.section.title}”下`);
  if (title) parts.push(`标题“${title}”`);
  return parts.length > 0 ? `（${parts.join('，')}）` : '';
}

/** Records the source number of a heading under its parent and warns about duplicates, gaps and reversals. */
function checkNumbering(
  owner: Owner,
  parent: OpenSection | undefined,
  heading: HeadingMatch,
  title: string,
  warnings: string[],
): void {
  let state = owner.numbering.get(heading.markerLevel);
  if (!state) {
    state = { last: 0, seen: new Map() };
    owner.numbering.set(heading.markerLevel, state);
  }
  const n = heading.number;
  const count = (state.seen.get(n) ?? 0) + 1;
  state.seen.set(n, count);
  const where = place(parent, title);
  if (count > 1) {
    warnings.push(`第${chineseNumeral(count)}个“${heading.marker}”重复，已按顺序重新编号${where}`);
  } else if (n > state.last + 1) {
    const from = canonicalMarker(heading.markerLevel, state.last + 1);
    const to = canonicalMarker(heading.markerLevel, n - 1);
    const missing = n - 1 === state.last + 1 ? `“${from}”` : `“${from}”至“${to}”`;
    warnings.push(`“${heading.marker}”之前缺少${missing}，已按顺序重新编号${where}`);
  } else if (n <= state.last) {
    const previous = canonicalMarker(heading.markerLevel, state.last);
    warnings.push(`“${heading.marker}”编号倒退（前一个为“${previous}”），已按顺序重新编号${where}`);
  }
  state.last = Math.max(n, state.last);
}

/**
 * Parses a report as it circulates in plain text: drops the advertising, finds the title, and turns the numbered
 * headings (一、 （一） 1. （1）) into a section tree. Numbers are stripped from titles (the product renumbers);
 * duplicated, skipped or reversed numbers and skipped levels are repaired and reported in `warnings`.
 * Every line that is not junk ends up in the title, a section title or a paragraph.
 */
export function parseReportText(text: string): ParsedReport {
  const lines = normalizeLines(text);
  const { titleIndex, start, junk: junkIndices } = splitJunk(lines);
  const warnings: string[] = [];
  const junk = [...junkIndices].sort((a, b) => a - b).map((i) => lines[i]!);
  const title = titleIndex >= 0 ? lines[titleIndex]! : '';
  if (titleIndex < 0) warnings.push('未识别到报告标题，请手动填写');

  const preamble: string[] = [];
  const sections: ParsedSection[] = [];
  const root: Owner = { numbering: new Map(), warnedLevels: new Set() };
  const stack: OpenSection[] = [];

  const body = lines.map((l, i) => ({ l, i })).filter(({ l, i }) => i >= start && i !== titleIndex && l && !junkIndices.has(i));
  for (let k = 0; k < body.length; k++) {
    const line = body[k]!.l;
    const heading = parseHeading(line);
    if (!heading) {
      (stack.at(-1)?.section.paragraphs ?? preamble).push(line);
      continue;
    }

    let rest = heading.rest;
    // A marker alone on its line (一、 then 上半年工作完成情况 on the next): the next short line is its title.
    const next = body[k + 1]?.l;
    if (rest === '' && next !== undefined && next.length <= DETACHED_TITLE_MAX && parseHeading(next) === null) {
      rest = next;
      k++;
    }
    const { title: sectionTitle, body: firstParagraph } = splitHeadingText(rest);

    while (stack.length > 0 && stack.at(-1)!.markerLevel >= heading.markerLevel) stack.pop();
    const parent = stack.at(-1);
    const expectedMarkerLevel = parent ? parent.markerLevel + 1 : 1;
    const owner = parent ?? root;
    if (heading.markerLevel > expectedMarkerLevel && !owner.warnedLevels.has(heading.markerLevel)) {
      owner.warnedLevels.add(heading.markerLevel);
      const missing = canonicalMarker(expectedMarkerLevel, 1);
      const depth = chineseNumeral(stack.length + 1);
      warnings.push(`“${heading.marker}”上方缺少“${missing}”这一级编号，已作为第${depth}级标题${place(parent, sectionTitle)}`);
    }
    checkNumbering(owner, parent, heading, sectionTitle, warnings);

    if (sectionTitle === '') warnings.push(`“${heading.marker}”没有标题文字${place(parent, '')}`);
    else if (sectionTitle.length > LONG_TITLE) {
      warnings.push(`“${heading.marker}”的标题长达${sectionTitle.length}字，可能把正文当成了标题${place(parent, sectionTitle)}`);
    }

    const section: ParsedSection = {
      title: sectionTitle,
      level: stack.length + 1,
      paragraphs: firstParagraph ? [firstParagraph] : [],
      children: [],
    };
    (parent ? parent.section.children : sections).push(section);
    stack.push({ section, markerLevel: heading.markerLevel, numbering: new Map(), warnedLevels: new Set() });
  }

  if (sections.length === 0) warnings.push('未识别到带编号的章节标题（一、（一）1.（1）），全文已作为前言导入');
  return { title, preamble, sections, junk, warnings };
}
