/**
 * Merge (合稿): builds the report's final draft from its sections in outline order, or on a
 * re-merge replaces only the sections whose text changed since the last merge, keeping the
 * office's edits elsewhere.
 *
 * When is a merge a re-merge? When the report already has merge records (merge_sources). While
 * merging, the office may reopen (return) an approved section; the report goes back to review
 * (合稿中 → 审核中), the bureau fixes and resubmits, the office approves, and the next merge
 * replaces only the sections whose text changed and reports them with their text before and after.
 *
 * The office's edits are never replaced silently. Each merge records, per section, the blocks it
 * left in the final draft (their fingerprint). A section to be replaced (or removed) whose blocks
 * in the draft differ from that record — the office polished, split, deleted or inserted text
 * there since — is a conflict: the merge is refused (409 `office_edits`, listing them with the
 * office's text) until the request says, per section, `replace` (the section's new text replaces
 * the office's; the replaced text stays in the draft's update log and in the merge event) or `keep`
 * (the draft keeps the office's version; the section's new text is not written).
 *
 * Order, so that a refused merge writes nothing: writes to the report's documents are held; the
 * merge is planned from the settled documents; one transaction checks again that every section is
 * approved and unchanged (a concurrent return or edit makes it a 409) and records the report's
 * status, the merge records and the event; only then is the final draft written. Should that write
 * fail, the record is taken back (undoMerge).
 */
import type { EditDecision, MergeChange, MergeResult, OfficeEdit } from '@hegao/contract';
import { applyReportAction, decide, isDone, numberOutline, type User } from '@hegao/domain';
import {
  docToText,
  fragmentToJSON,
  mergedText,
  planMerge as planFrom,
  type MergePlan,
  type MergeSection,
  type MergeTarget,
  type PMJSON,
  writeBlocks,
} from '@hegao/schema';
import {
  getReport,
  inTransaction,
  lastDocSeq,
  listMergeSources,
  listSections,
  recordMerge,
  undoMerge,
  type Db,
  type MergeSource,
  type ReportRecord,
  type SectionRecord,
} from '@hegao/storage';
import { finalDocName as finalDocNameOf } from '../collab/access.js';
import { identityOf } from '../collab/identity.js';
import { MERGE_CONNECTION_PREFIX } from '../authorship/authorIndex.js';
import { documentAt } from '../authorship/sectionAuthorship.js';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import { REPORT_MOVED } from './sectionWorkflow.js';

// The request's decisions and the answer's shapes are the contract's; the plan's values are checked against them here.
export type { EditDecision, EditResolution, MergeChange, MergeResult, OfficeEdit } from '@hegao/contract';
export { mergedText } from '@hegao/schema';

/** Options of a merge request. */
export interface MergeOptions {
  /**
   * By section id, for sections the office edited in the final draft since the last merge:
   * `replace` its blocks with the section's new text, `keep` the draft's version, or merge it
   * paragraph by paragraph (`{paragraphs: {<conflict index>: 'office' | 'bureau'}}`).
   */
  resolve?: Readonly<Record<string, EditDecision>>;
}

/** 409 code of a re-merge refused because the office edited sections it would replace. */
export const OFFICE_EDITS = 'office_edits';
/** 409 message when a section's text or the outline changed while the merge was being prepared. */
export const CONTENT_MOVED = '章节内容刚刚发生了变化，请刷新后重试';

/** A section in outline order with its current text, ready to compose. */
interface Gathered extends MergeSection {
  section: SectionRecord;
}

type Target = MergeTarget<Gathered, MergeSource>;

const LISTED_TITLES = 10;

/** Merges a report for a user; throws ApiError 403/404/409 with a Chinese message. */
export async function mergeReport(ctx: AppContext, user: User, reportId: string, options: MergeOptions = {}): Promise<MergeResult> {
  const report = await getReport(ctx.db, reportId);
  if (!report) throw notFound('报告');
  const sections = await listSections(ctx.db, report.id);
  checkAllowed(user, report, pendingOf(sections));
  const docName = report.finalDocName ?? finalDocNameOf(report.id);
  const identity = await identityOf(ctx.db, user);
  // Writes to the report's documents are held while the merge is planned, recorded and written,
  // then judged by the new state: sections turn read-only, the final draft opens for the office.
  const docNames = new Set([docName, ...sections.map((s) => s.docName)]);
  const outcome = await ctx.collab.changeAccess(
    docNames,
    async () => {
      const plan = await planMerge(ctx, report, sections, docName, options);
      const eventId = await inTransaction(ctx.db, async (tx) => {
        await checkUnchanged(tx, report.id, plan.gathered);
        const id = await recordMerge(tx, {
          reportId: report.id,
          finalDocName: docName,
          from: report.status,
          to: plan.to,
          mergedAt: plan.mergedAt,
          previousMergedAt: report.mergedAt,
          sources: plan.records,
          event: { type: 'report.merge', actorId: user.id, detail: plan.detail },
        });
        if (id === null) throw new ApiError(409, 'conflict', REPORT_MOVED);
        return id;
      });
      if (plan.next !== null) {
        const next = plan.next;
        try {
          // Marked, so authorship can give merged text back to the sections' writers; block by
          // block, so the blocks that stay keep their writers (the office's kept paragraphs too).
          await ctx.collab.change(docName, identity, (doc) => writeBlocks(next, doc.getXmlFragment('prosemirror')), { connectionId: `${MERGE_CONNECTION_PREFIX}${eventId}` });
        } catch (err) {
          await takeBack(ctx, report, plan, eventId);
          throw err;
        }
      }
      return plan;
    },
  );
  ctx.events.publish({ type: 'report.status', reportId: report.id, at: new Date().toISOString(), userId: user.id });
  ctx.logger.info('report merged', {
    reportId: report.id,
    userId: user.id,
    from: report.status,
    to: outcome.to,
    remerge: outcome.remerge,
    changed: outcome.changes.length,
    replacedEdits: outcome.changes.filter((c) => c.resolution === 'replace').length,
    keptEdits: outcome.changes.filter((c) => c.resolution === 'keep').length,
    mergedEdits: outcome.changes.filter((c) => c.resolution === 'merge').length,
  });
  return { finalDocName: docName, remerge: outcome.remerge, changed: outcome.changes };
}

/** What a merge will write, planned from the settled documents. */
interface Plan {
  remerge: boolean;
  to: ReportRecord['status'];
  mergedAt: number;
  gathered: Gathered[];
  targets: Target[];
  /** The final draft to write; null when it stays as it is. */
  next: PMJSON | null;
  records: { sectionId: string; sourceSeq: number; text: string; blocks: string }[];
  detail: MergePlan<Gathered, MergeSource>['detail'] & { from: ReportRecord['status']; to: ReportRecord['status']; finalDocName: string };
  changes: MergeChange[];
}

/** Reads what a merge is planned from, plans it (see planMerge in @hegao/schema), and refuses it with the office's edits. */
async function planMerge(ctx: AppContext, report: ReportRecord, sections: readonly SectionRecord[], docName: string, options: MergeOptions): Promise<Plan> {
  const sources = new Map((await listMergeSources(ctx.db, report.id)).map((s) => [s.sectionId, s]));
  const gathered = await gather(ctx, sections);
  const draft = sources.size > 0 ? fragmentToJSON((await ctx.collab.doc(docName)).getXmlFragment('prosemirror')) : null;
  // The base of a paragraph merge: each changed section's text as the previous merge took it.
  const baseContent = new Map<string, PMJSON>();
  if (draft) {
    for (const g of gathered) {
      const previous = sources.get(g.sectionId);
      if (!previous || previous.text === g.text) continue;
      const at = await documentAt(ctx.db, g.section.docName, undefined, previous.sourceSeq);
      try {
        baseContent.set(g.sectionId, fragmentToJSON(at.getXmlFragment('prosemirror')));
      } finally {
        at.destroy();
      }
    }
  }
  const plan = planFrom({ sections: gathered, sources, draft, resolve: options.resolve, baseContent });
  if (plan.kind === 'office_edits') throw officeEditsError(plan.targets, plan.edits);
  if (plan.kind === 'invalid') throw new ApiError(plan.status, plan.code, plan.message);
  const to = report.status === 'merging' ? 'merging' : applyReportAction(report, 'merge').status;
  return {
    remerge: plan.remerge,
    to,
    mergedAt: Math.max(Date.now(), (report.mergedAt ?? 0) + 1),
    gathered,
    targets: plan.targets,
    next: plan.next,
    records: plan.records,
    detail: { from: report.status, to, finalDocName: docName, ...plan.detail },
    changes: plan.changes,
  };
}

/** 409 `office_edits`: the sections the office edited that this merge would replace, with their texts. */
function officeEditsError(edits: readonly Target[], conflicts: OfficeEdit[]): ApiError {
  const listed = edits
    .slice(0, LISTED_TITLES)
    .map((t) => `“${t.section ? headingOf(t.section) : t.title}”`)
    .join('、');
  const more = edits.length > LISTED_TITLES ? '等' : '';
  return new ApiError(
    409,
    OFFICE_EDITS,
    `有${edits.length}节在合稿后被办公室修改过：${listed}${more}。重新合稿会用章节的新内容替换这些修改，请逐节选择“替换”“保留合稿中的修改”或“逐段合并”后再合稿`,
    undefined,
    { conflicts },
  );
}

function headingOf(g: Gathered): string {
  return `${g.number}${g.title}`;
}

/**
 * Inside the merge's transaction: every outline leaf is still approved, the outline (numbers,
 * titles, depth) is the one planned on, and no section's document has an update the plan did not
 * read. A return, an outline change or an edit that committed meanwhile makes the merge a 409.
 */
async function checkUnchanged(tx: Db, reportId: string, gathered: readonly Gathered[]): Promise<void> {
  const sections = await listSections(tx, reportId);
  const pending = pendingOf(sections);
  if (pending.length > 0) throw pendingError(pending);
  const byId = new Map(sections.map((s) => [s.id, s]));
  const outline = numberOutline(sections);
  const same =
    outline.length === gathered.length &&
    outline.every((n, i) => {
      const g = gathered[i]!;
      const s = byId.get(n.id)!;
      return g.sectionId === n.id && g.number === n.number && g.level === n.level && g.title === s.title && g.numbered === s.numbered;
    });
  if (!same) throw new ApiError(409, 'conflict', CONTENT_MOVED);
  for (const g of gathered) {
    if ((await lastDocSeq(tx, g.section.docName)) !== g.seq) throw new ApiError(409, 'conflict', CONTENT_MOVED);
  }
}

/** The draft's write failed after the merge was recorded: take the record back, so a retry starts over. */
async function takeBack(ctx: AppContext, report: ReportRecord, plan: Plan, eventId: number): Promise<void> {
  try {
    const undone = await undoMerge(ctx.db, {
      reportId: report.id,
      from: report.status,
      to: plan.to,
      mergedAt: plan.mergedAt,
      previous: { finalDocName: report.finalDocName, mergedAt: report.mergedAt },
      sources: plan.targets.map((t) => ({ sectionId: t.sectionId, previous: t.previous })),
      eventId,
    });
    ctx.logger.error('final draft not written; merge taken back', { reportId: report.id, undone });
  } catch (err) {
    ctx.logger.error('final draft not written and the merge record could not be taken back', { reportId: report.id, error: (err as Error).message });
  }
}

/** Outline leaves (the sections that hold text and go through review) not approved, as `（一）疫情防控`. */
function pendingOf(sections: readonly SectionRecord[]): string[] {
  const byId = new Map(sections.map((s) => [s.id, s]));
  // Headings with sub-sections are never approved.
  const parents = new Set(sections.map((s) => s.parentId));
  return numberOutline(sections).flatMap((n) => {
    const s = byId.get(n.id)!;
    return !parents.has(s.id) && !isDone(s.status) ? [`${n.number}${s.title}`] : [];
  });
}

function pendingError(pending: readonly string[]): ApiError {
  const listed = pending.slice(0, LISTED_TITLES).map((t) => `“${t}”`).join('、');
  const more = pending.length > LISTED_TITLES ? '等' : '';
  return new ApiError(409, 'conflict', `还有${pending.length}节未通过审核：${listed}${more}，不能合稿`);
}

/** Refuses with the domain's reason; a merge blocked by sections names them. */
function checkAllowed(user: User, report: ReportRecord, pending: readonly string[]): void {
  const allApproved = pending.length === 0;
  // Merging again while merging is a re-merge: who may do it is who may edit the final draft.
  const decision =
    report.status === 'merging'
      ? decide(user, 'report.editFinal', { report })
      : decide(user, 'report.merge', { report, sectionsAllApproved: allApproved });
  // Who may merge is checked first (403); a locked report is refused as such, not for its sections.
  const blockedBySections = !allApproved && (decision.ok || (decision.code === 'conflict' && report.status !== 'locked'));
  if (blockedBySections) throw pendingError(pending);
  if (!decision.ok) throw refusal(decision.code, decision.reason);
}

/** Every live section in outline order with its current text and the last stored sequence number. */
async function gather(ctx: AppContext, sections: readonly SectionRecord[]): Promise<Gathered[]> {
  const byId = new Map(sections.map((s) => [s.id, s]));
  const out: Gathered[] = [];
  for (const n of numberOutline(sections)) {
    const section = byId.get(n.id)!;
    const doc = await ctx.collab.doc(section.docName);
    const content = fragmentToJSON(doc.getXmlFragment('prosemirror'));
    const seq = await lastDocSeq(ctx.db, section.docName);
    out.push({
      section,
      sectionId: section.id,
      number: n.number,
      title: section.title,
      level: n.level,
      numbered: section.numbered,
      content,
      text: mergedText({ number: n.number, title: section.title, numbered: section.numbered }, docToText(content)),
      seq,
    });
  }
  return out;
}
