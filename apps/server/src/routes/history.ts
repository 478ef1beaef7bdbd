/** `GET /api/reports/:id/history`: the report's recorded workflow events, newest first. */
import { Hono } from 'hono';
import { decide } from '@hegao/domain';
import { getReport, listEvents, listSections } from '@hegao/storage';
import { notFound, refusal } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { presentHistory } from '../presenters/history.js';
import { lookups } from '../presenters/lookups.js';

/** Route for the history; readable by whoever may read the report. `?sectionId=` keeps one section's events. */
export const historyRoutes = new Hono<HonoEnv>().get('/reports/:id/history', requireUser, async (c) => {
  const { db } = c.get('ctx');
  const report = await getReport(db, c.req.param('id'));
  if (!report) throw notFound('报告');
  const decision = decide(c.get('user')!, 'report.read', { report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const sectionId = c.req.query('sectionId');
  const [events, sections, maps] = await Promise.all([
    listEvents(db, report.id, { newestFirst: true, ...(sectionId ? { sectionId } : {}) }),
    listSections(db, report.id),
    lookups(db),
  ]);
  return c.json(presentHistory(events, sections, maps));
});
