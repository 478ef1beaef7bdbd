/** Outline editing: `POST /api/reports/:id/sections`, `PATCH /api/sections/:id`, `POST /api/sections/:id/move`, `DELETE /api/sections/:id`. */
import { Hono } from 'hono';
import { z } from 'zod';
import { addSection, deleteSection, editSection, moveSection, type PlacedSection } from '../commands/outline.js';
import type { AppContext } from '../context.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';
import { lookups } from '../presenters/lookups.js';
import { presentSection } from '../presenters/report.js';
import { DueDate } from './templates.js';

const Title = z.string().trim().min(1, '章节标题不能为空').max(100, '章节标题不能超过100个字');
const SectionId = z.string().min(1).max(64);
const Index = z.number().int('位置应为整数').min(0, '位置不能为负数').max(10_000);

const AddBody = z.object({ title: Title, parentId: SectionId.nullable().optional(), index: Index.optional(), numbered: z.boolean().optional() });
const PatchBody = z.strictObject({
  title: Title.optional(),
  dueDate: DueDate.nullable().optional(),
  instruction: z.string().max(2000, '写作要求不能超过2000个字').optional(),
  numbered: z.boolean().optional(),
});
const MoveBody = z.object({ parentId: SectionId.nullable(), index: Index });
/** `title` here is a section's. */
const LABELS = { title: '章节标题' };

async function present(ctx: AppContext, placed: PlacedSection) {
  return presentSection(placed.section, { number: placed.number, level: placed.level }, await lookups(ctx.db));
}

/** Routes for the secretary's outline editing. */
export const outlineRoutes = new Hono<HonoEnv>()
  .post('/reports/:id/sections', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, AddBody, LABELS);
    const placed = await addSection(ctx, c.get('user')!, c.req.param('id'), {
      title: body.title,
      parentId: body.parentId ?? null,
      ...(body.index !== undefined ? { index: body.index } : {}),
      ...(body.numbered !== undefined ? { numbered: body.numbered } : {}),
    });
    // What the new sub-section took over or inherited (docs/api.md), for the page to say so.
    return c.json({ ...(await present(ctx, placed)), ...(placed.handOver ? { handOver: placed.handOver } : {}), ...(placed.inherited ? { inherited: placed.inherited } : {}) }, 201);
  })
  .patch('/sections/:id', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, PatchBody, LABELS);
    return c.json(await present(ctx, await editSection(ctx, c.get('user')!, c.req.param('id'), body)));
  })
  .post('/sections/:id/move', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, MoveBody, LABELS);
    return c.json(await present(ctx, await moveSection(ctx, c.get('user')!, c.req.param('id'), body)));
  })
  .delete('/sections/:id', requireUser, async (c) => {
    const confirm = ['1', 'true'].includes(c.req.query('confirm') ?? '');
    const outcome = await deleteSection(c.get('ctx'), c.get('user')!, c.req.param('id'), { confirm });
    if (outcome.status === 'confirm_required') {
      return c.json({ error: 'confirm_required', message: outcome.message, chars: outcome.chars }, 409);
    }
    return c.json({ deletedIds: outcome.deletedIds, chars: outcome.chars });
  });
