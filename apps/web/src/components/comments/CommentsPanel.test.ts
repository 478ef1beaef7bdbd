// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Thread } from '../../api/reviewApi';
import type { Me, ReportSection } from '../../api/types';
import type { SectionComments } from '../../hooks/review/useSectionComments';
import { setupTestRoot } from '../../testRoot';
import { CommentsPanel } from './CommentsPanel';

const testRoot = setupTestRoot();

const section: ReportSection = {
  id: 's1', number: '（二）', title: '疫情防控', level: 2, parentId: null, bureaus: [{ id: 'b1', name: '卫健局' }],
  numbered: true, status: 'returned', statusLabel: '已退回', docName: 'section-s1', dueDate: null, instruction: '', returnReason: '请补充', lastEdit: null,
};
const wjj: Me = { id: 'u2', username: 'wjj', name: '张卫民', role: 'editor', roleLabel: '部门撰稿人', bureau: { id: 'b1', name: '卫健局', color: '#393', isOffice: false }, organisation: { name: '示例区人民政府' } };
const fgj: Me = { id: 'u5', username: 'fgj', name: '陈发展', role: 'editor', roleLabel: '部门撰稿人', bureau: { id: 'b2', name: '发改局', color: '#933', isOffice: false }, organisation: { name: '示例区人民政府' } };

function thread(id: string, over: Partial<Thread> = {}): Thread {
  return {
    id, parentId: null, reportId: 'r1', sectionId: 's1', docName: 'section-s1', anchor: null, quote: '核酸检测12万人次',
    body: '请@张卫民 核实', author: { id: 'u3', name: '周区长', role: 'leader', bureau: null },
    createdAt: new Date().toISOString(), resolvedBy: null, resolvedAt: null, replies: [], ...over,
  };
}

function comments(over: Partial<SectionComments> = {}): SectionComments {
  return {
    threads: [], error: null, reload: vi.fn(), create: vi.fn(), reply: vi.fn(async () => undefined), setResolved: vi.fn(async () => undefined),
    plugins: [], openCount: 0, panelOpen: true, togglePanel: vi.fn(), activeId: null, setActiveId: vi.fn(),
    canStartDraft: false, draft: null, draftError: null, startDraft: vi.fn(), cancelDraft: vi.fn(), submitDraft: vi.fn(async () => undefined),
    ...over,
  };
}

function render(value: SectionComments, me: Me) {
  return testRoot.render(createElement(CommentsPanel, { id: 'p', comments: value, section, me, view: null }));
}

const q = (el: ParentNode, id: string) => el.querySelectorAll<HTMLElement>(`[data-testid=${id}]`);

describe('CommentsPanel', () => {
  it('lists open threads with author, kind and actions, and folds resolved ones', () => {
    const resolved = thread('t2', { body: '已处理', resolvedAt: new Date().toISOString(), resolvedBy: { id: 'u1', name: '李文静' } });
    const open = thread('t1', { replies: [{ ...thread('r1'), parentId: 't1', body: '已核实', author: { id: 'u2', name: '张卫民', role: 'editor', bureau: { id: 'b1', name: '卫健局' } } }] });
    const el = render(comments({ threads: [resolved, open] }), wjj);
    const threads = q(el, 'comment-thread');
    expect(threads).toHaveLength(1);
    expect(threads[0]!.dataset.resolved).toBe('false');
    expect(q(el, 'comment-quote')[0]!.textContent).toContain('核酸检测12万人次');
    expect([...q(el, 'comment-author')].map((a) => a.textContent)).toEqual(['周区长 · 领导', '张卫民 · 卫健局']);
    expect(threads[0]!.textContent).toContain('批示');
    // An editor of the assigned bureau may resolve a leader's thread.
    expect(q(el, 'comment-resolve')[0]!.textContent).toBe('解决');

    act(() => q(el, 'comments-resolved-toggle')[0]!.click());
    const all = q(el, 'comment-thread');
    expect(all).toHaveLength(2);
    expect(all[1]!.dataset.resolved).toBe('true');
    expect(q(all[1]!, 'comment-resolved')[0]!.textContent).toContain('李文静');
  });

  it('hides 解决 from an editor of another bureau, and replies through the composer', async () => {
    const value = comments({ threads: [thread('t1')] });
    const el = render(value, fgj);
    expect(q(el, 'comment-resolve')).toHaveLength(0);
    act(() => q(el, 'comment-reply')[0]!.click());
    const box = q(el, 'comment-reply-body')[0] as HTMLTextAreaElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    act(() => {
      setter.call(box, '收到');
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => q(el, 'comment-reply-submit')[0]!.click());
    expect(value.reply).toHaveBeenCalledWith('t1', '收到');
    expect(q(el, 'comment-reply-body')).toHaveLength(0);
  });

  it('shows the draft with its quote and posts it', async () => {
    const value = comments({ draft: { anchor: { from: 'a', to: 'b' }, quote: '疫苗接种率' } });
    const el = render(value, { ...wjj, role: 'leader', bureau: null });
    expect(q(el, 'comment-draft')[0]!.textContent).toContain('疫苗接种率');
    expect(q(el, 'comment-submit')[0]!.textContent).toBe('发表批示');
    expect((q(el, 'comment-submit')[0] as HTMLButtonElement).disabled).toBe(true);
  });
});
