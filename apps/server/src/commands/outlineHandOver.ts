/**
 * What a section's writing state becomes when the outline changes around it (issue 16: turning a
 * leaf into a heading silently dropped its bureaus, due date and 写作要求, left its text unseen in
 * a document no page shows, and left its 分配 notification pointing at a heading nobody writes).
 *
 * - A sub-section added under a **leaf that holds writing** (bureaus, a due date, a 写作要求, text,
 *   or a state past 未开始) takes all of it over: the leaf's document (its text, history, comments'
 *   anchors, open editors), bureaus, due date, 写作要求, state, 退回理由 and 最后编辑; its comments and
 *   notifications now point at the sub-section. The leaf becomes a bare heading (未开始, no bureaus,
 *   a fresh empty document).
 * - A sub-section added under a **heading** starts assigned to the bureaus every one of its
 *   siblings shares (and their common due date), 编写中 — the usual split of one bureau's section
 *   into parts; with siblings of different bureaus it starts unassigned.
 * - Moving a section under a leaf that holds writing is refused (see `moveSection`): the secretary
 *   adds a sub-section first, which takes the writing over as above.
 *
 * The SQL for the hand-over lives here, in the command's transaction, rather than in storage: it
 * is one statement per table and only this command needs it.
 */
import type { SectionHandOver, SiblingAssignment } from '@hegao/contract';
import { countDocUpdates, type Db, type SectionRecord } from '@hegao/storage';

/** A section's writing state, as the hand-over carries it and the API reports it (`SECTION_HAND_OVER`). */
export type HandOver = SectionHandOver;

/** Bureaus (and due date) a new sub-section takes from its siblings under a heading (`SIBLING_ASSIGNMENT`). */
export type { SiblingAssignment };

/** Whether a leaf holds anything a sub-section must take over before it becomes a heading; pure. */
export function holdsWriting(section: Pick<SectionRecord, 'bureauIds' | 'dueDate' | 'instruction' | 'status'>, hasText: boolean): boolean {
  return hasText || section.bureauIds.length > 0 || section.dueDate !== null || section.instruction.trim() !== '' || section.status !== 'not_started';
}

/**
 * The assignment a new sub-section takes from its siblings: the bureaus all of them share (null
 * when there are none, they differ, or none is assigned) and their due date when they agree; pure.
 *
 * @example sharedAssignment([{ bureauIds: ['b1'], dueDate: '2026-07-01' }, { bureauIds: ['b1'], dueDate: null }]) // { bureauIds: ['b1'], dueDate: null }
 */
export function sharedAssignment(siblings: readonly Pick<SectionRecord, 'bureauIds' | 'dueDate'>[]): SiblingAssignment | null {
  if (siblings.length === 0) return null;
  const key = (ids: readonly string[]) => [...ids].sort().join(',');
  const first = key(siblings[0]!.bureauIds);
  if (first === '' || siblings.some((s) => key(s.bureauIds) !== first)) return null;
  const dueDates = new Set(siblings.map((s) => s.dueDate));
  return { bureauIds: [...siblings[0]!.bureauIds].sort(), dueDate: dueDates.size === 1 ? siblings[0]!.dueDate : null };
}

/** Whether the section's document has any stored update. */
export async function hasStoredText(db: Db, docName: string): Promise<boolean> {
  return ((await countDocUpdates(db, [docName])).get(docName) ?? 0) > 0;
}

/**
 * Inside the add's transaction, after the sub-section `child` was inserted with the leaf's
 * bureaus, due date, 写作要求 and state: gives it the leaf's document (doc names swap, so the leaf
 * gets the child's fresh, empty one), 退回理由 and 最后编辑, moves the leaf's comments and
 * notifications to it, and strips the leaf to a bare heading. Returns what moved.
 */
export async function handOverWriting(tx: Db, leaf: SectionRecord, child: Pick<SectionRecord, 'id' | 'docName'>, hasText: boolean): Promise<HandOver> {
  const k = tx.kysely;
  const now = Date.now();
  // doc_name is unique: park the leaf's name on a temporary one while the child takes it.
  await k.updateTable('sections').set({ doc_name: `${child.docName}~handover` }).where('id', '=', leaf.id).execute();
  await k
    .updateTable('sections')
    .set({ doc_name: leaf.docName, return_reason: leaf.returnReason, last_edit_user_id: leaf.lastEditUserId, last_edit_at: leaf.lastEditAt, updated_at: now })
    .where('id', '=', child.id)
    .execute();
  await k
    .updateTable('sections')
    .set({ doc_name: child.docName, status: 'not_started', due_date: null, instruction: '', return_reason: null, last_edit_user_id: null, last_edit_at: null, reminded_at: null, updated_at: now })
    .where('id', '=', leaf.id)
    .execute();
  await k.deleteFrom('section_bureaus').where('section_id', '=', leaf.id).execute();
  const comments = await k.updateTable('comments').set({ section_id: child.id }).where('section_id', '=', leaf.id).executeTakeFirst();
  const notifications = await k.updateTable('notifications').set({ section_id: child.id }).where('section_id', '=', leaf.id).executeTakeFirst();
  // A report-created 分配 lists every section of the bureau in `detail.sectionIds`.
  const listing = await k
    .selectFrom('notifications')
    .select(['id', 'detail'])
    .where('report_id', '=', leaf.reportId)
    .where('type', '=', 'assigned')
    .where('detail', 'like', `%${leaf.id}%`)
    .execute();
  for (const row of listing) {
    const detail = JSON.parse(row.detail) as Record<string, unknown>;
    if (!Array.isArray(detail.sectionIds) || !detail.sectionIds.includes(leaf.id)) continue;
    detail.sectionIds = detail.sectionIds.map((sid: unknown) => (sid === leaf.id ? child.id : sid));
    await k.updateTable('notifications').set({ detail: JSON.stringify(detail) }).where('id', '=', row.id).execute();
  }
  return {
    fromId: leaf.id,
    fromTitle: leaf.title,
    bureauIds: [...leaf.bureauIds],
    dueDate: leaf.dueDate,
    instruction: leaf.instruction,
    status: leaf.status,
    text: hasText,
    comments: Number(comments.numUpdatedRows),
    notifications: Number(notifications.numUpdatedRows),
  };
}
