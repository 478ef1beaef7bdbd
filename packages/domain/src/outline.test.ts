import { describe, expect, it } from 'vitest';
import { numberOutline } from './numbering.js';
import type { OutlineNode } from './numbering.js';
import { descendantIds, insertNode, moveNode, removeNode } from './outline.js';
import { thrown } from './test/thrown.js';

interface Item extends OutlineNode {
  title: string;
}

const item = (id: string, parentId: string | null, position: number): Item => ({ id, parentId, position, title: `T-${id}` });

// 一、a  （一）a1  （二）a2  1. a2x  2. a2y  （三）a3   二、b  三、c  （一）c1
const outline: readonly Item[] = Object.freeze([
  item('a', null, 0),
  item('a1', 'a', 0),
  item('a2', 'a', 1),
  item('a2x', 'a2', 0),
  item('a2y', 'a2', 1),
  item('a3', 'a', 2),
  item('b', null, 1),
  item('c', null, 2),
  item('c1', 'c', 0),
]);

/** Outline rendered as "number id" lines, the way a reader sees it. */
const render = (nodes: readonly OutlineNode[]): string[] => numberOutline(nodes).map((n) => `${n.number}${n.id}`);

describe('descendantIds', () => {
  it('lists all descendants in outline order, excluding the node', () => {
    expect(descendantIds(outline, 'a')).toEqual(['a1', 'a2', 'a2x', 'a2y', 'a3']);
    expect(descendantIds(outline, 'a2')).toEqual(['a2x', 'a2y']);
  });

  it('is empty for a leaf or an unknown id', () => {
    expect(descendantIds(outline, 'b')).toEqual([]);
    expect(descendantIds(outline, 'nope')).toEqual([]);
  });

  it('terminates on a parent cycle', () => {
    const cyclic = [item('x', 'y', 0), item('y', 'x', 0), item('z', 'y', 1)];
    expect(descendantIds(cyclic, 'x')).toEqual(['y', 'z']);
  });
});

describe('moveNode', () => {
  it('reorders siblings and renumbers without duplicated or skipped numbers', () => {
    const moved = moveNode(outline, 'c', null, 0);
    expect(render(moved)).toEqual(['一、c', '（一）c1', '二、a', '（一）a1', '（二）a2', '1.a2x', '2.a2y', '（三）a3', '三、b']);
    expect(moved.filter((n) => n.parentId === null).map((n) => [n.id, n.position])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 0],
    ]);
  });

  it('moves a subtree to another parent, renumbering both sibling groups 0..n-1', () => {
    const moved = moveNode(outline, 'a2', 'c', 1);
    expect(render(moved)).toEqual(['一、a', '（一）a1', '（二）a3', '二、b', '三、c', '（一）c1', '（二）a2', '1.a2x', '2.a2y']);
    const positions = (parentId: string) =>
      moved.filter((n) => n.parentId === parentId).map((n) => n.position).sort((x, y) => x - y);
    expect(positions('a')).toEqual([0, 1]);
    expect(positions('c')).toEqual([0, 1]);
    expect(moved.find((n) => n.id === 'a2')).toMatchObject({ parentId: 'c', position: 1, title: 'T-a2' });
  });

  it('promotes a node to the top level and demotes a root under another', () => {
    expect(render(moveNode(outline, 'a2x', null, 1))).toEqual([
      '一、a', '（一）a1', '（二）a2', '1.a2y', '（三）a3', '二、a2x', '三、b', '四、c', '（一）c1',
    ]);
    expect(render(moveNode(outline, 'b', 'a2', 0))).toEqual([
      '一、a', '（一）a1', '（二）a2', '1.b', '2.a2x', '3.a2y', '（三）a3', '二、c', '（一）c1',
    ]);
  });

  it('moves down within the same parent (index counts siblings without the moved node)', () => {
    expect(render(moveNode(outline, 'a1', 'a', 1))).toEqual([
      '一、a', '（一）a2', '1.a2x', '2.a2y', '（二）a1', '（三）a3', '二、b', '三、c', '（一）c1',
    ]);
    expect(render(moveNode(outline, 'a1', 'a', 2)).slice(0, 6)).toEqual([
      '一、a', '（一）a2', '1.a2x', '2.a2y', '（二）a3', '（三）a1',
    ]);
  });

  it('clamps an out-of-range index to the ends', () => {
    expect(render(moveNode(outline, 'a', null, 99)).slice(0, 2)).toEqual(['一、b', '二、c']);
    expect(render(moveNode(outline, 'c', null, -5))[0]).toBe('一、c');
  });

  it('normalises messy positions (gaps, ties) of the affected groups', () => {
    const messy = [item('p', null, 10), item('q', null, 10), item('r', null, 40)];
    const moved = moveNode(messy, 'r', null, 0);
    expect(moved.map((n) => [n.id, n.position])).toEqual([
      ['p', 1],
      ['q', 2],
      ['r', 0],
    ]);
  });

  it('returns new arrays, never mutates, and keeps untouched nodes by reference', () => {
    const before = JSON.stringify(outline);
    const moved = moveNode(outline, 'a1', 'a', 2);
    expect(JSON.stringify(outline)).toBe(before);
    expect(moved).not.toBe(outline);
    expect(moved.find((n) => n.id === 'c1')).toBe(outline.find((n) => n.id === 'c1'));
    expect(moved.map((n) => n.id)).toEqual(outline.map((n) => n.id));
  });

  it('refuses moving a node under itself or a descendant with a conflict', () => {
    for (const target of ['a', 'a2', 'a2x']) {
      const error = thrown(() => moveNode(outline, 'a', target, 0));
      expect(error).toMatchObject({ name: 'DomainError', code: 'conflict' });
      expect((error as Error).message).toMatch(/自身或其下级/);
    }
  });

  it('refuses unknown nodes, unknown parents and non-integer indexes as invalid', () => {
    expect(thrown(() => moveNode(outline, 'nope', null, 0))).toMatchObject({ code: 'invalid' });
    expect(thrown(() => moveNode(outline, 'a', 'nope', 0))).toMatchObject({ code: 'invalid' });
    expect(thrown(() => moveNode(outline, 'a', null, 0.5))).toMatchObject({ code: 'invalid' });
    expect(thrown(() => moveNode(outline, 'a', null, Number.NaN))).toMatchObject({ code: 'invalid' });
  });

  it('moving an orphan gives it the new parent and leaves it correctly numbered', () => {
    const withOrphan = [item('a', null, 0), item('o', 'gone', 1), item('b', null, 2)];
    const moved = moveNode(withOrphan, 'o', 'a', 0);
    expect(moved.find((n) => n.id === 'o')).toMatchObject({ parentId: 'a', position: 0 });
    expect(render(moved)).toEqual(['一、a', '（一）o', '二、b']);
  });
});

describe('insertNode', () => {
  it('inserts at an index and renumbers its siblings', () => {
    const inserted = insertNode(outline, item('new', 'zzz', 77), 'a', 1);
    expect(render(inserted).slice(0, 4)).toEqual(['一、a', '（一）a1', '（二）new', '（三）a2']);
    expect(inserted.find((n) => n.id === 'new')).toMatchObject({ parentId: 'a', position: 1, title: 'T-new' });
    expect(inserted).toHaveLength(outline.length + 1);
  });

  it('appends when the index is past the end, and can add a root', () => {
    expect(render(insertNode(outline, item('d', null, 0), null, 100)).at(-1)).toBe('四、d');
  });

  it('refuses duplicate ids and unknown parents', () => {
    expect(thrown(() => insertNode(outline, item('a1', null, 0), null, 0))).toMatchObject({ code: 'invalid' });
    expect(thrown(() => insertNode(outline, item('n', null, 0), 'nope', 0))).toMatchObject({ code: 'invalid' });
  });
});

describe('removeNode', () => {
  it('removes the subtree and closes the gap in numbering', () => {
    const removed = removeNode(outline, 'a2');
    expect(render(removed)).toEqual(['一、a', '（一）a1', '（二）a3', '二、b', '三、c', '（一）c1']);
    expect(removed.find((n) => n.id === 'a3')?.position).toBe(1);
  });

  it('removes a root and renumbers the remaining roots', () => {
    expect(render(removeNode(outline, 'a'))).toEqual(['一、b', '二、c', '（一）c1']);
  });

  it('refuses an unknown id', () => {
    expect(thrown(() => removeNode(outline, 'nope'))).toMatchObject({ code: 'invalid' });
  });
});
