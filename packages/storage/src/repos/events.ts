/** The workflow event record: who did what, when, to which section, and why. */
import type { AuditEvent } from '@hegao/contract';
import { appendChainRecord, feedEvent, readChainHead, withinTransaction } from '../audit.js';
import type { Db } from '../db.js';

/** One recorded workflow event. */
export interface WorkflowEvent {
  id: number;
  reportId: string | null;
  sectionId: string | null;
  actorId: string | null;
  type: string;
  detail: Record<string, unknown>;
  createdAt: number;
}

/** Where an event happened and who did it; what happened is an AuditEvent (@hegao/contract). */
export interface EventOrigin {
  reportId: string | null;
  sectionId?: string | null;
  actorId: string | null;
}

/**
 * Appends an event with its audit chain record, in the caller's transaction (or one of its own);
 * returns its id. Only the contract's event types with their details are accepted.
 */
export async function recordEvent(db: Db, input: EventOrigin & AuditEvent): Promise<number> {
  return withinTransaction(db, async (tx) => {
    const values = {
      report_id: input.reportId,
      section_id: input.sectionId ?? null,
      actor_id: input.actorId,
      type: input.type,
      detail: JSON.stringify(input.detail),
      created_at: Date.now(),
    };
    // The chain's head (and on PostgreSQL its lock) before the insert: ids are then handed out in
    // the order events commit, across servers too.
    const head = await readChainHead(tx);
    const row = await tx.kysely.insertInto('events').values(values).returning('id').executeTakeFirstOrThrow();
    const id = Number(row.id);
    await appendChainRecord(tx, head, 'event', String(id), (h) => feedEvent(h, { id, ...values }));
    return id;
  });
}

/** Which events of a report to list, and in which order. */
export interface ListEventsOptions {
  /** Only the events of this section. */
  sectionId?: string;
  /** Newest first instead of oldest first. */
  newestFirst?: boolean;
  /**
   * Also the merges that were taken back (undoMerge) and their `report.merge_undone` events. Left
   * out by default: the history shows what took effect; the rows stay for the audit chain.
   */
  includeUndone?: boolean;
}

/** Events of a report, oldest first (or newest first), optionally of one section only. */
export async function listEvents(db: Db, reportId: string, opts: ListEventsOptions = {}): Promise<WorkflowEvent[]> {
  let query = db.kysely.selectFrom('events').selectAll().where('report_id', '=', reportId);
  if (opts.sectionId !== undefined) query = query.where('section_id', '=', opts.sectionId);
  const rows = await query.orderBy('id', opts.newestFirst ? 'desc' : 'asc').execute();
  const events = rows.map((r) => ({
    id: Number(r.id),
    reportId: r.report_id,
    sectionId: r.section_id,
    actorId: r.actor_id,
    type: r.type,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    createdAt: Number(r.created_at),
  }));
  if (opts.includeUndone) return events;
  const undone = new Set(events.filter((e) => e.type === UNDONE).map((e) => Number(e.detail['eventId'])));
  return undone.size === 0 ? events : events.filter((e) => e.type !== UNDONE && !undone.has(e.id));
}

/** The event recording that a merge was taken back; `detail.eventId` names the merge's event. */
export const UNDONE = 'report.merge_undone';
