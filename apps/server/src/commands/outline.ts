/**
 * Outline editing by the secretary: add, rename (and other fields), move or nest, delete. Each command
 * reads the outline, decides ('report.editOutline': secretary, report drafting or reviewing), computes
 * the new placements with the domain's pure outline functions and writes them with its event in one
 * transaction; then open clients of the report are told ('report.outline'). Numbers are never stored:
 * they follow from the tree. Deleting is a soft delete, so a section's document history stays.
 */
import { DomainError, decide, descendantIds, insertNode, moveNode, numberOutline, removeNode, type OutlineNode, type User } from '@hegao/domain';
import { countChars } from '@hegao/schema';
import {
  countDocUpdates,
  getReport,
  getSection,
  inTransaction,
  insertSections,
  listOutline,
  listSections,
  newId,
  placeSections,
  recordEvent,
  sectionDocName,
  softDeleteSections,
  updateSectionFields,
  type Db,
  type ReportRecord,
  type SectionFieldsPatch,
  type SectionPlacement,
  type SectionRecord,
} from '@hegao/storage';
import type { AppContext } from '../context.js';
import { storedText } from './sectionText.js';
import { handOverWriting, hasStoredText, holdsWriting, sharedAssignment, type HandOver, type SiblingAssignment } from './outlineHandOver.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';

/** A section with its place in the outline after a command. */
export interface PlacedSection {
  section: SectionRecord;
  number: string;
  level: number;
}

/** An added section, with what it took over from its parent (outlineHandOver.ts). */
export interface AddedSection extends PlacedSection {
  /** The parent was a leaf holding writing: the new sub-section took it over. */
  handOver?: HandOver;
  /** The parent is a heading whose sub-sections share bureaus: the new one starts with them. */
  inherited?: SiblingAssignment;
}

/** The Chinese refusal to move a section under a leaf that holds writing. */
export function moveUnderWritingMessage(number: string, title: string): string {
  return `“${number}${title}”已有承办部门、截止日期、写作要求或正文，移入子章节会使其成为标题。请先在其下新增子章节（原内容将转入子章节），再移入。`;
}

/** What deleting answered: done, or the section holds text and the caller must confirm first. */
export type DeleteOutcome =
  | { status: 'deleted'; deletedIds: string[]; docNames: string[]; chars: number }
  | { status: 'confirm_required'; chars: number; message: string };

/** The placements that differ between two versions of an outline (same ids). */
export function changedPlacements(before: readonly SectionPlacement[], after: readonly SectionPlacement[]): SectionPlacement[] {
  const old = new Map(before.map((s) => [s.id, s]));
  return after
    .filter((s) => {
      const o = old.get(s.id);
      return o !== undefined && (o.parentId !== s.parentId || o.position !== s.position);
    })
    .map(({ id, parentId, position }) => ({ id, parentId, position }));
}

/** The Chinese question asked before deleting a section that holds text. */
export function confirmDeleteMessage(chars: number): string {
  return `该章节已有内容（${chars}字），确认删除吗？删除后可在历史中查看。`;
}

/** Runs a domain outline function, turning its refusals into HTTP errors (conflict → 409, invalid → 400). */
function outlineStep<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof DomainError) throw refusal(err.code, err.message);
    throw err;
  }
}

/** Loads a report and refuses unless the user may edit its outline now. */
async function editableReport(db: Db, user: User, reportId: string): Promise<ReportRecord> {
  const report = await getReport(db, reportId);
  if (!report) throw notFound('报告');
  const decision = decide(user, 'report.editOutline', { report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  return report;
}

/** Loads a live section and its report, refusing unless the user may edit the outline. */
async function editableSection(db: Db, user: User, sectionId: string): Promise<{ section: SectionRecord; report: ReportRecord }> {
  const section = await getSection(db, sectionId);
  if (!section) throw notFound('章节');
  return { section, report: await editableReport(db, user, section.reportId) };
}

/** The section with its number and level in the report's current outline. */
async function placed(db: Db, sectionId: string): Promise<PlacedSection> {
  const section = await getSection(db, sectionId);
  if (!section) throw notFound('章节');
  const where = numberOutline(await listOutline(db, section.reportId)).find((n) => n.id === sectionId)!;
  return { section, number: where.number, level: where.level };
}

/** Tells the report's open clients that the outline changed. */
function announce(ctx: AppContext, user: User, reportId: string, sectionId: string): void {
  ctx.events.publish({ type: 'report.outline', reportId, sectionId, at: new Date().toISOString(), userId: user.id });
}

/**
 * Adds a section as the `index`-th child (0-based; default last) of `parentId` (null = top level)
 * and renumbers its siblings. It starts empty and unassigned, except under a parent (see
 * outlineHandOver.ts): under a leaf that holds writing it takes that writing over (document,
 * bureaus, due date, 写作要求, state, comments, notifications) and the leaf becomes a bare heading;
 * under a heading whose sub-sections all share bureaus it starts assigned to them (编写中). Writes to
 * the parent's document wait while this commits, so no keystroke lands in the document as it
 * changes hands.
 */
export async function addSection(
  ctx: AppContext,
  user: User,
  reportId: string,
  input: { title: string; parentId: string | null; index?: number; numbered?: boolean },
): Promise<AddedSection> {
  const id = newId();
  const parentDoc = input.parentId ? (await getSection(ctx.db, input.parentId))?.docName : undefined;
  const taken = await ctx.collab.changeAccess(new Set(parentDoc ? [parentDoc] : []), () =>
    inTransaction(ctx.db, async (tx) => {
      const report = await editableReport(tx, user, reportId);
      const sections = await listOutline(tx, report.id);
      const draft: OutlineNode = { id, parentId: input.parentId, position: 0, numbered: input.numbered !== false };
      const after = outlineStep(() => insertNode<OutlineNode>(sections, draft, input.parentId, input.index ?? Number.MAX_SAFE_INTEGER));
      const mine = after.find((s) => s.id === id)!;
      // insertNode has checked the parent is a live section of this report.
      const parent = input.parentId ? await getSection(tx, input.parentId) : null;
      const hasSiblings = parent !== null && sections.some((s) => s.parentId === parent.id);
      const parentText = parent !== null && !hasSiblings && (await hasStoredText(tx, parent.docName));
      const takesOver = parent !== null && !hasSiblings && holdsWriting(parent, parentText) ? parent : null;
      const inherited = parent && hasSiblings ? sharedAssignment((await listSections(tx, report.id)).filter((s) => s.parentId === parent.id)) : null;
      await insertSections(tx, [
        {
          id,
          reportId: report.id,
          parentId: input.parentId,
          position: mine.position,
          title: input.title,
          // Assigned on creation is what `assign` makes of a 未开始 section: 编写中.
          status: takesOver ? takesOver.status : inherited ? 'drafting' : 'not_started',
          bureauIds: takesOver ? takesOver.bureauIds : (inherited?.bureauIds ?? []),
          dueDate: takesOver ? takesOver.dueDate : (inherited?.dueDate ?? null),
          instruction: takesOver ? takesOver.instruction : '',
          numbered: input.numbered !== false,
        },
      ]);
      const handOver = takesOver ? await handOverWriting(tx, takesOver, { id, docName: sectionDocName(id) }, parentText) : undefined;
      await placeSections(tx, changedPlacements(sections, after));
      await recordEvent(tx, {
        reportId: report.id,
        sectionId: id,
        actorId: user.id,
        type: 'section.add',
        detail: {
          title: input.title,
          parentId: input.parentId,
          position: mine.position,
          numbered: input.numbered !== false,
          ...(handOver ? { handOver: { ...handOver, docName: takesOver!.docName } } : {}),
          ...(inherited ? { inherited } : {}),
        },
      });
      return { handOver, inherited };
    }),
  );
  announce(ctx, user, reportId, id);
  if (taken.handOver) ctx.logger.info('section writing handed over to a new sub-section', { sectionId: id, from: taken.handOver.fromId, userId: user.id });
  return { ...(await placed(ctx.db, id)), ...(taken.handOver ? { handOver: taken.handOver } : {}), ...(taken.inherited ? { inherited: taken.inherited } : {}) };
}

/** Changes a section's title, due date, instruction or numbering. */
export async function editSection(ctx: AppContext, user: User, sectionId: string, patch: SectionFieldsPatch): Promise<PlacedSection> {
  const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as SectionFieldsPatch;
  if (Object.keys(fields).length === 0) throw new ApiError(400, 'invalid', '没有要修改的内容');
  const reportId = await inTransaction(ctx.db, async (tx) => {
    const { section, report } = await editableSection(tx, user, sectionId);
    await updateSectionFields(tx, section.id, fields);
    const changes = Object.fromEntries(
      (Object.keys(fields) as (keyof SectionFieldsPatch)[]).map((k) => [k, { from: section[k], to: fields[k] }]),
    );
    await recordEvent(tx, { reportId: report.id, sectionId: section.id, actorId: user.id, type: 'section.update', detail: changes });
    return report.id;
  });
  announce(ctx, user, reportId, sectionId);
  return placed(ctx.db, sectionId);
}

/**
 * Moves a section (with its sub-sections) to be the `index`-th child (0-based, clamped) of `parentId`
 * (null = top level). Refuses with 409 to move it under itself or one of its descendants.
 */
export async function moveSection(
  ctx: AppContext,
  user: User,
  sectionId: string,
  input: { parentId: string | null; index: number },
): Promise<PlacedSection> {
  const reportId = await inTransaction(ctx.db, async (tx) => {
    const { section, report } = await editableSection(tx, user, sectionId);
    const sections = await listOutline(tx, report.id);
    const after = outlineStep(() => moveNode(sections, section.id, input.parentId, input.index));
    const changes = changedPlacements(sections, after);
    if (changes.length === 0) return report.id;
    // Nesting under a leaf makes it a heading: refused while it holds writing, which would be
    // dropped (the secretary adds a sub-section first, which takes the writing over).
    if (input.parentId !== null && !sections.some((s) => s.parentId === input.parentId)) {
      const parent = (await getSection(tx, input.parentId))!;
      if (holdsWriting(parent, await hasStoredText(tx, parent.docName))) {
        const number = numberOutline(sections).find((n) => n.id === parent.id)?.number ?? '';
        throw refusal('conflict', moveUnderWritingMessage(number, parent.title));
      }
    }
    await placeSections(tx, changes);
    const moved = after.find((s) => s.id === section.id)!;
    await recordEvent(tx, {
      reportId: report.id,
      sectionId: section.id,
      actorId: user.id,
      type: 'section.move',
      detail: { from: { parentId: section.parentId, position: section.position }, to: { parentId: moved.parentId, position: moved.position } },
    });
    return report.id;
  });
  announce(ctx, user, reportId, sectionId);
  return placed(ctx.db, sectionId);
}

/** Characters (字数) of the stored text of each document, summed; 0 for documents never written. */
export async function storedChars(db: Db, docNames: readonly string[]): Promise<number> {
  let total = 0;
  for (const docName of docNames) total += countChars(await storedText(db, docName));
  return total;
}

/**
 * Deletes a section and its sub-sections (soft delete: rows and document history stay). When any of
 * their documents has stored updates, answers `confirm_required` with the character count unless
 * `confirm` is set. Open connections to the deleted documents are closed (4403) before this resolves.
 */
export async function deleteSection(ctx: AppContext, user: User, sectionId: string, opts: { confirm: boolean }): Promise<DeleteOutcome> {
  const { section } = await editableSection(ctx.db, user, sectionId);
  const subtree = (sections: readonly SectionRecord[]) => {
    const ids = new Set([section.id, ...descendantIds(sections, section.id)]);
    return sections.filter((s) => ids.has(s.id));
  };
  const held = new Set(subtree(await listSections(ctx.db, section.reportId)).map((s) => s.docName));

  const commit = async (): Promise<DeleteOutcome> => {
    const chars = await storedChars(ctx.db, [...held]);
    return inTransaction(ctx.db, async (tx): Promise<DeleteOutcome> => {
      const { report } = await editableSection(tx, user, sectionId);
      const sections = await listSections(tx, report.id);
      const doomed = subtree(sections);
      const written = [...(await countDocUpdates(tx, doomed.map((s) => s.docName))).values()].some((n) => n > 0);
      if (written && !opts.confirm) return { status: 'confirm_required', chars, message: confirmDeleteMessage(chars) };
      const after = outlineStep(() => removeNode(sections, section.id));
      await softDeleteSections(tx, doomed.map((s) => s.id));
      await placeSections(tx, changedPlacements(sections, after));
      await recordEvent(tx, {
        reportId: report.id,
        sectionId: section.id,
        actorId: user.id,
        type: 'section.delete',
        detail: { title: section.title, deletedIds: doomed.map((s) => s.id), docNames: doomed.map((s) => s.docName), chars, confirmed: opts.confirm },
      });
      return { status: 'deleted', deletedIds: doomed.map((s) => s.id), docNames: doomed.map((s) => s.docName), chars };
    });
  };
  // Writes to the doomed documents are held while the delete commits, then judged by the new
  // rights (none: their connections are closed): a keystroke in flight is stored before the count
  // or refused, never stored into a deleted document after it was counted.
  const outcome = await ctx.collab.changeAccess(held, commit);
  if (outcome.status === 'deleted') {
    // A sub-section added while the delete waited was not held; close its connections too.
    const late = new Set(outcome.docNames.filter((docName) => !held.has(docName)));
    if (late.size > 0) await ctx.collab.refreshAccess(late);
    announce(ctx, user, section.reportId, section.id);
    ctx.logger.info('section deleted', { sectionId, userId: user.id, deleted: outcome.deletedIds.length, chars: outcome.chars });
  }
  return outcome;
}
