import { describe, expect, it } from 'vitest';
import type { VersionDiffPart } from '../../api/finalApi';
import {
  changeLabel,
  compareCounts,
  compareLegend,
  compareOptions,
  comparePair,
  compareRuns,
  compareSummary,
  gapLabel,
  parsePointValue,
  pointLabel,
} from './versionCompare';

const now = new Date(2026, 11, 6, 12, 0);
const li = { id: 'u1', username: 'bgs', name: '李文静', color: 'hsl(200, 55%, 30%)' };
const zhang = { id: 'u2', username: 'wjj', name: '张卫民', color: '#a33' };
const office = { id: 'b0', name: '办公室' };
// 2026-12-03 14:05 in China.
const at = new Date(2026, 11, 3, 14, 5).toISOString();

const ins = (text: string, extra: Partial<VersionDiffPart> = {}): VersionDiffPart => ({ kind: 'insert', text, user: li, bureau: office, at, ...extra });
const del = (text: string, extra: Partial<VersionDiffPart> = {}): VersionDiffPart => ({ kind: 'delete', text, user: li, bureau: office, at, ...extra });
const eq = (text: string): VersionDiffPart => ({ kind: 'equal', text });

describe('what to compare with', () => {
  it('offers the current draft, then the other versions newest first', () => {
    expect(compareOptions([{ version: 1 }, { version: 2 }, { version: 3 }], 2).map((o) => [o.value, o.label])).toEqual([
      ['final', '当前合稿'],
      ['3', '第3版'],
      ['1', '第1版'],
    ]);
    expect(compareOptions([{ version: 1 }], 1).map((o) => o.point)).toEqual(['final']);
  });

  it('compares from the earlier to the later, the draft always last', () => {
    expect(comparePair(1, 2)).toEqual({ from: 1, to: 2 });
    expect(comparePair(2, 1)).toEqual({ from: 1, to: 2 });
    expect(comparePair(2, 'final')).toEqual({ from: 2, to: 'final' });
  });

  it('reads select values and names the points', () => {
    expect(parsePointValue('final')).toBe('final');
    expect(parsePointValue('12')).toBe(12);
    expect(parsePointValue('0')).toBeNull();
    expect(parsePointValue('')).toBeNull();
    expect(pointLabel(3)).toBe('第3版');
    expect(pointLabel('final')).toBe('当前合稿');
  });
});

describe('labels', () => {
  it('names who, when and what', () => {
    expect(changeLabel(ins('甲'), now)).toBe('李文静（办公室）· 12月3日 14:05 新增');
    expect(changeLabel(del('甲'), now)).toBe('李文静（办公室）· 12月3日 14:05 删除');
    expect(changeLabel(ins('甲', { merge: true }), now)).toBe('李文静（办公室）· 12月3日 14:05 合稿时新增');
    expect(changeLabel(ins('甲', { bureau: null, user: { ...zhang, name: '王区长' } }), now)).toBe('王区长 · 12月3日 14:05 新增');
    expect(changeLabel(ins('甲', { at: new Date(2025, 0, 2, 9, 0).toISOString() }), now)).toBe('李文静（办公室）· 2025年1月2日 09:00 新增');
    expect(changeLabel({ kind: 'delete', text: '甲' }, now)).toBe('系统 删除');
    expect(gapLabel(120)).toBe('…未改动 120 字…');
  });

  it('summarises what changed between the two points', () => {
    const parts = [eq('甲乙'), del('\n办公室补充的一句。'), ins('\n第二版 新增一句。')];
    expect(compareCounts(parts)).toEqual({ inserted: 8, deleted: 9, changed: true });
    expect(compareSummary(1, 2, parts)).toBe('第1版 → 第2版：新增 8 字，删除 9 字');
    expect(compareSummary(2, 'final', [eq('甲')])).toBe('第2版 → 当前合稿：文字没有变化');
    expect(compareSummary(1, 2, [eq('甲'), ins('\n')])).toBe('第1版 → 第2版：仅换行或空白变化');
    expect(compareSummary(1, 2, [eq('甲'), del('乙')])).toBe('第1版 → 第2版：删除 1 字');
  });

  it('lists the people once each, in order of their first change, with what each did', () => {
    const legend = compareLegend([eq('甲'), ins('乙丙', { user: zhang, bureau: { id: 'b1', name: '卫健局' } }), del('丁'), ins('戊'), ins('己', { user: zhang, bureau: { id: 'b1', name: '卫健局' } })]);
    expect(legend.map((p) => [p.label, p.color, p.detail])).toEqual([
      ['张卫民（卫健局）', '#a33', '新增 3 字'],
      ['李文静（办公室）', 'hsl(200, 55%, 30%)', '新增 1 字，删除 1 字'],
    ]);
  });
});

describe('runs', () => {
  const long = (c: string, n: number) => c.repeat(n);

  it('colours each change by its person and keeps short unchanged text', () => {
    const runs = compareRuns([eq('甲乙'), del('丙', { user: { ...li, color: 'url(evil)' } }), ins('丁'), eq('戊')], now);
    expect(runs).toEqual([
      { kind: 'equal', text: '甲乙' },
      { kind: 'delete', text: '丙', color: '#7a818c', userId: 'u1', title: '李文静（办公室）· 12月3日 14:05 删除' },
      { kind: 'insert', text: '丁', color: 'hsl(200, 55%, 30%)', userId: 'u1', title: '李文静（办公室）· 12月3日 14:05 新增' },
      { kind: 'equal', text: '戊' },
    ]);
  });

  it('keeps line breaks out of the marks, and marks a change of line breaks alone', () => {
    const runs = compareRuns([eq('甲'), ins('\n新的一段。'), eq('乙'), del('\n')], now);
    expect(runs.map((r) => (r.kind === 'break' ? `↵${r.of}${r.mark ? '!' : ''}` : r.kind === 'gap' ? 'gap' : `${r.kind}:${r.text}`))).toEqual([
      'equal:甲',
      '↵insert',
      'insert:新的一段。',
      'equal:乙',
      '↵delete!',
    ]);
    const lone = runs[4];
    expect(lone).toMatchObject({ color: 'hsl(200, 55%, 30%)', title: '李文静（办公室）· 12月3日 14:05 删除' });
  });

  it('folds long unchanged stretches to whole lines around the changes', () => {
    const before = `${long('甲', 100)}\n${long('乙', 30)}`;
    const between = `${long('丙', 20)}\n${long('丁', 200)}\n${long('戊', 20)}`;
    const runs = compareRuns([eq(before), ins('新'), eq(between), del('旧'), eq(`${long('己', 100)}`)], now);
    expect(runs.map((r) => (r.kind === 'gap' ? `[${r.id}:${r.hidden}${r.lineBreak ? '↵' : ''}]` : r.kind === 'equal' ? r.text : r.kind === 'break' ? '↵' : `<${r.text}>`))).toEqual([
      '[0:100↵]',
      long('乙', 30),
      '<新>',
      `${long('丙', 20)}\n`,
      '[2:200↵]',
      long('戊', 20),
      '<旧>',
      long('己', 40),
      '[4:60]',
    ]);
  });

  it('unfolds an expanded stretch, and never folds a comparison without changes', () => {
    const parts = [eq(long('甲', 200)), ins('新'), eq(long('乙', 200))];
    expect(compareRuns(parts, now, new Set([0])).map((r) => r.kind)).toEqual(['equal', 'insert', 'equal', 'gap']);
    expect(compareRuns([eq(long('甲', 500))], now)).toEqual([{ kind: 'equal', text: long('甲', 500) }]);
  });

  it('gives back both texts: the folds hide only unchanged text', () => {
    const parts = [eq(`${long('甲', 80)}\n${long('乙', 80)}`), del('旧句。\n'), ins('新句。'), eq(long('丙', 300))];
    const runs = compareRuns(parts, now, new Set([0, 3]));
    const shown = runs.map((r) => (r.kind === 'equal' || r.kind === 'delete' ? r.text : r.kind === 'break' && r.of === 'delete' ? '\n' : '')).join('');
    expect(shown).toBe(
      parts.filter((p) => p.kind !== 'insert').map((p) => p.text).join(''),
    );
  });
});
