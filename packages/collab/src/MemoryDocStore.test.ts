import { describe, expect, it } from 'vitest';
import { ClientIdConflictError, type AppendEntry } from './DocStore.js';
import { MemoryDocStore } from './MemoryDocStore.js';

function entry(docName: string, bytes: number[], userId = 'a', bindClients: number[] = []): AppendEntry {
  return {
    docName,
    update: Uint8Array.from(bytes),
    author: { userId, bureauId: `b-${userId}`, connectionId: `c-${userId}` },
    createdAt: 1000 + bytes[0]!,
    bindClients,
  };
}

describe('MemoryDocStore', () => {
  it('appends in order with increasing seqs and keeps the author', async () => {
    const store = new MemoryDocStore();
    expect(await store.append([entry('d', [1]), entry('d', [2], 'b')])).toEqual([1, 2]);
    expect(await store.append([entry('e', [3])])).toEqual([3]);
    const history = await store.history('d');
    expect(history.map((h) => [h.seq, h.userId, h.bureauId, h.connectionId, h.createdAt, [...h.update]])).toEqual([
      [1, 'a', 'b-a', 'c-a', 1001, [1]],
      [2, 'b', 'b-b', 'c-b', 1002, [2]],
    ]);
    expect((await store.history('d', 1)).map((h) => h.seq)).toEqual([2]);
    expect(await store.history('unknown')).toEqual([]);
  });

  it('stores a copy of the update bytes', async () => {
    const store = new MemoryDocStore();
    const e = entry('d', [7, 7]);
    await store.append([e]);
    e.update[0] = 0;
    expect([...(await store.history('d'))[0]!.update]).toEqual([7, 7]);
  });

  it('binds clientIDs and refuses a batch that reuses one for another user, atomically', async () => {
    const store = new MemoryDocStore();
    await store.append([entry('d', [1], 'a', [42])]);
    await expect(store.append([entry('d', [2], 'a', [43]), entry('d', [3], 'b', [42])])).rejects.toBeInstanceOf(ClientIdConflictError);
    expect((await store.history('d')).map((h) => h.seq)).toEqual([1]);
    const loaded = await store.load('d');
    expect([...loaded.bindings]).toEqual([[42, 'a']]);
    // Same user again is fine; bindings are per document.
    await store.append([entry('d', [4], 'a', [42]), entry('e', [5], 'b', [42])]);
    expect((await store.load('e')).bindings.get(42)).toBe('b');
  });

  it('failNextAppend rejects once, stores nothing, then resets', async () => {
    const store = new MemoryDocStore();
    store.failNextAppend = new Error('disk full');
    await expect(store.append([entry('d', [1])])).rejects.toThrow('disk full');
    expect(store.failNextAppend).toBeNull();
    expect(await store.history('d')).toEqual([]);
    expect(await store.append([entry('d', [2])])).toEqual([1]);
  });

  it('load returns the checkpoint and only the updates after it; the log is kept', async () => {
    const store = new MemoryDocStore();
    await store.append([entry('d', [1]), entry('d', [2]), entry('d', [3])]);
    let loaded = await store.load('d');
    expect(loaded).toMatchObject({ checkpoint: null, checkpointSeq: 0, lastSeq: 3 });
    expect(loaded.updates.map((u) => [...u])).toEqual([[1], [2], [3]]);
    await store.checkpoint('d', Uint8Array.of(9, 9), 2);
    loaded = await store.load('d');
    expect([...loaded.checkpoint!]).toEqual([9, 9]);
    expect(loaded.checkpointSeq).toBe(2);
    expect(loaded.updates.map((u) => [...u])).toEqual([[3]]);
    expect(loaded.lastSeq).toBe(3);
    expect(await store.history('d')).toHaveLength(3);
  });

  it('loadPages hands the updates after the checkpoint over in pages, as of the call', async () => {
    const store = new MemoryDocStore();
    await store.append([1, 2, 3, 4, 5, 6, 7].map((b) => entry('d', [b])));
    await store.checkpoint('d', Uint8Array.of(9), 2);
    const paged = await store.loadPages('d', 2);
    expect(paged).toMatchObject({ checkpointSeq: 2, lastSeq: 7 });
    // Appended after the call: not in this load's pages.
    await store.append([entry('d', [8])]);
    const pages: number[][] = [];
    for await (const page of paged.pages) pages.push(page.map((u) => u.seq));
    expect(pages).toEqual([[3, 4], [5, 6], [7]]);
    expect((await store.load('d')).updates.map((u) => [...u])).toEqual([[3], [4], [5], [6], [7], [8]]);
  });

  it('load hands out a copy of the bindings', async () => {
    const store = new MemoryDocStore();
    await store.append([entry('d', [1], 'a', [5])]);
    (await store.load('d')).bindings.set(5, 'mallory');
    expect((await store.load('d')).bindings.get(5)).toBe('a');
  });
});
