import { describe, expect, it } from 'vitest';
import { NEW_COMMENT, NEW_REPLY, NO_BODY, NOTIFICATION, NOTIFICATION_LIST, NOTIFICATION_TYPE, NOTIFICATIONS_READ_ALL, THREAD, THREADS } from './review.js';

const reply = {
  id: 'c2',
  parentId: 'c1',
  reportId: 'r1',
  sectionId: 's1',
  docName: 'section-s1',
  anchor: null,
  quote: '',
  body: '已补充。',
  author: { id: 'u-wjj', name: '张卫民', role: 'editor', bureau: { id: 'b-wjj', name: '卫健局' } },
  createdAt: '2026-12-06T08:05:00.000Z',
  resolvedBy: null,
  resolvedAt: null,
};

const thread = {
  ...reply,
  id: 'c1',
  parentId: null,
  anchor: { from: 'AQL4lNCDCwUA', to: 'AQL4lNCDCwkB' },
  quote: '核酸检测',
  body: '请@张卫民补充具体措施',
  author: { id: 'u-qz', name: '周区长', role: 'leader', bureau: null },
  createdAt: '2026-12-06T08:00:00.000Z',
  resolvedBy: { id: 'u-bgs', name: '王秘书' },
  resolvedAt: '2026-12-06T09:00:00.000Z',
  replies: [reply],
};

const notification = {
  id: '42',
  type: 'mentioned',
  reportId: 'r1',
  reportTitle: '示例区2026年上半年工作总结',
  sectionId: 's1',
  message: '周区长在《示例区2026年上半年工作总结》“（二）疫情防控”的批示中提到了您：请@张卫民补充具体措施',
  detail: { commentId: 'c1', threadId: 'c1', docName: 'section-s1', authorId: 'u-qz', authorName: '周区长' },
  createdAt: '2026-12-06T08:00:00.000Z',
  readAt: null,
};

describe('comment threads', () => {
  it('accepts the threads the server presents, a deleted author included', () => {
    const orphan = { ...thread, id: 'c3', author: { id: 'gone', name: '（已删除的用户）', role: null, bureau: null }, replies: [] };
    expect(THREADS.parse([thread, orphan])).toEqual([thread, orphan]);
  });

  it('refuses a reply as a thread, a number id, an unknown role, a missing field or a local time', () => {
    expect(THREAD.safeParse({ ...reply, replies: [] }).success).toBe(false);
    expect(THREAD.safeParse({ ...thread, id: 1 }).success).toBe(false);
    expect(THREAD.safeParse({ ...thread, author: { ...thread.author, role: 'mayor' } }).success).toBe(false);
    const { resolvedAt: _dropped, ...withoutResolvedAt } = thread;
    expect(THREAD.safeParse(withoutResolvedAt).success).toBe(false);
    expect(THREAD.safeParse({ ...thread, replies: [{ ...reply, createdAt: '2026-12-06 16:05' }] }).success).toBe(false);
  });
});

describe('comment requests', () => {
  it('trims the text and takes an optional anchor and quote', () => {
    expect(NEW_COMMENT.parse({ body: '  请核实  ' })).toEqual({ body: '请核实' });
    expect(NEW_COMMENT.parse({ body: '请核实', anchor: null })).toEqual({ body: '请核实', anchor: null });
    expect(NEW_COMMENT.parse({ body: '请核实', anchor: { from: 'AA', to: 'AB' }, quote: '原文' }).anchor).toEqual({ from: 'AA', to: 'AB' });
  });

  it('refuses with the Chinese messages the routes answer', () => {
    const message = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;
    expect(message(NEW_COMMENT.safeParse({ body: '   ' }))).toBe('批注内容不能为空');
    expect(message(NEW_REPLY.safeParse({ body: '字'.repeat(2001) }))).toBe('批注内容不能超过 2000 个字符');
    expect(message(NEW_COMMENT.safeParse({ body: '请核实', anchor: { from: '', to: 'AA' } }))).toBe('批注位置不能为空');
    expect(message(NEW_COMMENT.safeParse({ body: '请核实', anchor: { from: 'A'.repeat(513), to: 'AA' } }))).toBe('批注位置编码不能超过 512 个字符');
    expect(message(NEW_COMMENT.safeParse({ body: '请核实', quote: '引'.repeat(501) }))).toBe('引用的原文不能超过 500 个字符');
  });

  it('takes any object where no body is needed, and nothing else', () => {
    expect(NO_BODY.safeParse({}).success).toBe(true);
    expect(NO_BODY.safeParse({ ignored: true }).success).toBe(true);
    expect(NO_BODY.safeParse([]).success).toBe(false);
    expect(NO_BODY.safeParse('read').success).toBe(false);
  });
});

describe('notifications', () => {
  it('accepts the list, a read one and the answer of 全部已读', () => {
    const read = { ...notification, id: '7', type: 'returned', detail: { actorId: 'u-bgs', actorName: '王秘书', reason: '请补充6月底的数据' }, readAt: '2026-12-06T10:00:00.000Z' };
    const none = { ...notification, id: '8', type: 'overdue', reportId: null, reportTitle: null, sectionId: null, detail: { dueDate: '2026-12-05', later: 1 } };
    const list = { unread: 3, items: [notification, read, none] };
    expect(NOTIFICATION_LIST.parse(list)).toEqual(list);
    expect(NOTIFICATIONS_READ_ALL.parse({ unread: 0, updated: 3 })).toEqual({ unread: 0, updated: 3 });
  });

  it('knows exactly the documented kinds', () => {
    expect(NOTIFICATION_TYPE.options).toEqual(['assigned', 'returned', 'approved', 'mentioned', 'comment_reply', 'due_tomorrow', 'overdue', 'reminded']);
  });

  it('refuses an unknown kind, a number id, a missing title, a badly typed detail or a wrong count', () => {
    expect(NOTIFICATION.safeParse({ ...notification, type: 'liked' }).success).toBe(false);
    expect(NOTIFICATION.safeParse({ ...notification, id: 42 }).success).toBe(false);
    const { reportTitle: _dropped, ...withoutTitle } = notification;
    expect(NOTIFICATION.safeParse(withoutTitle).success).toBe(false);
    expect(NOTIFICATION.safeParse({ ...notification, detail: { threadId: 55 } }).success).toBe(false);
    expect(NOTIFICATION_LIST.safeParse({ unread: -1, items: [] }).success).toBe(false);
    expect(NOTIFICATIONS_READ_ALL.safeParse({ unread: 2, updated: 3 }).success).toBe(false);
  });
});
