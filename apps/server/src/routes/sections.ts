/** `/api/sections/:id/*`: the section workflow for people and for the OA system. */
import { Hono } from 'hono';
import { z } from 'zod';
import { SECTION_ASSIGNMENT, SECTION_RETURN, type SectionView, type SectionWithWarnings } from '@hegao/contract';
import { sectionWarnings } from '../commands/submitCheck.js';
import { runSectionAction } from '../commands/sectionWorkflow.js';
import { remindAnswer, remindSection } from '../commands/remind.js';
import { calendarDate } from '@hegao/domain';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';
import { presentSection } from '../presenters/report.js';
import { lookups } from '../presenters/lookups.js';
import type { AppContext } from '../context.js';
import type { SectionRecord } from '@hegao/storage';

const Empty = z.object({}).passthrough();

async function present(ctx: AppContext, section: SectionRecord): Promise<SectionView> {
  return presentSection(section, null, await lookups(ctx.db));
}

/** The section after a submit or an approve, with what the office will find missing. */
async function presentWithWarnings(ctx: AppContext, section: SectionRecord): Promise<SectionWithWarnings> {
  return { ...(await present(ctx, section)), warnings: await sectionWarnings(ctx, section) };
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
    return c.json(await presentWithWarnings(c.get('ctx'), section));
  })
  .post('/sections/:id/approve', requireUser, async (c) => {
    await optionalEmptyBody(c);
    const section = await runSectionAction(c.get('ctx'), c.get('user')!, c.req.param('id'), 'approve');
    // Approved as asked; like a submit, the answer says what is still missing (placeholders, length).
    return c.json(await presentWithWarnings(c.get('ctx'), section));
  })
  .post('/sections/:id/return', requireUser, async (c) => {
    const { reason } = await readBody(c, SECTION_RETURN, { reason: '退回理由' });
    const section = await runSectionAction(c.get('ctx'), c.get('user')!, c.req.param('id'), 'return', { reason });
    return c.json(await present(c.get('ctx'), section));
  })
  .post('/sections/:id/remind', requireUser, async (c) => {
    await optionalEmptyBody(c);
    const now = Date.now();
    const done = await remindSection(c.get('ctx'), c.get('user')!, c.req.param('id'), calendarDate(new Date(now)), now);
    return c.json(remindAnswer(done));
  })
  .put('/sections/:id/assignment', requireUser, async (c) => {
    const body = await readBody(c, SECTION_ASSIGNMENT);
    const section = await runSectionAction(c.get('ctx'), c.get('user')!, c.req.param('id'), 'assign', {
      bureauIds: body.bureauIds,
      ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
      ...(body.instruction !== undefined ? { instruction: body.instruction } : {}),
    });
    return c.json(await present(c.get('ctx'), section));
  });
