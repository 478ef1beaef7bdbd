/** Routes for notifications (filled in by the issue-4 work). */
import { Hono } from 'hono';
import type { HonoEnv } from '../http/env.js';

/** Routes for notifications. */
export const notificationsRoutes = new Hono<HonoEnv>();
