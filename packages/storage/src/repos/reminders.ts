/** When the office last reminded (催办) a section by hand; the once-an-hour limit is kept here atomically. */
import type { Db } from '../db.js';

/** When a live section was last reminded (epoch ms), null when never or unknown. */
export async function sectionRemindedAt(db: Db, sectionId: string): Promise<number | null> {
  const row = await db.kysely.selectFrom('sections').select('reminded_at').where('id', '=', sectionId).executeTakeFirst();
  return row?.reminded_at === null || row?.reminded_at === undefined ? null : Number(row.reminded_at);
}

/** Each section of a report that was ever reminded, with when (epoch ms). */
export async function sectionsRemindedAt(db: Db, reportId: string): Promise<Map<string, number>> {
  const rows = await db.kysely
    .selectFrom('sections')
    .select(['id', 'reminded_at'])
    .where('report_id', '=', reportId)
    .where('reminded_at', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.reminded_at)]));
}

/**
 * Records a 催办 at `at` if the live section is still in `status` and was not reminded after
 * `notAfter` (the last instant at which an earlier reminder no longer blocks this one). Returns
 * false, writing nothing, otherwise: of two simultaneous presses exactly one is recorded, on
 * either engine, since the check and the write are one statement.
 */
export async function markSectionReminded(db: Db, input: { id: string; status: string; at: number; notAfter: number }): Promise<boolean> {
  const updated = await db.kysely
    .updateTable('sections')
    .set({ reminded_at: input.at })
    .where('id', '=', input.id)
    .where('status', '=', input.status)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<=', input.notAfter)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
