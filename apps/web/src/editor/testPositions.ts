// Test helper of the editor tests: document positions found by text.
import type { Node as PMNode } from 'prosemirror-model';

/** Position of the first character of `needle` (plus `offset`) in the document. */
export function posOf(node: PMNode, needle: string, offset = 0): number {
  let found = -1;
  node.descendants((child, pos) => {
    if (found >= 0) return false;
    const index = child.isText ? (child.text ?? '').indexOf(needle) : -1;
    if (index >= 0) found = pos + index + offset;
    return true;
  });
  if (found < 0) throw new Error(`"${needle}" not in document`);
  return found;
}
