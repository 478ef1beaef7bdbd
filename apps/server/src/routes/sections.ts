/** `/api/sections/:id/*`: the section workflow for people and for the OA system. */
import { Hono } from 'hono';
import { z } from 'zod';
import { sectionWarnings } from '../commands/submitCheck.js';
import { runSectionAction } from '../commands/sectionWorkflow.js';
import { remindSection } from '../commands/remind.js';
import { calendarDate } from '@hegao/domain';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody, reasonField } from '../http/validate.js';
import { presentSection } from '../presenters/report.js';
import { lookups } from '../presenters/lookups.js';
import type { AppContext } from '../context.js';
import type { SectionRecord } from '@hegao/storage';

const ReturnBody = z.object({ reason: reasonField('退回理由') });
const AssignBody = z.object({
  bureauIds: z.array(z.string().min(1).max(64)).max(50),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '截止日期格式应为 YYYY-MM-DD').nullable().optional(),
  instruction: z.string().max(2000).optional(),
});
const Empty = z.object({}).passthrough();

async function present(ctx: AppContext, section: SectionRecord) {
  return presentSection(section, null, await lookups(ctx.db));
}

async function optionalEmptyBody(c: Parameters<typeof readBody>[0]): Promise<void> {
  if ((c.req.header('content-length') ?? '0') !== '0' || c.req.header('content-type')) await readBody(c, Empty);
}

/** Routes for submit / approve / return / assign, and the office's 催办. */
export const sectionRoutes = new Hono<HonoEnv>()
  .post('/sections/:id/submit', requireUser, async (c) => {
    await optionalEmptyBody(c);
    const section = await runSectionAction(c.get('ctx'), c.get('user')!, c.req.param('id'), 'submit');
    // Submitted as asked; the answer says what the office will find missing (placeholders, length).
    return c.json({ ...(await present(c.get('ctx'), section)), warnings: await sectionWarnings(c.get('ctx'), section) });
  })
  .post('/sections/:id/approve', requireUser, async (c) => {
    await optionalEmptyBody(c);
    const section = await runSectionAction(c.get('ctx'), c.get('user')!, c.req.param('id'), 'approve');
    // Approved as asked; like a submit, the answer says what is still missing (placeholders, length).
    return c.json({ ...(await present(c.get('ctx'), section)), warnings: await sectionWarnings(c.get('ctx'), section) });
  })
  .post('/sections/:id/return', requireUser, async (c) => {
    const { reason } = await readBody(c, ReturnBody, { reason: '退回理由' });
    const section = await runSectionAction(c.get('ctx'), c.get('user')!, c.req.param('id'), 'return', { reason });
    return c.json(await present(c.get('ctx'), section));
  })
  .post('/sections/:id/remind', requireUser, async (c) => {
    await optionalEmptyBody(c);
    const now = Date.now();
    const done = await remindSection(c.get('ctx'), c.get('user')!, c.req.param('id'), calendarDate(new Date(now)), now);
    return c.json({ sectionId: done.sectionId, remindedAt: new Date(done.remindedAt).toISOString(), nextAt: new Date(done.nextAt).toISOString(), notified: done.notified });
  })
  .put('/sections/:id/assignment', requireUser, async (c) => {
    const body = await readBody(c, AssignBody);
    const section = await runSectionAction(c.get('ctx'), c.get('user')!, c.req.param('id'), 'assign', {
      bureauIds: body.bureauIds,
      ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
      ...(body.instruction !== undefined ? { instruction: body.instruction } : {}),
    });
    return c.json(await present(c.get('ctx'), section));
  });
