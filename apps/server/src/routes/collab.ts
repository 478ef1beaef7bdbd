/** `POST /api/collab/token`: a short-lived token for one document, for clients that cannot send the cookie. */
import { Hono } from 'hono';
import { z } from 'zod';
import { decide } from '@hegao/domain';
import { getReport, getSectionByDocName } from '@hegao/storage';
import { signCollabToken } from '../auth/tokens.js';
import { notFound, refusal } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';

const TokenBody = z.object({ docName: z.string().min(1).max(200) });

/** Routes for collab tokens. */
export const collabRoutes = new Hono<HonoEnv>().post('/collab/token', requireUser, async (c) => {
  const ctx = c.get('ctx');
  const user = c.get('user')!;
  const { docName } = await readBody(c, TokenBody);
  const section = await getSectionByDocName(ctx.db, docName);
  const report = section ? await getReport(ctx.db, section.reportId) : null;
  if (!section || !report) throw notFound('文档');
  const decision = decide(user, 'section.read', { report, section });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const expiresAt = Date.now() + ctx.config.collabTokenTtlMs;
  const token = signCollabToken(ctx.tokenSecret, { userId: user.id, docName, exp: expiresAt });
  return c.json({ token, docName, expiresAt: new Date(expiresAt).toISOString() });
});
