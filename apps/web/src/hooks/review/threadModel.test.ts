import { describe, expect, it } from 'vitest';
import type { Comment, Thread } from '../../api/reviewApi';
import { addReply, authorLabel, commentKind, groupThreads, highlightAnchors, mayResolveThread, openThreadCount, upsertThread } from './threadModel';

const wjj = { id: 'u-wjj', name: '张卫民', role: 'editor' as const, bureau: { id: 'b-wjj', name: '卫健局' } };
const leader = { id: 'u-qz', name: '周区长', role: 'leader' as const, bureau: null };

function thread(id: string, over: Partial<Thread> = {}): Thread {
  return {
    id,
    parentId: null,
    reportId: 'r1',
    sectionId: 's1',
    docName: 'section-s1',
    anchor: { from: `${id}-from`, to: `${id}-to` },
    quote: `引文${id}`,
    body: `批注${id}`,
    author: wjj,
    createdAt: '2020-07-01T08:00:00.000Z',
    resolvedBy: null,
    resolvedAt: null,
    replies: [],
    ...over,
  };
}

describe('groupThreads', () => {
  it('puts open threads in document order, then those without a place by age; resolved ones last, newest first', () => {
    const threads = [
      thread('a', { createdAt: '2020-07-01T08:00:00Z' }),
      thread('b', { createdAt: '2020-07-01T09:00:00Z' }),
      thread('c', { anchor: null, quote: '', createdAt: '2020-07-01T07:00:00Z' }),
      thread('d', { createdAt: '2020-07-01T06:00:00Z' }), // its text was deleted: no position
      thread('e', { resolvedAt: '2020-07-02T08:00:00Z', resolvedBy: { id: 'x', name: '李秘书' } }),
      thread('f', { resolvedAt: '2020-07-03T08:00:00Z', resolvedBy: { id: 'x', name: '李秘书' } }),
    ];
    const positions = new Map([
      ['a', { from: 40 }],
      ['b', { from: 3 }],
      ['e', { from: 1 }],
    ]);
    const { open, resolved } = groupThreads(threads, positions);
    expect(open.map((e) => e.thread.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(open.map((e) => e.orphaned)).toEqual([false, false, true, false]);
    expect(open[0]!.position).toBe(3);
    expect(resolved.map((e) => e.thread.id)).toEqual(['f', 'e']);
    // A resolved thread whose text is gone is not flagged: it is not highlighted anyway.
    expect(resolved.every((e) => !e.orphaned)).toBe(true);
  });

  it('orders threads at the same place by age', () => {
    const threads = [thread('late', { createdAt: '2020-07-02T00:00:00Z' }), thread('early', { createdAt: '2020-07-01T00:00:00Z' })];
    const positions = new Map([
      ['late', { from: 5 }],
      ['early', { from: 5 }],
    ]);
    expect(groupThreads(threads, positions).open.map((e) => e.thread.id)).toEqual(['early', 'late']);
  });
});

describe('thread updates', () => {
  it('counts open threads and highlights only open anchored ones', () => {
    const threads = [thread('a'), thread('b', { anchor: null }), thread('c', { resolvedAt: '2020-07-02T00:00:00Z' })];
    expect(openThreadCount(threads)).toBe(2);
    expect(highlightAnchors(threads)).toEqual([{ id: 'a', anchor: { from: 'a-from', to: 'a-to' } }]);
  });

  it('replaces a thread by id or appends a new one', () => {
    const threads = [thread('a'), thread('b')];
    const resolved = thread('a', { resolvedAt: '2020-07-02T00:00:00Z' });
    expect(upsertThread(threads, resolved).map((t) => t.resolvedAt)).toEqual(['2020-07-02T00:00:00Z', null]);
    expect(upsertThread(threads, thread('c')).map((t) => t.id)).toEqual(['a', 'b', 'c']);
  });

  it('adds a reply to its thread once', () => {
    const reply: Comment = { ...thread('r1'), parentId: 'b', anchor: null, quote: '', author: leader };
    const once = addReply([thread('a'), thread('b')], reply);
    expect(once[1]!.replies.map((r) => r.id)).toEqual(['r1']);
    expect(addReply(once, reply)[1]!.replies).toHaveLength(1);
    expect(addReply(once, { ...reply, id: 'r2', parentId: 'zzz' })).toEqual(once);
  });
});

describe('labels and rights', () => {
  it('names the author with bureau or role, and calls a leader comment 批示', () => {
    expect(authorLabel(wjj)).toBe('张卫民 · 卫健局');
    expect(authorLabel(leader)).toBe('周区长 · 领导');
    expect(authorLabel({ id: 'gone', name: '已删除的用户', role: null, bureau: null })).toBe('已删除的用户');
    expect(commentKind(leader)).toBe('批示');
    expect(commentKind(wjj)).toBe('批注');
  });

  it('lets the author, the secretary and the assigned bureau resolve, as the server does', () => {
    const bureaus = [{ id: 'b-wjj' }];
    const byLeader = thread('a', { author: leader });
    expect(mayResolveThread({ id: 'u-qz', role: 'leader', bureau: null }, byLeader, bureaus)).toBe(true);
    expect(mayResolveThread({ id: 'u-other', role: 'leader', bureau: null }, thread('b'), bureaus)).toBe(false);
    expect(mayResolveThread({ id: 'u-bgs', role: 'secretary', bureau: { id: 'b-bgs', name: '办公室', color: '#000', isOffice: true } }, byLeader, bureaus)).toBe(true);
    expect(mayResolveThread({ id: 'u-w2', role: 'editor', bureau: { id: 'b-wjj', name: '卫健局', color: '#000', isOffice: false } }, byLeader, bureaus)).toBe(true);
    expect(mayResolveThread({ id: 'u-fgj', role: 'editor', bureau: { id: 'b-fgj', name: '发改局', color: '#000', isOffice: false } }, byLeader, bureaus)).toBe(false);
  });
});
