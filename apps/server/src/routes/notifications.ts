/** `/api/notifications`: the signed-in user's in-app notifications (another user's are 404). */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  countUnreadNotifications,
  getReport,
  listNotifications,
  listReports,
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

/**
 * A notification as clients see it. `reportTitle` is the report's current title (null without a
 * report): the message names the report too, but notifications stored before it did, or before a
 * rename, are told apart by it.
 */
function present(n: NotificationRecord, titles: ReadonlyMap<string, string>) {
  return {
    id: String(n.id),
    type: n.type,
    reportId: n.reportId,
    reportTitle: n.reportId === null ? null : (titles.get(n.reportId) ?? null),
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
    const [unread, items, reports] = await Promise.all([
      countUnreadNotifications(db, user.id),
      listNotifications(db, user.id, { unreadOnly, limit: LIMIT }),
      listReports(db),
    ]);
    const titles = new Map(reports.map((r) => [r.id, r.title]));
    return c.json({ unread, items: items.map((n) => present(n, titles)) });
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
    const { db } = c.get('ctx');
    const note = await markNotificationRead(db, c.get('user')!.id, Number(id));
    if (!note) throw NOT_FOUND();
    const report = note.reportId === null ? null : await getReport(db, note.reportId);
    return c.json(present(note, new Map(report ? [[report.id, report.title]] : [])));
  });
