/**
 * A section's text history (修改记录): the timeline of editing sessions interleaved with the
 * workflow steps and comments, the difference between two points of it, and restoring a point.
 * Everything is read from the attributed update log, so it names the server-known writers.
 */
import type { EditSession, HistoryDiffPart, RestoreResult, SectionDiff, SectionTimeline, TimelineEntry, Writer } from '@hegao/contract';
import { decide, type User } from '@hegao/domain';
import { fragmentToJSON, jsonToFragment, textWithRuns } from '@hegao/schema';
import { eachAttributedUpdate, getReport, getSection, listComments, listEvents, recordEvent, type Db } from '@hegao/storage';
import * as Y from 'yjs';
import { identityOf } from '../collab/identity.js';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import { lookups } from '../presenters/lookups.js';
import type { Lookups } from '../presenters/report.js';
import type { WriteRecord } from './authorIndex.js';
import { SESSION_GAP_MS } from './authorSpans.js';
import { DeletionIndex, diffParts } from './textDiff.js';
import { documentAt, indexOf, presentUser, readableSection, writeRecordOf } from './sectionAuthorship.js';

/** One stored update, summarised. */
interface RowStat {
  seq: number;
  userId: string;
  bureauId: string | null;
  at: number;
  /** Characters of text the update inserted. */
  added: number;
  /** Clock units the update deleted for the first time (characters, and the odd element or mark). */
  removed: number;
}

/** Per document: the summaries of its log so far, and the clock ranges deleted so far. */
interface Stats {
  rows: RowStat[];
  lastSeq: number;
  deleted: Map<number, Array<[number, number]>>;
}

const CACHED = 64;
/** Report-wide steps shown in every section's timeline. */
const REPORT_STEPS = new Set(['report.merge', 'report.lock', 'report.unlock']);
const statsCache = new Map<string, Stats>();

/** Adds [from, to) to sorted disjoint `ranges`; returns how much of it was new. */
function addRange(ranges: Array<[number, number]>, from: number, to: number): number {
  let fresh = to - from;
  for (const [a, b] of ranges) fresh -= Math.max(0, Math.min(b, to) - Math.max(a, from));
  ranges.push([from, to]);
  ranges.sort((x, y) => x[0] - y[0]);
  // Join overlapping or touching ranges.
  const joined: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = joined[joined.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else joined.push([r[0], r[1]]);
  }
  ranges.splice(0, ranges.length, ...joined);
  return Math.max(0, fresh);
}

function summarise(update: Uint8Array, deleted: Stats['deleted']): { added: number; removed: number } {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { added: 0, removed: 0 };
  }
  let added = 0;
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) added += struct.length;
  }
  let removed = 0;
  const ds = decoded.ds as unknown as { clients: Map<number, Array<{ clock: number; len: number }>> };
  for (const [client, items] of ds.clients) {
    let ranges = deleted.get(client);
    if (!ranges) deleted.set(client, (ranges = []));
    for (const { clock, len } of items) removed += addRange(ranges, clock, clock + len);
  }
  return { added, removed };
}

async function statsOf(db: Db, docName: string): Promise<Stats> {
  const stats: Stats = statsCache.get(docName) ?? { rows: [], lastSeq: 0, deleted: new Map() };
  statsCache.delete(docName);
  for await (const row of eachAttributedUpdate(db, docName, stats.lastSeq)) {
    stats.rows.push({ seq: row.seq, userId: row.userId, bureauId: row.bureauId, at: row.createdAt, ...summarise(row.data, stats.deleted) });
    stats.lastSeq = row.seq;
  }
  statsCache.set(docName, stats);
  while (statsCache.size > CACHED) statsCache.delete(statsCache.keys().next().value!);
  return stats;
}

/** The newest seq stored at or before `at` (0 when none). */
function seqAt(rows: readonly RowStat[], at: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.at <= at) {
      found = rows[mid]!.seq;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Sessions: one person's consecutive updates (nobody else's in between), gaps of at most
 * SESSION_GAP_MS, and no workflow step or comment in between (`breaks`: their times, sorted).
 */
function sessions(rows: readonly RowStat[], maps: Lookups, breaks: readonly number[]): EditSession[] {
  const out: EditSession[] = [];
  let current = null as (RowStat & { fromSeq: number; fromAt: number }) | null;
  const flush = () => {
    if (!current) return;
    const { user, bureau } = presentUser({ userId: current.userId, bureauId: current.bureauId, at: current.at }, maps);
    out.push({
      kind: 'edit',
      user,
      bureau,
      from: new Date(current.fromAt).toISOString(),
      to: new Date(current.at).toISOString(),
      fromSeq: current.fromSeq,
      toSeq: current.seq,
      added: current.added,
      removed: current.removed,
    });
  };
  let nextBreak = 0;
  for (const row of rows) {
    // A step between the previous update and this one ends the session.
    let stepBetween = false;
    while (nextBreak < breaks.length && breaks[nextBreak]! < row.at) {
      if (current && breaks[nextBreak]! >= current.at) stepBetween = true;
      nextBreak++;
    }
    if (current && !stepBetween && current.userId === row.userId && current.bureauId === row.bureauId && row.at - current.at <= SESSION_GAP_MS) {
      current = { ...current, seq: row.seq, at: row.at, added: current.added + row.added, removed: current.removed + row.removed };
    } else {
      flush();
      current = { ...row, fromSeq: row.seq, fromAt: row.at };
    }
  }
  flush();
  return out;
}

/**
 * `GET /api/sections/:id/timeline`: editing sessions, workflow steps and comments, newest first.
 * @example await sectionTimeline(ctx, user, 's1') // { sectionId: 's1', entries: [{ kind: 'event', type: 'section.submit', … }, { kind: 'edit', … }] }
 */
export async function sectionTimeline(ctx: AppContext, user: User, sectionId: string): Promise<SectionTimeline> {
  const section = await readableSection(ctx, user, sectionId);
  const [stats, maps, own, reportEvents, comments] = await Promise.all([
    statsOf(ctx.db, section.docName),
    lookups(ctx.db),
    listEvents(ctx.db, section.reportId, { sectionId: section.id }),
    listEvents(ctx.db, section.reportId),
    listComments(ctx.db, section.docName),
  ]);
  // The section's own steps, and the report's steps that concern every section: 合稿, 定稿, 解锁.
  const events = [...own, ...reportEvents.filter((e) => e.sectionId === null && REPORT_STEPS.has(e.type))];
  const person = (id: string | null): Writer | null => (id ? presentUser({ userId: id, bureauId: null, at: 0 }, maps).user : null);
  const entries: Array<TimelineEntry & { sortAt: number; order: number }> = [];
  const breaks = [...events.map((e) => e.createdAt), ...comments.map((c) => c.createdAt)].sort((a, b) => a - b);
  for (const s of sessions(stats.rows, maps, breaks)) entries.push({ ...s, sortAt: Date.parse(s.to), order: 0 });
  for (const e of events) {
    const reason = typeof e.detail['reason'] === 'string' ? { reason: e.detail['reason'] } : {};
    const restored =
      e.type === 'section.restore' && typeof e.detail['seq'] === 'number'
        ? { restored: { seq: e.detail['seq'], at: typeof e.detail['at'] === 'string' ? e.detail['at'] : null } }
        : {};
    entries.push({ kind: 'event', type: e.type, user: person(e.actorId), at: new Date(e.createdAt).toISOString(), seq: seqAt(stats.rows, e.createdAt), ...reason, ...restored, sortAt: e.createdAt, order: 1 });
  }
  for (const c of comments) {
    entries.push({ kind: 'comment', id: c.id, user: person(c.authorId)!, at: new Date(c.createdAt).toISOString(), seq: seqAt(stats.rows, c.createdAt), text: c.body, sortAt: c.createdAt, order: 2 });
  }
  entries.sort((a, b) => b.sortAt - a.sortAt || b.order - a.order);
  return { sectionId: section.id, entries: entries.map(({ sortAt: _sortAt, order: _order, ...entry }) => entry as TimelineEntry) };
}

/** A point of the log: its seq and the time of that update (null for 0). */
function pointOf(stats: Stats, seq: number): SectionDiff['from'] {
  const row = [...stats.rows].reverse().find((r) => r.seq <= seq);
  return { seq, at: row ? new Date(row.at).toISOString() : null };
}

/**
 * `GET /api/sections/:id/diff?from=&to=`: what changed between two points of the log (`to`
 * omitted: now), insertions with their writers, deletions with who deleted them.
 */
export async function sectionDiff(ctx: AppContext, user: User, sectionId: string, from: number, to?: number): Promise<SectionDiff> {
  const section = await readableSection(ctx, user, sectionId);
  const stats = await statsOf(ctx.db, section.docName);
  const upto = to ?? stats.lastSeq;
  if (from > upto) throw new ApiError(400, 'invalid_seq', '起点不能晚于终点');
  const [earlier, later] = await Promise.all([documentAt(ctx.db, section.docName, undefined, from), documentAt(ctx.db, section.docName, undefined, upto)]);
  try {
    const index = await indexOf(ctx.db, section.docName);
    const deletions = new DeletionIndex();
    for await (const row of eachAttributedUpdate(ctx.db, section.docName, from, { untilSeq: upto })) deletions.add(row.data, writeRecordOf(row));
    const parts = diffParts(later, Y.snapshot(earlier), Y.snapshot(later), index, deletions);
    const maps = await lookups(ctx.db);
    const present = (record: WriteRecord | null | undefined) => {
      if (!record) return {};
      const { user: u, bureau } = presentUser(record, maps);
      return { user: u, bureau, at: new Date(record.at).toISOString() };
    };
    return {
      from: pointOf(stats, from),
      to: pointOf(stats, upto),
      parts: parts.map((p): HistoryDiffPart => (p.kind === 'equal' ? { kind: p.kind, text: p.text } : { kind: p.kind, text: p.text, ...present(p.record) })),
    };
  } finally {
    earlier.destroy();
    later.destroy();
  }
}

/**
 * `POST /api/sections/:id/restore {seq}`: the section's text as it was after update `seq`, written
 * as a new change by the caller (attributed, relayed to open editors, in the history as
 * `section.restore`); nothing is erased. Only for whoever may write the section now.
 */
export async function restoreSection(ctx: AppContext, user: User, sectionId: string, seq: number): Promise<RestoreResult> {
  const section = await getSection(ctx.db, sectionId);
  if (!section) throw notFound('章节');
  const report = await getReport(ctx.db, section.reportId);
  if (!report) throw notFound('章节');
  // Restoring writes: the same rule as typing into the section.
  const decision = decide(user, 'section.edit', { report, section });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const stats = await statsOf(ctx.db, section.docName);
  if (seq > stats.lastSeq) throw new ApiError(400, 'invalid_seq', '修改记录中没有这一点');
  const then = await documentAt(ctx.db, section.docName, undefined, seq);
  let json;
  try {
    json = fragmentToJSON(then.getXmlFragment('prosemirror'));
  } finally {
    then.destroy();
  }
  const identity = await identityOf(ctx.db, user);
  await ctx.collab.change(section.docName, identity, (doc) => jsonToFragment(json, doc.getXmlFragment('prosemirror')));
  const at = pointOf(stats, seq).at;
  await recordEvent(ctx.db, { reportId: section.reportId, sectionId: section.id, actorId: user.id, type: 'section.restore', detail: { seq, at } });
  ctx.events.publish({ type: 'section.edit', reportId: section.reportId, sectionId: section.id, at: new Date().toISOString(), userId: user.id, userName: user.name });
  const now = await ctx.collab.doc(section.docName);
  return { seq, text: textWithRuns(now.getXmlFragment('prosemirror')).text };
}
