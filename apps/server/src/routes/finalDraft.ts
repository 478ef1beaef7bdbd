/** `/api/reports/:id/{merge,lock,unlock,versions}`: the final draft (合稿) and its locked versions (定稿). */
import { Hono } from 'hono';
import { z } from 'zod';
import { EDIT_DECISION } from '@hegao/contract';
import { decide, type User } from '@hegao/domain';
import { getReport, listVersions, type VersionSummary } from '@hegao/storage';
import { lockReport, readVersion, unlockReport } from '../commands/lock.js';
import { mergeReport } from '../commands/merge.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody, reasonField } from '../http/validate.js';
import { lookups } from '../presenters/lookups.js';

const UnlockBody = z.object({ reason: reasonField('解锁理由').optional() });
const MergeBody = z.object({
  resolve: z.record(z.string().max(64), EDIT_DECISION).optional(),
});
const Empty = z.object({}).passthrough();

async function optionalEmptyBody(c: Parameters<typeof readBody>[0]): Promise<void> {
  if ((c.req.header('content-length') ?? '0') !== '0' || c.req.header('content-type')) await readBody(c, Empty);
}

/** A version as clients see it; users are named. */
function presentVersion(v: VersionSummary, users: ReadonlyMap<string, User>) {
  const person = (id: string | null) => (id === null ? null : { id, name: users.get(id)?.name ?? null });
  return {
    version: v.version,
    sha256: v.sha256,
    lockedBy: person(v.lockedBy),
    lockedAt: new Date(v.lockedAt).toISOString(),
    unlockedBy: person(v.unlockedBy),
    unlockedAt: v.unlockedAt === null ? null : new Date(v.unlockedAt).toISOString(),
    unlockReason: v.unlockReason,
    // The audit chain's head when the version was locked (null: locked before the chain existed).
    chainHead: v.chainHead,
    chainSeq: v.chainSeq,
  };
}

/** Routes for merge, lock, unlock and the locked versions. */
export const finalDraftRoutes = new Hono<HonoEnv>()
  .post('/reports/:id/merge', requireUser, async (c) => {
    const bodyless = (c.req.header('content-length') ?? '0') === '0' && !c.req.header('content-type');
    const body = bodyless ? {} : await readBody(c, MergeBody, { resolve: '处理方式' });
    return c.json(await mergeReport(c.get('ctx'), c.get('user')!, c.req.param('id'), body.resolve ? { resolve: body.resolve } : {}));
  })
  .post('/reports/:id/lock', requireUser, async (c) => {
    await optionalEmptyBody(c);
    return c.json(await lockReport(c.get('ctx'), c.get('user')!, c.req.param('id')));
  })
  .post('/reports/:id/unlock', requireUser, async (c) => {
    // No body at all is a missing reason (400 from the domain), like `{}`.
    const bodyless = (c.req.header('content-length') ?? '0') === '0' && !c.req.header('content-type');
    const { reason } = bodyless ? { reason: undefined } : await readBody(c, UnlockBody, { reason: '解锁理由' });
    return c.json(await unlockReport(c.get('ctx'), c.get('user')!, c.req.param('id'), reason));
  })
  .get('/reports/:id/versions', requireUser, async (c) => {
    const { db } = c.get('ctx');
    const report = await getReport(db, c.req.param('id'));
    if (!report) throw notFound('报告');
    const decision = decide(c.get('user')!, 'report.read', { report });
    if (!decision.ok) throw refusal(decision.code, decision.reason);
    const [versions, maps] = await Promise.all([listVersions(db, report.id), lookups(db)]);
    return c.json(versions.map((v) => presentVersion(v, maps.users)));
  })
  .get('/reports/:id/versions/:n', requireUser, async (c) => {
    const n = c.req.param('n');
    if (!/^[1-9]\d{0,8}$/.test(n)) throw new ApiError(400, 'invalid', '版本号应为正整数');
    const ctx = c.get('ctx');
    const { record, content, text, verified } = await readVersion(ctx, c.get('user')!, c.req.param('id'), Number(n));
    const maps = await lookups(ctx.db);
    return c.json({ ...presentVersion(record, maps.users), content, text, verified });
  });
