/** The workflow event record: who did what, when, to which section, and why. */
import type { Db } from '../sqlite.js';

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

/** Appends an event; returns its id. */
export async function recordEvent(
  db: Db,
  input: { reportId: string | null; sectionId?: string | null; actorId: string | null; type: string; detail?: Record<string, unknown> },
): Promise<number> {
  const row = await db.kysely
    .insertInto('events')
    .values({
      report_id: input.reportId,
      section_id: input.sectionId ?? null,
      actor_id: input.actorId,
      type: input.type,
      detail: JSON.stringify(input.detail ?? {}),
      created_at: Date.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Which events of a report to list, and in which order. */
export interface ListEventsOptions {
  /** Only the events of this section. */
  sectionId?: string;
  /** Newest first instead of oldest first. */
  newestFirst?: boolean;
}

/** Events of a report, oldest first (or newest first), optionally of one section only. */
export async function listEvents(db: Db, reportId: string, opts: ListEventsOptions = {}): Promise<WorkflowEvent[]> {
  let query = db.kysely.selectFrom('events').selectAll().where('report_id', '=', reportId);
  if (opts.sectionId !== undefined) query = query.where('section_id', '=', opts.sectionId);
  const rows = await query.orderBy('id', opts.newestFirst ? 'desc' : 'asc').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    reportId: r.report_id,
    sectionId: r.section_id,
    actorId: r.actor_id,
    type: r.type,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    createdAt: Number(r.created_at),
  }));
}
