import { describe, expect, it } from 'vitest';
import type { SectionStatus } from '../api/types';
import { computeProgress, countStatuses } from './progress';

const counts = (c: Partial<Record<SectionStatus, number>>) => ({
  not_started: 0,
  drafting: 0,
  submitted: 0,
  returned: 0,
  approved: 0,
  ...c,
});

describe('computeProgress', () => {
  it('splits the bar into approved / submitted / drafting / returned in that order', () => {
    const progress = computeProgress(counts({ approved: 3, submitted: 2, drafting: 4, returned: 1, not_started: 2 }), 12);
    expect(progress.total).toBe(12);
    expect(progress.label).toBe('已通过 3 / 共 12 节');
    expect(progress.segments.map((s) => [s.status, s.count])).toEqual([
      ['approved', 3],
      ['submitted', 2],
      ['drafting', 4],
      ['returned', 1],
    ]);
    expect(progress.segments.map((s) => s.fraction)).toEqual([3 / 12, 2 / 12, 4 / 12, 1 / 12]);
    expect(progress.approvedPercent).toBe(25);
  });

  it('leaves out empty segments; not started sections are the empty track', () => {
    const progress = computeProgress(counts({ drafting: 1, not_started: 3 }), 4);
    expect(progress.segments).toEqual([{ status: 'drafting', count: 1, fraction: 0.25 }]);
    expect(progress.label).toBe('已通过 0 / 共 4 节');
  });

  it('fills the whole bar when everything is approved', () => {
    const progress = computeProgress(counts({ approved: 7 }), 7);
    expect(progress.segments).toEqual([{ status: 'approved', count: 7, fraction: 1 }]);
    expect(progress.approvedPercent).toBe(100);
  });

  it('rounds the approved percentage down so 100% means all approved', () => {
    expect(computeProgress(counts({ approved: 199, drafting: 1 }), 200).approvedPercent).toBe(99);
    expect(computeProgress(counts({ approved: 1, drafting: 2 }), 3).approvedPercent).toBe(33);
  });

  it('handles a report without sections', () => {
    const progress = computeProgress(counts({}), 0);
    expect(progress).toMatchObject({ total: 0, segments: [], approvedPercent: 0, label: '尚未设置章节' });
  });

  it('never overflows when the counts exceed sectionCount', () => {
    const progress = computeProgress(counts({ approved: 4, drafting: 4 }), 5);
    expect(progress.total).toBe(8);
    const width = progress.segments.reduce((sum, s) => sum + s.fraction, 0);
    expect(width).toBeCloseTo(1);
  });

  it('treats missing, negative and non-finite counts as zero', () => {
    const progress = computeProgress({ approved: 2, drafting: -3, submitted: Number.NaN }, 4);
    expect(progress.counts).toEqual(counts({ approved: 2 }));
    expect(progress.segments.map((s) => s.status)).toEqual(['approved']);
  });

  it('keeps segment widths within one bar for random input (seeded)', () => {
    let seed = 20200710;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      const c = counts({ approved: random(6), submitted: random(6), drafting: random(6), returned: random(6), not_started: random(6) });
      const progress = computeProgress(c, random(40));
      const width = progress.segments.reduce((sum, s) => sum + s.fraction, 0);
      expect(width).toBeLessThanOrEqual(1 + 1e-9);
      expect(progress.approvedPercent).toBeGreaterThanOrEqual(0);
      expect(progress.approvedPercent).toBeLessThanOrEqual(100);
      for (const segment of progress.segments) expect(segment.count).toBeGreaterThan(0);
    }
  });
});

describe('countStatuses', () => {
  it('counts sections per status', () => {
    const sections: { status: SectionStatus }[] = [
      { status: 'drafting' },
      { status: 'approved' },
      { status: 'drafting' },
      { status: 'returned' },
    ];
    expect(countStatuses(sections)).toEqual(counts({ drafting: 2, approved: 1, returned: 1 }));
  });

  it('ignores unknown statuses from a newer server', () => {
    expect(countStatuses([{ status: 'archived' as SectionStatus }])).toEqual(counts({}));
  });
});
