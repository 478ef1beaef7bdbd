import { describe, expect, it } from 'vitest';
import type { OutlineSection } from '../../api/officeApi';
import { buildOutlineTree, descendantCount, insertTarget, moveTarget, type OutlineNode } from './outlineTree';

function section(id: string, parentId: string | null, number = ''): OutlineSection {
  return {
    id,
    parentId,
    number,
    title: id,
    level: 1,
    numbered: number !== '',
    bureaus: [],
    status: 'not_started',
    statusLabel: '未开始',
    docName: `section-${id}`,
    dueDate: null,
    instruction: '',
    returnReason: null,
    lastEdit: null,
  };
}

// 导语 · 一、a → （一）a1 （二）a2 → 1.a2x · 二、b
const SECTIONS = [
  section('intro', null, ''),
  section('a', null, '一、'),
  section('a1', 'a', '（一）'),
  section('a2', 'a', '（二）'),
  section('a2x', 'a2', '1.'),
  section('b', null, '二、'),
];

function node(id: string): OutlineNode {
  const found = buildOutlineTree(SECTIONS).byId.get(id);
  if (!found) throw new Error(id);
  return found;
}

describe('buildOutlineTree', () => {
  it('nests sections under their parents with depth and sibling index, in outline order', () => {
    const tree = buildOutlineTree(SECTIONS);
    expect(tree.roots.map((n) => n.id)).toEqual(['intro', 'a', 'b']);
    expect(tree.rows.map((n) => `${n.depth}:${n.index}:${n.id}`)).toEqual(['0:0:intro', '0:1:a', '1:0:a1', '1:1:a2', '2:0:a2x', '0:2:b']);
    expect(tree.byId.get('a2')?.children.map((n) => n.id)).toEqual(['a2x']);
    expect(tree.byId.get('a2x')?.parent?.id).toBe('a2');
  });

  it('treats a section with an unknown parent as a root and ignores duplicates', () => {
    const tree = buildOutlineTree([section('x', 'gone'), section('y', 'x'), section('x', null)]);
    expect(tree.roots.map((n) => n.id)).toEqual(['x']);
    expect(tree.rows.map((n) => n.id)).toEqual(['x', 'y']);
  });
});

describe('moveTarget', () => {
  it('moves up and down among siblings', () => {
    expect(moveTarget(node('a1'), 'up')).toBeNull();
    expect(moveTarget(node('a1'), 'down')).toEqual({ parentId: 'a', index: 1 });
    expect(moveTarget(node('a2'), 'up')).toEqual({ parentId: 'a', index: 0 });
    expect(moveTarget(node('a2'), 'down')).toBeNull();
    expect(moveTarget(node('b'), 'up')).toEqual({ parentId: null, index: 1 });
  });

  it('indents under the sibling above, as its last child', () => {
    expect(moveTarget(node('intro'), 'indent')).toBeNull();
    expect(moveTarget(node('b'), 'indent')).toEqual({ parentId: 'a', index: 2 });
    expect(moveTarget(node('a2'), 'indent')).toEqual({ parentId: 'a1', index: 0 });
  });

  it('outdents to right after the parent', () => {
    expect(moveTarget(node('a'), 'outdent')).toBeNull();
    expect(moveTarget(node('a1'), 'outdent')).toEqual({ parentId: null, index: 2 });
    expect(moveTarget(node('a2x'), 'outdent')).toEqual({ parentId: 'a', index: 2 });
  });
});

describe('insertTarget and descendantCount', () => {
  it('adds a child last and a sibling right after', () => {
    expect(insertTarget(node('a'), 'child')).toEqual({ parentId: 'a', index: 2 });
    expect(insertTarget(node('a1'), 'sibling')).toEqual({ parentId: 'a', index: 1 });
    expect(insertTarget(node('b'), 'sibling')).toEqual({ parentId: null, index: 3 });
  });

  it('counts every section below', () => {
    expect(descendantCount(node('a'))).toBe(3);
    expect(descendantCount(node('b'))).toBe(0);
  });
});
