/**
 * Merge (合稿): builds the report's final draft from its sections in outline order, or on a
 * re-merge replaces only the sections whose text changed since the last merge, keeping the
 * office's edits elsewhere. Same shape as the section workflow: decide → write → record the event
 * → re-evaluate open editors → publish.
 *
 * When is a merge a re-merge? When the report already has merge records (merge_sources). While
 * merging, the office may reopen (return) an approved section; the report goes back to review
 * (合稿中 → 审核中), the bureau fixes and resubmits, the office approves, and the next merge
 * replaces only the sections whose text changed and reports them with their text before and after.
 */
import { applyReportAction, decide, numberOutline, type User } from '@hegao/domain';
import { composeFinal, docToText, fragmentToJSON, jsonToFragment, replaceSection, sectionBlocks, type ComposeSection } from '@hegao/schema';
import { getReport, lastDocSeq, listMergeSources, listSections, recordEvent, recordMerge, type ReportRecord, type SectionRecord } from '@hegao/storage';
import { finalDocName as finalDocNameOf } from '../collab/access.js';
import { identityOf } from '../collab/identity.js';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';

/** One section whose text differs from what the previous merge took (plain text before and after). */
export interface MergeChange {
  sectionId: string;
  title: string;
  before: string;
  after: string;
}

/** Outcome of a merge. */
export interface MergeResult {
  finalDocName: string;
  /** False for the first merge, which composes the whole draft. */
  remerge: boolean;
  /** Sections replaced in the final draft by this re-merge (empty on the first merge). */
  changed: MergeChange[];
}

/** A section in outline order with its current text, ready to compose. */
interface Gathered extends ComposeSection {
  section: SectionRecord;
  text: string;
  seq: number;
}

const LISTED_TITLES = 10;

/** Merges a report for a user; throws ApiError 403/404/409 with a Chinese message. */
export async function mergeReport(ctx: AppContext, user: User, reportId: string): Promise<MergeResult> {
  const report = await getReport(ctx.db, reportId);
  if (!report) throw notFound('报告');
  const sections = await listSections(ctx.db, report.id);
  const outline = numberOutline(sections);
  const byId = new Map(sections.map((s) => [s.id, s]));
  // Only outline leaves hold text and go through review; headings with sub-sections are never approved.
  const parents = new Set(sections.map((s) => s.parentId));
  const pending = outline.flatMap((n) => {
    const s = byId.get(n.id)!;
    return !parents.has(s.id) && s.status !== 'approved' ? [`${n.number}${s.title}`] : [];
  });
  checkAllowed(user, report, pending);

  const sources = new Map((await listMergeSources(ctx.db, report.id)).map((s) => [s.sectionId, s]));
  const remerge = sources.size > 0;
  const docName = report.finalDocName ?? finalDocNameOf(report.id);
  const gathered = await gather(ctx, sections, outline);
  // A section changed when its text or its heading (number, title: renamed, moved, nested) did.
  const changed = remerge ? gathered.filter((g) => sources.get(g.sectionId)?.text !== g.text) : gathered;
  // Sections deleted from the outline since they were merged leave the draft too.
  const live = new Set(gathered.map((g) => g.sectionId));
  const removed = remerge ? [...sources.values()].filter((s) => !live.has(s.sectionId) && s.text !== '') : [];

  if (changed.length > 0 || removed.length > 0) {
    const identity = await identityOf(ctx.db, user);
    const order = gathered.map((g) => g.sectionId);
    await ctx.collab.change(docName, identity, (doc) => {
      const frag = doc.getXmlFragment('prosemirror');
      if (!remerge) return jsonToFragment(composeFinal(gathered), frag);
      // Read the draft inside the change, so edits the office made a moment ago are kept.
      let next = fragmentToJSON(frag);
      for (const g of changed) next = replaceSection(next, g.sectionId, sectionBlocks(g), { preceding: order.slice(0, order.indexOf(g.sectionId)) });
      for (const r of removed) next = replaceSection(next, r.sectionId, []);
      jsonToFragment(next, frag);
    });
  }

  const to = report.status === 'merging' ? 'merging' : applyReportAction(report, 'merge').status;
  const recorded = await recordMerge(ctx.db, {
    reportId: report.id,
    finalDocName: docName,
    from: report.status,
    to,
    mergedAt: Date.now(),
    sources: [
      ...changed.map((g) => ({ sectionId: g.sectionId, sourceSeq: g.seq, text: g.text })),
      ...removed.map((r) => ({ sectionId: r.sectionId, sourceSeq: r.sourceSeq, text: '' })),
    ],
  });
  if (!recorded) throw new ApiError(409, 'conflict', '报告状态刚刚发生了变化，请刷新后重试');

  const changes: MergeChange[] = remerge
    ? [
        ...changed.map((g) => ({ sectionId: g.sectionId, title: g.section.title, before: sources.get(g.sectionId)?.text ?? '', after: g.text })),
        ...removed.map((r) => ({ sectionId: r.sectionId, title: deletedTitle(r.text), before: r.text, after: '' })),
      ]
    : [];
  await recordEvent(ctx.db, {
    reportId: report.id,
    actorId: user.id,
    type: 'report.merge',
    detail: { from: report.status, to, finalDocName: docName, remerge, sections: changed.map((g) => g.sectionId), removed: removed.map((r) => r.sectionId) },
  });
  // Sections turn read-only once the report is merging; the final draft opens for the office.
  const docNames = new Set([docName, ...sections.map((s) => s.docName)]);
  await ctx.collab.refreshAccess((name) => docNames.has(name));
  ctx.events.publish({ type: 'report.status', reportId: report.id, at: new Date().toISOString(), userId: user.id });
  ctx.logger.info('report merged', { reportId: report.id, userId: user.id, from: report.status, to, remerge, changed: changed.length });
  return { finalDocName: docName, remerge, changed: changes };
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
  if (blockedBySections) {
    const listed = pending.slice(0, LISTED_TITLES).map((t) => `“${t}”`).join('、');
    const more = pending.length > LISTED_TITLES ? '等' : '';
    throw new ApiError(409, 'conflict', `还有${pending.length}节未通过审核：${listed}${more}，不能合稿`);
  }
  if (!decision.ok) throw refusal(decision.code, decision.reason);
}

/**
 * What a merge takes of a section and compares on the next one: the heading line as the final
 * draft shows it (number and title; none for an unnumbered block), then the text.
 */
export function mergedText(section: { number: string; title: string; numbered: boolean }, text: string): string {
  return section.numbered ? `${section.number}${section.title}\n${text}` : text;
}

/** Title of a deleted section from what the last merge took of it (its numbered heading line, if any). */
function deletedTitle(merged: string): string {
  const heading = /^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）|[①-⑳])(.+)$/.exec(merged.split('\n', 1)[0] ?? '');
  return `${heading?.[1] ?? '已删除的章节'}（已删除）`;
}

/** Every live section in outline order with its current text and the last stored sequence number. */
async function gather(ctx: AppContext, sections: readonly SectionRecord[], outline: ReturnType<typeof numberOutline>): Promise<Gathered[]> {
  const byId = new Map(sections.map((s) => [s.id, s]));
  const out: Gathered[] = [];
  for (const n of outline) {
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
