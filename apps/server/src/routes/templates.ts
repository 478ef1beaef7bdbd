/** `/api/templates` and `POST /api/reports`: the built-in report templates, and creating a report from one. */
import { Hono } from 'hono';
import { z } from 'zod';
import { getReport, listSections, type Db, type ReportRecord } from '@hegao/storage';
import { TEMPLATES, countWrittenSections, findTemplate, templateOutline, type Template } from '@hegao/templates';
import { createReportFromTemplate, templateConflictMessage } from '../commands/createReport.js';
import { notFound } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';
import { lookups } from '../presenters/lookups.js';
import { presentReportHead, presentSections } from '../presenters/report.js';

/** True for a YYYY-MM-DD string naming a real calendar day. */
function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A due date: YYYY-MM-DD, a day that exists. */
export const DueDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '截止日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDate, '截止日期无效：日历上没有这一天');

/** A template id, or a kind (which names its default template). */
const TemplateChoice = z.string().refine((k) => findTemplate(k) !== null, `未知的报告模板，可选：${TEMPLATES.map((t) => `${t.name}（${t.id}）`).join('、')}`);

/** Body of POST /api/reports: `templateId` (or the older `templateKind`), title, period, due date. */
const CreateReportBody = z
  .object({
    templateId: TemplateChoice.optional(),
    templateKind: TemplateChoice.optional(),
    title: z.string().trim().min(1, '报告标题不能为空').max(100, '报告标题不能超过100个字'),
    period: z.string().trim().min(1, '报告期不能为空').max(50, '报告期不能超过50个字'),
    dueDate: DueDate,
  })
  .superRefine((body, ctx) => {
    if (body.templateId === undefined && body.templateKind === undefined) {
      ctx.addIssue({ code: 'custom', path: ['templateId'], message: '请选择报告模板' });
      return;
    }
    if (body.templateId !== undefined && body.templateKind !== undefined) {
      const byId = findTemplate(body.templateId)!;
      const byKind = findTemplate(body.templateKind)!;
      if (byId !== byKind) ctx.addIssue({ code: 'custom', path: ['templateId'], message: templateConflictMessage(byId, byKind) });
    }
  });

/** Labels of this route's fields: the template choice under either name. */
const CREATE_LABELS = {
  title: '报告标题',
  templateId: { label: '报告模板', required: '请选择报告模板' },
  templateKind: { label: '报告模板', required: '请选择报告模板' },
} as const;

/** A template for the picker; `withExamples` adds each section's 参考范文. */
function presentTemplate(template: Template, withExamples: boolean) {
  return {
    id: template.id,
    kind: template.kind,
    name: template.name,
    source: template.source,
    titlePattern: template.titlePattern,
    periodPattern: template.periodPattern,
    sectionCount: countWrittenSections(template),
    outline: templateOutline(template).map((e) => ({
      title: e.title,
      level: e.level,
      number: e.number,
      numbered: e.numbered,
      defaultBureau: e.defaultBureau,
      instruction: e.instruction,
      ...(withExamples ? { example: e.example } : {}),
    })),
  };
}

/** The report as GET /api/reports/:id answers it. */
async function presentReportDetail(db: Db, report: ReportRecord) {
  const sections = presentSections(await listSections(db, report.id), await lookups(db));
  return { ...presentReportHead(report), finalDocName: report.finalDocName, sections };
}

/** Routes for templates and report creation. */
export const templateRoutes = new Hono<HonoEnv>()
  .get('/templates', requireUser, (c) => c.json(TEMPLATES.map((t) => presentTemplate(t, false))))
  // An id, or a kind for its default template (the older form of this URL).
  .get('/templates/:id', requireUser, (c) => {
    const template = findTemplate(c.req.param('id'));
    if (!template) throw notFound('报告模板');
    return c.json(presentTemplate(template, true));
  })
  .post('/reports', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, CreateReportBody, CREATE_LABELS);
    const created = await createReportFromTemplate(ctx, c.get('user')!, body);
    return c.json(await presentReportDetail(ctx.db, (await getReport(ctx.db, created.id))!), 201);
  });
