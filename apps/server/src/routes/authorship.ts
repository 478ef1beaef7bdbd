/** `GET /api/sections/:id/authorship` and `GET /api/reports/:id/final/authorship` (docs/api.md). */
import { Hono } from 'hono';
import { finalAuthorship } from '../authorship/finalAuthorship.js';
import { sectionAuthorship } from '../authorship/sectionAuthorship.js';
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

/** Authorship of a section's text, now or at `?at=`, and of a report's final draft. */
export const authorshipRoutes = new Hono<HonoEnv>()
  .get('/sections/:id/authorship', requireUser, async (c) => {
    const at = parseAt(c.req.query('at'));
    return c.json(await sectionAuthorship(c.get('ctx'), c.get('user')!, c.req.param('id'), at));
  })
  .get('/reports/:id/final/authorship', requireUser, async (c) => c.json(await finalAuthorship(c.get('ctx'), c.get('user')!, c.req.param('id'))));
