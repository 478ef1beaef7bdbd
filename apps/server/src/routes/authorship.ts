/**
 * Who wrote what (docs/api.md, "Authorship" and "Text history"): authorship of a section and of a
 * final draft, a section's timeline, the difference between two points, and restoring a point.
 */
import { Hono } from 'hono';
import { finalAuthorship } from '../authorship/finalAuthorship.js';
import { compareVersions, parseVersionPoint } from '../authorship/versionDiff.js';
import { sectionAuthorship } from '../authorship/sectionAuthorship.js';
import { parseSeq, restoreSection, sectionDiff, sectionTimeline } from '../authorship/sectionHistory.js';
import { readBody } from '../http/validate.js';
import { z } from 'zod';
import { ApiError } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';

/** ISO 8601 date-time (with a time zone or Z), as `?at=` takes it. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `?at=`: a moment, or undefined for now; 400 `invalid_at` for anything else. */
export function parseAt(value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const at = new Date(value);
  if (!ISO_DATE_TIME.test(value) || Number.isNaN(at.getTime())) {
    throw new ApiError(400, 'invalid_at', '时间格式不正确，应为 ISO 8601，例如 2026-12-03T14:05:00+08:00');
  }
  return at;
}

const RestoreBody = z.object({ seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

/** Authorship of a section's text (now, at `?at=` or after `?seq=`), of a report's final draft, and a section's text history. */
export const authorshipRoutes = new Hono<HonoEnv>()
  .get('/sections/:id/authorship', requireUser, async (c) => {
    const seq = parseSeq(c.req.query('seq'), 'seq');
    const at = parseAt(c.req.query('at'));
    if (seq !== undefined && at !== undefined) throw new ApiError(400, 'invalid_query', 'at 与 seq 只能给出一个');
    const deleted = c.req.query('deleted');
    if (deleted !== undefined && deleted !== '0' && deleted !== '1') throw new ApiError(400, 'invalid_query', 'deleted 只能为 0 或 1');
    return c.json(await sectionAuthorship(c.get('ctx'), c.get('user')!, c.req.param('id'), seq ?? at, { deleted: deleted === '1' }));
  })
  .get('/sections/:id/timeline', requireUser, async (c) => c.json(await sectionTimeline(c.get('ctx'), c.get('user')!, c.req.param('id'))))
  .get('/sections/:id/diff', requireUser, async (c) => {
    const from = parseSeq(c.req.query('from'), 'from');
    if (from === undefined) throw new ApiError(400, 'invalid_seq', '请给出对比的起点 from（修改记录中的序号）');
    const to = parseSeq(c.req.query('to'), 'to');
    return c.json(await sectionDiff(c.get('ctx'), c.get('user')!, c.req.param('id'), from, to));
  })
  .post('/sections/:id/restore', requireUser, async (c) => {
    const { seq } = await readBody(c, RestoreBody);
    return c.json(await restoreSection(c.get('ctx'), c.get('user')!, c.req.param('id'), seq));
  })
  .get('/reports/:id/versions/compare', requireUser, async (c) => {
    const from = parseVersionPoint(c.req.query('from'), 'from', false);
    const to = parseVersionPoint(c.req.query('to'), 'to', true);
    return c.json(await compareVersions(c.get('ctx'), c.get('user')!, c.req.param('id'), from, to));
  })
  .get('/reports/:id/final/authorship', requireUser, async (c) => c.json(await finalAuthorship(c.get('ctx'), c.get('user')!, c.req.param('id'))));
