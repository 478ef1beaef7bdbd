import { describe, expect, it } from 'vitest';
import type { AuthorshipSpan } from '../api/authorshipApi';
import { authorRun, cardText, legendGroups, translucent, writtenAt } from './authorship';

function span(start: number, end: number, user: string, name: string, bureau: [string, string] | null, color = 'hsl(6, 55%, 30%)'): AuthorshipSpan {
  return {
    start,
    end,
    user: { id: user, username: user, name, color },
    bureau: bureau ? { id: bureau[0], name: bureau[1] } : null,
    at: '2026-12-03T06:05:00.000Z',
  };
}

describe('authorship model', () => {
  it('says who wrote a run and when, in local time', () => {
    const at = new Date(2026, 11, 3, 14, 5).toISOString();
    const now = new Date(2026, 11, 6, 9, 0);
    expect(cardText({ name: '张卫民', bureau: '卫健局', at }, now)).toBe('张卫民（卫健局）· 12月3日 14:05 写入');
    expect(cardText({ name: '王区长', bureau: null, at }, now)).toBe('王区长 · 12月3日 14:05 写入');
    expect(writtenAt(at, new Date(2027, 0, 2))).toBe('2026年12月3日 14:05');
    expect(cardText({ name: '张卫民', bureau: '卫健局', at: 'garbage' }, now)).toBe('张卫民（卫健局）');
  });

  it('groups the legend by bureau, people once each, leaders last', () => {
    const spans = [
      span(0, 2, 'u3', '王区长', null, '#8e44ad'),
      span(2, 4, 'u1', '张卫民', ['b1', '卫健局']),
      span(4, 6, 'u2', '李娜', ['b1', '卫健局'], 'hsl(6, 62%, 38%)'),
      span(6, 8, 'u1', '张卫民', ['b1', '卫健局']),
      span(8, 9, 'u4', '方改', ['b2', '发改局'], 'url(javascript:x)'),
    ];
    expect(legendGroups(spans)).toEqual([
      { label: '卫健局', people: [{ userId: 'u1', name: '张卫民', color: 'hsl(6, 55%, 30%)' }, { userId: 'u2', name: '李娜', color: 'hsl(6, 62%, 38%)' }] },
      { label: '发改局', people: [{ userId: 'u4', name: '方改', color: '#7a818c' }] },
      { label: '领导', people: [{ userId: 'u3', name: '王区长', color: '#8e44ad' }] },
    ]);
  });

  it('never puts an unsafe colour into a style', () => {
    expect(authorRun(span(0, 1, 'u', '甲', null, 'red;background:url(x)')).color).toBe('#7a818c');
  });

  it('makes a colour translucent', () => {
    expect(translucent('hsl(6, 55%, 30%)', 0.18)).toBe('hsla(6, 55%, 30%, 0.18)');
    expect(translucent('rgb(10 20 30)', 0.5)).toBe('rgba(10, 20, 30, 0.5)');
    expect(translucent('#abc', 0.2)).toBe('#aabbcc33');
    expect(translucent('#8e44ad', 1)).toBe('#8e44adff');
  });
});
