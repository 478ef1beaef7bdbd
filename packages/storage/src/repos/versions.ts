/**
 * The final draft's bookkeeping: what each merge took from each section, and the locked versions
 * (定稿) — immutable once written; unlocking only records who, when and why on the version.
 */
import type { ReportStatus } from '@hegao/domain';
import type { Db } from '../sqlite.js';
import { recordEvent } from './events.js';

/** The workflow event a lock or unlock records with it, in the same transaction. */
export interface VersionEvent {
  type: string;
  detail: Record<string, unknown>;
}

/** What the latest merge took from one section. */
export interface MergeSource {
  sectionId: string;
  mergedAt: number;
  /** Last update sequence number of the section's document at the merge (0 if it had none). */
  sourceSeq: number;
  /** What the merge took of the section: its heading line (numbered sections) and plain text; '' once deleted. */
  text: string;
}

/** A locked version without its content. */
export interface VersionSummary {
  reportId: string;
  version: number;
  sha256: string;
  lockedBy: string;
  lockedAt: number;
  unlockedBy: string | null;
  unlockedAt: number | null;
  unlockReason: string | null;
}

/** A locked version with its content: canonical ProseMirror JSON and the Yjs state it was taken from. */
export interface VersionRecord extends VersionSummary {
  contentJson: string;
  state: Uint8Array;
}

/** Highest update sequence number stored for a document (0 when it has none). */
export async function lastDocSeq(db: Db, docName: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('doc_updates')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('doc_name', '=', docName)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** What the latest merge took from each section of a report. */
export async function listMergeSources(db: Db, reportId: string): Promise<MergeSource[]> {
  const rows = await db.kysely.selectFrom('merge_sources').selectAll().where('report_id', '=', reportId).execute();
  return rows.map((r) => ({ sectionId: r.section_id, mergedAt: Number(r.merged_at), sourceSeq: Number(r.source_seq), text: r.text }));
}

/**
 * Records a merge in one transaction: the report's final document (set on the first merge, kept
 * after), merge time and status, and what was taken from each given section (replacing the
 * previous record of those sections). Returns false, writing nothing, when the report is no
 * longer in `from` (another request changed it first).
 */
export async function recordMerge(
  db: Db,
  input: { reportId: string; finalDocName: string; from: ReportStatus; to: ReportStatus; mergedAt: number; sources: readonly Omit<MergeSource, 'mergedAt'>[] },
): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('reports')
      .set((eb) => ({
        status: input.to,
        final_doc_name: eb.fn.coalesce('final_doc_name', eb.val(input.finalDocName)),
        merged_at: input.mergedAt,
        updated_at: input.mergedAt,
      }))
      .where('id', '=', input.reportId)
      .where('status', '=', input.from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    for (const s of input.sources) {
      const row = { merged_at: input.mergedAt, source_seq: s.sourceSeq, text: s.text };
      await trx
        .insertInto('merge_sources')
        .values({ report_id: input.reportId, section_id: s.sectionId, ...row })
        .onConflict((oc) => oc.columns(['report_id', 'section_id']).doUpdateSet(row))
        .execute();
    }
    return true;
  });
}

/**
 * Locks a report as `version` in one transaction: writes the immutable version row and moves the
 * report from 'merging' to 'locked' with that version number, and records `event` (by the locker)
 * with them. Returns false, writing nothing, when the report is not merging any more or the
 * version already exists.
 */
export async function lockVersion(
  db: Db,
  input: { reportId: string; version: number; sha256: string; contentJson: string; state: Uint8Array; lockedBy: string; lockedAt: number; event?: VersionEvent },
): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('reports')
      .set({ status: 'locked', version: input.version, updated_at: input.lockedAt })
      .where('id', '=', input.reportId)
      .where('status', '=', 'merging')
      .where('version', '=', input.version - 1)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await trx
      .insertInto('report_versions')
      .values({
        report_id: input.reportId,
        version: input.version,
        sha256: input.sha256,
        content_json: input.contentJson,
        state: input.state,
        locked_by: input.lockedBy,
        locked_at: input.lockedAt,
        unlocked_by: null,
        unlocked_at: null,
        unlock_reason: null,
      })
      .execute();
    if (input.event) await recordEvent({ ...db, kysely: trx }, { reportId: input.reportId, actorId: input.lockedBy, ...input.event });
    return true;
  });
}

/**
 * Unlocks a locked report in one transaction: records who, when and why on its current version
 * (whose content is never touched), moves the report back to 'merging' and records `event` (by
 * the unlocker) with them. Returns false, writing nothing, when the report is not locked at that
 * version.
 */
export async function unlockVersion(
  db: Db,
  input: { reportId: string; version: number; unlockedBy: string; unlockedAt: number; reason: string; event?: VersionEvent },
): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('reports')
      .set({ status: 'merging', updated_at: input.unlockedAt })
      .where('id', '=', input.reportId)
      .where('status', '=', 'locked')
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    const marked = await trx
      .updateTable('report_versions')
      .set({ unlocked_by: input.unlockedBy, unlocked_at: input.unlockedAt, unlock_reason: input.reason })
      .where('report_id', '=', input.reportId)
      .where('version', '=', input.version)
      .where('unlocked_at', 'is', null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) throw new Error(`version ${input.version} of report ${input.reportId} is missing or already unlocked`);
    if (input.event) await recordEvent({ ...db, kysely: trx }, { reportId: input.reportId, actorId: input.unlockedBy, ...input.event });
    return true;
  });
}

/** The locked versions of a report, oldest first, without their content. */
export async function listVersions(db: Db, reportId: string): Promise<VersionSummary[]> {
  const rows = await db.kysely
    .selectFrom('report_versions')
    .select(['report_id', 'version', 'sha256', 'locked_by', 'locked_at', 'unlocked_by', 'unlocked_at', 'unlock_reason'])
    .where('report_id', '=', reportId)
    .orderBy('version')
    .execute();
  return rows.map(toSummary);
}

/** One locked version with its content, or null. */
export async function getVersion(db: Db, reportId: string, version: number): Promise<VersionRecord | null> {
  const row = await db.kysely
    .selectFrom('report_versions')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) return null;
  // Drivers hand back Buffers that may share a pool; copy into a plain Uint8Array.
  return { ...toSummary(row), contentJson: row.content_json, state: new Uint8Array(row.state) };
}

function toSummary(row: {
  report_id: string;
  version: number;
  sha256: string;
  locked_by: string;
  locked_at: number;
  unlocked_by: string | null;
  unlocked_at: number | null;
  unlock_reason: string | null;
}): VersionSummary {
  return {
    reportId: row.report_id,
    version: Number(row.version),
    sha256: row.sha256,
    lockedBy: row.locked_by,
    lockedAt: Number(row.locked_at),
    unlockedBy: row.unlocked_by,
    unlockedAt: row.unlocked_at === null ? null : Number(row.unlocked_at),
    unlockReason: row.unlock_reason,
  };
}
