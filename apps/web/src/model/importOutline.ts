// The outline the secretary edits on the 导入报告 page: pure operations on the importer's preview
// (promote, demote, join, split, mark as not part of the report, restore, rename) and what is sent
// to `POST /api/imports/report`. Every operation returns a new outline or a Chinese refusal.
import { headingNumber } from '@hegao/domain';
import type { ImportBlock, ImportPreview, ImportReportInput, ImportRun } from '@hegao/contract';

/** Deepest heading level of an official document: 一、 （一） 1. （1）. */
export const MAX_LEVEL = 4;

/** Longest report or section title the server accepts, in characters. */
export const TITLE_MAX = 100;

/** Reason given to sections the secretary marks as not part of the report. */
export const NOT_PART_REASON = '不属于报告';

/** One block of a section's body with the source line it came from (null: none known). */
export interface BodyItem {
  block: ImportBlock;
  line: number | null;
}

/** A section of the outline being edited, in document order. */
export interface DraftSection {
  /** Stable key for the UI (not sent). */
  key: string;
  title: string;
  /** The title as imported, to tell whether it was edited. */
  originalTitle: string;
  level: number;
  /** False for an unnumbered block (导语). */
  numbered: boolean;
  /** Source line of the title, null when there is none (a made-up 导语 or a split without title). */
  line: number | null;
  body: BodyItem[];
  bureauIds: string[];
}

/** Something left out of the report. */
export type RemovedEntry =
  /** A source line the importer left out (ads, navigation…). */
  | { kind: 'line'; key: string; line: number; text: string; reason: string; merged: boolean }
  /** Sections (a section with its sub-sections) the secretary marked 不属于报告; `afterKey` is the section before them then. */
  | { kind: 'sections'; key: string; reason: string; sections: DraftSection[]; afterKey: string | null };

/** The whole editable state of the review. */
export interface DraftOutline {
  sections: DraftSection[];
  removed: RemovedEntry[];
  /** The normalised source lines (from the preview). */
  lines: string[];
  /** Counter for new keys. */
  nextKey: number;
}

/** Result of an edit: the new outline, or why it was refused. */
export type EditResult = { ok: true; outline: DraftOutline; notice?: string } | { ok: false; message: string };

/** Plain text of a block (a table's cells and a list's items joined by spaces). */
export function blockText(block: ImportBlock): string {
  switch (block.type) {
    case 'paragraph':
      return block.runs.map((r) => r.text).join('');
    case 'table':
      return block.rows.map((row) => row.join(' ')).join(' ');
    default:
      return block.items.join(' ');
  }
}

function paragraph(text: string): ImportBlock {
  return { type: 'paragraph', runs: [{ text }] };
}

/**
 * Pairs a section's blocks with its body lines: one to one when the counts agree, otherwise each
 * block takes the first unused body line with the same text (or none).
 */
function pairBody(blocks: readonly ImportBlock[], bodyLines: readonly number[], lines: readonly string[]): BodyItem[] {
  if (blocks.length === bodyLines.length) return blocks.map((block, i) => ({ block, line: bodyLines[i] ?? null }));
  const unused = [...bodyLines];
  return blocks.map((block) => {
    const text = blockText(block).trim();
    const at = unused.findIndex((l) => (lines[l] ?? '').trim() === text);
    if (at < 0) return { block, line: null };
    const [line] = unused.splice(at, 1);
    return { block, line: line ?? null };
  });
}

/** The editable outline of a preview; levels are clamped so none jumps by more than one. */
export function outlineFromPreview(preview: ImportPreview): DraftOutline {
  let previous = 0;
  const sections = preview.sections.map((s, i): DraftSection => {
    const level = Math.max(1, Math.min(s.level, previous + 1, MAX_LEVEL));
    previous = level;
    return {
      key: `s${i}`,
      title: s.title,
      originalTitle: s.title,
      level,
      numbered: s.number !== '',
      line: s.line,
      body: pairBody(s.blocks, s.bodyLines, preview.lines),
      bureauIds: [...s.bureauIds],
    };
  });
  const removed = preview.removed.map((r, i): RemovedEntry => ({ kind: 'line', key: `r${i}`, line: r.line, text: r.text, reason: r.reason, merged: r.merged === true }));
  return { sections, removed, lines: [...preview.lines], nextKey: 0 };
}

/** Key of the section a preview's section index became (for the importer's warnings). */
export function previewSectionKey(index: number): string {
  return `s${index}`;
}

/** Index of a section by key, -1 when absent. */
export function indexOf(outline: DraftOutline, key: string): number {
  return outline.sections.findIndex((s) => s.key === key);
}

/** The end (exclusive) of the subtree starting at `index`: the section and its sub-sections. */
export function subtreeEnd(sections: readonly DraftSection[], index: number): number {
  const level = sections[index]?.level ?? 0;
  let end = index + 1;
  while (end < sections.length && sections[end]!.level > level) end++;
  return end;
}

/** Whether the section holds text itself (no sub-sections): only such sections get bureaus. */
export function isLeaf(sections: readonly DraftSection[], index: number): boolean {
  const next = sections[index + 1];
  return !next || next.level <= sections[index]!.level;
}

/** Heading numbers (一、 （一） 1. （1）) from the tree; '' for unnumbered sections. */
export function sectionNumbers(sections: readonly DraftSection[]): string[] {
  const counters: number[] = [];
  return sections.map((s) => {
    counters.length = s.level; // deeper counters restart under a new parent
    for (let l = 0; l < s.level; l++) counters[l] ??= 0;
    if (!s.numbered) return '';
    counters[s.level - 1] = counters[s.level - 1]! + 1;
    return headingNumber(s.level, counters[s.level - 1]!);
  });
}

/** 「（二）疫情防控」 for messages; 「未命名章节」 without a title. */
export function sectionLabel(section: DraftSection, number: string): string {
  const title = section.title.trim() || '未命名章节';
  return `「${number}${title.length > 24 ? `${title.slice(0, 24)}…` : title}」`;
}

function labelAt(outline: DraftOutline, index: number): string {
  return sectionLabel(outline.sections[index]!, sectionNumbers(outline.sections)[index] ?? '');
}

function withSections(outline: DraftOutline, sections: DraftSection[], extra: Partial<DraftOutline> = {}): DraftOutline {
  return { ...outline, ...extra, sections };
}

function shift(sections: readonly DraftSection[], delta: number): DraftSection[] {
  return sections.map((s) => ({ ...s, level: s.level + delta }));
}

function missing(): EditResult {
  return { ok: false, message: '该章节已不在大纲中，请刷新后重试' };
}

/** 升级: the section and its sub-sections go one level up; the sections after it at its old level become its sub-sections. */
export function promote(outline: DraftOutline, key: string): EditResult {
  const i = indexOf(outline, key);
  if (i < 0) return missing();
  const section = outline.sections[i]!;
  if (section.level <= 1) return { ok: false, message: `${labelAt(outline, i)}已是一级标题，不能再升级` };
  const end = subtreeEnd(outline.sections, i);
  const sections = [...outline.sections.slice(0, i), ...shift(outline.sections.slice(i, end), -1), ...outline.sections.slice(end)];
  return { ok: true, outline: withSections(outline, sections) };
}

/** 降级: the section and its sub-sections go one level down, under the section before it. */
export function demote(outline: DraftOutline, key: string): EditResult {
  const i = indexOf(outline, key);
  if (i < 0) return missing();
  const section = outline.sections[i]!;
  const before = outline.sections[i - 1];
  if (!before || before.level < section.level) {
    return { ok: false, message: `${labelAt(outline, i)}前面没有同级章节，降级后层级将跳过一级，不能降级` };
  }
  const end = subtreeEnd(outline.sections, i);
  const deepest = Math.max(...outline.sections.slice(i, end).map((s) => s.level));
  if (deepest >= MAX_LEVEL) return { ok: false, message: `公文标题最多分${MAX_LEVEL}级（一、（一）1.（1）），${labelAt(outline, i)}不能再降级` };
  const sections = [...outline.sections.slice(0, i), ...shift(outline.sections.slice(i, end), 1), ...outline.sections.slice(end)];
  return { ok: true, outline: withSections(outline, sections) };
}

/** The text a title line returns to when it becomes a paragraph: the source line (with its number) if the title was not edited. */
function titleAsText(outline: DraftOutline, section: DraftSection): string {
  if (section.line !== null && section.title === section.originalTitle) {
    // The source line only when it is the heading alone (not 「（二）标题。正文…」 split into title and body).
    const source = outline.lines[section.line]?.trim();
    if (source && stripNumber(source) === section.title.trim()) return source;
  }
  return section.title.trim();
}

/**
 * 与上一节合并: the section's title line becomes a paragraph at the end of the previous section's
 * body, followed by its own body. Its sub-sections move up a level when they would otherwise skip one.
 */
export function joinPrevious(outline: DraftOutline, key: string): EditResult {
  const i = indexOf(outline, key);
  if (i < 0) return missing();
  if (i === 0) return { ok: false, message: `${labelAt(outline, i)}是第一个章节，没有可合并的上一节` };
  const section = outline.sections[i]!;
  const previous = outline.sections[i - 1]!;
  const title = titleAsText(outline, section);
  const body: BodyItem[] = [...previous.body, ...(title ? [{ block: paragraph(title), line: section.line }] : []), ...section.body];
  const merged: DraftSection = {
    ...previous,
    body,
    bureauIds: previous.bureauIds.length > 0 ? previous.bureauIds : [...section.bureauIds],
  };
  const end = subtreeEnd(outline.sections, i);
  let children = outline.sections.slice(i + 1, end);
  let notice: string | undefined;
  if (children.length > 0 && children[0]!.level > previous.level + 1) {
    children = shift(children, -1);
    notice = `${labelAt(outline, i)}的下级章节已升一级`;
  }
  const sections = [...outline.sections.slice(0, i - 1), merged, ...children, ...outline.sections.slice(end)];
  return notice ? { ok: true, outline: withSections(outline, sections), notice } : { ok: true, outline: withSections(outline, sections) };
}

const LEADING_NUMBER = /^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d+[.．、]|[（(]\d+[）)])\s*/;

/** A heading's title without its number: 「（四）抓好安全生产」 → 「抓好安全生产」. */
export function stripNumber(text: string): string {
  return text.replace(LEADING_NUMBER, '').trim();
}

/**
 * 从此段拆分: the body is split before block `blockIndex`. As `title`, that paragraph becomes the
 * title of a new section at the same level (its number stripped); as `body`, a new untitled section
 * starts with it. The blocks after go to the new section, which takes the sections after it as before.
 */
export function splitAt(outline: DraftOutline, key: string, blockIndex: number, mode: 'title' | 'body'): EditResult {
  const i = indexOf(outline, key);
  if (i < 0) return missing();
  const section = outline.sections[i]!;
  const item = section.body[blockIndex];
  if (!item) return { ok: false, message: '该段落已不在此章节中' };
  if (mode === 'body' && blockIndex === 0) return { ok: false, message: '这是本节的第一段，无需拆分' };
  let title = '';
  let rest: BodyItem[];
  if (mode === 'title') {
    if (item.block.type !== 'paragraph') return { ok: false, message: '只有段落可以设为标题，表格和列表不能' };
    const { lead, remainder } = boldLead(item.block.runs);
    title = stripNumber(lead ?? blockText(item.block));
    if (!title) return { ok: false, message: '空段落不能设为标题' };
    rest = section.body.slice(blockIndex + 1);
    // 「**深入组织动员，构建防控体系。**全区设置…」: the bold lead is the title, the rest stays as text.
    if (remainder) rest = [{ block: { type: 'paragraph', runs: remainder }, line: item.line }, ...rest];
  } else {
    rest = section.body.slice(blockIndex);
  }
  const created: DraftSection = {
    key: `n${outline.nextKey}`,
    title,
    originalTitle: title,
    level: section.level,
    numbered: true,
    line: mode === 'title' ? item.line : null,
    body: rest,
    bureauIds: [...section.bureauIds],
  };
  const kept: DraftSection = { ...section, body: section.body.slice(0, blockIndex) };
  const sections = [...outline.sections.slice(0, i), kept, created, ...outline.sections.slice(i + 1)];
  return { ok: true, outline: withSections(outline, sections, { nextKey: outline.nextKey + 1 }) };
}

/**
 * A paragraph's bold lead sentence (the bold runs it starts with, closing 。 dropped) and the runs
 * after it; no lead when it does not start bold, is bold throughout, or the rest is blank.
 */
function boldLead(runs: readonly ImportRun[]): { lead: string | null; remainder: ImportRun[] | null } {
  let n = 0;
  while (n < runs.length && (runs[n]!.bold || runs[n]!.text.trim() === '')) n++;
  const lead = runs.slice(0, n).map((r) => r.text).join('').trim();
  const remainder = runs.slice(n);
  if (!lead || remainder.every((r) => r.text.trim() === '')) return { lead: null, remainder: null };
  const first = remainder[0]!;
  return { lead: lead.replace(/[。；;：:，,]+$/, ''), remainder: [{ ...first, text: first.text.trimStart() }, ...remainder.slice(1)] };
}

/** 不属于报告: the section with its sub-sections leaves the outline for the removed list (restorable). */
export function markNotPart(outline: DraftOutline, key: string): EditResult {
  const i = indexOf(outline, key);
  if (i < 0) return missing();
  const end = subtreeEnd(outline.sections, i);
  if (i === 0 && end === outline.sections.length) return { ok: false, message: '报告至少需要保留一个章节' };
  const removedSections = outline.sections.slice(i, end);
  const entry: RemovedEntry = {
    kind: 'sections',
    key: `x${outline.nextKey}`,
    reason: NOT_PART_REASON,
    sections: removedSections,
    afterKey: outline.sections[i - 1]?.key ?? null,
  };
  const sections = [...outline.sections.slice(0, i), ...outline.sections.slice(end)];
  return { ok: true, outline: withSections(outline, sections, { removed: [...outline.removed, entry], nextKey: outline.nextKey + 1 }) };
}

/** Source lines a section starts at: its title line, else its first body line. */
function anchorLine(section: DraftSection): number | null {
  if (section.line !== null) return section.line;
  return section.body.find((b) => b.line !== null)?.line ?? null;
}

/** Whether levels start at 1 and never rise by more than one. */
export function levelsValid(sections: readonly DraftSection[]): boolean {
  let previous = 0;
  for (const s of sections) {
    if (s.level < 1 || s.level > previous + 1 || s.level > MAX_LEVEL) return false;
    previous = s.level;
  }
  return true;
}

/**
 * 恢复: puts a removed entry back. Sections go back after the section that preceded them (or by
 * source line order); a removed source line goes back as a paragraph into the section it stood in.
 */
export function restore(outline: DraftOutline, removedKey: string): EditResult {
  const entry = outline.removed.find((r) => r.key === removedKey);
  if (!entry) return { ok: false, message: '该内容已恢复' };
  if (entry.kind === 'line' && entry.merged) return { ok: false, message: '此行已并入标题，无需恢复' };
  const removed = outline.removed.filter((r) => r !== entry);
  if (entry.kind === 'sections') {
    let at = entry.afterKey === null ? 0 : indexOf(outline, entry.afterKey) + 1;
    if (at === 0 && entry.afterKey !== null) {
      // The section before them is gone (joined or removed too): go by source line order.
      const anchor = anchorLine(entry.sections[0]!);
      at = anchor === null ? -1 : outline.sections.findIndex((s) => (anchorLine(s) ?? -1) > anchor);
      if (at < 0) at = outline.sections.length;
    }
    const sections = [...outline.sections.slice(0, at), ...entry.sections, ...outline.sections.slice(at)];
    if (!levelsValid(sections)) return { ok: false, message: '恢复后层级将不连续，请先调整前后章节的层级' };
    return { ok: true, outline: withSections(outline, sections, { removed }) };
  }
  // A source line: into the last section that starts before it.
  let target = -1;
  for (let i = 0; i < outline.sections.length; i++) {
    const s = outline.sections[i]!;
    const lines = [s.line, ...s.body.map((b) => b.line)].filter((l): l is number => l !== null);
    if (lines.some((l) => l < entry.line)) target = i;
  }
  if (target < 0) return { ok: false, message: '此行位于所有章节之前，无法放入章节；如需保留，请在创建后手动添加' };
  const section = outline.sections[target]!;
  const position = section.body.findIndex((b) => b.line !== null && b.line > entry.line);
  const item: BodyItem = { block: paragraph(entry.text), line: entry.line };
  const body = position < 0 ? [...section.body, item] : [...section.body.slice(0, position), item, ...section.body.slice(position)];
  const sections = outline.sections.map((s, i) => (i === target ? { ...s, body } : s));
  return { ok: true, outline: withSections(outline, sections, { removed }) };
}

/** Renames a section (the title as typed; trimmed when sent). */
export function rename(outline: DraftOutline, key: string, title: string): EditResult {
  const i = indexOf(outline, key);
  if (i < 0) return missing();
  const sections = outline.sections.map((s, j) => (j === i ? { ...s, title } : s));
  return { ok: true, outline: withSections(outline, sections) };
}

/** Sets the writing bureaus of a section. */
export function setBureaus(outline: DraftOutline, key: string, bureauIds: readonly string[]): EditResult {
  const i = indexOf(outline, key);
  if (i < 0) return missing();
  const sections = outline.sections.map((s, j) => (j === i ? { ...s, bureauIds: [...new Set(bureauIds)] } : s));
  return { ok: true, outline: withSections(outline, sections) };
}

/** What happened to one source line, for the source column. */
export type LineRole =
  | { kind: 'title'; key: string }
  | { kind: 'body'; key: string }
  | { kind: 'removed'; key: string; reason: string }
  | { kind: 'none' };

/** The role of every source line in the current outline. */
export function lineRoles(outline: DraftOutline): LineRole[] {
  const roles: LineRole[] = outline.lines.map(() => ({ kind: 'none' }));
  for (const entry of outline.removed) {
    if (entry.kind === 'line') {
      if (entry.line >= 0 && entry.line < roles.length) roles[entry.line] = { kind: 'removed', key: entry.key, reason: entry.reason };
      continue;
    }
    for (const s of entry.sections) {
      for (const l of [s.line, ...s.body.map((b) => b.line)]) {
        if (l !== null && l >= 0 && l < roles.length) roles[l] = { kind: 'removed', key: entry.key, reason: entry.reason };
      }
    }
  }
  for (const s of outline.sections) {
    if (s.line !== null && s.line >= 0 && s.line < roles.length) roles[s.line] = { kind: 'title', key: s.key };
    for (const b of s.body) if (b.line !== null && b.line >= 0 && b.line < roles.length) roles[b.line] = { kind: 'body', key: s.key };
  }
  return roles;
}

/** Report fields beside the outline. */
export interface ImportMeta {
  title: string;
  period: string;
  kind: ImportReportInput['kind'];
  /** `YYYY-MM-DD`, required. */
  dueDate: string;
  sourceName: string | null;
  /** The source's SHA-256 as the preview answered it (kept in the report's import event), if any. */
  sourceSha256?: string | null;
}

/** Body of `POST /api/imports/report`: the contract's `IMPORT_REPORT`. */
export type { ImportReportInput };

/** Problems that keep the report from being created, in Chinese (empty: ready). */
export function outlineProblems(outline: DraftOutline, meta: ImportMeta): string[] {
  const problems: string[] = [];
  if (!meta.title.trim()) problems.push('请填写报告标题');
  else if ([...meta.title.trim()].length > TITLE_MAX) problems.push(`报告标题不能超过${TITLE_MAX}字`);
  if (!meta.period.trim()) problems.push('请填写报告期');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(meta.dueDate) || Number.isNaN(Date.parse(`${meta.dueDate}T00:00:00Z`))) problems.push('请填写截止日期（如 2026-12-06 或 2026年12月6日）');
  if (outline.sections.length === 0) problems.push('报告至少需要一个章节');
  const numbers = sectionNumbers(outline.sections);
  const untitled = outline.sections.flatMap((s, i) => (s.title.trim() ? [] : [numbers[i] || '未编号章节']));
  if (untitled.length > 0) problems.push(`有 ${untitled.length} 个章节没有标题（${untitled.join('、')}），请填写`);
  const long = outline.sections.flatMap((s, i) => ([...s.title.trim()].length > TITLE_MAX ? [numbers[i] || '未编号章节'] : []));
  if (long.length > 0) problems.push(`有 ${long.length} 个章节标题超过${TITLE_MAX}字（${long.join('、')}），请缩短`);
  if (!levelsValid(outline.sections)) problems.push('大纲层级不连续，请调整');
  return problems;
}

/** The request that creates the report; headings with sub-sections get no bureaus. */
export function createInput(outline: DraftOutline, meta: ImportMeta): ImportReportInput {
  return {
    title: meta.title.trim(),
    period: meta.period.trim(),
    kind: meta.kind,
    dueDate: meta.dueDate,
    sourceName: meta.sourceName,
    ...(meta.sourceSha256 ? { sourceSha256: meta.sourceSha256 } : {}),
    sections: outline.sections.map((s, i) => ({
      title: s.title.trim(),
      level: s.level,
      numbered: s.numbered,
      blocks: s.body.map((b) => b.block),
      bureauIds: isLeaf(outline.sections, i) ? [...s.bureauIds] : [],
    })),
  };
}

/** Whether a heading with sub-sections has text of its own (the server puts it into an unnumbered 引言 under it). */
export function hasLeadText(sections: readonly DraftSection[], index: number): boolean {
  const section = sections[index];
  return !!section && !isLeaf(sections, index) && section.body.some((b) => blockText(b.block).trim() !== '');
}

/** 「N 个章节，M 个已分配部门」: sections, sections to write, how many of them have a bureau, distinct bureaus. */
export interface OutlineSummary {
  /** Sections the report will have, the 引言 of headings with text included. */
  sections: number;
  leaves: number;
  assignedLeaves: number;
  bureaus: number;
}

/** Counts for the summary shown before creating. */
export function outlineSummary(outline: DraftOutline): OutlineSummary {
  const bureaus = new Set<string>();
  let leaves = 0;
  let assignedLeaves = 0;
  let leads = 0;
  outline.sections.forEach((s, i) => {
    if (hasLeadText(outline.sections, i)) leads++;
    if (!isLeaf(outline.sections, i)) return;
    leaves++;
    if (s.bureauIds.length > 0) assignedLeaves++;
    for (const b of s.bureauIds) bureaus.add(b);
  });
  return { sections: outline.sections.length + leads, leaves, assignedLeaves, bureaus: bureaus.size };
}
