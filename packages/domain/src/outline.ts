import { DomainError } from './errors.js';
import { childrenByParent, effectiveParent, indexById } from './tree.js';
import type { OutlineNode } from './tree.js';

/** Sibling-group placements to write back: id → new parent and position. */
type Placement = Map<string, { parentId: string | null; position: number }>;

/** Records positions 0..n-1 for `siblings`, keeping each stored parentId (an orphan stays an orphan). */
function renumber(placement: Placement, siblings: readonly OutlineNode[]): void {
  siblings.forEach((node, position) => placement.set(node.id, { parentId: node.parentId, position }));
}

/** Copies only the nodes whose parent or position changed; the input is never mutated. */
function applyPlacement<T extends OutlineNode>(nodes: readonly T[], placement: Placement): T[] {
  return nodes.map((node) => {
    const next = placement.get(node.id);
    if (!next || (next.parentId === node.parentId && next.position === node.position)) return node;
    return { ...node, parentId: next.parentId, position: next.position };
  });
}

/** Validates a target index and clamps it into 0..length. */
function clampIndex(index: number, length: number): number {
  if (!Number.isInteger(index)) throw new DomainError('invalid', '目标位置无效');
  return Math.min(Math.max(index, 0), length);
}

/** Throws unless `parentId` is null or an existing node. */
function requireParent(byId: ReadonlyMap<string, OutlineNode>, parentId: string | null): void {
  if (parentId !== null && !byId.has(parentId)) throw new DomainError('invalid', '目标上级章节不存在');
}

/**
 * Ids of all descendants of `id` (not `id` itself), in depth-first outline order.
 * Unknown ids give []; parent cycles in the input do not loop.
 */
export function descendantIds(nodes: readonly OutlineNode[], id: string): string[] {
  const children = childrenByParent(nodes);
  const out: string[] = [];
  const seen = new Set<string>([id]);
  const stack = [...(children.get(id) ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    out.push(node.id);
    const kids = children.get(node.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/**
 * Moves node `id` (with its subtree) to be the `newIndex`-th child (0-based, clamped) of `newParentId`
 * (null = top level), renumbering positions 0..n-1 in the old and new sibling groups.
 * Throws DomainError('conflict') when moving a node under itself or a descendant, 'invalid' for unknown ids.
 * @example moveNode(sections, 'b', null, 0) // b becomes the first top-level section
 */
export function moveNode<T extends OutlineNode>(
  nodes: readonly T[],
  id: string,
  newParentId: string | null,
  newIndex: number,
): T[] {
  const byId = indexById(nodes);
  const node = byId.get(id);
  if (!node) throw new DomainError('invalid', '要移动的章节不存在');
  requireParent(byId, newParentId);
  if (newParentId !== null && (newParentId === id || descendantIds(nodes, id).includes(newParentId))) {
    throw new DomainError('conflict', '不能把章节移动到它自身或其下级章节之下');
  }
  const children = childrenByParent(nodes);
  const oldParentId = effectiveParent(node, byId);
  const oldSiblings = (children.get(oldParentId) ?? []).filter((n) => n.id !== id);
  const newSiblings: OutlineNode[] =
    oldParentId === newParentId ? [...oldSiblings] : [...(children.get(newParentId) ?? [])];
  newSiblings.splice(clampIndex(newIndex, newSiblings.length), 0, node);

  const placement: Placement = new Map();
  if (oldParentId !== newParentId) renumber(placement, oldSiblings);
  renumber(placement, newSiblings);
  placement.set(id, { parentId: newParentId, position: placement.get(id)!.position });
  return applyPlacement(nodes, placement);
}

/**
 * Adds `node` as the `index`-th child (0-based, clamped) of `parentId` (null = top level),
 * overriding its `parentId` and `position` and renumbering its new siblings.
 * Throws DomainError('invalid') on a duplicate id or unknown parent.
 */
export function insertNode<T extends OutlineNode>(
  nodes: readonly T[],
  node: T,
  parentId: string | null,
  index: number,
): T[] {
  const byId = indexById(nodes);
  if (byId.has(node.id)) throw new DomainError('invalid', '章节已存在，不能重复添加');
  requireParent(byId, parentId);
  const siblings: OutlineNode[] = [...(childrenByParent(nodes).get(parentId) ?? [])];
  const inserted: T = { ...node, parentId, position: 0 };
  siblings.splice(clampIndex(index, siblings.length), 0, inserted);
  const placement: Placement = new Map();
  renumber(placement, siblings);
  return applyPlacement([...nodes, inserted], placement);
}

/**
 * Removes node `id` and all its descendants, renumbering the remaining siblings 0..n-1.
 * Throws DomainError('invalid') for an unknown id.
 */
export function removeNode<T extends OutlineNode>(nodes: readonly T[], id: string): T[] {
  const byId = indexById(nodes);
  const node = byId.get(id);
  if (!node) throw new DomainError('invalid', '要删除的章节不存在');
  const removed = new Set([id, ...descendantIds(nodes, id)]);
  const parentId = effectiveParent(node, byId);
  const siblings = (childrenByParent(nodes).get(parentId) ?? []).filter((n) => !removed.has(n.id));
  const placement: Placement = new Map();
  renumber(placement, siblings);
  return applyPlacement(
    nodes.filter((n) => !removed.has(n.id)),
    placement,
  );
}
