/**
 * `GET /api/reports/:id/history`: the report's recorded workflow events, newest first; and
 * `GET /api/sections/:id/text`: a section's stored text, deleted sections included, so what the
 * history names can be read back.
 */
import { Hono } from 'hono';
import { decide } from '@hegao/domain';
import { getReport, listEvents, listSections } from '@hegao/storage';
import { sectionText } from '../commands/sectionText.js';
import { notFound, refusal } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { presentHistory } from '../presenters/history.js';
import { lookups } from '../presenters/lookups.js';

/**
 * Routes for the history; readable by whoever may read the report (`?sectionId=` keeps one section's
 * events), and the stored text of a section, live or deleted, for whoever may read the section.
 */
export const historyRoutes = new Hono<HonoEnv>()
  .get('/reports/:id/history', requireUser, async (c) => {
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
  })
  .get('/sections/:id/text', requireUser, async (c) => c.json(await sectionText(c.get('ctx').db, c.get('user')!, c.req.param('id'))));
