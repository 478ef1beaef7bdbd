/**
 * Section workflow commands (assign, submit, approve, return): decide with the domain, then write
 * the new state conditionally on the state that was decided on, with its event and its
 * notifications, in one transaction (a concurrent transition that won first makes this one a 409
 * that changes nothing), then re-evaluate open editor connections before answering, so a client
 * that saw the response can rely on the new rights being in force. Open clients are told only
 * after the commit.
 */
import {
  DomainError,
  applyReportAction,
  applySectionAction,
  decide,
  reportStepAfter,
  type ReportAction,
  type ReportStatus,
  type Section,
  type SectionAction,
  type User,
} from '@hegao/domain';
import {
  assignSection,
  getReport,
  getSection,
  inTransaction,
  listBureaus,
  listSections,
  recordEvent,
  transitionReportStatus,
  updateSectionStatus,
  type Db,
  type SectionRecord,
} from '@hegao/storage';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import { announceNotifications, storeSectionStepNotifications } from './notify.js';

/** 409 message when another request moved the section between the decision and the write. */
export const SECTION_MOVED = '章节状态已被他人更改，请刷新后重试';
/** 409 message when another request moved the report so that this step no longer applies. */
export const REPORT_MOVED = '报告状态刚刚发生了变化，请刷新后重试';

/** Input of a workflow command. */
export interface SectionCommandInput {
  reason?: string;
  bureauIds?: string[];
  dueDate?: string | null;
  instruction?: string;
}

/** Runs a section action for a user; throws ApiError 403/404/409/400 with a Chinese message. */
export async function runSectionAction(
  ctx: AppContext,
  user: User,
  sectionId: string,
  action: SectionAction,
  input: SectionCommandInput = {},
): Promise<SectionRecord> {
  const section = await getSection(ctx.db, sectionId);
  if (!section) throw notFound('章节');
  const report = await getReport(ctx.db, section.reportId);
  if (!report) throw notFound('报告');
  const decision = decide(user, `section.${action}`, { report, section, ...(input.reason !== undefined ? { reason: input.reason } : {}) });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  if (action === 'assign') {
    const known = new Set((await listBureaus(ctx.db)).map((b) => b.id));
    const unknown = (input.bureauIds ?? []).map((b) => b.trim()).filter((b) => b !== '' && !known.has(b));
    if (unknown.length > 0) throw new ApiError(400, 'invalid', `部门不存在：${unknown.join('、')}`);
  }
  let next: Section;
  try {
    next = applySectionAction(section, action, input);
  } catch (err) {
    if (err instanceof DomainError) throw refusal(err.code, err.message);
    throw err;
  }
  const reason = action === 'return' ? (input.reason ?? '').trim() : undefined;
  // Writes to the section are held while its new state commits, then judged by the new rights.
  const moved = await ctx.collab.changeAccess(section.docName, () => inTransaction(ctx.db, async (tx) => {
    // What the assignment replaces, read in the transaction that overwrites it.
    const current = action === 'assign' ? await getSection(tx, section.id) : null;
    const written =
      action === 'assign'
        ? await assignSection(tx, section.id, {
            from: section.status,
            bureauIds: next.bureauIds,
            status: next.status,
            ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
            ...(input.instruction !== undefined ? { instruction: input.instruction } : {}),
          })
        : await updateSectionStatus(tx, { id: section.id, from: section.status, to: next.status, returnReason: reason ?? null });
    if (!written) return null;
    await recordEvent(tx, {
      reportId: report.id,
      sectionId: section.id,
      actorId: user.id,
      type: `section.${action}`,
      detail: {
        from: section.status,
        to: next.status,
        ...(reason ? { reason } : {}),
        ...(action === 'assign' ? assignmentDetail(current ?? section, next.bureauIds, input) : {}),
      },
    });
    const followed = await followReport(tx, user, section, action, report.status, reason);
    // The step's notices commit with it (or not at all); after the write, so `after` is the new state.
    const after = (await getSection(tx, section.id))!;
    const notices = await storeSectionStepNotifications(tx, user, action, current ?? section, after, input.reason);
    return { ...followed, notices };
  }));
  if (moved === null) {
    // Another request won: say so, unless the section is gone altogether.
    if (!(await getSection(ctx.db, section.id))) throw notFound('章节');
    throw new ApiError(409, 'conflict', SECTION_MOVED);
  }
  if (moved.report) await reportMoved(ctx, user, report.id);
  ctx.events.publish({
    type: action === 'assign' ? 'section.assignment' : 'section.status',
    reportId: report.id,
    sectionId: section.id,
    at: new Date().toISOString(),
    userId: user.id,
  });
  ctx.logger.info('section workflow', { sectionId, action, userId: user.id, from: section.status, to: next.status, ...(moved.report ? { report: moved.report } : {}) });
  if (moved.notices.length > 0) announceNotifications(ctx, moved.notices);
  return (await getSection(ctx.db, section.id))!;
}

/**
 * What an assignment event records besides the statuses: the bureaus after it and before it, and
 * the due date and 写作要求 as `{from, to}` when the request changed them (as `section.update` does).
 * @example assignmentDetail({ bureauIds: ['fgj'], dueDate: '2020-07-07', instruction: '' }, ['nyj'], { dueDate: '2020-07-05' })
 * // { bureauIds: ['nyj'], previousBureauIds: ['fgj'], dueDate: { from: '2020-07-07', to: '2020-07-05' } }
 */
export function assignmentDetail(
  before: Pick<SectionRecord, 'bureauIds' | 'dueDate' | 'instruction'>,
  bureauIds: readonly string[],
  input: Pick<SectionCommandInput, 'dueDate' | 'instruction'>,
): Record<string, unknown> {
  const detail: Record<string, unknown> = { bureauIds: [...bureauIds], previousBureauIds: [...before.bureauIds] };
  if (input.dueDate !== undefined && input.dueDate !== before.dueDate) detail['dueDate'] = { from: before.dueDate, to: input.dueDate };
  if (input.instruction !== undefined && input.instruction !== before.instruction) detail['instruction'] = { from: before.instruction, to: input.instruction };
  return detail;
}

/** What a transition did to its report: the report step it caused, if any. */
interface Moved {
  report: { action: ReportAction; from: ReportStatus; to: ReportStatus } | null;
}

/**
 * Inside the transaction of a section step, after its conditional write: the report follows its
 * sections. The first submission starts the review (起草中 → 审核中), and reopening an approved
 * section while merging sends the report back to review (合稿中 → 审核中), after which merging
 * again re-merges what changed. The report is read again here: if it moved since the decision
 * (`decidedOn`), the step is decided again against its current state and refused with a 409 when
 * it no longer applies (the thrown error rolls the section's write back).
 */
async function followReport(
  tx: Db,
  user: User,
  section: SectionRecord,
  action: SectionAction,
  decidedOn: ReportStatus,
  reason: string | undefined,
): Promise<Moved> {
  const report = await getReport(tx, section.reportId);
  if (!report) throw notFound('报告');
  if (report.status !== decidedOn) {
    const again = decide(user, `section.${action}`, { report, section, ...(reason !== undefined ? { reason } : {}) });
    if (!again.ok) throw new ApiError(409, 'conflict', REPORT_MOVED);
  }
  const reportAction = reportStepAfter(action, report.status);
  if (!reportAction) return { report: null };
  const next = applyReportAction(report, reportAction);
  if (!(await transitionReportStatus(tx, { id: report.id, from: report.status, to: next.status }))) throw new ApiError(409, 'conflict', REPORT_MOVED);
  await recordEvent(tx, {
    reportId: report.id,
    actorId: user.id,
    type: `report.${reportAction}`,
    detail: { from: report.status, to: next.status, ...(reason ? { reason } : {}) },
  });
  return { report: { action: reportAction, from: report.status, to: next.status } };
}

/** After the report moved: every open editor of its sections and final draft is re-evaluated, and clients are told. */
async function reportMoved(ctx: AppContext, user: User, reportId: string): Promise<void> {
  const docs = new Set((await listSections(ctx.db, reportId)).map((s) => s.docName));
  const finalDocName = (await getReport(ctx.db, reportId))?.finalDocName;
  if (finalDocName) docs.add(finalDocName);
  await ctx.collab.refreshAccess(docs);
  ctx.events.publish({ type: 'report.status', reportId, at: new Date().toISOString(), userId: user.id });
}
