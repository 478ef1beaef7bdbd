/** `GET /api/reports/:id/board`: the progress board (进度看板) of a report, counted from the live documents. */
import { Hono } from 'hono';
import { decide } from '@hegao/domain';
import { fragmentToText } from '@hegao/schema';
import { getReport, listSections, sectionsRemindedAt, type SectionRecord } from '@hegao/storage';
import { calendarDate } from '@hegao/domain';
import type { AppContext } from '../context.js';
import { notFound, refusal } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { presentBoard } from '../presenters/board.js';
import { lookups } from '../presenters/lookups.js';

/** Plain text of each outline leaf, read from its live document (what editors see right now, unsaved-to-SQL edits included). */
async function leafTexts(ctx: AppContext, sections: readonly SectionRecord[]): Promise<Map<string, string>> {
  const parents = new Set(sections.map((s) => s.parentId));
  const texts = new Map<string, string>();
  for (const s of sections) {
    if (parents.has(s.id)) continue;
    const doc = await ctx.collab.doc(s.docName);
    texts.set(s.id, fragmentToText(doc.getXmlFragment('prosemirror')));
  }
  return texts;
}

/** Route for the board; readable by whoever may read the report. */
export const boardRoutes = new Hono<HonoEnv>().get('/reports/:id/board', requireUser, async (c) => {
  const ctx = c.get('ctx');
  const report = await getReport(ctx.db, c.req.param('id'));
  if (!report) throw notFound('报告');
  const decision = decide(c.get('user')!, 'report.read', { report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const [sections, maps, reminded] = await Promise.all([listSections(ctx.db, report.id), lookups(ctx.db), sectionsRemindedAt(ctx.db, report.id)]);
  const texts = await leafTexts(ctx, sections);
  return c.json(presentBoard(report, sections, texts, maps, calendarDate(new Date()), reminded));
});
