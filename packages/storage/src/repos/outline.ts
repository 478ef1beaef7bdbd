/**
 * Outline edits: sections inserted, re-placed, changed and soft-deleted as one unit of work. These
 * functions open no transaction of their own, so a command runs several of them (and recordEvent)
 * atomically inside `inTransaction`.
 */
import type { SectionStatus } from '@hegao/domain';
import type { SectionRow } from '../schema.js';
import type { Db } from '../db.js';
import { runTransaction } from '../transaction.js';
import { sectionDocName } from './reports.js';

/** A section to insert; the caller picks its id (newId) so a whole tree can reference its parents. */
export interface NewOutlineSection {
  id: string;
  reportId: string;
  parentId: string | null;
  position: number;
  title: string;
  status: SectionStatus;
  bureauIds: readonly string[];
  dueDate: string | null;
  instruction: string;
  numbered: boolean;
}

/** Where a section sits: its parent and its position among its siblings. */
export interface SectionPlacement {
  id: string;
  parentId: string | null;
  position: number;
}

/** A live section's place in its report's outline: what numbering and placing need, and no more. */
export interface OutlinePlace extends SectionPlacement {
  numbered: boolean;
}

/**
 * The live sections of a report as outline places only (listSections without titles, texts and
 * bureaus). Adding a section reads the whole outline twice; with every column and the bureaus that
 * was ~20x the data, and on PostgreSQL those rows outlive the young generation and grew the heap
 * (docs/scaling.md, *Memory*).
 */
export async function listOutline(db: Db, reportId: string): Promise<OutlinePlace[]> {
  const rows = await db.kysely
    .selectFrom('sections')
    .select(['id', 'parent_id', 'position', 'numbered'])
    .where('report_id', '=', reportId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, position: Number(r.position), numbered: Number(r.numbered) !== 0 }));
}

/** Fields of a section the outline editor may change. */
export interface SectionFieldsPatch {
  title?: string;
  dueDate?: string | null;
  instruction?: string;
  numbered?: boolean;
}

/**
 * Runs `fn` in one transaction and hands it a Db bound to that transaction, so repository functions
 * work inside unchanged. Only call functions that open no transaction themselves (createSection
 * does); and use only `tx` inside: the outer Db waits for this transaction to finish.
 *
 * On PostgreSQL a deadlock (40P01) or serialization failure (40001) rolls the whole transaction
 * back and `fn` runs again from the start (runTransaction, transaction.ts): so `fn` must do nothing
 * but database work through `tx` — publish events, tell sockets and log after this resolves.
 * @example await inTransaction(db, async (tx) => { await placeSections(tx, moves); await recordEvent(tx, event); })
 */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return runTransaction(db, fn);
}

/** Inserts sections with their bureau assignments (parents before children, as given). */
export async function insertSections(db: Db, sections: readonly NewOutlineSection[]): Promise<void> {
  if (sections.length === 0) return;
  const now = Date.now();
  const rows: SectionRow[] = sections.map((s) => ({
    id: s.id,
    report_id: s.reportId,
    parent_id: s.parentId,
    position: s.position,
    title: s.title,
    status: s.status,
    due_date: s.dueDate,
    instruction: s.instruction,
    doc_name: sectionDocName(s.id),
    return_reason: null,
    last_edit_user_id: null,
    last_edit_at: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    numbered: s.numbered ? 1 : 0,
    reminded_at: null,
  }));
  // One statement per row: parents must exist before their children (foreign key), and SQLite caps bound variables.
  for (const row of rows) await db.kysely.insertInto('sections').values(row).execute();
  const links = sections.flatMap((s) => s.bureauIds.map((b) => ({ section_id: s.id, bureau_id: b })));
  for (const link of links) await db.kysely.insertInto('section_bureaus').values(link).execute();
}

/** Writes new parents and positions (the changed placements of one outline edit). */
export async function placeSections(db: Db, placements: readonly SectionPlacement[]): Promise<void> {
  const now = Date.now();
  for (const p of placements) {
    await db.kysely.updateTable('sections').set({ parent_id: p.parentId, position: p.position, updated_at: now }).where('id', '=', p.id).execute();
  }
}

/** Changes a section's title, due date, instruction or numbering; fields left undefined stay as they are. */
export async function updateSectionFields(db: Db, id: string, patch: SectionFieldsPatch): Promise<void> {
  await db.kysely
    .updateTable('sections')
    .set({
      updated_at: Date.now(),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.dueDate !== undefined ? { due_date: patch.dueDate } : {}),
      ...(patch.instruction !== undefined ? { instruction: patch.instruction } : {}),
      ...(patch.numbered !== undefined ? { numbered: patch.numbered ? 1 : 0 } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Marks sections deleted. Their rows, bureau links and document history (doc_updates) stay; they vanish
 * from listSections, getSection and getSectionByDocName, so open connections lose access on refresh.
 */
export async function softDeleteSections(db: Db, ids: readonly string[], at = Date.now()): Promise<void> {
  if (ids.length === 0) return;
  await db.kysely.updateTable('sections').set({ deleted_at: at, updated_at: at }).where('id', 'in', [...ids]).where('deleted_at', 'is', null).execute();
}

/** Number of stored updates per document (documents without any are absent from the map). */
export async function countDocUpdates(db: Db, docNames: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (docNames.length === 0) return out;
  const rows = await db.kysely
    .selectFrom('doc_updates')
    .select(['doc_name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('doc_name', 'in', [...docNames])
    .groupBy('doc_name')
    .execute();
  for (const r of rows) out.set(r.doc_name, Number(r.n));
  return out;
}
