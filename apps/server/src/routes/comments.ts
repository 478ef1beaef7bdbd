/**
 * Comments (批注 / 批示) on a section or on the report's final draft: `GET|POST
 * /api/sections/:id/comments`, `GET|POST /api/reports/:id/final/comments`, and
 * `POST /api/comments/:id/replies|resolve|reopen`. Rules live in commands/comments.ts.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { addComment, addReply, finalTarget, listThreads, sectionTarget, setResolved } from '../commands/comments.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';

const Text = z.string().trim().min(1, '批注内容不能为空').max(2000, '批注内容不能超过 2000 个字符');
const AnchorEnd = z.string().min(1, '批注位置不能为空').max(512, '批注位置编码不能超过 512 个字符');
const CommentBody = z.object({
  body: Text,
  anchor: z.object({ from: AnchorEnd, to: AnchorEnd }).nullable().optional(),
  quote: z.string().max(500, '引用的原文不能超过 500 个字符').optional(),
});
const ReplyBody = z.object({ body: Text });
const Empty = z.object({}).passthrough();
/** `body` here is a comment's text. */
const LABELS = { body: '批注内容' };

async function optionalEmptyBody(c: Context<HonoEnv>): Promise<void> {
  if ((c.req.header('content-length') ?? '0') !== '0' || c.req.header('content-type')) await readBody(c, Empty);
}

function input(body: z.infer<typeof CommentBody>) {
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
    const body = await readBody(c, CommentBody, LABELS);
    return c.json(await addComment(ctx, c.get('user')!, target, input(body)), 201);
  })
  .get('/reports/:id/final/comments', requireUser, async (c) => {
    const ctx = c.get('ctx');
    return c.json(await listThreads(ctx, c.get('user')!, await finalTarget(ctx, c.req.param('id'))));
  })
  .post('/reports/:id/final/comments', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const target = await finalTarget(ctx, c.req.param('id'));
    const body = await readBody(c, CommentBody, LABELS);
    return c.json(await addComment(ctx, c.get('user')!, target, input(body)), 201);
  })
  .post('/comments/:id/replies', requireUser, async (c) => {
    const { body } = await readBody(c, ReplyBody, LABELS);
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
