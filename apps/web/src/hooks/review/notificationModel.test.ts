import { describe, expect, it } from 'vitest';
import type { AppNotification } from '../../api/reviewApi';
import {
  EMPTY_NOTIFICATIONS,
  badgeText,
  markAllNotificationsRead,
  markNotificationRead,
  mergeNotifications,
  notificationReportCaption,
  notificationTarget,
  notificationTypeLabel,
} from './notificationModel';

function note(id: string, createdAt: string, over: Partial<AppNotification> = {}): AppNotification {
  return {
    id,
    type: 'returned',
    reportId: 'r1',
    reportTitle: '报告',
    sectionId: 's1',
    message: `消息${id}`,
    detail: {},
    createdAt,
    readAt: null,
    ...over,
  };
}

const NOW = '2020-07-05T08:00:00.000Z';

describe('mergeNotifications', () => {
  it('replaces everything with a full list, newest first', () => {
    const list = { unread: 1, items: [note('1', '2020-07-01T00:00:00Z', { readAt: NOW }), note('2', '2020-07-02T00:00:00Z')] };
    const state = mergeNotifications(EMPTY_NOTIFICATIONS, list, false, NOW);
    expect(state.unread).toBe(1);
    expect(state.items.map((n) => n.id)).toEqual(['2', '1']);
  });

  it('adds new unread ones from a poll and keeps the read ones it knew', () => {
    const known = mergeNotifications(EMPTY_NOTIFICATIONS, { unread: 0, items: [note('1', '2020-07-01T00:00:00Z', { readAt: NOW })] }, false, NOW);
    const polled = mergeNotifications(known, { unread: 1, items: [note('3', '2020-07-03T00:00:00Z')] }, true, NOW);
    expect(polled.unread).toBe(1);
    expect(polled.items.map((n) => [n.id, n.readAt === null])).toEqual([
      ['3', true],
      ['1', false],
    ]);
  });

  it('marks as read what was read elsewhere, but only when the poll holds every unread one', () => {
    const known = { unread: 2, items: [note('2', '2020-07-02T00:00:00Z'), note('1', '2020-07-01T00:00:00Z')] };
    const complete = mergeNotifications(known, { unread: 1, items: [note('2', '2020-07-02T00:00:00Z')] }, true, NOW);
    expect(complete.items.find((n) => n.id === '1')!.readAt).toBe(NOW);
    // 150 unread but only 100 sent: the missing ones may simply not have been sent.
    const partial = mergeNotifications(known, { unread: 150, items: [note('2', '2020-07-02T00:00:00Z')] }, true, NOW);
    expect(partial.items.find((n) => n.id === '1')!.readAt).toBeNull();
  });
});

describe('reading', () => {
  const state = { unread: 2, items: [note('2', '2020-07-02T00:00:00Z'), note('1', '2020-07-01T00:00:00Z', { readAt: NOW })] };

  it('marks one read and lowers the count only if it was unread', () => {
    const once = markNotificationRead(state, '2', NOW);
    expect(once.unread).toBe(1);
    expect(once.items[0]!.readAt).toBe(NOW);
    expect(markNotificationRead(once, '2', '2020-08-01T00:00:00Z')).toBe(once);
    expect(markNotificationRead(state, '1', NOW)).toBe(state);
    expect(markNotificationRead(state, 'unknown', NOW)).toBe(state);
  });

  it('marks all read', () => {
    const all = markAllNotificationsRead(state, '2020-07-06T00:00:00Z');
    expect(all.unread).toBe(0);
    expect(all.items.map((n) => n.readAt)).toEqual(['2020-07-06T00:00:00Z', NOW]);
  });
});

describe('presentation', () => {
  it('caps the badge', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });

  it('leads to the report, its section and the thread of a mention', () => {
    expect(notificationTarget(note('1', NOW, { type: 'mentioned', reportId: '7', sectionId: '12', detail: { threadId: '55' } }))).toEqual({
      href: '#/reports/7/sections/12',
      reportId: '7',
      sectionId: '12',
      threadId: '55',
    });
    expect(notificationTarget(note('2', NOW, { reportId: '7', sectionId: null }))).toMatchObject({ href: '#/reports/7', sectionId: null, threadId: null });
    expect(notificationTarget(note('3', NOW, { reportId: null }))).toBeNull();
  });

  it('labels kinds in Chinese', () => {
    expect(notificationTypeLabel('mentioned')).toBe('提到我');
    expect(notificationTypeLabel('overdue')).toBe('已逾期');
    expect(notificationTypeLabel('something_new')).toBe('通知');
    expect(notificationTypeLabel('reminded')).toBe('催办');
  });

  it('names the report over a message that does not (stored before messages named it, or renamed since)', () => {
    const title = '2026年上半年工作总结';
    expect(notificationReportCaption({ message: '办公室审核通过了“导语”', reportTitle: title })).toBe(`《${title}》`);
    expect(notificationReportCaption({ message: `办公室审核通过了《${title}》“导语”`, reportTitle: title })).toBeNull();
    expect(notificationReportCaption({ message: '办公室审核通过了《旧标题》“导语”', reportTitle: title })).toBe(`《${title}》`);
    expect(notificationReportCaption({ message: '消息', reportTitle: null })).toBeNull();
  });
});
