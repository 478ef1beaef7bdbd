// The notification list as the bell shows it: merging polls, marking read, where a click leads.
import type { AppNotification, NotificationList, NotificationType } from '../../api/reviewApi';
import { reportHref, sectionHref } from '../../router/route';

/** What the bell holds. */
export interface NotificationsState {
  /** All unread notifications of the user (the server's count). */
  unread: number;
  /** Newest first. */
  items: AppNotification[];
}

/** Nothing known yet. */
export const EMPTY_NOTIFICATIONS: NotificationsState = { unread: 0, items: [] };

/** The most the list keeps (what the server sends at most). */
export const NOTIFICATIONS_MAX = 100;

/**
 * Merges an answer of `GET /api/notifications` into the state. A full list replaces the items. An
 * unread-only list updates the count and adds or refreshes those items, keeps the read ones known
 * already, and, when it holds every unread one, marks as read (at `now`) the items read elsewhere.
 */
export function mergeNotifications(state: NotificationsState, list: NotificationList, unreadOnly: boolean, now: string): NotificationsState {
  const unread = Math.max(0, list.unread);
  if (!unreadOnly) return { unread, items: sortNewest(list.items).slice(0, NOTIFICATIONS_MAX) };
  const incoming = new Map(list.items.map((n) => [n.id, n]));
  const complete = list.items.length >= unread;
  const kept = state.items
    .filter((n) => !incoming.has(n.id))
    .map((n) => (n.readAt === null && complete ? { ...n, readAt: now } : n));
  return { unread, items: sortNewest([...list.items, ...kept]).slice(0, NOTIFICATIONS_MAX) };
}

/** The state after one notification was read (the count drops only if it was unread). */
export function markNotificationRead(state: NotificationsState, id: string, readAt: string): NotificationsState {
  const item = state.items.find((n) => n.id === id);
  if (!item || item.readAt !== null) return state;
  return {
    unread: Math.max(0, state.unread - 1),
    items: state.items.map((n) => (n === item ? { ...n, readAt } : n)),
  };
}

/** The state after 全部已读. */
export function markAllNotificationsRead(state: NotificationsState, readAt: string): NotificationsState {
  return { unread: 0, items: state.items.map((n) => (n.readAt === null ? { ...n, readAt } : n)) };
}

/** The badge text: nothing for 0, 99+ beyond 99. */
export function badgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/** Where a click on a notification leads. */
export interface NotificationTarget {
  href: string;
  reportId: string;
  sectionId: string | null;
  /** The comment thread to open, for mentions and replies. */
  threadId: string | null;
}

/** The report (and section, thread) a notification is about, or null when it names no report. */
export function notificationTarget(n: AppNotification): NotificationTarget | null {
  if (n.reportId === null || n.reportId === '') return null;
  return {
    // The report page opens at the section (#/reports/:id/sections/:sectionId).
    href: n.sectionId ? sectionHref(n.reportId, n.sectionId) : reportHref(n.reportId),
    reportId: n.reportId,
    sectionId: n.sectionId,
    threadId: n.detail.threadId ?? null,
  };
}

const TYPE_LABELS: Record<NotificationType, string> = {
  assigned: '分配',
  returned: '退回',
  approved: '通过',
  mentioned: '提到我',
  comment_reply: '回复',
  due_tomorrow: '即将截止',
  overdue: '已逾期',
  reminded: '催办',
};

/** A short Chinese tag for the kind of notification (通知 for a kind a newer server may send). */
export function notificationTypeLabel(type: string): string {
  return Object.hasOwn(TYPE_LABELS, type) ? TYPE_LABELS[type as NotificationType] : '通知';
}

/** The tone of a kind: returned and overdue ones are warnings. */
export function notificationTone(type: string): 'danger' | 'warning' | 'success' | 'info' {
  if (type === 'returned' || type === 'overdue') return 'danger';
  if (type === 'due_tomorrow' || type === 'reminded') return 'warning';
  if (type === 'approved') return 'success';
  return 'info';
}

/**
 * The report a notification is about, as a caption over its message (《2026年上半年工作总结》), when
 * the message does not name it already: notifications stored before messages named their report,
 * or whose report was renamed since. Null when the message names it or there is no report.
 */
export function notificationReportCaption(n: Pick<AppNotification, 'message' | 'reportTitle'>): string | null {
  if (!n.reportTitle) return null;
  const named = `《${n.reportTitle}》`;
  return n.message.includes(named) ? null : named;
}

function sortNewest(items: readonly AppNotification[]): AppNotification[] {
  return items.slice().sort((a, b) => (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0) || Number(b.id) - Number(a.id));
}
