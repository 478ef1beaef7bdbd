import { DomainError } from './errors.js';
import { childrenByParent } from './tree.js';
import type { OutlineNode } from './tree.js';

/** Re-exported: the outline node shape is defined beside the tree helpers that share it. */
export type { OutlineNode } from './tree.js';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['千', '百', '十', ''];
const MAX_NUMERAL = 99_999_999;
const MAX_CIRCLED = 20;

/** A node with its computed heading number; `level` and `index` are 1-based (index 0 and number '' for an unnumbered node), `path` lists the indices from the root. */
export interface NumberedNode {
  id: string;
  parentId: string | null;
  level: number;
  index: number;
  number: string;
  path: number[];
}

/** Writes 0 ≤ n < 10000; `leading` drops the 一 of a leading 十 (十一, but 一百一十). */
function belowTenThousand(n: number, leading: boolean): string {
  const digits = [Math.floor(n / 1000) % 10, Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  let out = '';
  let started = false;
  let pendingZero = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      if (started) pendingZero = true;
      return;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    if (!(leading && !started && d === 1 && i === 2)) out += DIGITS[d];
    out += UNITS[i];
    started = true;
  });
  return out;
}

/**
 * Chinese numeral of a non-negative integer below 10^8, as used in headings.
 * @example chineseNumeral(11) // '十一'; chineseNumeral(105) // '一百零五'; chineseNumeral(110) // '一百一十'
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_NUMERAL) {
    throw new RangeError(`chineseNumeral: expected an integer in 0..${MAX_NUMERAL}, got ${n}`);
  }
  if (n === 0) return DIGITS[0]!;
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  if (high === 0) return belowTenThousand(low, true);
  let out = `${belowTenThousand(high, true)}万`;
  if (low > 0) out += (low < 1000 ? '零' : '') + belowTenThousand(low, false);
  return out;
}

/**
 * Official heading number for the `index`-th sibling (1-based) at `level` (1-based):
 * 一、 （一） 1. （1）, then ① for level 5 and deeper (（21） past ⑳).
 * @example headingNumber(2, 3) // '（三）'
 */
export function headingNumber(level: number, index: number): string {
  if (!Number.isInteger(level) || level < 1) throw new RangeError(`headingNumber: bad level ${level}`);
  if (!Number.isInteger(index) || index < 1) throw new RangeError(`headingNumber: bad index ${index}`);
  switch (level) {
    case 1:
      return `${chineseNumeral(index)}、`;
    case 2:
      return `（${chineseNumeral(index)}）`;
    case 3:
      return `${index}.`;
    case 4:
      return `（${index}）`;
    default:
      // ① … ⑳ are U+2460 … U+2473; there is no circled form beyond 20 in common fonts.
      return index <= MAX_CIRCLED ? String.fromCodePoint(0x2460 + index - 1) : `（${index}）`;
  }
}

/**
 * Numbers an outline in depth-first order; siblings are sorted by `position`, then `id`.
 * A node whose parent is unknown (an orphan) is numbered as a root.
 * Throws DomainError('invalid') on duplicate ids or on a parent cycle (nodes unreachable from any root).
 */
export function numberOutline(nodes: readonly OutlineNode[]): NumberedNode[] {
  const children = childrenByParent(nodes);
  const out: NumberedNode[] = [];
  // Explicit stack: an outline may be deep after an import, and recursion depth is not ours to spend.
  const stack: { node: OutlineNode; index: number; path: number[] }[] = [];
  const pushChildren = (parentId: string | null, parentPath: number[]): void => {
    const list = children.get(parentId) ?? [];
    // Unnumbered siblings (导语, 结束语) take no number and do not shift the others'.
    let counter = 0;
    const indices = list.map((n) => (n.numbered === false ? 0 : ++counter));
    for (let i = list.length - 1; i >= 0; i--) {
      stack.push({ node: list[i]!, index: indices[i]!, path: [...parentPath, indices[i]!] });
    }
  };
  pushChildren(null, []);
  while (stack.length > 0) {
    const { node, index, path } = stack.pop()!;
    const level = path.length;
    out.push({ id: node.id, parentId: node.parentId, level, index, number: index === 0 ? '' : headingNumber(level, index), path });
    pushChildren(node.id, path);
  }
  if (out.length < nodes.length) {
    const reached = new Set(out.map((n) => n.id));
    const stuck = nodes.filter((n) => !reached.has(n.id)).map((n) => n.id);
    throw new DomainError('invalid', `大纲中存在循环的上下级关系，无法编号：${stuck.join('、')}`);
  }
  return out;
}
