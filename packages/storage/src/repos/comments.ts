/** Comments (批注): threads anchored to a text range of one Yjs document, with replies. */
import type { Db } from '../db.js';
import type { CommentTable } from '../schema.js';
import type { Selectable } from 'kysely';
import { newId } from '../ids.js';
import { chainRecord, feedComment, withinTransaction } from '../audit.js';

/** One stored comment; a reply has a `parentId` (always a thread root) and no anchor. */
export interface CommentRecord {
  id: string;
  reportId: string;
  docName: string;
  /** Null for a comment on the report's final draft. */
  sectionId: string | null;
  parentId: string | null;
  /** Base64 Yjs RelativePosition encodings, opaque to the server. */
  anchorFrom: string | null;
  anchorTo: string | null;
  quote: string;
  body: string;
  authorId: string;
  createdAt: number;
  resolvedBy: string | null;
  resolvedAt: number | null;
}

function toComment(row: Selectable<CommentTable>): CommentRecord {
  return {
    id: row.id,
    reportId: row.report_id,
    docName: row.doc_name,
    sectionId: row.section_id,
    parentId: row.parent_id,
    anchorFrom: row.anchor_from,
    anchorTo: row.anchor_to,
    quote: row.quote,
    body: row.body,
    authorId: row.author_id,
    createdAt: Number(row.created_at),
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
  };
}

// Comments are listed by creation time; keep it strictly increasing in this process so that two
// comments written within one millisecond still list in the order they were written.
let lastCreatedAt = 0;
function nextCreatedAt(): number {
  lastCreatedAt = Math.max(Date.now(), lastCreatedAt + 1);
  return lastCreatedAt;
}

/** Stores a new comment or reply; the caller has validated it. */
export async function createComment(
  db: Db,
  input: {
    reportId: string;
    docName: string;
    sectionId: string | null;
    parentId: string | null;
    anchorFrom?: string | null;
    anchorTo?: string | null;
    quote?: string;
    body: string;
    authorId: string;
  },
): Promise<CommentRecord> {
  const row: Selectable<CommentTable> = {
    id: newId(),
    report_id: input.reportId,
    doc_name: input.docName,
    section_id: input.sectionId,
    parent_id: input.parentId,
    anchor_from: input.anchorFrom ?? null,
    anchor_to: input.anchorTo ?? null,
    quote: input.quote ?? '',
    body: input.body,
    author_id: input.authorId,
    created_at: nextCreatedAt(),
    resolved_by: null,
    resolved_at: null,
  };
  await withinTransaction(db, async (tx) => {
    await tx.kysely.insertInto('comments').values(row).execute();
    await chainRecord(tx, 'comment', row.id, (h) => feedComment(h, row));
  });
  return toComment(row);
}

/** One comment by id, or null. */
export async function getComment(db: Db, id: string): Promise<CommentRecord | null> {
  const row = await db.kysely.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toComment(row) : null;
}

/** Every comment and reply of one document, oldest first. */
export async function listComments(db: Db, docName: string): Promise<CommentRecord[]> {
  const rows = await db.kysely.selectFrom('comments').selectAll().where('doc_name', '=', docName).orderBy('created_at').orderBy('id').execute();
  return rows.map(toComment);
}

/** Marks an open thread resolved; false when it was already resolved (or does not exist). */
export async function resolveComment(db: Db, id: string, userId: string, at: number): Promise<boolean> {
  const res = await db.kysely
    .updateTable('comments')
    .set({ resolved_by: userId, resolved_at: at })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Reopens a resolved thread; false when it was not resolved (or does not exist). */
export async function reopenComment(db: Db, id: string): Promise<boolean> {
  const res = await db.kysely
    .updateTable('comments')
    .set({ resolved_by: null, resolved_at: null })
    .where('id', '=', id)
    .where('resolved_at', 'is not', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
