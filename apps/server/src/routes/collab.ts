/**
 * `POST /api/collab/token`: a short-lived token for one document, for clients that cannot send the
 * cookie. It is bound to the session that asked for it: once that session ends, it opens nothing.
 */
import { Hono } from 'hono';
import { COLLAB_TOKEN_REQUEST, type CollabToken } from '@hegao/contract';
import { sessionRef, signCollabToken } from '../auth/tokens.js';
import { sectionAccess } from '../collab/access.js';
import { identityOf } from '../collab/identity.js';
import { ApiError, notFound } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';

/** Routes for collab tokens. */
export const collabRoutes = new Hono<HonoEnv>().post('/collab/token', requireUser, async (c) => {
  const ctx = c.get('ctx');
  const user = c.get('user')!;
  const { docName } = await readBody(c, COLLAB_TOKEN_REQUEST);
  // The same resolver the socket uses: section documents and final drafts alike.
  const access = await sectionAccess(ctx.db)(await identityOf(ctx.db, user), docName);
  if (!access) throw notFound('文档');
  if (!access.read) throw new ApiError(403, 'forbidden', access.reason || '无权访问该文档');
  const expiresAt = Date.now() + ctx.config.collabTokenTtlMs;
  const token = signCollabToken(ctx.tokenSecret, { userId: user.id, docName, exp: expiresAt, session: sessionRef(ctx.tokenSecret, c.get('sessionHash')!) });
  return c.json({ token, docName, expiresAt: new Date(expiresAt).toISOString() } satisfies CollabToken);
});
