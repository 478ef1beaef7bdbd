/** Outline editing: `POST /api/reports/:id/sections`, `PATCH /api/sections/:id`, `POST /api/sections/:id/move`, `DELETE /api/sections/:id`. */
import { Hono } from 'hono';
import { NEW_SECTION_BODY, OUTLINE_PLACE, SECTION_PATCH, type AddedSection, type ConfirmDelete, type DeleteResult, type SectionView } from '@hegao/contract';
import { addSection, deleteSection, editSection, moveSection, type PlacedSection } from '../commands/outline.js';
import type { AppContext } from '../context.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';
import { lookups } from '../presenters/lookups.js';
import { presentSection } from '../presenters/report.js';

/** `title` here is a section's. */
const LABELS = { title: '章节标题' };

async function present(ctx: AppContext, placed: PlacedSection): Promise<SectionView> {
  return presentSection(placed.section, { number: placed.number, level: placed.level }, await lookups(ctx.db));
}

/** Routes for the secretary's outline editing. */
export const outlineRoutes = new Hono<HonoEnv>()
  .post('/reports/:id/sections', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, NEW_SECTION_BODY, LABELS);
    const placed = await addSection(ctx, c.get('user')!, c.req.param('id'), {
      title: body.title,
      parentId: body.parentId ?? null,
      ...(body.index !== undefined ? { index: body.index } : {}),
      ...(body.numbered !== undefined ? { numbered: body.numbered } : {}),
    });
    // What the new sub-section took over or inherited (docs/api.md), for the page to say so.
    const added: AddedSection = {
      ...(await present(ctx, placed)),
      ...(placed.handOver ? { handOver: placed.handOver } : {}),
      ...(placed.inherited ? { inherited: placed.inherited } : {}),
    };
    return c.json(added, 201);
  })
  .patch('/sections/:id', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, SECTION_PATCH, LABELS);
    return c.json(await present(ctx, await editSection(ctx, c.get('user')!, c.req.param('id'), body)));
  })
  .post('/sections/:id/move', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, OUTLINE_PLACE, LABELS);
    return c.json(await present(ctx, await moveSection(ctx, c.get('user')!, c.req.param('id'), body)));
  })
  .delete('/sections/:id', requireUser, async (c) => {
    const confirm = ['1', 'true'].includes(c.req.query('confirm') ?? '');
    const outcome = await deleteSection(c.get('ctx'), c.get('user')!, c.req.param('id'), { confirm });
    if (outcome.status === 'confirm_required') {
      const question: ConfirmDelete = { error: 'confirm_required', message: outcome.message, chars: outcome.chars };
      return c.json(question, 409);
    }
    const deleted: DeleteResult = { deletedIds: outcome.deletedIds, chars: outcome.chars };
    return c.json(deleted);
  });
