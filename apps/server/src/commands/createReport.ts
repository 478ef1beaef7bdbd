/**
 * Creating a report from a template: the outline is copied from the template; sections whose default
 * bureau exists in this workspace (matched by name) start 编写中 with that bureau, a due date three days
 * before the report's and the template's 写作要求; the others wait, unassigned, for the secretary.
 * The template's 参考范文 is not copied: documents start empty (GET /api/templates/:kind shows it).
 */
import { decide, type Bureau, type User } from '@hegao/domain';
import {
  createNotifications,
  createReport,
  inTransaction,
  insertSections,
  listBureaus,
  listUsers,
  newId,
  recordEvent,
  type NewNotification,
  type NewOutlineSection,
  type ReportRecord,
} from '@hegao/storage';
import { findTemplate, type Template, type TemplateSection } from '@hegao/templates';
import type { AppContext } from '../context.js';
import { ApiError, refusal } from '../http/ApiError.js';
import { announceNotifications, reportCreatedNotifications } from './notify.js';

/** Days between a section's due date and the report's: time for review before the report is due. */
export const SECTION_LEAD_DAYS = 3;

/** What the secretary fills in when creating a report. */
export interface CreateReportInput {
  templateKind: string;
  title: string;
  period: string;
  /** YYYY-MM-DD. */
  dueDate: string;
}

/**
 * The date `days` days before a YYYY-MM-DD date, as YYYY-MM-DD (calendar arithmetic, no time zone).
 * @example daysBefore('2020-07-02', 3) // '2020-06-29'
 */
export function daysBefore(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/**
 * The sections a template becomes in a new report, parents before children. Pure: ids come from `makeId`.
 * @example planTemplateSections(template, 'r1', bureaus, '2020-07-10', newId)[0] // { title: '导语（总体情况与主要指标）', status: 'drafting', … }
 */
export function planTemplateSections(
  template: Template,
  reportId: string,
  bureaus: readonly Bureau[],
  reportDueDate: string,
  makeId: () => string = newId,
): NewOutlineSection[] {
  const byName = new Map(bureaus.map((b) => [b.name, b]));
  const sectionDue = daysBefore(reportDueDate, SECTION_LEAD_DAYS);
  const out: NewOutlineSection[] = [];
  const visit = (sections: readonly TemplateSection[], parentId: string | null): void => {
    sections.forEach((section, position) => {
      const id = makeId();
      const bureau = section.defaultBureau !== undefined && section.children.length === 0 ? byName.get(section.defaultBureau) : undefined;
      out.push({
        id,
        reportId,
        parentId,
        position,
        title: section.title,
        status: bureau ? 'drafting' : 'not_started',
        bureauIds: bureau ? [bureau.id] : [],
        dueDate: bureau ? sectionDue : null,
        instruction: section.instruction,
        numbered: section.numbered !== false,
      });
      visit(section.children, id);
    });
  };
  visit(template.sections, null);
  return out;
}

/**
 * Creates a report with its outline from a template, in one transaction with its events
 * ('report.create', then 'section.assign' per assigned section) and the 'assigned' notifications
 * (one per editor of each bureau given sections, for the whole report). Throws ApiError 403 unless
 * the user may create reports, 400 for an unknown template.
 */
export async function createReportFromTemplate(ctx: AppContext, user: User, input: CreateReportInput): Promise<ReportRecord> {
  const decision = decide(user, 'report.create');
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const template = findTemplate(input.templateKind);
  if (!template) throw new ApiError(400, 'invalid', `报告模板不存在：${input.templateKind}`);
  const bureaus = await listBureaus(ctx.db);
  let notified: NewNotification[] = [];
  const report = await inTransaction(ctx.db, async (tx) => {
    const created = await createReport(tx, {
      title: input.title,
      period: input.period,
      kind: template.kind,
      dueDate: input.dueDate,
      createdBy: user.id,
    });
    const sections = planTemplateSections(template, created.id, bureaus, input.dueDate);
    await insertSections(tx, sections);
    await recordEvent(tx, { reportId: created.id, actorId: user.id, type: 'report.create', detail: { template: template.kind, sections: sections.length } });
    for (const s of sections.filter((x) => x.bureauIds.length > 0)) {
      await recordEvent(tx, {
        reportId: created.id,
        sectionId: s.id,
        actorId: user.id,
        type: 'section.assign',
        detail: { from: 'not_started', to: 'drafting', bureauIds: s.bureauIds, template: true },
      });
    }
    // The bureaus are told in the same transaction: a report never exists with its assignments unannounced.
    notified = reportCreatedNotifications({ actor: user, report: created, sections, users: await listUsers(tx), bureaus });
    await createNotifications(tx, notified);
    return created;
  });
  if (notified.length > 0) announceNotifications(ctx, notified);
  ctx.logger.info('report created', { reportId: report.id, template: template.kind, userId: user.id });
  return report;
}
