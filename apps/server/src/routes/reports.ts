/** `/api/reports`: list and read reports with their numbered outlines (REPORT_SUMMARY, REPORT_DETAIL of @hegao/contract). */
import { Hono } from 'hono';
import { decide } from '@hegao/domain';
import { getReport, listReports, listSections } from '@hegao/storage';
import { lookups } from '../presenters/lookups.js';
import { notFound, refusal } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { presentReportDetail, presentReportSummary, presentSections } from '../presenters/report.js';

/** Routes for reading reports. */
export const reportRoutes = new Hono<HonoEnv>()
  .get('/reports', requireUser, async (c) => {
    const { db } = c.get('ctx');
    const user = c.get('user')!;
    const [reports, maps] = await Promise.all([listReports(db), lookups(db)]);
    const visible = reports.filter((r) => decide(user, 'report.read', { report: r }).ok);
    const out = await Promise.all(
      visible.map(async (r) => presentReportSummary(r, presentSections(await listSections(db, r.id), maps), user)),
    );
    return c.json(out);
  })
  .get('/reports/:id', requireUser, async (c) => {
    const { db } = c.get('ctx');
    const user = c.get('user')!;
    const report = await getReport(db, c.req.param('id'));
    if (!report) throw notFound('报告');
    const decision = decide(user, 'report.read', { report });
    if (!decision.ok) throw refusal(decision.code, decision.reason);
    const maps = await lookups(db);
    return c.json(presentReportDetail(report, presentSections(await listSections(db, report.id), maps)));
  });
