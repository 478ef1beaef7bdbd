import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CollabServer } from './CollabServer.js';
import type { PagedDoc, PagedUpdate } from './DocStore.js';
import { loadDocument } from './loadDocument.js';
import { MemoryDocStore } from './MemoryDocStore.js';
import type { CollabLogger } from './types.js';

/** A paragraph typed one character per update, as a stock client sends keystrokes; with the text. */
function keystrokes(count: number, seed = 1): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc({ gc: false });
  doc.clientID = 1000 + seed;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const p = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.transact(() => {
    doc.getXmlFragment('prosemirror').insert(0, [p]);
    p.insert(0, [text]);
  });
  for (let i = 0; i < count; i++) {
    // Mostly appends, sometimes a correction in the middle, like the real traces.
    if (i % 17 === 16 && text.length > 3) text.delete(text.length - 3, 1);
    else text.insert(i % 5 === 4 ? Math.floor(text.length / 2) : text.length, String.fromCharCode(0x4e00 + (i % 500)));
  }
  const result = { updates, text: doc.getXmlFragment('prosemirror').toString() };
  doc.destroy();
  return result;
}

function paged(updates: readonly Uint8Array[], pageSize = 500, checkpoint: Uint8Array | null = null): PagedDoc {
  const entries: PagedUpdate[] = updates.map((update, i) => ({ seq: i + 1, update }));
  async function* pages(): AsyncGenerator<PagedUpdate[]> {
    for (let i = 0; i < entries.length; i += pageSize) yield entries.slice(i, i + pageSize);
  }
  return { checkpoint, checkpointSeq: 0, lastSeq: entries.length, bindings: new Map(), pages: pages() };
}

function recordingLogger(): CollabLogger & { errors: Array<{ msg: string; fields?: Record<string, unknown> }> } {
  const errors: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
  return {
    errors,
    info() {},
    warn() {},
    error(msg, fields) {
      errors.push({ msg, ...(fields ? { fields } : {}) });
    },
  };
}

const xml = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').toString();

describe('loadDocument', () => {
  it('gives the event loop turns between slices: immediates queued meanwhile run while the document fills', async () => {
    const { updates, text } = keystrokes(3000);
    const doc = new Y.Doc({ gc: false });
    let loaded = false;
    // A ticker that re-arms itself on every turn of the event loop until the load is done, noting
    // how much of the document is there each time it runs.
    const seen: number[] = [];
    const tick = () => {
      if (loaded) return;
      seen.push(xml(doc).length);
      setImmediate(tick);
    };
    setImmediate(tick);
    // sliceMs 1: many slices whatever the machine's speed.
    const counts = await loadDocument(doc, paged(updates), { docName: 'd', logger: recordingLogger(), sliceMs: 1 });
    loaded = true;
    expect(xml(doc)).toBe(text);
    expect(counts.yields).toBeGreaterThan(0);
    // The ticker ran before the load ended, and also in the middle of it (part of the text there).
    const middle = seen.filter((length) => length > 0 && length < text.length);
    expect(seen.length).toBeGreaterThan(1);
    expect(middle.length).toBeGreaterThan(0);
    // It fills in order: a turn may come after a slice holding only a correction (one character
    // deleted; a loaded machine can make a 1 ms slice that small), never after text went missing.
    middle.forEach((length, i) => {
      if (i > 0) expect(length).toBeGreaterThanOrEqual(middle[i - 1]! - 1);
    });
  });

  it('with the default slice, a timer and an immediate queued meanwhile run before a long load ends', async () => {
    const { updates, text } = keystrokes(20_000, 2);
    const doc = new Y.Doc({ gc: false });
    const order: string[] = [];
    // The load is well over one 8 ms slice on any machine (about 80 ms here); the timer fires once
    // the first slices have run and must be served before the last one.
    setTimeout(() => order.push('timer'), 1);
    setImmediate(() => order.push('immediate'));
    const counts = await loadDocument(doc, paged(updates, 2000), { docName: 'd', logger: recordingLogger() });
    order.push('loaded');
    expect(order).toEqual(expect.arrayContaining(['timer', 'immediate']));
    expect(order.at(-1)).toBe('loaded');
    expect(counts.yields).toBeGreaterThan(0);
    expect(counts.updates).toBe(updates.length);
    expect(xml(doc)).toBe(text);
  });

  it('ends with the same state as merging the whole log', async () => {
    const a = keystrokes(1500, 3);
    const b = keystrokes(700, 4);
    // Two writers interleaved, plus a checkpoint of the first 200 updates.
    const all = a.updates.flatMap((u, i) => (i < b.updates.length ? [u, b.updates[i]!] : [u]));
    const checkpoint = Y.mergeUpdates(all.slice(0, 200));
    const merged = new Y.Doc({ gc: false });
    Y.applyUpdate(merged, Y.mergeUpdates(all));
    const doc = new Y.Doc({ gc: false });
    await loadDocument(doc, paged(all.slice(200), 300, checkpoint), { docName: 'd', logger: recordingLogger(), sliceMs: 1 });
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(merged));
    expect(xml(doc)).toBe(xml(merged));
    expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(doc.store), Y.createDeleteSetFromStructStore(merged.store))).toBe(true);
    expect(doc.store.pendingStructs).toBeNull();
  });

  it('skips a stored update Yjs cannot apply, logs its seq and loads the rest', async () => {
    const { updates, text } = keystrokes(50, 5);
    const withBad = [...updates.slice(0, 20), Uint8Array.of(1, 2, 3), ...updates.slice(20)];
    const logger = recordingLogger();
    const doc = new Y.Doc({ gc: false });
    const counts = await loadDocument(doc, paged(withBad, 8), { docName: 'd', logger });
    expect(xml(doc)).toBe(text);
    expect(counts).toMatchObject({ updates: withBad.length, skipped: 1 });
    expect(logger.errors).toEqual([{ msg: 'skipping a stored update that Yjs cannot apply', fields: expect.objectContaining({ docName: 'd', seq: 21 }) }]);
  });

  it('skips a checkpoint Yjs cannot apply and logs it', async () => {
    const { updates } = keystrokes(10, 6);
    const logger = recordingLogger();
    const doc = new Y.Doc({ gc: false });
    await loadDocument(doc, paged(updates, 4, Uint8Array.of(7)), { docName: 'd', logger });
    expect(logger.errors.map((e) => e.msg)).toEqual(['skipping a stored checkpoint that Yjs cannot apply']);
    expect(doc.getXmlFragment('prosemirror').length).toBe(1);
  });

  it('logs pending structs left by a log with a hole', async () => {
    const { updates } = keystrokes(10, 7);
    const logger = recordingLogger();
    const doc = new Y.Doc({ gc: false });
    await loadDocument(doc, paged([updates[0]!, ...updates.slice(2)]), { docName: 'd', logger });
    expect(logger.errors.map((e) => e.msg)).toEqual(['stored document has pending structs']);
  });

  it('loads what a MemoryDocStore hands over in pages, checkpoint first', async () => {
    const store = new MemoryDocStore();
    const { updates, text } = keystrokes(30, 8);
    const author = { userId: 'u', bureauId: null, connectionId: 'c' };
    const seqs = await store.append(updates.map((update) => ({ docName: 'd', update, author, createdAt: 0, bindClients: [] })));
    await store.checkpoint('d', Y.mergeUpdates(updates.slice(0, 10)), seqs[9]!);
    const doc = new Y.Doc({ gc: false });
    const counts = await loadDocument(doc, await store.loadPages('d', 7), { docName: 'd', logger: recordingLogger() });
    expect(counts.updates).toBe(updates.length - 10);
    expect(xml(doc)).toBe(text);
  });
});

/** A MemoryDocStore noting the size of every page a load reads. */
class CountingStore extends MemoryDocStore {
  readonly read: number[] = [];
  override async loadPages(docName: string, pageSize?: number): Promise<PagedDoc> {
    const opened = await super.loadPages(docName, pageSize);
    const inner = opened.pages;
    const read = this.read;
    async function* pages(): AsyncGenerator<PagedUpdate[]> {
      for await (const page of inner) {
        read.push(page.length);
        yield page;
      }
    }
    return { ...opened, pages: pages() };
  }
}

describe('Room.load', () => {
  it('a load of checkpointEvery updates or more writes a checkpoint, and the next cold load starts from it', async () => {
    const { updates, text } = keystrokes(250, 9);
    const store = new CountingStore();
    const author = { userId: 'u', bureauId: null, connectionId: 'c' };
    const seqs = await store.append(updates.map((update) => ({ docName: 'd', update, author, createdAt: 0, bindClients: [] })));
    const noAccess = async () => null;
    const first = new CollabServer({ store, resolveAccess: noAccess, checkpointEvery: 100, unloadDelayMs: 1 });
    expect(xml(await first.doc('d'))).toBe(text);
    expect(store.read.reduce((a, b) => a + b, 0)).toBe(updates.length);
    // The checkpoint is written in the background once the load is done.
    for (let i = 0; i < 100 && (await store.loadPages('d')).checkpointSeq === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await store.loadPages('d')).checkpointSeq).toBe(seqs.at(-1));
    await first.close();

    store.read.length = 0;
    const second = new CollabServer({ store, resolveAccess: noAccess, checkpointEvery: 100 });
    expect(xml(await second.doc('d'))).toBe(text);
    expect(store.read).toEqual([]);
    await second.close();
  });

  it('a load of fewer than checkpointEvery updates writes none', async () => {
    const { updates, text } = keystrokes(20, 10);
    const store = new MemoryDocStore();
    const author = { userId: 'u', bureauId: null, connectionId: 'c' };
    await store.append(updates.map((update) => ({ docName: 'd', update, author, createdAt: 0, bindClients: [] })));
    const server = new CollabServer({ store, resolveAccess: async () => null, checkpointEvery: 100 });
    expect(xml(await server.doc('d'))).toBe(text);
    await server.close();
    expect((await store.loadPages('d')).checkpoint).toBeNull();
  });
});
