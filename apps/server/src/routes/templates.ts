/** `/api/templates` and `POST /api/reports`: the built-in report templates, and creating a report from one. */
import { Hono } from 'hono';
import { z } from 'zod';
import { NEW_REPORT_FIELDS, requireTemplateChoice, type ReportDetail } from '@hegao/contract';
import { getReport, listSections, type Db, type ReportRecord } from '@hegao/storage';
import { TEMPLATES, findTemplate } from '@hegao/templates';
import { createReportFromTemplate, templateConflictMessage } from '../commands/createReport.js';
import { notFound } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';
import { lookups } from '../presenters/lookups.js';
import { presentTemplate, presentTemplateDetail } from '../presenters/office.js';
import { presentReportDetail, presentSections } from '../presenters/report.js';

/** A template id, or a kind (which names its default template). */
const TemplateChoice = z.string().refine((k) => findTemplate(k) !== null, `未知的报告模板，可选：${TEMPLATES.map((t) => `${t.name}（${t.id}）`).join('、')}`);

/**
 * Body of POST /api/reports: the contract's (`NEW_REPORT_BODY`), with the template named by either
 * field checked against the templates there are, and both fields, when sent, naming the same one.
 */
const CreateReportBody = NEW_REPORT_FIELDS.extend({ templateId: TemplateChoice.optional(), templateKind: TemplateChoice.optional() }).superRefine((body, ctx) => {
  requireTemplateChoice(body, ctx);
  if (body.templateId !== undefined && body.templateKind !== undefined) {
    const byId = findTemplate(body.templateId);
    const byKind = findTemplate(body.templateKind);
    // An unknown one is already refused by its field.
    if (byId && byKind && byId !== byKind) ctx.addIssue({ code: 'custom', path: ['templateId'], message: templateConflictMessage(byId, byKind) });
  }
});

/** Labels of this route's fields: the template choice under either name. */
const CREATE_LABELS = {
  title: '报告标题',
  templateId: { label: '报告模板', required: '请选择报告模板' },
  templateKind: { label: '报告模板', required: '请选择报告模板' },
} as const;

/** The report as GET /api/reports/:id answers it. */
async function presentCreated(db: Db, report: ReportRecord): Promise<ReportDetail> {
  return presentReportDetail(report, presentSections(await listSections(db, report.id), await lookups(db)));
}

/** Routes for templates and report creation. */
export const templateRoutes = new Hono<HonoEnv>()
  .get('/templates', requireUser, (c) => c.json(TEMPLATES.map(presentTemplate)))
  // An id, or a kind for its default template (the older form of this URL).
  .get('/templates/:id', requireUser, (c) => {
    const template = findTemplate(c.req.param('id'));
    if (!template) throw notFound('报告模板');
    return c.json(presentTemplateDetail(template));
  })
  .post('/reports', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, CreateReportBody, CREATE_LABELS);
    const created = await createReportFromTemplate(ctx, c.get('user')!, body);
    return c.json(await presentCreated(ctx.db, (await getReport(ctx.db, created.id))!), 201);
  });
