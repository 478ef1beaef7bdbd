import { describe, expect, it } from 'vitest';
import { listsOwnSections, maySubmit, predictAccess, readOnlyReason } from './access';

const editor = { id: 'u1', role: 'editor' as const, bureau: { id: 'b-wjj', name: '卫健局', color: '#c0392b', isOffice: false } };
const secretary = { id: 'u2', role: 'secretary' as const, bureau: { id: 'b-bgs', name: '办公室', color: '#1f4f8f', isOffice: true } };
const leader = { id: 'u3', role: 'leader' as const, bureau: null };
const ours = { status: 'drafting' as const, bureaus: [{ id: 'b-wjj' }] };
const theirs = { status: 'drafting' as const, bureaus: [{ id: 'b-fgj' }] };

describe('predictAccess', () => {
  it('lets the assigned bureau write while drafting or returned', () => {
    expect(predictAccess(editor, 'drafting', ours)).toEqual({ mode: 'write', reason: '' });
    expect(predictAccess(editor, 'drafting', { ...ours, status: 'returned' }).mode).toBe('write');
  });

  it('explains why a section is read-only', () => {
    expect(predictAccess(editor, 'drafting', theirs)).toEqual({ mode: 'read', reason: '本章节未分配给您所在的部门' });
    expect(predictAccess(editor, 'drafting', { ...ours, status: 'submitted' }).reason).toBe('本章节已提交，等待办公室审核，暂不可编辑');
    expect(predictAccess(leader, 'drafting', ours).reason).toBe('领导账号只能阅读和批示，不能编辑');
  });

  it('lets the secretary write submitted sections only', () => {
    expect(predictAccess(secretary, 'drafting', { ...ours, status: 'submitted' }).mode).toBe('write');
    expect(predictAccess(secretary, 'drafting', ours).mode).toBe('read');
  });
});

describe('maySubmit', () => {
  it('is for the assigned bureau editor while drafting or returned', () => {
    expect(maySubmit(editor, 'drafting', ours)).toBe(true);
    expect(maySubmit(editor, 'drafting', { ...ours, status: 'returned' })).toBe(true);
    expect(maySubmit(editor, 'drafting', { ...ours, status: 'submitted' })).toBe(false);
    expect(maySubmit(editor, 'drafting', theirs)).toBe(false);
    expect(maySubmit(secretary, 'drafting', ours)).toBe(false);
    expect(maySubmit(leader, 'drafting', ours)).toBe(false);
    expect(maySubmit(editor, 'locked', ours)).toBe(false);
  });
});

describe('listsOwnSections', () => {
  it('lists an editor’s sections even when there are none, the office’s only when it writes some', () => {
    expect(listsOwnSections({ role: 'editor' }, { mySections: [] })).toBe(true);
    expect(listsOwnSections({ role: 'secretary' }, { mySections: [] })).toBe(false);
    expect(listsOwnSections({ role: 'secretary' }, { mySections: [{ id: 's' }] })).toBe(true);
    expect(listsOwnSections({ role: 'leader' }, {})).toBe(false);
  });
});

describe('readOnlyReason', () => {
  const told = (reason: string) => ({ status: 'connected' as const, reason, accessKnown: true });
  const waiting = (status: 'connected' | 'connecting' | 'offline') => ({ status, reason: '', accessKnown: false });

  it("is the server's reason once it has spoken, whatever the prediction", () => {
    expect(readOnlyReason(editor, 'drafting', ours, told('本章节已提交，等待办公室审核，暂不可编辑'))).toBe('本章节已提交，等待办公室审核，暂不可编辑');
    expect(readOnlyReason(editor, 'drafting', ours, told(''))).toBe('暂不可编辑');
  });

  it('before the server has spoken: the rule when it says read-only', () => {
    expect(readOnlyReason(leader, 'drafting', ours, waiting('connecting'))).toBe('领导账号只能阅读和批示，不能编辑');
    expect(readOnlyReason(editor, 'drafting', theirs, waiting('offline'))).toBe('本章节未分配给您所在的部门');
  });

  it('before the server has spoken on a section the rule lets us write: why it is not open yet', () => {
    expect(readOnlyReason(editor, 'drafting', ours, waiting('connecting'))).toBe('正在连接，稍后即可编辑');
    expect(readOnlyReason(editor, 'drafting', ours, waiting('offline'))).toBe('离线，暂时无法确认编辑权限');
  });
});
