import type { OutlinePlace, OutlineSection } from '../../api/officeApi';

/** A section placed in the outline tree. */
export interface OutlineNode {
  section: OutlineSection;
  id: string;
  /** Id of the parent node, null at the top level. */
  parentId: string | null;
  /** 0 at the top level. */
  depth: number;
  /** Position among its siblings, 0-based. */
  index: number;
  children: OutlineNode[];
  parent: OutlineNode | null;
  /** Its sibling group (the roots at the top level), itself included. */
  siblings: OutlineNode[];
}

/** The outline as a tree, plus its nodes flattened in outline order (depth-first). */
export interface OutlineTree {
  roots: OutlineNode[];
  rows: OutlineNode[];
  byId: ReadonlyMap<string, OutlineNode>;
}

/** A structural change offered on a row. */
export type MoveKind = 'up' | 'down' | 'indent' | 'outdent';

/**
 * Builds the tree from the report's sections, which come in outline order (depth-first). A section
 * whose parent is missing (or comes later, which a well-formed outline never does) is a root.
 */
export function buildOutlineTree(sections: readonly OutlineSection[]): OutlineTree {
  const roots: OutlineNode[] = [];
  const byId = new Map<string, OutlineNode>();
  for (const section of sections) {
    const id = section.id;
    if (byId.has(id)) continue;
    const parent = section.parentId === null ? null : (byId.get(section.parentId) ?? null);
    const siblings = parent ? parent.children : roots;
    const node: OutlineNode = { section, id, parentId: parent?.id ?? null, depth: parent ? parent.depth + 1 : 0, index: siblings.length, children: [], parent, siblings };
    siblings.push(node);
    byId.set(id, node);
  }
  const rows: OutlineNode[] = [];
  const walk = (nodes: readonly OutlineNode[]) => {
    for (const node of nodes) {
      rows.push(node);
      walk(node.children);
    }
  };
  walk(roots);
  return { roots, rows, byId };
}

/**
 * Where a structural change puts the node, as `POST /api/sections/:id/move` takes it; null when the
 * change is not possible (first sibling cannot move up or be indented, a root cannot be outdented).
 * Indenting makes it the last child of the sibling above; outdenting puts it right after its parent.
 */
export function moveTarget(node: OutlineNode, kind: MoveKind): OutlinePlace | null {
  switch (kind) {
    case 'up':
      return node.index > 0 ? { parentId: node.parentId, index: node.index - 1 } : null;
    case 'down':
      return node.index < node.siblings.length - 1 ? { parentId: node.parentId, index: node.index + 1 } : null;
    case 'indent': {
      const above = node.siblings[node.index - 1];
      return above ? { parentId: above.id, index: above.children.length } : null;
    }
    case 'outdent':
      return node.parent ? { parentId: node.parent.parentId, index: node.parent.index + 1 } : null;
  }
}

/** Where a new section goes: the last child of the node, or the sibling right after it. */
export function insertTarget(node: OutlineNode, where: 'child' | 'sibling'): OutlinePlace {
  return where === 'child' ? { parentId: node.id, index: node.children.length } : { parentId: node.parentId, index: node.index + 1 };
}

/** Number of sections below the node (children, grandchildren, …). */
export function descendantCount(node: OutlineNode): number {
  return node.children.reduce((n, child) => n + 1 + descendantCount(child), 0);
}
