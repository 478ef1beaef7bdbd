import { NOTIFICATION, NOTIFICATION_LIST, type NotificationType } from '@hegao/contract';
import { createNotifications, listBureaus, listNotifications, listUsers, markNotificationRead } from '@hegao/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addComment, addReply, sectionTarget } from '../commands/comments.js';
import { dueReminders } from '../commands/dueReminders.js';
import { notify, reportSectionLabel, sectionStepNotifications } from '../commands/notify.js';
import { remindNotifications } from '../commands/remind.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { presentNotification } from './notifications.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  await ws.close();
});

const titles = () => new Map([[ws.report.id, ws.report.title]]);

describe('presentNotification', () => {
  it('builds exactly the contract’s notification for what the server creates', async () => {
    const { epidemic } = ws.sections;
    // Overdue (the due-date job), a mention and a reply (comments), returned and reminded (the office).
    await ws.exec(`UPDATE sections SET due_date = '2020-06-28' WHERE id = '${epidemic.id}'`);
    expect(await dueReminders(ws.ctx, new Date('2020-07-01T02:00:00Z'))).toBeGreaterThan(0);
    const target = await sectionTarget(ws.ctx, epidemic.id);
    const thread = await addComment(ws.ctx, ws.users.quzhang, target, { body: '请@张卫民补充具体措施' });
    await addReply(ws.ctx, ws.users.wjj, thread.id, '已补充。');
    const users = await listUsers(ws.db);
    const label = reportSectionLabel(ws.report.title, '（一）', epidemic.title);
    const bureaus = new Map((await listBureaus(ws.db)).map((b) => [b.id, b]));
    const step = { actor: ws.users.bgs, report: ws.report, section: epidemic, bureauIdsAfter: epidemic.bureauIds, dueDateAfter: null, label, users, bureaus };
    await notify(ws.ctx, sectionStepNotifications({ ...step, action: 'return', reason: '请补充6月底的数据' }));
    await notify(ws.ctx, remindNotifications({ actor: ws.users.bgs, report: ws.report, section: epidemic, number: '（一）', users, today: '2020-07-01' }));

    const mine = (await listNotifications(ws.db, ws.users.wjj.id)).map((n) => presentNotification(n, titles()));
    const theirs = (await listNotifications(ws.db, ws.users.quzhang.id)).map((n) => presentNotification(n, titles()));
    const list = { unread: mine.length, items: mine };
    // What the web reads: the schema keeps every field (none renamed, none missing, none extra).
    expect(NOTIFICATION_LIST.parse(list)).toEqual(list);
    expect(theirs.map((n) => NOTIFICATION.parse(n))).toEqual(theirs);
    expect(new Set(mine.map((n) => n.type))).toEqual(new Set<NotificationType>(['overdue', 'mentioned', 'returned', 'reminded']));
    expect(theirs.map((n) => n.type)).toEqual(['comment_reply']);

    const mention = mine.find((n) => n.type === 'mentioned')!;
    expect(mention).toMatchObject({ reportId: ws.report.id, reportTitle: ws.report.title, sectionId: epidemic.id, readAt: null });
    expect(mention.id).toMatch(/^\d+$/);
    expect(mention.detail).toMatchObject({ threadId: thread.id, commentId: thread.id, authorName: '周区长' });
    expect(mine.find((n) => n.type === 'returned')!.detail).toMatchObject({ actorName: '李文静', reason: '请补充6月底的数据' });
  });

  it('gives the read time once read, and no title without a report', async () => {
    await createNotifications(ws.db, [{ userId: ws.users.wjj.id, type: 'approved', reportId: null, message: '办公室审核通过了章节' }], Date.UTC(2020, 6, 1, 8));
    const [stored] = await listNotifications(ws.db, ws.users.wjj.id);
    const read = await markNotificationRead(ws.db, ws.users.wjj.id, stored!.id, Date.UTC(2020, 6, 1, 9));
    const shown = presentNotification(read!, titles());
    expect(NOTIFICATION.parse(shown)).toEqual(shown);
    expect(shown).toEqual({
      id: String(stored!.id),
      type: 'approved',
      reportId: null,
      reportTitle: null,
      sectionId: null,
      message: '办公室审核通过了章节',
      detail: {},
      createdAt: '2020-07-01T08:00:00.000Z',
      readAt: '2020-07-01T09:00:00.000Z',
    });
  });

  it('names no title for a report it no longer finds', async () => {
    await createNotifications(ws.db, [{ userId: ws.users.wjj.id, type: 'assigned', reportId: ws.report.id, message: '办公室分配了章节' }]);
    const [stored] = await listNotifications(ws.db, ws.users.wjj.id);
    expect(presentNotification(stored!, new Map()).reportTitle).toBeNull();
    expect(presentNotification(stored!, titles()).reportTitle).toBe(ws.report.title);
  });
});
