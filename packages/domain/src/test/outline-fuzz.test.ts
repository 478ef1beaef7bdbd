import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.js';
import { numberOutline } from '../numbering.js';
import type { OutlineNode } from '../numbering.js';
import { descendantIds, insertNode, moveNode, removeNode } from '../outline.js';
import { randomInt, seededRandom } from './random.js';

/** Invariants every outline edit must keep: positions 0..n-1 per parent, distinct numbers, no cycles, every node numbered. */
function checkInvariants(nodes: readonly OutlineNode[]): void {
  const numbered = numberOutline(nodes);
  expect(numbered).toHaveLength(nodes.length);
  const groups = new Map<string | null, number[]>();
  for (const n of nodes) groups.set(n.parentId, [...(groups.get(n.parentId) ?? []), n.position]);
  for (const positions of groups.values()) {
    expect([...positions].sort((a, b) => a - b)).toEqual(positions.map((_, i) => i));
  }
  const siblingNumbers = new Map<string | null, string[]>();
  for (const n of numbered) siblingNumbers.set(n.parentId, [...(siblingNumbers.get(n.parentId) ?? []), n.number]);
  for (const numbers of siblingNumbers.values()) expect(new Set(numbers).size).toBe(numbers.length);
  for (const n of numbered) expect(n.index).toBe(n.path.at(-1));
}

describe('outline editing, seeded random sequences', () => {
  for (const seed of [1, 2, 3, 42, 2020, 31337]) {
    it(`keeps the invariants over 300 random edits (seed ${seed})`, () => {
      const random = seededRandom(seed);
      let nodes: OutlineNode[] = [];
      let nextId = 0;
      for (let step = 0; step < 300; step++) {
        const ids = nodes.map((n) => n.id);
        const pick = () => ids[randomInt(random, ids.length)]!;
        const parent = () => (ids.length === 0 || random() < 0.3 ? null : pick());
        const op = ids.length < 4 ? 0 : randomInt(random, 10);
        if (op < 4) {
          nodes = insertNode(nodes, { id: `n${nextId++}`, parentId: null, position: 0 }, parent(), randomInt(random, 6));
        } else if (op < 9) {
          const id = pick();
          const target = parent();
          const forbidden = target !== null && (target === id || descendantIds(nodes, id).includes(target));
          const before = nodes;
          try {
            nodes = moveNode(nodes, id, target, randomInt(random, 6) - 1);
            expect(forbidden).toBe(false);
          } catch (error) {
            expect(forbidden).toBe(true);
            expect(isDomainError(error) && error.code).toBe('conflict');
            expect(nodes).toBe(before);
          }
        } else {
          const id = pick();
          const gone = new Set([id, ...descendantIds(nodes, id)]);
          nodes = removeNode(nodes, id);
          expect(nodes.some((n) => gone.has(n.id))).toBe(false);
        }
        checkInvariants(nodes);
      }
    });
  }
});
