import { describe, expect, it } from 'vitest';
import type { HistoryDiffPart } from '../api/sectionHistoryApi';
import { authoredLines, changeTitle, diffCounts, diffRuns, foldUnchanged } from './historyText';

const wjj = { id: 'u1', username: 'wjj', name: '张卫民', color: 'hsl(6, 55%, 30%)' };
const bgs = { id: 'u2', username: 'bgs', name: '李文静', color: 'hsl(210, 50%, 35%)' };
const at = new Date(2026, 11, 3, 14, 5).toISOString();
const now = new Date(2026, 11, 6, 9, 0);

describe('a past text by writer', () => {
  it('cuts the text into lines of runs, each named with its writer and colour', () => {
    const lines = authoredLines(
      {
        text: '增长12%。\n李补充',
        spans: [
          { start: 0, end: 6, user: wjj, bureau: { id: 'b1', name: '卫健局' }, at },
          { start: 7, end: 9, user: bgs, bureau: null, at },
        ],
      },
      now,
    );
    expect(lines).toEqual([
      [{ text: '增长12%。', author: { userId: 'u1', color: 'hsl(6, 55%, 30%)', title: '张卫民（卫健局）· 12月3日 14:05 写入' } }],
      [{ text: '李补', author: { userId: 'u2', color: 'hsl(210, 50%, 35%)', title: '李文静 · 12月3日 14:05 写入' } }, { text: '充' }],
    ]);
  });

  it('keeps empty lines and an empty text', () => {
    expect(authoredLines({ text: '', spans: [] }, now)).toEqual([[]]);
    expect(authoredLines({ text: '甲\n\n乙', spans: [] }, now)).toEqual([[{ text: '甲' }], [], [{ text: '乙' }]]);
  });
});

describe('a diff by writer', () => {
  const parts: HistoryDiffPart[] = [
    { kind: 'equal', text: '同比增长' },
    { kind: 'delete', text: '12', user: wjj, bureau: { id: 'b1', name: '卫健局' }, at },
    { kind: 'insert', text: '15', user: wjj, bureau: { id: 'b1', name: '卫健局' }, at },
    { kind: 'equal', text: '%' },
  ];

  it('colours insertions by their writer and deletions by their deleter, titled who and when', () => {
    expect(diffRuns(parts, now)).toEqual([
      { kind: 'equal', text: '同比增长' },
      { kind: 'delete', text: '12', color: 'hsl(6, 55%, 30%)', userId: 'u1', title: '张卫民（卫健局）· 12月3日 14:05 删除' },
      { kind: 'insert', text: '15', color: 'hsl(6, 55%, 30%)', userId: 'u1', title: '张卫民（卫健局）· 12月3日 14:05 写入' },
      { kind: 'equal', text: '%' },
    ]);
    expect(changeTitle({ kind: 'insert', text: 'x' }, now)).toBe('系统 写入');
    expect(diffCounts(parts)).toEqual({ inserted: 2, deleted: 2, changed: true });
    expect(diffCounts([{ kind: 'equal', text: '甲' }])).toEqual({ inserted: 0, deleted: 0, changed: false });
  });

  it('folds long unchanged stretches around a change', () => {
    const long = '甲'.repeat(100);
    const runs = foldUnchanged(diffRuns([{ kind: 'equal', text: long }, ...parts.slice(1, 3), { kind: 'equal', text: long }], now), 10);
    expect(runs.map((r) => (r.kind === 'gap' ? `gap${r.hidden}` : r.kind))).toEqual(['gap90', 'equal', 'delete', 'insert', 'equal', 'gap90']);
    expect(foldUnchanged(diffRuns([{ kind: 'equal', text: long }], now))).toHaveLength(1);
    // The context keeps to the changed line.
    const lined = foldUnchanged(diffRuns([{ kind: 'equal', text: `${long}\n同比增长` }, ...parts.slice(1), { kind: 'equal', text: `。\n${long}` }], now), 10);
    expect(lined.map((r) => (r.kind === 'gap' ? `gap${r.hidden}` : r.text))).toEqual(['gap101', '同比增长', '12', '15', '%', '。\n', 'gap100']);
  });
});

describe('the people of a diff', () => {
  it('lists who changed what once each, in their colours', async () => {
    const { diffPeople } = await import('./historyText');
    const wjj = { id: 'u1', username: 'wjj', name: '张卫民', color: 'hsl(6, 55%, 30%)' };
    const bureau = { id: 'b1', name: '卫健局' };
    expect(
      diffPeople([
        { kind: 'equal', text: '甲' },
        { kind: 'delete', text: '12', user: wjj, bureau },
        { kind: 'insert', text: '15', user: wjj, bureau },
      ]),
    ).toEqual([{ key: 'u1|张卫民（卫健局）', label: '张卫民（卫健局）', color: 'hsl(6, 55%, 30%)' }]);
  });
});
