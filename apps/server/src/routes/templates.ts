/** `/api/templates` and `POST /api/reports`: the built-in report templates, and creating a report from one. */
import { Hono } from 'hono';
import { z } from 'zod';
import { getReport, listSections, type Db, type ReportRecord } from '@hegao/storage';
import { TEMPLATES, countWrittenSections, findTemplate, templateOutline, type Template } from '@hegao/templates';
import { createReportFromTemplate } from '../commands/createReport.js';
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

const CreateReportBody = z.object({
  templateKind: z.string().refine((k) => findTemplate(k) !== null, `未知的报告模板，可选：${TEMPLATES.map((t) => `${t.name}（${t.kind}）`).join('、')}`),
  title: z.string().trim().min(1, '报告标题不能为空').max(100, '报告标题不能超过100个字'),
  period: z.string().trim().min(1, '报告期不能为空').max(50, '报告期不能超过50个字'),
  dueDate: DueDate,
});

/** A template for the picker; `withExamples` adds each section's 参考范文. */
function presentTemplate(template: Template, withExamples: boolean) {
  return {
    kind: template.kind,
    name: template.name,
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
  .get('/templates/:kind', requireUser, (c) => {
    const template = findTemplate(c.req.param('kind'));
    if (!template) throw notFound('报告模板');
    return c.json(presentTemplate(template, true));
  })
  .post('/reports', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, CreateReportBody, { title: '报告标题' });
    const created = await createReportFromTemplate(ctx, c.get('user')!, body);
    return c.json(await presentReportDetail(ctx.db, (await getReport(ctx.db, created.id))!), 201);
  });
