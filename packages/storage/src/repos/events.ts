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

/** Appends an event. */
export async function recordEvent(
  db: Db,
  input: { reportId: string | null; sectionId?: string | null; actorId: string | null; type: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db.kysely
    .insertInto('events')
    .values({
      report_id: input.reportId,
      section_id: input.sectionId ?? null,
      actor_id: input.actorId,
      type: input.type,
      detail: JSON.stringify(input.detail ?? {}),
      created_at: Date.now(),
    })
    .execute();
}

/** Events of a report, oldest first. */
export async function listEvents(db: Db, reportId: string): Promise<WorkflowEvent[]> {
  const rows = await db.kysely.selectFrom('events').selectAll().where('report_id', '=', reportId).orderBy('id').execute();
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
