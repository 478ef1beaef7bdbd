// What the 修改记录 panel says about a section's timeline: the label of each editing session and
// workflow step, the point (log seq) an entry stands for, which points the office's 「自上次提交以来的
// 修改」 and 「自上次退回以来的修改」 compare, and the order of two picked points. Pure; local time.
import type { AuthorshipUser } from '../api/authorshipApi';
import type { HistoryBureau, TimelineEntry } from '../api/sectionHistoryApi';
import { FALLBACK_COLOR, safeColor } from '../editor/remoteCursor';
import { authorLabel, writtenAt } from './authorship';

/** A person as the timeline names them: 张卫民（卫健局）, in their colour. */
export interface TimelinePerson {
  label: string;
  color: string;
}

/** The person of a user and bureau; 未知用户 in grey when the server names no one. */
export function personOf(user: AuthorshipUser | null | undefined, bureau?: HistoryBureau): TimelinePerson {
  if (!user) return { label: '系统', color: FALLBACK_COLOR };
  const name = user.name || user.username || '未知用户';
  return { label: authorLabel({ name, bureau: bureau?.name ?? null }), color: safeColor(user.color) ?? FALLBACK_COLOR };
}

/** The log seq an entry stands for: the text after a session's last update, or at a step or comment. */
export function pointOf(entry: TimelineEntry): number {
  return entry.kind === 'edit' ? entry.toSeq : entry.seq;
}

/** When the text of an entry's point was there: a session's end, a step's or comment's time. */
export function timeOf(entry: TimelineEntry): string {
  return entry.kind === 'edit' ? entry.to : entry.at;
}

/** A key unique within one timeline (React key, test id). */
export function entryKey(entry: TimelineEntry): string {
  if (entry.kind === 'edit') return `edit-${entry.fromSeq}-${entry.toSeq}-${entry.user.id}`;
  if (entry.kind === 'comment') return `comment-${entry.id}`;
  return `event-${entry.type}-${entry.seq}-${entry.at}`;
}

/**
 * A session's span of time: 12月3日 14:05–14:32 (one day), 12月3日 23:50–12月4日 00:10 (two), or
 * 12月3日 14:05 when it started and ended in the same minute.
 */
export function sessionTime(from: string, to: string, now: Date): string {
  const start = writtenAt(from, now);
  const end = writtenAt(to, now);
  if (!start || !end) return start || end;
  if (start === end) return start;
  const [startDay, startClock] = splitDay(start);
  const [endDay, endClock] = splitDay(end);
  return startDay === endDay ? `${start}–${endClock}` : `${startDay} ${startClock}–${end}`;
}

function splitDay(label: string): [string, string] {
  const at = label.lastIndexOf(' ');
  return [label.slice(0, at), label.slice(at + 1)];
}

/** +120 −8字; a session that changed no text reads 仅格式修改. */
export function changeCounts(added: number, removed: number): string {
  if (added === 0 && removed === 0) return '仅格式修改';
  const parts: string[] = [];
  if (added > 0) parts.push(`+${added}`);
  if (removed > 0) parts.push(`−${removed}`);
  return `${parts.join(' ')}字`;
}

/** What a workflow step is called in the timeline. */
const EVENT_NAMES: Record<string, string> = {
  'section.submit': '提交',
  'section.approve': '通过',
  'section.return': '退回',
  'section.remind': '催办',
  'section.assign': '分配',
  'section.restore': '恢复早先版本',
  'section.update': '修改标题或要求',
  'section.move': '调整位置',
  'section.add': '新增本节',
  'comment.resolve': '批注已解决',
  'comment.reopen': '批注重新打开',
  'report.merge': '合稿',
  'report.reopen': '重新打开',
  'report.lock': '定稿',
  'report.unlock': '解除定稿',
};

/** Steps the timeline already shows as comment entries of their own. */
const SHOWN_AS_COMMENTS = new Set(['comment.add', 'comment.reply']);

/** The entries the timeline shows: a comment's own `comment.add` / `comment.reply` step is left out (the comment is listed). */
export function visibleEntries(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return entries.filter((e) => e.kind !== 'event' || !SHOWN_AS_COMMENTS.has(e.type));
}

/** The tone of an entry's marker: a session, a step forward, a step back, a comment, other. */
export type EntryTone = 'edit' | 'forward' | 'back' | 'comment' | 'other';

/** One line of the timeline as shown. */
export interface TimelineLine {
  key: string;
  kind: TimelineEntry['kind'];
  /** The event type for steps (`section.return`), else the kind. */
  type: string;
  tone: EntryTone;
  person: TimelinePerson;
  /** 提交, 退回, 批注, or the session's time span. */
  what: string;
  /** When (steps and comments: 12月3日 14:05; sessions: the span). */
  when: string;
  /** A session's +120 −8字. */
  counts: string | null;
  /** A 退回's reason or a comment's text. */
  note: string | null;
  /** The point this line stands for. */
  seq: number;
  /** `when` of the point, for 恢复到 12月3日 14:05 and the diff heading. */
  pointTime: string;
}

/** The line of one timeline entry. */
export function timelineLine(entry: TimelineEntry, now: Date): TimelineLine {
  const key = entryKey(entry);
  const seq = pointOf(entry);
  const pointTime = writtenAt(timeOf(entry), now);
  if (entry.kind === 'edit') {
    return {
      key,
      kind: 'edit',
      type: 'edit',
      tone: 'edit',
      person: personOf(entry.user, entry.bureau),
      what: '编辑',
      when: sessionTime(entry.from, entry.to, now),
      counts: changeCounts(entry.added, entry.removed),
      note: null,
      seq,
      pointTime,
    };
  }
  if (entry.kind === 'comment') {
    return { key, kind: 'comment', type: 'comment', tone: 'comment', person: personOf(entry.user), what: '批注', when: pointTime, counts: null, note: entry.text, seq, pointTime };
  }
  const tone: EntryTone =
    entry.type === 'section.return' || entry.type === 'report.reopen'
      ? 'back'
      : entry.type.startsWith('comment.')
        ? 'comment'
        : entry.type in EVENT_NAMES && entry.type !== 'section.restore'
          ? 'forward'
          : 'other';
  return {
    key,
    kind: 'event',
    type: entry.type,
    tone,
    person: personOf(entry.user),
    what: EVENT_NAMES[entry.type] ?? '其他操作',
    when: pointTime,
    counts: null,
    note: entry.type === 'section.return' && entry.reason ? entry.reason : null,
    seq,
    pointTime,
  };
}

/** The whole line as one sentence: 张卫民（卫健局）12月3日 14:05–14:32 · +120 −8字. */
export function lineText(line: TimelineLine): string {
  if (line.kind === 'edit') return `${line.person.label}${line.person.label.endsWith('）') ? '' : ' '}${line.when} · ${line.counts}`;
  const note = line.note ? `：${line.note}` : '';
  return `${line.person.label} ${line.when} ${line.what}${note}`;
}

/** The points the office's review compares with now; null when there is nothing to offer. */
export interface ReviewPoints {
  /** The 提交 before the current one (the text the office saw last time). */
  sinceSubmit: { seq: number; at: string } | null;
  /** The latest 退回. */
  sinceReturn: { seq: number; at: string } | null;
}

/**
 * For a section that is submitted again after a 退回: the previous 提交 and the latest 退回 (entries
 * newest first, as the server sends them). Both null when it was never returned before its
 * current submission.
 */
export function reviewPoints(entries: readonly TimelineEntry[]): ReviewPoints {
  const none: ReviewPoints = { sinceSubmit: null, sinceReturn: null };
  const steps = entries.filter((e): e is Extract<TimelineEntry, { kind: 'event' }> => e.kind === 'event' && (e.type === 'section.submit' || e.type === 'section.return'));
  if (steps[0]?.type !== 'section.submit') return none;
  const lastReturn = steps.find((e) => e.type === 'section.return');
  if (!lastReturn) return none;
  const previousSubmit = steps.slice(1).find((e) => e.type === 'section.submit');
  return {
    sinceSubmit: previousSubmit ? { seq: previousSubmit.seq, at: previousSubmit.at } : null,
    sinceReturn: { seq: lastReturn.seq, at: lastReturn.at },
  };
}

/** Two picked points in time order: the diff goes from the earlier to the later. */
export function orderPoints<P extends { seq: number; key: string }>(a: P, b: P, order: readonly string[]): [P, P] {
  if (a.seq !== b.seq) return a.seq < b.seq ? [a, b] : [b, a];
  // Same seq (a step right after a session): the one further down the list (older) first.
  return order.indexOf(a.key) > order.indexOf(b.key) ? [a, b] : [b, a];
}

/** Keeps at most two compared entries: a third pick replaces the oldest pick. */
export function togglePick(picked: readonly string[], key: string): string[] {
  if (picked.includes(key)) return picked.filter((k) => k !== key);
  return [...picked, key].slice(-2);
}
