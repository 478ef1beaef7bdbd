import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../api/sectionHistoryApi';
import { FALLBACK_COLOR } from '../editor/remoteCursor';
import { changeCounts, lineText, orderPoints, pointOf, reviewPoints, sessionTime, timelineLine, togglePick, visibleEntries } from './sectionTimeline';

const wjj = { id: 'u1', username: 'wjj', name: '张卫民', color: 'hsl(6, 55%, 30%)' };
const bgs = { id: 'u2', username: 'bgs', name: '李文静', color: 'hsl(210, 50%, 35%)' };
const bureau = { id: 'b1', name: '卫健局' };
const local = (d: number, h: number, m: number) => new Date(2026, 11, d, h, m).toISOString();
const now = new Date(2026, 11, 6, 9, 0);

const edit = (fromSeq: number, toSeq: number, from: string, to: string, added = 10, removed = 0): TimelineEntry => ({
  kind: 'edit', user: wjj, bureau, from, to, fromSeq, toSeq, added, removed,
});
const event = (type: string, seq: number, at: string, reason?: string): TimelineEntry => ({
  kind: 'event', type, user: type === 'section.submit' ? wjj : bgs, at, seq, ...(reason ? { reason } : {}),
});

describe('section timeline lines', () => {
  it('labels a session with who, its time span and the characters added and removed', () => {
    const line = timelineLine(edit(1, 9, local(3, 14, 5), local(3, 14, 32), 120, 8), now);
    expect(lineText(line)).toBe('张卫民（卫健局）12月3日 14:05–14:32 · +120 −8字');
    expect(line).toMatchObject({ kind: 'edit', seq: 9, tone: 'edit', person: { color: 'hsl(6, 55%, 30%)' }, pointTime: '12月3日 14:32' });
  });

  it('writes the span across midnight, in one minute, and in an earlier year', () => {
    expect(sessionTime(local(3, 23, 50), local(4, 0, 10), now)).toBe('12月3日 23:50–12月4日 00:10');
    expect(sessionTime(local(3, 14, 5), local(3, 14, 5), now)).toBe('12月3日 14:05');
    expect(sessionTime(local(3, 14, 5), local(3, 15, 0), new Date(2027, 0, 2))).toBe('2026年12月3日 14:05–15:00');
    expect(changeCounts(0, 0)).toBe('仅格式修改');
    expect(changeCounts(5, 0)).toBe('+5字');
    expect(changeCounts(0, 3)).toBe('−3字');
  });

  it('names workflow steps, a 退回 with its reason, comments, and unknown steps', () => {
    expect(lineText(timelineLine(event('section.return', 9, local(3, 15, 0), '数据需核实'), now))).toBe('李文静 12月3日 15:00 退回：数据需核实');
    expect(timelineLine(event('section.return', 9, local(3, 15, 0), '数据需核实'), now)).toMatchObject({ tone: 'back', note: '数据需核实', what: '退回' });
    expect(timelineLine(event('section.submit', 9, local(3, 14, 40)), now)).toMatchObject({ what: '提交', tone: 'forward', person: { label: '张卫民' } });
    expect(timelineLine(event('section.restore', 12, local(4, 9, 0)), now)).toMatchObject({ what: '恢复早先版本', tone: 'other' });
    expect(timelineLine(event('report.merge', 12, local(4, 9, 0)), now).what).toBe('合稿');
    expect(timelineLine(event('section.frobnicate', 12, local(4, 9, 0)), now).what).toBe('其他操作');
    const comment: TimelineEntry = { kind: 'comment', id: 'c1', user: bgs, at: local(3, 16, 0), seq: 9, text: '请补充数据来源' };
    expect(timelineLine(comment, now)).toMatchObject({ what: '批注', note: '请补充数据来源', tone: 'comment', seq: 9 });
    // A comment's own step is not listed twice; resolving it is a step of its own.
    expect(visibleEntries([comment, event('comment.add', 9, local(3, 16, 0)), event('comment.reply', 9, local(3, 16, 5)), event('comment.resolve', 9, local(3, 17, 0))]).map((e) => (e.kind === 'event' ? e.type : e.kind))).toEqual([
      'comment',
      'comment.resolve',
    ]);
    expect(timelineLine(event('comment.resolve', 9, local(3, 17, 0)), now)).toMatchObject({ what: '批注已解决', tone: 'comment' });
  });

  it('paints a person without a usable colour grey and a step without anyone as 系统', () => {
    const bad: TimelineEntry = { kind: 'edit', user: { ...wjj, color: 'url(javascript:x)' }, bureau: null, from: local(3, 1, 0), to: local(3, 1, 0), fromSeq: 1, toSeq: 1, added: 1, removed: 0 };
    expect(timelineLine(bad, now).person).toEqual({ label: '张卫民', color: FALLBACK_COLOR });
    expect(timelineLine({ kind: 'event', type: 'report.merge', user: null, at: local(3, 1, 0), seq: 3 }, now).person.label).toBe('系统');
  });
});

describe('points', () => {
  it('a session stands for its last update, a step for the log at that moment', () => {
    expect(pointOf(edit(3, 7, local(3, 1, 0), local(3, 1, 5)))).toBe(7);
    expect(pointOf(event('section.submit', 7, local(3, 1, 6)))).toBe(7);
  });

  it('offers the review diffs only for a resubmission after a 退回', () => {
    // Newest first: resubmitted after a return.
    const resubmitted = [
      event('section.submit', 20, local(4, 10, 0)),
      edit(15, 20, local(4, 9, 0), local(4, 9, 30)),
      event('section.return', 14, local(3, 16, 0), '数据需核实'),
      event('section.submit', 12, local(3, 15, 0)),
      edit(1, 12, local(3, 14, 0), local(3, 14, 50)),
    ];
    expect(reviewPoints(resubmitted)).toEqual({ sinceSubmit: { seq: 12, at: local(3, 15, 0) }, sinceReturn: { seq: 14, at: local(4 - 1, 16, 0) } });
    // First submission: nothing to compare.
    expect(reviewPoints(resubmitted.slice(3))).toEqual({ sinceSubmit: null, sinceReturn: null });
    // Returned and not yet resubmitted.
    expect(reviewPoints(resubmitted.slice(1))).toEqual({ sinceSubmit: null, sinceReturn: null });
    // A return (reopen) of an approved section without an earlier submit on record: since the return only.
    expect(reviewPoints([event('section.submit', 9, local(4, 1, 0)), event('section.return', 5, local(3, 1, 0))])).toEqual({
      sinceSubmit: null,
      sinceReturn: { seq: 5, at: local(3, 1, 0) },
    });
  });

  it('orders two picks by time and keeps at most two', () => {
    const order = ['a', 'b', 'c'];
    expect(orderPoints({ seq: 9, key: 'a' }, { seq: 3, key: 'c' }, order).map((p) => p.key)).toEqual(['c', 'a']);
    expect(orderPoints({ seq: 9, key: 'a' }, { seq: 9, key: 'b' }, order).map((p) => p.key)).toEqual(['b', 'a']);
    expect(togglePick([], 'a')).toEqual(['a']);
    expect(togglePick(['a', 'b'], 'c')).toEqual(['b', 'c']);
    expect(togglePick(['a', 'b'], 'a')).toEqual(['b']);
  });
});
