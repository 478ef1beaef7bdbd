/**
 * 催办: the office reminds the bureau writers of a section that is still being written. decide()
 * rules who may and how often (once an hour per section); the time is recorded by a conditional
 * write, so two presses at once record one 催办. The 催办 is an event in the audited history and
 * one 'reminded' notification per writer, stored in the same transaction.
 */
import type { RemindResult } from '@hegao/contract';
import { decide, effectiveDueDate, nextRemindAt, REMIND_INTERVAL_MS, type User } from '@hegao/domain';
import {
  createNotifications,
  getReport,
  getSection,
  inTransaction,
  listSections,
  listUsers,
  markSectionReminded,
  recordEvent,
  sectionRemindedAt,
  type NewNotification,
  type ReportRecord,
  type SectionRecord,
} from '@hegao/storage';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import { announceNotifications, chineseDate, editorsOf, reportSectionLabel, sectionNumbers } from './notify.js';
import { SECTION_MOVED } from './sectionWorkflow.js';

/** What a 催办 did. */
export interface Reminded {
  sectionId: string;
  /** When it was recorded (epoch ms). */
  remindedAt: number;
  /** When the section may be reminded again (epoch ms). */
  nextAt: number;
  /** How many writers were told. */
  notified: number;
}

/** A 催办 as `POST /api/sections/:id/remind` answers it (`REMIND_RESULT`): the times in ISO 8601. */
export function remindAnswer(done: Reminded): RemindResult {
  return { sectionId: done.sectionId, remindedAt: new Date(done.remindedAt).toISOString(), nextAt: new Date(done.nextAt).toISOString(), notified: done.notified };
}

/** What a 催办 notifies; pure. */
export interface RemindInput {
  actor: Pick<User, 'id' | 'name'>;
  report: Pick<ReportRecord, 'id' | 'title' | 'dueDate'>;
  section: Pick<SectionRecord, 'id' | 'title' | 'bureauIds' | 'dueDate'>;
  number: string;
  users: readonly User[];
  /** Today in Asia/Shanghai (YYYY-MM-DD), to say whether the section is overdue. */
  today: string;
}

/**
 * One 'reminded' notification per enabled writer of the section's bureaus:
 * 办公室催办《…》“（二）疫情防控”，请于2026年12月8日前提交 (已超过截止日期（…），请尽快提交 when late).
 */
export function remindNotifications(input: RemindInput): NewNotification[] {
  const { actor, report, section, users, today } = input;
  const label = reportSectionLabel(report.title, input.number, section.title);
  const due = effectiveDueDate(section, report);
  const ask = due === null ? '请抓紧编写并提交' : due < today ? `已超过截止日期（${chineseDate(due)}），请尽快提交` : `请于${chineseDate(due)}前提交`;
  return editorsOf(users, section.bureauIds).map((u) => ({
    userId: u.id,
    type: 'reminded',
    reportId: report.id,
    sectionId: section.id,
    message: `办公室催办${label}，${ask}`,
    detail: { actorId: actor.id, actorName: actor.name, dueDate: due },
  }));
}

/** 催办 of a section by `user` at `now`; throws ApiError 403/404/409/429 with a Chinese message (429 also `retryAt`). */
export async function remindSection(ctx: AppContext, user: User, sectionId: string, today: string, now = Date.now()): Promise<Reminded> {
  const section = await getSection(ctx.db, sectionId);
  if (!section) throw notFound('章节');
  const report = await getReport(ctx.db, section.reportId);
  if (!report) throw notFound('报告');
  const sections = await listSections(ctx.db, report.id);
  if (sections.some((s) => s.parentId === section.id)) throw new ApiError(409, 'conflict', '本节下设小节，请催办各小节');
  const refuse = (current: SectionRecord, remindedAt: number | null): ApiError | null => {
    const decision = decide(user, 'section.remind', { report, section: current, remindedAt, now });
    if (decision.ok) return null;
    if (decision.code !== 'too_soon' || remindedAt === null) return refusal(decision.code, decision.reason);
    return new ApiError(429, 'too_soon', decision.reason, undefined, { retryAt: new Date(nextRemindAt(remindedAt)).toISOString() });
  };
  const refused = refuse(section, await sectionRemindedAt(ctx.db, section.id));
  if (refused) throw refused;

  const number = sectionNumbers(sections).get(section.id) ?? '';
  const notices = await inTransaction(ctx.db, async (tx) => {
    if (!(await markSectionReminded(tx, { id: section.id, status: section.status, at: now, notAfter: now - REMIND_INTERVAL_MS }))) return null;
    const items = remindNotifications({ actor: user, report, section, number, users: await listUsers(tx), today });
    await recordEvent(tx, {
      reportId: report.id,
      sectionId: section.id,
      actorId: user.id,
      type: 'section.remind',
      detail: { bureauIds: section.bureauIds, notified: items.map((n) => n.userId), dueDate: effectiveDueDate(section, report) },
    });
    await createNotifications(tx, items);
    return items;
  });
  if (notices === null) {
    // Another press (or a workflow step) came first: say why, decided on what is there now.
    const current = await getSection(ctx.db, section.id);
    if (!current) throw notFound('章节');
    throw refuse(current, await sectionRemindedAt(ctx.db, section.id)) ?? new ApiError(409, 'conflict', SECTION_MOVED);
  }
  ctx.logger.info('section reminded', { sectionId: section.id, userId: user.id, notified: notices.length });
  announceNotifications(ctx, notices.length > 0 ? notices : [{ reportId: report.id }]);
  return { sectionId: section.id, remindedAt: now, nextAt: nextRemindAt(now), notified: notices.length };
}
