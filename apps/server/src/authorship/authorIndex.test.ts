import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AuthorIndex } from './authorIndex.js';

describe('AuthorIndex', () => {
  it('finds the update (and so the author and time) that wrote each clock', () => {
    const doc = new Y.Doc();
    doc.clientID = 5;
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getText('t');
    text.insert(0, 'abc'); // clocks 0-2
    text.insert(3, 'de'); // 3-4
    text.delete(0, 1); // no new clocks
    text.insert(0, 'X'); // 5
    const index = new AuthorIndex();
    updates.forEach((u, i) => index.add(i + 1, u, { userId: i === 3 ? 'bob' : 'alice', bureauId: null, at: 1000 * (i + 1) }));
    expect(index.lastSeq).toBe(4);
    expect(index.find(5, 0)).toEqual({ record: { userId: 'alice', bureauId: null, at: 1000 }, end: 3 });
    expect(index.find(5, 4)).toEqual({ record: { userId: 'alice', bureauId: null, at: 2000 }, end: 5 });
    expect(index.find(5, 5)?.record.userId).toBe('bob');
    expect(index.find(5, 6)).toBeNull();
    expect(index.find(6, 0)).toBeNull();
  });

  it('handles updates stored out of clock order and ignores unparsable ones', () => {
    const doc = new Y.Doc();
    doc.clientID = 9;
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('t').insert(0, 'ab');
    doc.getText('t').insert(2, 'cd');
    const index = new AuthorIndex();
    index.add(1, updates[1]!, { userId: 'second', bureauId: 'b', at: 2 });
    index.add(2, Uint8Array.of(1, 2, 3), { userId: 'junk', bureauId: null, at: 3 });
    index.add(3, updates[0]!, { userId: 'first', bureauId: 'b', at: 1 });
    expect(index.find(9, 1)?.record.userId).toBe('first');
    expect(index.find(9, 3)?.record.userId).toBe('second');
    expect(index.size).toBe(3);
  });
});
