// A past text of a section and a diff between two points, as the 修改记录 panel paints them: runs
// in their writer's colour (as 显示修改人 does), insertions in the writer's, deletions in the
// deleter's, each with a title naming who and when. Pure.
import type { Authorship } from '../api/authorshipApi';
import type { HistoryDiffPart } from '../api/sectionHistoryApi';
import { authorRun, cardText, writtenAt } from './authorship';
import { personOf } from './sectionTimeline';

/** A stretch of one line of a past text; `author` absent for characters nobody is named for. */
export interface TextRun {
  text: string;
  author?: { userId: string; color: string; title: string };
}

/**
 * The text cut into lines of runs by its spans (spans never hold a line break).
 *
 * @example
 * authoredLines({ text: '甲乙\n丙', spans: [{ start: 0, end: 2, … }] }) // [[{text:'甲乙', author}], [{text:'丙'}]]
 */
export function authoredLines(data: Authorship, now: Date): TextRun[][] {
  const lines: TextRun[][] = [[]];
  const spans = [...data.spans].sort((a, b) => a.start - b.start);
  let at = 0;
  const push = (text: string, author?: TextRun['author']) => {
    text.split('\n').forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece !== '') lines[lines.length - 1]!.push(author ? { text: piece, author } : { text: piece });
    });
  };
  for (const span of spans) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, data.text.length);
    if (end <= start) continue;
    if (start > at) push(data.text.slice(at, start));
    const run = authorRun(span);
    push(data.text.slice(start, end), { userId: run.userId, color: run.color, title: cardText(run, now) });
    at = end;
  }
  if (at < data.text.length) push(data.text.slice(at));
  return lines;
}

/** A diff part as shown: its colour and who did it when (insert/delete), or a fold of unchanged text. */
export type DiffRun =
  | { kind: 'equal'; text: string }
  | { kind: 'insert' | 'delete'; text: string; color: string; userId: string | null; title: string }
  | { kind: 'gap'; hidden: number };

/** 张卫民（卫健局）· 12月3日 14:05 写入 / 删除. */
export function changeTitle(part: HistoryDiffPart, now: Date): string {
  const who = personOf(part.user, part.bureau).label;
  const when = part.at ? writtenAt(part.at, now) : '';
  const verb = part.kind === 'delete' ? '删除' : '写入';
  return when ? `${who}${who.endsWith('）') ? '' : ' '}· ${when} ${verb}` : `${who} ${verb}`;
}

/** The diff's parts with colours and titles. */
export function diffRuns(parts: readonly HistoryDiffPart[], now: Date): DiffRun[] {
  return parts
    .filter((p) => p.text !== '')
    .map((p) =>
      p.kind === 'equal'
        ? { kind: 'equal', text: p.text }
        : { kind: p.kind, text: p.text, color: personOf(p.user, p.bureau).color, userId: p.user?.id ?? null, title: changeTitle(p, now) },
    );
}

/**
 * Shortens long unchanged stretches to `context` characters each side of a change (a gap stands for
 * the rest), as the re-merge diff does (components/final/textDiff.ts `collapseEqual`).
 */
export function foldUnchanged(runs: readonly DiffRun[], context = 40): DiffRun[] {
  const out: DiffRun[] = [];
  runs.forEach((run, index) => {
    if (run.kind !== 'equal' || runs.length === 1) {
      out.push(run);
      return;
    }
    const chars = Array.from(run.text);
    const first = index === 0;
    const last = index === runs.length - 1;
    const keep = (first ? 0 : context) + (last ? 0 : context);
    if (chars.length <= keep + 12) {
      out.push(run);
      return;
    }
    // The context stays on the changed line: after a change up to its line's end, before one from its line's start.
    let head = first ? '' : chars.slice(0, context).join('');
    let tail = last ? '' : chars.slice(chars.length - context).join('');
    if (head.includes('\n')) head = head.slice(0, head.indexOf('\n') + 1);
    if (tail.includes('\n')) tail = tail.slice(tail.lastIndexOf('\n') + 1);
    if (head) out.push({ kind: 'equal', text: head });
    out.push({ kind: 'gap', hidden: chars.length - Array.from(head).length - Array.from(tail).length });
    if (tail) out.push({ kind: 'equal', text: tail });
  });
  return out;
}

/** Who made the changes of a diff, once each in order of their first change: for the legend. */
export function diffPeople(parts: readonly HistoryDiffPart[]): { key: string; label: string; color: string }[] {
  const seen = new Map<string, { key: string; label: string; color: string }>();
  for (const part of parts) {
    if (part.kind === 'equal' || part.text === '') continue;
    const person = personOf(part.user, part.bureau);
    const key = `${part.user?.id ?? ''}|${person.label}`;
    if (!seen.has(key)) seen.set(key, { key, ...person });
  }
  return [...seen.values()];
}

/** Non-whitespace characters inserted and deleted, and whether anything changed at all. */
export function diffCounts(parts: readonly HistoryDiffPart[]): { inserted: number; deleted: number; changed: boolean } {
  let inserted = 0;
  let deleted = 0;
  let changed = false;
  for (const part of parts) {
    if (part.kind === 'equal' || part.text === '') continue;
    changed = true;
    const n = Array.from(part.text.replace(/\s/gu, '')).length;
    if (part.kind === 'insert') inserted += n;
    else deleted += n;
  }
  return { inserted, deleted, changed };
}
