/** In-app notifications, per user; a `dedupeKey` makes a reminder idempotent per user. */
import type { NotificationType } from '@hegao/contract';
import type { Selectable } from 'kysely';
import type { Db } from '../db.js';
import type { NotificationTable } from '../schema.js';

/** What a notification is about: the contract's list (`NOTIFICATION_TYPE`), so every notification created is checked against it. */
export type { NotificationType };

/** One stored notification. */
export interface NotificationRecord {
  id: number;
  userId: string;
  type: NotificationType;
  reportId: string | null;
  sectionId: string | null;
  /** A complete Chinese sentence for people. */
  message: string;
  /** Machine-readable facts (reason, comment id, due date, …). */
  detail: Record<string, unknown>;
  dedupeKey: string | null;
  createdAt: number;
  readAt: number | null;
}

/** A notification to create. */
export interface NewNotification {
  userId: string;
  type: NotificationType;
  reportId: string | null;
  sectionId?: string | null;
  message: string;
  detail?: Record<string, unknown>;
  /** Set for reminders: a second row with the same user and key is silently skipped. */
  dedupeKey?: string | null;
}

function toNotification(row: Selectable<NotificationTable>): NotificationRecord {
  return {
    id: Number(row.id),
    userId: row.user_id,
    type: row.type as NotificationType,
    reportId: row.report_id,
    sectionId: row.section_id,
    message: row.message,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    dedupeKey: row.dedupe_key,
    createdAt: Number(row.created_at),
    readAt: row.read_at === null ? null : Number(row.read_at),
  };
}

const BATCH = 200;

/** Stores notifications, skipping those whose (user, dedupeKey) exists; returns how many were new. */
export async function createNotifications(db: Db, items: readonly NewNotification[], at = Date.now()): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < items.length; i += BATCH) {
    const values = items.slice(i, i + BATCH).map((n) => ({
      user_id: n.userId,
      type: n.type,
      report_id: n.reportId,
      section_id: n.sectionId ?? null,
      message: n.message,
      detail: JSON.stringify(n.detail ?? {}),
      dedupe_key: n.dedupeKey ?? null,
      created_at: at,
      read_at: null,
    }));
    const res = await db.kysely
      .insertInto('notifications')
      .values(values)
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** A user's notifications, newest first. */
export async function listNotifications(
  db: Db,
  userId: string,
  opts: { unreadOnly?: boolean; limit?: number } = {},
): Promise<NotificationRecord[]> {
  let query = db.kysely.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (opts.unreadOnly) query = query.where('read_at', 'is', null);
  const rows = await query.orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
  return rows.map(toNotification);
}

/** Number of a user's unread notifications. */
export async function countUnreadNotifications(db: Db, userId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One notification of this user, or null (another user's notification is null too). */
export async function getNotification(db: Db, userId: string, id: number): Promise<NotificationRecord | null> {
  const row = await db.kysely.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return row ? toNotification(row) : null;
}

/** Marks one of the user's notifications read (keeping an earlier read time); null if it is not theirs. */
export async function markNotificationRead(db: Db, userId: string, id: number, at = Date.now()): Promise<NotificationRecord | null> {
  await db.kysely
    .updateTable('notifications')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
  return getNotification(db, userId, id);
}

/** Marks all of a user's notifications read; returns how many changed. */
export async function markAllNotificationsRead(db: Db, userId: string, at = Date.now()): Promise<number> {
  const res = await db.kysely
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
