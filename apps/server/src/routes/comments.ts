/**
 * Comments (批注 / 批示) on a section or on the report's final draft: `GET|POST
 * /api/sections/:id/comments`, `GET|POST /api/reports/:id/final/comments`, and
 * `POST /api/comments/:id/replies|resolve|reopen`. Rules live in commands/comments.ts; bodies and
 * answers in packages/contract/src/review.ts.
 */
import { Hono, type Context } from 'hono';
import { NEW_COMMENT, NEW_REPLY, NO_BODY, type NewComment } from '@hegao/contract';
import { addComment, addReply, finalTarget, listThreads, sectionTarget, setResolved } from '../commands/comments.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';

/** `body` here is a comment's text. */
const LABELS = { body: '批注内容' };

/** Resolve and reopen take no body: none, or any JSON object (`NO_BODY`). */
async function optionalEmptyBody(c: Context<HonoEnv>): Promise<void> {
  if ((c.req.header('content-length') ?? '0') !== '0' || c.req.header('content-type')) await readBody(c, NO_BODY);
}

function input(body: NewComment) {
  return { body: body.body, ...(body.anchor ? { anchor: body.anchor } : {}), ...(body.quote !== undefined ? { quote: body.quote } : {}) };
}

/** Routes for comment threads, replies and resolving. */
export const commentsRoutes = new Hono<HonoEnv>()
  .get('/sections/:id/comments', requireUser, async (c) => {
    const ctx = c.get('ctx');
    return c.json(await listThreads(ctx, c.get('user')!, await sectionTarget(ctx, c.req.param('id'))));
  })
  .post('/sections/:id/comments', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const target = await sectionTarget(ctx, c.req.param('id'));
    const body = await readBody(c, NEW_COMMENT, LABELS);
    return c.json(await addComment(ctx, c.get('user')!, target, input(body)), 201);
  })
  .get('/reports/:id/final/comments', requireUser, async (c) => {
    const ctx = c.get('ctx');
    return c.json(await listThreads(ctx, c.get('user')!, await finalTarget(ctx, c.req.param('id'))));
  })
  .post('/reports/:id/final/comments', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const target = await finalTarget(ctx, c.req.param('id'));
    const body = await readBody(c, NEW_COMMENT, LABELS);
    return c.json(await addComment(ctx, c.get('user')!, target, input(body)), 201);
  })
  .post('/comments/:id/replies', requireUser, async (c) => {
    const { body } = await readBody(c, NEW_REPLY, LABELS);
    return c.json(await addReply(c.get('ctx'), c.get('user')!, c.req.param('id'), body), 201);
  })
  .post('/comments/:id/resolve', requireUser, async (c) => {
    await optionalEmptyBody(c);
    return c.json(await setResolved(c.get('ctx'), c.get('user')!, c.req.param('id'), true));
  })
  .post('/comments/:id/reopen', requireUser, async (c) => {
    await optionalEmptyBody(c);
    return c.json(await setResolved(c.get('ctx'), c.get('user')!, c.req.param('id'), false));
  });
