/**
 * Creating a report from a template: the outline is copied from the template; sections whose default
 * bureau exists in this workspace (matched by name) start 编写中 with that bureau, a due date three days
 * before the report's and the template's 写作要求; the others wait, unassigned, for the secretary.
 * The template's 参考范文 is not copied: documents start empty (GET /api/templates/:id shows it).
 */
import { decide, type Bureau, type User } from '@hegao/domain';
import {
  createReport,
  inTransaction,
  insertSections,
  listBureaus,
  newId,
  recordEvent,
  type NewNotification,
  type NewOutlineSection,
  type ReportRecord,
} from '@hegao/storage';
import { findTemplate, type Template, type TemplateSection } from '@hegao/templates';
import type { AppContext } from '../context.js';
import { ApiError, refusal } from '../http/ApiError.js';
import { announceNotifications, storeReportCreatedAssignments } from './notify.js';

/** Days between a section's due date and the report's: time for review before the report is due. */
export const SECTION_LEAD_DAYS = 3;

/** What the secretary fills in when creating a report. */
export interface CreateReportInput {
  /** The template's id (`half_year_city`); a kind names that kind's default template. */
  templateId?: string;
  /** The older name of the choice: a kind (`half_year`) or, equally, a template id. */
  templateKind?: string;
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
 * @example planTemplateSections(findTemplate('half_year')!, 'r1', bureaus, '2020-07-10', newId)[0] // { title: '导语（总体情况与主要指标）', status: 'drafting', … }
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

/** The sentence for a creation that names two different templates. */
export function templateConflictMessage(byId: Template, byKind: Template): string {
  return `指定的报告模板前后不一致：“${byId.name}”与“${byKind.name}”，请只选择一个模板`;
}

/**
 * The template a creation names: `templateId`, else `templateKind`; both, when given, must name the same
 * template. Throws ApiError 400 for a missing, unknown or contradictory choice.
 * @example chooseTemplate({ templateKind: 'half_year' }).id // 'half_year'
 */
export function chooseTemplate(input: Pick<CreateReportInput, 'templateId' | 'templateKind'>): Template {
  const names = [input.templateId, input.templateKind].filter((n): n is string => n !== undefined);
  if (names.length === 0) throw new ApiError(400, 'invalid', '请选择报告模板');
  const found = names.map((n) => ({ name: n, template: findTemplate(n) }));
  const unknown = found.find((f) => f.template === null);
  if (unknown) throw new ApiError(400, 'invalid', `报告模板不存在：${unknown.name}`);
  if (found.length === 2 && found[0]!.template !== found[1]!.template) {
    throw new ApiError(400, 'invalid', templateConflictMessage(found[0]!.template!, found[1]!.template!));
  }
  return found[0]!.template!;
}

/**
 * Creates a report with its outline from a template, in one transaction with its events
 * ('report.create', then 'section.assign' per assigned section) and the 'assigned' notifications
 * (one per editor of each bureau given sections, for the whole report). Throws ApiError 403 unless
 * the user may create reports, 400 for a missing or unknown template (see chooseTemplate).
 */
export async function createReportFromTemplate(ctx: AppContext, user: User, input: CreateReportInput): Promise<ReportRecord> {
  const decision = decide(user, 'report.create');
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const template = chooseTemplate(input);
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
    await recordEvent(tx, { reportId: created.id, actorId: user.id, type: 'report.create', detail: { template: template.kind, templateId: template.id, sections: sections.length } });
    // The bureaus are told in the same transaction: a report never exists with its assignments unannounced.
    notified = await storeReportCreatedAssignments(tx, { actor: user, report: created, sections, bureaus }, { template: true });
    return created;
  });
  if (notified.length > 0) announceNotifications(ctx, notified);
  ctx.logger.info('report created', { reportId: report.id, template: template.id, userId: user.id });
  return report;
}
