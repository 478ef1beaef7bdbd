/** Routes for finalDraft (filled in by the issue-4 work). */
import { Hono } from 'hono';
import type { HonoEnv } from '../http/env.js';

/** Routes for finalDraft. */
export const finalDraftRoutes = new Hono<HonoEnv>();
