/** `/api/reports/:id/{merge,lock,unlock,versions}`: the final draft (合稿) and its locked versions (定稿). */
import { Hono } from 'hono';
import { LOCK_REQUEST, MERGE_REQUEST, UNLOCK_REQUEST, VERSION_PARAM, type Version, type VersionDetail } from '@hegao/contract';
import { decide } from '@hegao/domain';
import { getReport, listVersions } from '@hegao/storage';
import { lockReport, readVersion, unlockReport } from '../commands/lock.js';
import { mergeReport } from '../commands/merge.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';
import { lookups } from '../presenters/lookups.js';
import { presentVersion, presentVersionDetail } from '../presenters/versions.js';

/** A request sent without a body (no length, no type): taken as `{}`. */
function bodyless(c: Parameters<typeof readBody>[0]): boolean {
  return (c.req.header('content-length') ?? '0') === '0' && !c.req.header('content-type');
}

/** Routes for merge, lock, unlock and the locked versions. */
export const finalDraftRoutes = new Hono<HonoEnv>()
  .post('/reports/:id/merge', requireUser, async (c) => {
    const body = bodyless(c) ? {} : await readBody(c, MERGE_REQUEST, { resolve: '处理方式' });
    return c.json(await mergeReport(c.get('ctx'), c.get('user')!, c.req.param('id'), body.resolve ? { resolve: body.resolve } : {}));
  })
  .post('/reports/:id/lock', requireUser, async (c) => {
    if (!bodyless(c)) await readBody(c, LOCK_REQUEST);
    return c.json(await lockReport(c.get('ctx'), c.get('user')!, c.req.param('id')));
  })
  .post('/reports/:id/unlock', requireUser, async (c) => {
    // No body at all is a missing reason (400 from the domain), like `{}`.
    const { reason } = bodyless(c) ? { reason: undefined } : await readBody(c, UNLOCK_REQUEST, { reason: '解锁理由' });
    return c.json(await unlockReport(c.get('ctx'), c.get('user')!, c.req.param('id'), reason));
  })
  .get('/reports/:id/versions', requireUser, async (c) => {
    const { db } = c.get('ctx');
    const report = await getReport(db, c.req.param('id'));
    if (!report) throw notFound('报告');
    const decision = decide(c.get('user')!, 'report.read', { report });
    if (!decision.ok) throw refusal(decision.code, decision.reason);
    const [versions, maps] = await Promise.all([listVersions(db, report.id), lookups(db)]);
    return c.json(versions.map((v): Version => presentVersion(v, maps.users)));
  })
  .get('/reports/:id/versions/:n', requireUser, async (c) => {
    const n = VERSION_PARAM.safeParse(c.req.param('n'));
    if (!n.success) throw new ApiError(400, 'invalid', n.error.issues[0]?.message ?? '版本号应为正整数');
    const ctx = c.get('ctx');
    const version = await readVersion(ctx, c.get('user')!, c.req.param('id'), n.data);
    const maps = await lookups(ctx.db);
    return c.json(presentVersionDetail(version, maps.users) satisfies VersionDetail);
  });
