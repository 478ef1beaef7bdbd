/** `/api/notifications`: the signed-in user's in-app notifications (another user's are 404); shapes in packages/contract/src/review.ts. */
import { Hono, type Context } from 'hono';
import { NO_BODY, type NotificationList, type NotificationsReadAll } from '@hegao/contract';
import { countUnreadNotifications, getReport, listNotifications, listReports, markAllNotificationsRead, markNotificationRead } from '@hegao/storage';
import { ApiError } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';
import { presentNotification } from '../presenters/notifications.js';

const LIMIT = 100;

/** Resolve-like calls take no body: none, or any JSON object (`NO_BODY`). */
async function optionalEmptyBody(c: Context<HonoEnv>): Promise<void> {
  if ((c.req.header('content-length') ?? '0') !== '0' || c.req.header('content-type')) await readBody(c, NO_BODY);
}

const NOT_FOUND = () => new ApiError(404, 'not_found', '通知不存在');

/** Routes for listing and reading notifications. */
export const notificationsRoutes = new Hono<HonoEnv>()
  .get('/notifications', requireUser, async (c) => {
    const { db } = c.get('ctx');
    const user = c.get('user')!;
    const unreadOnly = c.req.query('unread') === '1' || c.req.query('unread') === 'true';
    const [unread, items, reports] = await Promise.all([
      countUnreadNotifications(db, user.id),
      listNotifications(db, user.id, { unreadOnly, limit: LIMIT }),
      listReports(db),
    ]);
    const titles = new Map(reports.map((r) => [r.id, r.title]));
    const list: NotificationList = { unread, items: items.map((n) => presentNotification(n, titles)) };
    return c.json(list);
  })
  .post('/notifications/read-all', requireUser, async (c) => {
    await optionalEmptyBody(c);
    const updated = await markAllNotificationsRead(c.get('ctx').db, c.get('user')!.id);
    const answer: NotificationsReadAll = { unread: 0, updated };
    return c.json(answer);
  })
  .post('/notifications/:id/read', requireUser, async (c) => {
    await optionalEmptyBody(c);
    const id = c.req.param('id');
    if (!/^\d{1,15}$/.test(id)) throw NOT_FOUND();
    const { db } = c.get('ctx');
    const note = await markNotificationRead(db, c.get('user')!.id, Number(id));
    if (!note) throw NOT_FOUND();
    const report = note.reportId === null ? null : await getReport(db, note.reportId);
    return c.json(presentNotification(note, new Map(report ? [[report.id, report.title]] : [])));
  });
