import { describe, expect, it } from 'vitest';
import { thrown } from './test/thrown.js';
import { childrenByParent, compareSiblings, effectiveParent, indexById } from './tree.js';

const n = (id: string, parentId: string | null, position: number) => ({ id, parentId, position });

describe('tree helpers', () => {
  it('orders siblings by position, then id', () => {
    expect([n('b', null, 1), n('c', null, 0), n('a', null, 1)].sort(compareSiblings).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });

  it('groups children, putting orphans with the roots', () => {
    const groups = childrenByParent([n('k2', 'p', 1), n('p', null, 0), n('k1', 'p', 0), n('o', 'missing', 5)]);
    expect(groups.get(null)?.map((x) => x.id)).toEqual(['p', 'o']);
    expect(groups.get('p')?.map((x) => x.id)).toEqual(['k1', 'k2']);
    expect(groups.has('missing')).toBe(false);
  });

  it('resolves the effective parent and refuses duplicate ids', () => {
    const byId = indexById([n('p', null, 0), n('k', 'p', 0)]);
    expect(effectiveParent(n('k', 'p', 0), byId)).toBe('p');
    expect(effectiveParent(n('o', 'gone', 0), byId)).toBeNull();
    expect(thrown(() => indexById([n('x', null, 0), n('x', null, 1)]))).toMatchObject({ name: 'DomainError', code: 'invalid' });
  });
});
