import { describe, expect, it } from 'vitest';
import type { ReportSection } from '../api/types';
import { testSection } from '../testReport';
import { isAssignedTo, layoutOutline } from './outline';

function section(id: number, level: number, parentId: number | null, bureaus: { id: string; name: string }[] = []): ReportSection {
  return testSection(String(id), { number: '', title: `节${id}`, level, parentId: parentId === null ? null : String(parentId), bureaus, docName: `s${id}` });
}

describe('layoutOutline', () => {
  it('gives depth relative to the shallowest level and marks leaves', () => {
    const rows = layoutOutline([section(1, 1, null), section(2, 2, 1), section(3, 2, 1), section(4, 1, null)]);
    expect(rows.map((r) => [r.section.id, r.depth, r.isLeaf])).toEqual([
      ['1', 0, false],
      ['2', 1, true],
      ['3', 1, true],
      ['4', 0, true],
    ]);
  });

  it('works with zero-based levels and string ids', () => {
    const rows = layoutOutline([
      { ...section(1, 0, null), id: 'a' },
      { ...section(2, 1, null), id: 'b', parentId: 'a' },
    ]);
    expect(rows.map((r) => [r.depth, r.isLeaf])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it('returns nothing for an empty outline', () => {
    expect(layoutOutline([])).toEqual([]);
  });
});

describe('isAssignedTo', () => {
  const s = section(1, 1, null, [
    { id: '3', name: '卫健局' },
    { id: '5', name: '民政局' },
  ]);

  it('matches the bureau by id', () => {
    expect(isAssignedTo(s, '5')).toBe(true);
    expect(isAssignedTo(s, '3')).toBe(true);
    expect(isAssignedTo(s, '4')).toBe(false);
  });

  it('is false without a bureau', () => {
    expect(isAssignedTo(s, undefined)).toBe(false);
  });
});
