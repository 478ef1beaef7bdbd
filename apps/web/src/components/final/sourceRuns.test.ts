import { describe, expect, it } from 'vitest';
import type { ReportSection } from '../../api/types';
import { groupRuns, labelOf, placeLabels, samePlacement, sourceLabels } from './sourceRuns';

describe('groupRuns', () => {
  it('joins consecutive blocks of one section and skips blocks without a source', () => {
    const runs = groupRuns([
      { source: 'a', top: 0, bottom: 20 },
      { source: 'a', top: 20, bottom: 80 },
      { source: null, top: 80, bottom: 100 },
      { source: 'b', top: 100, bottom: 130 },
      { source: 'a', top: 130, bottom: 150 },
    ]);
    expect(runs).toEqual([
      { source: 'a', top: 0, bottom: 80, firstBlock: 0 },
      { source: 'b', top: 100, bottom: 130, firstBlock: 3 },
      { source: 'a', top: 130, bottom: 150, firstBlock: 4 },
    ]);
  });

  it('splits a section interrupted by an added block', () => {
    const runs = groupRuns([
      { source: 'a', top: 0, bottom: 20 },
      { source: null, top: 20, bottom: 40 },
      { source: 'a', top: 40, bottom: 60 },
    ]);
    expect(runs.map((r) => r.firstBlock)).toEqual([0, 2]);
  });

  it('returns nothing for an empty draft', () => {
    expect(groupRuns([])).toEqual([]);
  });
});

describe('placeLabels', () => {
  it('puts labels at their run, pushing down those that would overlap', () => {
    const placed = placeLabels(
      [
        { source: 'a', top: 0, bottom: 10, firstBlock: 0 },
        { source: 'b', top: 10, bottom: 200, firstBlock: 1 },
        { source: 'c', top: 200, bottom: 260, firstBlock: 2 },
      ],
      30,
    );
    expect(placed.map((r) => r.labelTop)).toEqual([0, 34, 200]);
  });
});

describe('samePlacement', () => {
  it('compares what is drawn', () => {
    const a = placeLabels([{ source: 'a', top: 0, bottom: 10, firstBlock: 0 }], 20);
    expect(samePlacement(a, placeLabels([{ source: 'a', top: 0, bottom: 10, firstBlock: 0 }], 20))).toBe(true);
    expect(samePlacement(a, placeLabels([{ source: 'a', top: 0, bottom: 11, firstBlock: 0 }], 20))).toBe(false);
    expect(samePlacement(a, [])).toBe(false);
  });
});

describe('sourceLabels', () => {
  const section = (id: string, number: string, title: string, bureaus: string[]): ReportSection => ({
    id,
    number,
    title,
    level: 2,
    parentId: null,
    bureaus: bureaus.map((name, i) => ({ id: `${id}-${i}`, name })),
    status: 'approved',
    docName: `section-${id}`,
    dueDate: null,
    instruction: '',
    numbered: number !== '',
    statusLabel: '已通过',
    returnReason: null,
    lastEdit: null,
  });

  it('names each section with its number and bureaus', () => {
    const labels = sourceLabels([section('s1', '（二）', '疫情防控', ['卫健局']), section('s2', '', '导语', ['发改局', '统计局'])]);
    expect(labelOf(labels, 's1')).toEqual({ title: '（二）疫情防控', bureaus: '卫健局' });
    expect(labelOf(labels, 's2')).toEqual({ title: '导语', bureaus: '发改局、统计局' });
  });

  it('has a label for a deleted section', () => {
    expect(labelOf(new Map(), 'gone')).toEqual({ title: null, bureaus: '' });
  });
});
