/**
 * Section workflow commands (assign, submit, approve, return): decide with the domain, write the
 * new state, record the event, then re-evaluate open editor connections before answering, so a
 * client that saw the response can rely on the new rights being in force.
 */
import { DomainError, applyReportAction, applySectionAction, decide, type ReportAction, type SectionAction, type User } from '@hegao/domain';
import {
  assignSection,
  getReport,
  getSection,
  listBureaus,
  listSections,
  recordEvent,
  updateReportStatus,
  updateSectionStatus,
  type ReportRecord,
  type SectionRecord,
} from '@hegao/storage';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import { notifySectionStep } from './notify.js';

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
  let next;
  try {
    next = applySectionAction(section, action, input);
  } catch (err) {
    if (err instanceof DomainError) throw refusal(err.code, err.message);
    throw err;
  }
  if (action === 'assign') {
    await assignSection(ctx.db, section.id, {
      bureauIds: next.bureauIds,
      status: next.status,
      ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
      ...(input.instruction !== undefined ? { instruction: input.instruction } : {}),
    });
  } else {
    await updateSectionStatus(ctx.db, section.id, next.status, action === 'return' ? (input.reason ?? '').trim() : null);
  }
  await recordEvent(ctx.db, {
    reportId: report.id,
    sectionId: section.id,
    actorId: user.id,
    type: `section.${action}`,
    detail: { from: section.status, to: next.status, ...(input.reason ? { reason: input.reason.trim() } : {}), ...(action === 'assign' ? { bureauIds: next.bureauIds } : {}) },
  });
  await ctx.collab.refreshAccess(section.docName);
  await followReport(ctx, user, report, action, input.reason);
  ctx.events.publish({
    type: action === 'assign' ? 'section.assignment' : 'section.status',
    reportId: report.id,
    sectionId: section.id,
    at: new Date().toISOString(),
    userId: user.id,
  });
  ctx.logger.info('section workflow', { sectionId, action, userId: user.id, from: section.status, to: next.status });
  const updated = (await getSection(ctx.db, section.id))!;
  await notifySectionStep(ctx, user, action, section, updated, input.reason);
  return updated;
}

/**
 * The report follows its sections: the first submission starts the review (起草中 → 审核中), and
 * reopening an approved section while merging sends the report back to review (合稿中 → 审核中),
 * after which merging again re-merges what changed.
 */
async function followReport(ctx: AppContext, user: User, report: ReportRecord, action: SectionAction, reason: string | undefined): Promise<void> {
  const reportAction: ReportAction | null =
    action === 'submit' && report.status === 'drafting' ? 'review' : action === 'return' && report.status === 'merging' ? 'reopen' : null;
  if (!reportAction) return;
  const next = applyReportAction(report, reportAction);
  await updateReportStatus(ctx.db, report.id, next.status);
  await recordEvent(ctx.db, {
    reportId: report.id,
    actorId: user.id,
    type: `report.${reportAction}`,
    detail: { from: report.status, to: next.status, ...(reason ? { reason: reason.trim() } : {}) },
  });
  const docs = new Set((await listSections(ctx.db, report.id)).map((s) => s.docName));
  if (report.finalDocName) docs.add(report.finalDocName);
  await ctx.collab.refreshAccess((name) => docs.has(name));
  ctx.events.publish({ type: 'report.status', reportId: report.id, at: new Date().toISOString(), userId: user.id });
}
