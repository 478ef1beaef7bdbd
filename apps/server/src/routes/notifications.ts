/** `/api/notifications`: the signed-in user's in-app notifications (another user's are 404). */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationRecord,
} from '@hegao/storage';
import { ApiError } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';

const LIMIT = 100;
const Empty = z.object({}).passthrough();

async function optionalEmptyBody(c: Context<HonoEnv>): Promise<void> {
  if ((c.req.header('content-length') ?? '0') !== '0' || c.req.header('content-type')) await readBody(c, Empty);
}

/** A notification as clients see it. */
function present(n: NotificationRecord) {
  return {
    id: String(n.id),
    type: n.type,
    reportId: n.reportId,
    sectionId: n.sectionId,
    message: n.message,
    detail: n.detail,
    createdAt: new Date(n.createdAt).toISOString(),
    readAt: n.readAt === null ? null : new Date(n.readAt).toISOString(),
  };
}

const NOT_FOUND = () => new ApiError(404, 'not_found', '通知不存在');

/** Routes for listing and reading notifications. */
export const notificationsRoutes = new Hono<HonoEnv>()
  .get('/notifications', requireUser, async (c) => {
    const { db } = c.get('ctx');
    const user = c.get('user')!;
    const unreadOnly = c.req.query('unread') === '1' || c.req.query('unread') === 'true';
    const [unread, items] = await Promise.all([countUnreadNotifications(db, user.id), listNotifications(db, user.id, { unreadOnly, limit: LIMIT })]);
    return c.json({ unread, items: items.map(present) });
  })
  .post('/notifications/read-all', requireUser, async (c) => {
    await optionalEmptyBody(c);
    const updated = await markAllNotificationsRead(c.get('ctx').db, c.get('user')!.id);
    return c.json({ unread: 0, updated });
  })
  .post('/notifications/:id/read', requireUser, async (c) => {
    await optionalEmptyBody(c);
    const id = c.req.param('id');
    if (!/^\d{1,15}$/.test(id)) throw NOT_FOUND();
    const note = await markNotificationRead(c.get('ctx').db, c.get('user')!.id, Number(id));
    if (!note) throw NOT_FOUND();
    return c.json(present(note));
  });
