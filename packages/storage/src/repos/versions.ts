/**
 * The final draft's bookkeeping: what each merge took from each section, and the locked versions
 * (定稿) — immutable once written; unlocking only records who, when and why on the version.
 */
import type { AuditEvent } from '@hegao/contract';
import type { ReportStatus } from '@hegao/domain';
import type { Db } from '../db.js';
import { appendChainRecord, feedVersion, readChainHead, versionRef } from '../audit.js';
import { UNDONE, recordEvent } from './events.js';
import { runTransaction } from '../transaction.js';
import { inTransaction } from './outline.js';

/** The workflow event a merge, lock or unlock records with it, in the same transaction. */
export type VersionEvent = Extract<AuditEvent, { type: 'report.merge' | 'report.lock' | 'report.unlock' }>;

/** What the latest merge took from one section. */
export interface MergeSource {
  sectionId: string;
  mergedAt: number;
  /** Last update sequence number of the section's document at the merge (0 if it had none). */
  sourceSeq: number;
  /** What the merge took of the section: its heading line (numbered sections) and plain text; '' once deleted. */
  text: string;
  /**
   * The blocks the merge left in the final draft for the section, as `blocksFingerprint` (canonical
   * JSON) gives them; null in records written before they were kept (then only `text` is known).
   */
  blocks: string | null;
}

/** A section's merge record as written by {@link recordMerge}. */
export type MergeSourceInput = Omit<MergeSource, 'mergedAt' | 'blocks'> & { blocks?: string | null };

/** Input of {@link recordMerge}. */
export interface MergeInput {
  reportId: string;
  finalDocName: string;
  from: ReportStatus;
  to: ReportStatus;
  mergedAt: number;
  /**
   * The report's `mergedAt` the merge was planned on (null before the first merge); when given, a
   * merge committed in between makes this one fail. Omitted: not checked.
   */
  previousMergedAt?: number | null;
  sources: readonly MergeSourceInput[];
  /** The workflow event recorded with it (by `actorId`), in the same transaction. */
  event?: VersionEvent & { actorId: string };
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
  /** The audit chain's head when the version was locked (null for versions locked before the chain). */
  chainHead: string | null;
  /** Its position in the chain (the records it covers: 1…chainSeq). */
  chainSeq: number | null;
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
  return rows.map((r) => ({ sectionId: r.section_id, mergedAt: Number(r.merged_at), sourceSeq: Number(r.source_seq), text: r.text, blocks: r.blocks_json ?? null }));
}

/**
 * Records a merge: the report's final document (set on the first merge, kept after), merge time
 * and status, what was taken from each given section (replacing the previous record of those
 * sections) and the event. Returns the recorded event's id (0 without an event), or null, writing
 * nothing, when the report is no longer in `from` or was merged since `previousMergedAt` (another
 * request changed it first). Runs in one transaction: its own, or the caller's when `db` is bound to
 * one (inTransaction), so checks made there commit with it.
 */
export async function recordMerge(db: Db, input: MergeInput): Promise<number | null> {
  if (db.kysely.isTransaction) return writeMerge(db, input);
  return inTransaction(db, (tx) => writeMerge(tx, input));
}

async function writeMerge(db: Db, input: MergeInput): Promise<number | null> {
  let update = db.kysely
    .updateTable('reports')
    .set((eb) => ({
      status: input.to,
      final_doc_name: eb.fn.coalesce('final_doc_name', eb.val(input.finalDocName)),
      merged_at: input.mergedAt,
      updated_at: input.mergedAt,
    }))
    .where('id', '=', input.reportId)
    .where('status', '=', input.from);
  if (input.previousMergedAt !== undefined) update = update.where('merged_at', input.previousMergedAt === null ? 'is' : '=', input.previousMergedAt);
  const updated = await update.executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return null;
  for (const s of input.sources) {
    const row = { merged_at: input.mergedAt, source_seq: s.sourceSeq, text: s.text, blocks_json: s.blocks ?? null };
    await db.kysely
      .insertInto('merge_sources')
      .values({ report_id: input.reportId, section_id: s.sectionId, ...row })
      .onConflict((oc) => oc.columns(['report_id', 'section_id']).doUpdateSet(row))
      .execute();
  }
  if (!input.event) return 0;
  return recordEvent(db, { reportId: input.reportId, ...input.event });
}

/**
 * Takes back a merge recorded by {@link recordMerge} whose final draft could not be written: the
 * report returns to `from` with its previous final document and merge time, each section's merge
 * record to `previous` (removed when it had none), and a `report.merge_undone` event naming the
 * merge's event is recorded (events are never deleted: the audit chain covers them). Writes nothing and returns false when the report moved on
 * since (no longer `to` at `mergedAt`).
 */
export async function undoMerge(
  db: Db,
  input: {
    reportId: string;
    from: ReportStatus;
    to: ReportStatus;
    mergedAt: number;
    previous: { finalDocName: string | null; mergedAt: number | null };
    sources: readonly { sectionId: string; previous: MergeSource | null }[];
    eventId: number;
  },
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const updated = await tx.kysely
      .updateTable('reports')
      .set({ status: input.from, final_doc_name: input.previous.finalDocName, merged_at: input.previous.mergedAt })
      .where('id', '=', input.reportId)
      .where('status', '=', input.to)
      .where('merged_at', '=', input.mergedAt)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    for (const { sectionId, previous } of input.sources) {
      const where = tx.kysely.deleteFrom('merge_sources').where('report_id', '=', input.reportId).where('section_id', '=', sectionId);
      if (!previous) {
        await where.execute();
        continue;
      }
      await tx.kysely
        .updateTable('merge_sources')
        .set({ merged_at: previous.mergedAt, source_seq: previous.sourceSeq, text: previous.text, blocks_json: previous.blocks })
        .where('report_id', '=', input.reportId)
        .where('section_id', '=', sectionId)
        .execute();
    }
    // The merge's event stays (the record never loses a row, see audit.ts); one more says it was undone.
    if (input.eventId > 0) await recordEvent(tx, { reportId: input.reportId, actorId: null, type: UNDONE, detail: { eventId: input.eventId } });
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
  return runTransaction(db, async (tx) => {
    const trx = tx.kysely;
    const updated = await trx
      .updateTable('reports')
      .set({ status: 'locked', version: input.version, updated_at: input.lockedAt })
      .where('id', '=', input.reportId)
      .where('status', '=', 'merging')
      .where('version', '=', input.version - 1)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    // The chain head at lock time is kept with the version; the version's own chain record follows it.
    const head = await readChainHead(tx);
    const row = {
      report_id: input.reportId,
      version: input.version,
      sha256: input.sha256,
      content_json: input.contentJson,
      state: input.state,
      locked_by: input.lockedBy,
      locked_at: input.lockedAt,
      chain_seq: head.seq,
      chain_head: head.hash,
    };
    await trx
      .insertInto('report_versions')
      .values({ ...row, unlocked_by: null, unlocked_at: null, unlock_reason: null })
      .execute();
    await appendChainRecord(tx, head, 'version', versionRef(input.reportId, input.version), (h) => feedVersion(h, row));
    if (input.event) await recordEvent(tx, { reportId: input.reportId, actorId: input.lockedBy, ...input.event });
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
  return runTransaction(db, async (tx) => {
    const trx = tx.kysely;
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
    if (input.event) await recordEvent(tx, { reportId: input.reportId, actorId: input.unlockedBy, ...input.event });
    return true;
  });
}

/** The locked versions of a report, oldest first, without their content. */
export async function listVersions(db: Db, reportId: string): Promise<VersionSummary[]> {
  const rows = await db.kysely
    .selectFrom('report_versions')
    .select(['report_id', 'version', 'sha256', 'locked_by', 'locked_at', 'unlocked_by', 'unlocked_at', 'unlock_reason', 'chain_seq', 'chain_head'])
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
  chain_seq: number | null;
  chain_head: string | null;
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
    chainHead: row.chain_head,
    chainSeq: row.chain_seq === null ? null : Number(row.chain_seq),
  };
}
