import { DomainError } from './errors.js';

/** A node of an ordered tree: siblings share `parentId` and are ordered by `position`, then `id`. */
export interface OutlineNode {
  id: string;
  parentId: string | null;
  position: number;
  /** False for an unnumbered block such as a report's opening 导语 or closing remarks (default true). */
  numbered?: boolean;
}

/** Orders siblings: by position, then by id so equal positions still give one stable order. */
export function compareSiblings(a: OutlineNode, b: OutlineNode): number {
  if (a.position !== b.position) return a.position - b.position;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Indexes nodes by id; throws DomainError('invalid') on a duplicate id. */
export function indexById<T extends OutlineNode>(nodes: readonly T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const node of nodes) {
    if (byId.has(node.id)) throw new DomainError('invalid', `大纲中存在重复的节点：${node.id}`);
    byId.set(node.id, node);
  }
  return byId;
}

/** The parent a node is shown under: its parent if that exists, else the root (orphans become roots). */
export function effectiveParent(node: OutlineNode, byId: ReadonlyMap<string, OutlineNode>): string | null {
  return node.parentId !== null && byId.has(node.parentId) ? node.parentId : null;
}

/** Children of every parent (null = roots, orphans included), each list sorted in sibling order. */
export function childrenByParent<T extends OutlineNode>(nodes: readonly T[]): Map<string | null, T[]> {
  const byId = indexById(nodes);
  const children = new Map<string | null, T[]>();
  for (const node of nodes) {
    const parent = effectiveParent(node, byId);
    const list = children.get(parent);
    if (list) list.push(node);
    else children.set(parent, [node]);
  }
  for (const list of children.values()) list.sort(compareSiblings);
  return children;
}
