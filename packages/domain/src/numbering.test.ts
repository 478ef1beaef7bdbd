import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { chineseNumeral, headingNumber, numberOutline } from './numbering.js';
import type { OutlineNode } from './numbering.js';
import { thrown } from './test/thrown.js';

const node = (id: string, parentId: string | null, position: number): OutlineNode => ({ id, parentId, position });

describe('chineseNumeral', () => {
  it.each([
    [0, '零'],
    [1, '一'],
    [2, '二'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [12, '十二'],
    [15, '十五'],
    [19, '十九'],
    [20, '二十'],
    [21, '二十一'],
    [30, '三十'],
    [99, '九十九'],
    [100, '一百'],
    [101, '一百零一'],
    [105, '一百零五'],
    [109, '一百零九'],
    [110, '一百一十'],
    [111, '一百一十一'],
    [115, '一百一十五'],
    [119, '一百一十九'],
    [120, '一百二十'],
    [200, '二百'],
    [999, '九百九十九'],
    [1000, '一千'],
    [1001, '一千零一'],
    [1010, '一千零一十'],
    [1100, '一千一百'],
    [2020, '二千零二十'],
    [10000, '一万'],
    [10010, '一万零一十'],
    [10100, '一万零一百'],
    [11000, '一万一千'],
    [100000, '十万'],
    [150000, '十五万'],
    [1000000, '一百万'],
    [99999999, '九千九百九十九万九千九百九十九'],
  ])('%i → %s', (n, expected) => {
    expect(chineseNumeral(n)).toBe(expected);
  });

  it('covers 10–19 and 100–120 without a leading 一 only where official usage drops it', () => {
    const teens = Array.from({ length: 10 }, (_, i) => chineseNumeral(10 + i));
    expect(teens).toEqual(['十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九']);
    const hundreds = Array.from({ length: 21 }, (_, i) => chineseNumeral(100 + i));
    expect(hundreds).toEqual([
      '一百', '一百零一', '一百零二', '一百零三', '一百零四', '一百零五', '一百零六', '一百零七', '一百零八', '一百零九',
      '一百一十', '一百一十一', '一百一十二', '一百一十三', '一百一十四', '一百一十五', '一百一十六', '一百一十七',
      '一百一十八', '一百一十九', '一百二十',
    ]);
  });

  it('gives distinct numerals for 1..2000', () => {
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => chineseNumeral(i + 1)));
    expect(seen.size).toBe(2000);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 100_000_000])('rejects %s', (n) => {
    expect(() => chineseNumeral(n)).toThrow(RangeError);
  });
});

describe('headingNumber', () => {
  it.each([
    [1, 1, '一、'],
    [1, 3, '三、'],
    [1, 10, '十、'],
    [1, 11, '十一、'],
    [2, 3, '（三）'],
    [2, 12, '（十二）'],
    [3, 3, '3.'],
    [3, 12, '12.'],
    [4, 3, '（3）'],
    [4, 12, '（12）'],
    [5, 1, '①'],
    [5, 3, '③'],
    [5, 10, '⑩'],
    [5, 20, '⑳'],
    [5, 21, '（21）'],
    [6, 2, '②'],
    [9, 20, '⑳'],
  ])('(%i, %i) → %s', (level, index, expected) => {
    expect(headingNumber(level, index)).toBe(expected);
  });

  it('uses the full-width parentheses of official documents', () => {
    expect(headingNumber(2, 1)).toBe('\uFF08一\uFF09');
    expect(headingNumber(4, 1)).toBe('\uFF081\uFF09');
  });

  it.each([
    [0, 1],
    [1, 0],
    [-1, 1],
    [1, -2],
    [1.5, 1],
    [1, 2.5],
  ])('rejects level %s index %s', (level, index) => {
    expect(() => headingNumber(level, index)).toThrow(RangeError);
  });
});

describe('numberOutline', () => {
  it('numbers an empty outline as empty', () => {
    expect(numberOutline([])).toEqual([]);
  });

  it('numbers five levels deep in depth-first order, whatever the input order', () => {
    const nodes = [
      node('b', null, 1),
      node('a2', 'a', 1),
      node('a1d', 'a1c', 0),
      node('a', null, 0),
      node('a1', 'a', 0),
      node('a1a', 'a1', 0),
      node('a1b', 'a1a', 0),
      node('a1c', 'a1b', 0),
      node('a1c2', 'a1c', 1),
      node('b1', 'b', 0),
    ];
    const numbered = numberOutline(nodes);
    expect(numbered.map((n) => [n.id, n.number, n.level, n.index, n.path])).toEqual([
      ['a', '一、', 1, 1, [1]],
      ['a1', '（一）', 2, 1, [1, 1]],
      ['a1a', '1.', 3, 1, [1, 1, 1]],
      ['a1b', '（1）', 4, 1, [1, 1, 1, 1]],
      ['a1c', '①', 5, 1, [1, 1, 1, 1, 1]],
      ['a1d', '①', 6, 1, [1, 1, 1, 1, 1, 1]],
      ['a1c2', '②', 6, 2, [1, 1, 1, 1, 1, 2]],
      ['a2', '（二）', 2, 2, [1, 2]],
      ['b', '二、', 1, 2, [2]],
      ['b1', '（一）', 2, 1, [2, 1]],
    ]);
    expect(numbered.find((n) => n.id === 'a1d')?.parentId).toBe('a1c');
  });

  it('sorts by position, not input order, and numbers gaps in positions consecutively', () => {
    const numbered = numberOutline([node('c', null, 30), node('a', null, 10), node('b', null, 20)]);
    expect(numbered.map((n) => `${n.id}${n.number}`)).toEqual(['a一、', 'b二、', 'c三、']);
  });

  it('breaks position ties by id, so duplicated positions still give distinct numbers', () => {
    const numbered = numberOutline([node('y', null, 0), node('x', null, 0), node('z', null, 0)]);
    expect(numbered.map((n) => `${n.id}${n.number}`)).toEqual(['x一、', 'y二、', 'z三、']);
  });

  it('numbers many siblings: 十一、 and twelve levels of circled fallbacks', () => {
    const roots = Array.from({ length: 12 }, (_, i) => node(`r${i}`, null, i));
    expect(numberOutline(roots).map((n) => n.number).slice(9)).toEqual(['十、', '十一、', '十二、']);
    const deepKids = Array.from({ length: 22 }, (_, i) => node(`k${i}`, 'l4', i));
    const chain = [node('l1', null, 0), node('l2', 'l1', 0), node('l3', 'l2', 0), node('l4', 'l3', 0)];
    const numbers = numberOutline([...chain, ...deepKids]).map((n) => n.number);
    expect(numbers.slice(4, 6)).toEqual(['①', '②']);
    expect(numbers.slice(-3)).toEqual(['⑳', '（21）', '（22）']);
  });

  it('treats a node whose parent is unknown (an orphan) as a root, ordered among roots by position', () => {
    const numbered = numberOutline([
      node('a', null, 0),
      node('orphan', 'deleted-parent', 1),
      node('orphanChild', 'orphan', 0),
      node('c', null, 2),
    ]);
    expect(numbered.map((n) => [n.id, n.number, n.level])).toEqual([
      ['a', '一、', 1],
      ['orphan', '二、', 1],
      ['orphanChild', '（一）', 2],
      ['c', '三、', 1],
    ]);
    // The stored parentId is reported as is; only the numbering treats it as a root.
    expect(numbered[1]?.parentId).toBe('deleted-parent');
  });

  it('throws a clear DomainError on a parent cycle instead of looping', () => {
    const cycle = [node('a', null, 0), node('x', 'y', 0), node('y', 'x', 0)];
    expect(() => numberOutline(cycle)).toThrow(DomainError);
    expect(() => numberOutline(cycle)).toThrow(/循环.*x、y/);
    expect(thrown(() => numberOutline(cycle))).toMatchObject({ name: 'DomainError', code: 'invalid' });
  });

  it('throws on a node that is its own parent', () => {
    expect(() => numberOutline([node('self', 'self', 0)])).toThrow(/循环/);
  });

  it('throws on duplicate ids', () => {
    expect(() => numberOutline([node('a', null, 0), node('a', null, 1)])).toThrow(/重复/);
  });

  it('does not mutate its input', () => {
    const nodes = Object.freeze([Object.freeze(node('b', null, 1)), Object.freeze(node('a', null, 0))]);
    expect(() => numberOutline(nodes)).not.toThrow();
    expect(nodes.map((n) => n.id)).toEqual(['b', 'a']);
  });
});

describe('unnumbered blocks', () => {
  it('a 导语 before the first heading takes no number and does not shift the others', () => {
    const out = numberOutline([
      { id: 'intro', parentId: null, position: 0, numbered: false },
      { id: 'a', parentId: null, position: 1 },
      { id: 'a1', parentId: 'a', position: 0 },
      { id: 'b', parentId: null, position: 2 },
      { id: 'end', parentId: null, position: 3, numbered: false },
    ]);
    expect(out.map((n) => [n.id, n.number])).toEqual([
      ['intro', ''],
      ['a', '一、'],
      ['a1', '（一）'],
      ['b', '二、'],
      ['end', ''],
    ]);
    expect(out[0]!.index).toBe(0);
  });
});
