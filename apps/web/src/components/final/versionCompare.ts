// 对比 on a version page: which versions can be compared with the one shown, in which order, and the
// server's diff (GET /api/reports/:id/versions/compare) as it is painted — insertions in their
// writer's colour, deletions in their deleter's, each with who and when, long unchanged stretches
// folded into 「…未改动 N 字…」, a legend of the people and a summary line. Pure, no DOM.
import type { Version, VersionDiffPart, VersionPoint } from '../../api/finalApi';
import { authorLabel, writtenAt } from '../../model/authorship';
import { FALLBACK_COLOR, safeColor } from '../../editor/remoteCursor';

/** 第2版, or 当前合稿 for the final draft as it is now. */
export function pointLabel(point: VersionPoint): string {
  return point === 'final' ? '当前合稿' : `第${point}版`;
}

/** One choice of what to compare the shown version with. */
export interface CompareOption {
  /** `final` or the version number, as a `<select>` value. */
  value: string;
  point: VersionPoint;
  label: string;
}

/** The `<select>` value of a point. */
export function pointValue(point: VersionPoint): string {
  return String(point);
}

/** The point of a `<select>` value; null for anything else. */
export function parsePointValue(value: string): VersionPoint | null {
  if (value === 'final') return 'final';
  return /^[1-9]\d*$/.test(value) ? Number(value) : null;
}

/**
 * What version `shown` can be compared with: the current final draft first, then every other
 * version, newest first.
 */
export function compareOptions(versions: readonly Pick<Version, 'version'>[], shown: number): CompareOption[] {
  const others = versions
    .map((v) => v.version)
    .filter((n) => n !== shown)
    .sort((a, b) => b - a);
  return [{ value: 'final', point: 'final' as const, label: pointLabel('final') }, ...others.map((n) => ({ value: pointValue(n), point: n, label: pointLabel(n) }))];
}

/**
 * The comparison's direction: always from the earlier to the later, so insertions are what was
 * added since (第2版 compared with 第1版 reads 第1版 → 第2版); the current draft is always the later.
 */
export function comparePair(shown: number, other: VersionPoint): { from: number; to: VersionPoint } {
  if (other === 'final' || other > shown) return { from: shown, to: other };
  return { from: other, to: shown };
}

/** Who changed a part, for its title and the legend. */
export interface ChangePerson {
  /** Stable within one comparison (user and bureau). */
  key: string;
  userId: string | null;
  /** 李文静（办公室）, or the name alone for people outside a bureau. */
  label: string;
  /** Safe for a style attribute. */
  color: string;
}

/** The person of a part; a change whose writer is not known is the system's, in grey. */
export function personOfPart(part: Pick<VersionDiffPart, 'user' | 'bureau'>): ChangePerson {
  const user = part.user;
  if (!user) return { key: '|', userId: null, label: '系统', color: FALLBACK_COLOR };
  const name = user.name || user.username || '未知用户';
  return {
    key: `${user.id}|${part.bureau?.id ?? ''}`,
    userId: user.id,
    label: authorLabel({ name, bureau: part.bureau?.name ?? null }),
    color: safeColor(user.color) ?? FALLBACK_COLOR,
  };
}

/**
 * A changed part's title: 李文静（办公室）· 12月3日 14:05 新增 / 删除; 合稿时新增 / 合稿时删除 for
 * what a merge wrote or removed.
 */
export function changeLabel(part: VersionDiffPart, now: Date): string {
  const who = personOfPart(part).label;
  const verb = `${part.merge ? '合稿时' : ''}${part.kind === 'delete' ? '删除' : '新增'}`;
  const when = part.at ? writtenAt(part.at, now) : '';
  if (!when) return `${who} ${verb}`;
  // After a closing full-width parenthesis the dot needs no space before it.
  return `${who}${who.endsWith('）') ? '' : ' '}· ${when} ${verb}`;
}

/** A part as painted: unchanged text, a change with its colour and title, or a fold. */
export type CompareRun =
  | { kind: 'equal'; text: string }
  | { kind: 'insert' | 'delete'; text: string; color: string; userId: string | null; title: string }
  /** A line break inserted or deleted; `mark`: the change is nothing but line breaks, so show a ↵. */
  | { kind: 'break'; of: 'insert' | 'delete'; color: string; title: string; mark: boolean }
  /** Unchanged text left out: `id` names it for 展开, `hidden` counts its characters (no spaces or line breaks). `lineBreak`: it ends a line. */
  | { kind: 'gap'; id: number; hidden: number; lineBreak: boolean };

/** Characters that count as 字: everything but spaces and line breaks. */
export function countChars(text: string): number {
  return Array.from(text.replace(/\s/gu, '')).length;
}

/**
 * The parts as painted, long unchanged stretches folded to `context` characters on each side of a
 * change (the context stays on the changed line) unless their index is in `expanded`. A gap's `id`
 * is the index of the part it folds.
 */
export function compareRuns(parts: readonly VersionDiffPart[], now: Date, expanded: ReadonlySet<number> = new Set(), context = 40): CompareRun[] {
  const out: CompareRun[] = [];
  const shown = parts.filter((p) => p.text !== '');
  const anyChange = shown.some((p) => p.kind !== 'equal');
  shown.forEach((part, index) => {
    if (part.kind !== 'equal') {
      const person = personOfPart(part);
      const title = changeLabel(part, now);
      // Line breaks stay outside the marks: an underlined or struck line break paints a stray mark at
      // the end of the line before. A change of line breaks alone keeps a visible ↵ to hover.
      const lone = part.text.replace(/\n/gu, '') === '';
      for (const piece of part.text.split(/(\n)/u)) {
        if (piece === '\n') out.push({ kind: 'break', of: part.kind, color: person.color, title, mark: lone });
        else if (piece !== '') out.push({ kind: part.kind, text: piece, color: person.color, userId: person.userId, title });
      }
      return;
    }
    const chars = Array.from(part.text);
    const first = index === 0;
    const last = index === shown.length - 1;
    // Nothing changed: the whole text, unfolded (the summary says so).
    const keep = (first ? 0 : context) + (last ? 0 : context);
    if (!anyChange || expanded.has(index) || chars.length <= keep + 12) {
      out.push({ kind: 'equal', text: part.text });
      return;
    }
    let head = first ? '' : chars.slice(0, context).join('');
    let tail = last ? '' : chars.slice(chars.length - context).join('');
    if (head.includes('\n')) head = head.slice(0, head.indexOf('\n') + 1);
    if (tail.includes('\n')) tail = tail.slice(tail.lastIndexOf('\n') + 1);
    const hidden = chars.slice(Array.from(head).length, chars.length - Array.from(tail).length).join('');
    if (head) out.push({ kind: 'equal', text: head });
    out.push({ kind: 'gap', id: index, hidden: countChars(hidden), lineBreak: hidden.endsWith('\n') });
    if (tail) out.push({ kind: 'equal', text: tail });
  });
  return out;
}

/** 「…未改动 N 字…」. */
export function gapLabel(hidden: number): string {
  return `…未改动 ${hidden} 字…`;
}

/** Characters inserted and deleted, and whether anything (even only a line break) changed. */
export function compareCounts(parts: readonly VersionDiffPart[]): { inserted: number; deleted: number; changed: boolean } {
  let inserted = 0;
  let deleted = 0;
  let changed = false;
  for (const part of parts) {
    if (part.kind === 'equal' || part.text === '') continue;
    changed = true;
    if (part.kind === 'insert') inserted += countChars(part.text);
    else deleted += countChars(part.text);
  }
  return { inserted, deleted, changed };
}

/**
 * 第1版 → 第2版：新增 N 字，删除 M 字 (a zero side left out); 文字没有变化 / 仅换行或空白变化
 * when there is nothing to count.
 */
export function compareSummary(from: VersionPoint, to: VersionPoint, parts: readonly VersionDiffPart[]): string {
  const { inserted, deleted, changed } = compareCounts(parts);
  const head = `${pointLabel(from)} → ${pointLabel(to)}：`;
  if (!changed) return `${head}文字没有变化`;
  const counts = [inserted > 0 ? `新增 ${inserted} 字` : '', deleted > 0 ? `删除 ${deleted} 字` : ''].filter(Boolean);
  return head + (counts.length > 0 ? counts.join('，') : '仅换行或空白变化');
}

/** One person in the legend, with what they inserted and deleted. */
export interface LegendEntry extends ChangePerson {
  inserted: number;
  deleted: number;
  /** 新增 12 字，删除 10 字. */
  detail: string;
}

/** The people who made the changes, once each in order of their first change. */
export function compareLegend(parts: readonly VersionDiffPart[]): LegendEntry[] {
  const people = new Map<string, LegendEntry>();
  for (const part of parts) {
    if (part.kind === 'equal' || part.text === '') continue;
    const person = personOfPart(part);
    let entry = people.get(person.key);
    if (!entry) {
      entry = { ...person, inserted: 0, deleted: 0, detail: '' };
      people.set(person.key, entry);
    }
    if (part.kind === 'insert') entry.inserted += countChars(part.text);
    else entry.deleted += countChars(part.text);
  }
  return [...people.values()].map((e) => ({
    ...e,
    detail: [e.inserted > 0 ? `新增 ${e.inserted} 字` : '', e.deleted > 0 ? `删除 ${e.deleted} 字` : ''].filter(Boolean).join('，') || '调整换行',
  }));
}
