/**
 * Who wrote what (docs/api.md, "Authorship" and "Text history"): authorship of a section and of a
 * final draft, a section's timeline, the difference between two points, and restoring a point.
 */
import { AUTHORSHIP_QUERY, DIFF_RANGE, RESTORE_REQUEST } from '@hegao/contract';
import { Hono, type Context } from 'hono';
import { finalAuthorship } from '../authorship/finalAuthorship.js';
import { compareVersions, parseVersionPoint } from '../authorship/versionDiff.js';
import { sectionAuthorship } from '../authorship/sectionAuthorship.js';
import { restoreSection, sectionDiff, sectionTimeline } from '../authorship/sectionHistory.js';
import { readBody } from '../http/validate.js';
import type { z } from 'zod';
import { ApiError } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';

/**
 * The request's query read with a contract schema (`AUTHORSHIP_QUERY`, `DIFF_RANGE`), empty
 * parameters counting as absent (`?at=` is now). A bad one is 400 with the schema's Chinese message
 * and the code of what was wrong: `invalid_at` for `at`, `invalid_seq` for a point of the log
 * (`seq`, `from`, `to`), `invalid_query` otherwise (`deleted`, `at` with `seq`).
 */
function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue?.path[0];
  const code = key === 'at' ? 'invalid_at' : key === 'seq' || key === 'from' || key === 'to' ? 'invalid_seq' : 'invalid_query';
  throw new ApiError(400, code, issue?.message ?? '查询参数不正确');
}

/** Authorship of a section's text (now, at `?at=` or after `?seq=`), of a report's final draft, and a section's text history. */
export const authorshipRoutes = new Hono<HonoEnv>()
  .get('/sections/:id/authorship', requireUser, async (c) => {
    const { seq, at, deleted } = readQuery(c, AUTHORSHIP_QUERY);
    const point = seq ?? (at === undefined ? undefined : new Date(at));
    return c.json(await sectionAuthorship(c.get('ctx'), c.get('user')!, c.req.param('id'), point, { deleted: deleted === '1' }));
  })
  .get('/sections/:id/timeline', requireUser, async (c) => c.json(await sectionTimeline(c.get('ctx'), c.get('user')!, c.req.param('id'))))
  .get('/sections/:id/diff', requireUser, async (c) => {
    const { from, to } = readQuery(c, DIFF_RANGE);
    return c.json(await sectionDiff(c.get('ctx'), c.get('user')!, c.req.param('id'), from, to));
  })
  .post('/sections/:id/restore', requireUser, async (c) => {
    const { seq } = await readBody(c, RESTORE_REQUEST);
    return c.json(await restoreSection(c.get('ctx'), c.get('user')!, c.req.param('id'), seq));
  })
  .get('/reports/:id/versions/compare', requireUser, async (c) => {
    const from = parseVersionPoint(c.req.query('from'), 'from', false);
    const to = parseVersionPoint(c.req.query('to'), 'to', true);
    return c.json(await compareVersions(c.get('ctx'), c.get('user')!, c.req.param('id'), from, to));
  })
  .get('/reports/:id/final/authorship', requireUser, async (c) => c.json(await finalAuthorship(c.get('ctx'), c.get('user')!, c.req.param('id'))));
