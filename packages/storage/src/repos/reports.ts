/** Reports and their outline sections with bureau assignments. */
import type { Report, ReportStatus, Section, SectionStatus, TemplateKind } from '@hegao/domain';
import type { Db } from '../db.js';
import type { ReportRow, SectionRow } from '../schema.js';
import { newId } from '../ids.js';
import { runTransaction } from '../transaction.js';

/** A section as stored: the domain section plus its document and edit bookkeeping. */
export interface SectionRecord extends Section {
  docName: string;
  /** False for an unnumbered block (导语, 结束语). */
  numbered: boolean;
  returnReason: string | null;
  lastEditUserId: string | null;
  lastEditAt: number | null;
  updatedAt: number;
}

/** A report as stored: the domain report plus its final draft, once merged. */
export interface ReportRecord extends Report {
  finalDocName: string | null;
  mergedAt: number | null;
}

function toReport(row: ReportRow): ReportRecord {
  return {
    finalDocName: row.final_doc_name,
    mergedAt: row.merged_at === null ? null : Number(row.merged_at),
    id: row.id,
    title: row.title,
    period: row.period,
    kind: row.kind as TemplateKind,
    dueDate: row.due_date,
    status: row.status as ReportStatus,
    version: Number(row.version),
  };
}

function toSection(row: SectionRow, bureauIds: string[]): SectionRecord {
  return {
    id: row.id,
    reportId: row.report_id,
    parentId: row.parent_id,
    position: Number(row.position),
    title: row.title,
    bureauIds,
    status: row.status as SectionStatus,
    dueDate: row.due_date,
    instruction: row.instruction,
    docName: row.doc_name,
    numbered: Number(row.numbered) !== 0,
    returnReason: row.return_reason,
    lastEditUserId: row.last_edit_user_id,
    lastEditAt: row.last_edit_at === null ? null : Number(row.last_edit_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Name of the Yjs document holding a section's text. */
export function sectionDocName(sectionId: string): string {
  return `section-${sectionId}`;
}

/** Creates a report (no sections). */
export async function createReport(
  db: Db,
  input: { title: string; period: string; kind: TemplateKind; dueDate: string | null; createdBy: string | null },
): Promise<ReportRecord> {
  const now = Date.now();
  const row: ReportRow = {
    id: newId(),
    title: input.title,
    period: input.period,
    kind: input.kind,
    due_date: input.dueDate,
    status: 'drafting',
    version: 0,
    created_by: input.createdBy,
    created_at: now,
    updated_at: now,
    final_doc_name: null,
    merged_at: null,
  };
  await db.kysely.insertInto('reports').values(row).execute();
  return toReport(row);
}

/** All reports, newest first. */
export async function listReports(db: Db): Promise<ReportRecord[]> {
  const rows = await db.kysely.selectFrom('reports').selectAll().orderBy('created_at', 'desc').execute();
  return rows.map(toReport);
}

/** One report or null. */
export async function getReport(db: Db, id: string): Promise<ReportRecord | null> {
  const row = await db.kysely.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toReport(row) : null;
}

/** Creates a section with its bureau assignments. */
export async function createSection(
  db: Db,
  input: {
    reportId: string;
    parentId: string | null;
    position: number;
    title: string;
    status?: SectionStatus;
    bureauIds?: string[];
    dueDate?: string | null;
    instruction?: string;
    numbered?: boolean;
  },
): Promise<SectionRecord> {
  const now = Date.now();
  const id = newId();
  const row: SectionRow = {
    id,
    report_id: input.reportId,
    parent_id: input.parentId,
    position: input.position,
    title: input.title,
    status: input.status ?? 'not_started',
    due_date: input.dueDate ?? null,
    instruction: input.instruction ?? '',
    doc_name: sectionDocName(id),
    return_reason: null,
    last_edit_user_id: null,
    last_edit_at: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    numbered: input.numbered === false ? 0 : 1,
    reminded_at: null,
  };
  const bureauIds = input.bureauIds ?? [];
  await runTransaction(db, async ({ kysely: trx }) => {
    // A new section was never reminded: the column's default (NULL) stands, so the insert does not
    // name it (and works on a database from before 0007, as migration tests build).
    const { reminded_at: _neverReminded, ...insert } = row;
    await trx.insertInto('sections').values(insert).execute();
    if (bureauIds.length > 0) {
      await trx.insertInto('section_bureaus').values(bureauIds.map((b) => ({ section_id: id, bureau_id: b }))).execute();
    }
  });
  return toSection(row, bureauIds);
}

async function bureauMap(db: Db, sectionIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (sectionIds.length === 0) return map;
  const rows = await db.kysely.selectFrom('section_bureaus').selectAll().where('section_id', 'in', sectionIds).execute();
  for (const r of rows) {
    const list = map.get(r.section_id) ?? [];
    list.push(r.bureau_id);
    map.set(r.section_id, list);
  }
  return map;
}

/** The live (not deleted) sections of a report, unordered (number them with the domain). */
export async function listSections(db: Db, reportId: string): Promise<SectionRecord[]> {
  const rows = await db.kysely.selectFrom('sections').selectAll().where('report_id', '=', reportId).where('deleted_at', 'is', null).execute();
  const bureaus = await bureauMap(db, rows.map((r) => r.id));
  return rows.map((r) => toSection(r, bureaus.get(r.id) ?? []));
}

/** Live sections of every report assigned to a bureau. */
export async function listSectionsOfBureau(db: Db, bureauId: string): Promise<SectionRecord[]> {
  const rows = await db.kysely
    .selectFrom('sections')
    .innerJoin('section_bureaus', 'section_bureaus.section_id', 'sections.id')
    .selectAll('sections')
    .where('section_bureaus.bureau_id', '=', bureauId)
    .where('sections.deleted_at', 'is', null)
    .execute();
  const bureaus = await bureauMap(db, rows.map((r) => r.id));
  return rows.map((r) => toSection(r, bureaus.get(r.id) ?? []));
}

/** One live section by id. */
export async function getSection(db: Db, id: string): Promise<SectionRecord | null> {
  const row = await db.kysely.selectFrom('sections').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) return null;
  return toSection(row, (await bureauMap(db, [id])).get(id) ?? []);
}

/** A section as stored, live or soft-deleted: `deletedAt` (epoch ms) is null while it is live. */
export type SectionRecordAnyState = SectionRecord & { deletedAt: number | null };

/** One section by id, deleted ones included (for reading back what was deleted); null when unknown. */
export async function getSectionAnyState(db: Db, id: string): Promise<SectionRecordAnyState | null> {
  const row = await db.kysely.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const section = toSection(row, (await bureauMap(db, [id])).get(id) ?? []);
  return { ...section, deletedAt: row.deleted_at === null ? null : Number(row.deleted_at) };
}

/** One live section by the name of its Yjs document. */
export async function getSectionByDocName(db: Db, docName: string): Promise<SectionRecord | null> {
  const row = await db.kysely.selectFrom('sections').selectAll().where('doc_name', '=', docName).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) return null;
  return toSection(row, (await bureauMap(db, [row.id])).get(row.id) ?? []);
}

/**
 * Moves a live section from `from` to `to` and writes its return reason (null clears it). Returns
 * false, writing nothing, when the section is no longer in `from` or was deleted: another request
 * changed it after the caller decided. Opens no transaction, so a command runs it with its
 * recordEvent inside `inTransaction`.
 */
export async function updateSectionStatus(
  db: Db,
  input: { id: string; from: SectionStatus; to: SectionStatus; returnReason: string | null },
): Promise<boolean> {
  const updated = await db.kysely
    .updateTable('sections')
    .set({ status: input.to, return_reason: input.returnReason, updated_at: Date.now() })
    .where('id', '=', input.id)
    .where('status', '=', input.from)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Replaces a live section's bureau assignment and moves it from `from` to `status` (optionally
 * setting its due date and instruction). Returns false, writing nothing, when the section is no
 * longer in `from` or was deleted. Opens no transaction: run it inside `inTransaction`, so the
 * assignment is written whole (with its event) or not at all.
 */
export async function assignSection(
  db: Db,
  id: string,
  input: { from: SectionStatus; bureauIds: string[]; status: SectionStatus; dueDate?: string | null; instruction?: string },
): Promise<boolean> {
  const updated = await db.kysely
    .updateTable('sections')
    .set({
      status: input.status,
      updated_at: Date.now(),
      ...(input.dueDate !== undefined ? { due_date: input.dueDate } : {}),
      ...(input.instruction !== undefined ? { instruction: input.instruction } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', input.from)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await db.kysely.deleteFrom('section_bureaus').where('section_id', '=', id).execute();
  if (input.bureauIds.length > 0) {
    await db.kysely.insertInto('section_bureaus').values(input.bureauIds.map((b) => ({ section_id: id, bureau_id: b }))).execute();
  }
  return true;
}

/** Records the newest edit of a section's document (author and time). */
export async function touchSectionEdit(db: Db, docName: string, userId: string, at: number): Promise<void> {
  await db.kysely
    .updateTable('sections')
    .set({ last_edit_user_id: userId, last_edit_at: at })
    .where('doc_name', '=', docName)
    .where((eb) => eb.or([eb('last_edit_at', 'is', null), eb('last_edit_at', '<=', at)]))
    .execute();
}

/**
 * Writes a report's status and version unconditionally: for seeding and tests. Workflow commands
 * move a report with the conditional writes (transitionReportStatus, recordMerge, lockVersion,
 * unlockVersion).
 */
export async function updateReportStatus(db: Db, id: string, status: ReportStatus, version?: number): Promise<void> {
  await db.kysely
    .updateTable('reports')
    .set({ status, updated_at: Date.now(), ...(version !== undefined ? { version } : {}) })
    .where('id', '=', id)
    .execute();
}

/**
 * Moves a report from `from` to `to`. Returns false, writing nothing, when the report is no longer
 * in `from` (another request changed it first). Opens no transaction: run it with its recordEvent
 * inside `inTransaction`.
 */
export async function transitionReportStatus(db: Db, input: { id: string; from: ReportStatus; to: ReportStatus }): Promise<boolean> {
  const updated = await db.kysely
    .updateTable('reports')
    .set({ status: input.to, updated_at: Date.now() })
    .where('id', '=', input.id)
    .where('status', '=', input.from)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
