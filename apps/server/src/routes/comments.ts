/** Routes for comments (filled in by the issue-4 work). */
import { Hono } from 'hono';
import type { HonoEnv } from '../http/env.js';

/** Routes for comments. */
export const commentsRoutes = new Hono<HonoEnv>();
