import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PagedDoc, PagedUpdate } from './DocStore.js';
import type { CollabLogger } from './types.js';
import { SMALL_TAIL_UPDATES, loadDocumentOffThread, stopLoadWorker } from './workerLoad.js';

afterAll(() => stopLoadWorker());

/** Keystrokes of two writers interleaved, with the resulting XML. */
function twoWriters(count: number): { updates: Uint8Array[]; xml: string } {
  const a = new Y.Doc({ gc: false });
  const b = new Y.Doc({ gc: false });
  a.clientID = 11;
  b.clientID = 22;
  const updates: Uint8Array[] = [];
  a.on('update', (u: Uint8Array) => {
    updates.push(u);
    Y.applyUpdate(b, u, 'peer');
  });
  b.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === 'peer') return;
    updates.push(u);
    Y.applyUpdate(a, u, 'peer');
  });
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  a.transact(() => {
    a.getXmlFragment('prosemirror').insert(0, [p]);
    p.insert(0, [t]);
  });
  const tb = (b.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  for (let i = 0; i < count; i++) {
    const [doc, text] = i % 3 === 0 ? [b, tb] : [a, t];
    if (i % 11 === 10) text.delete(Math.floor(text.length / 3), 1);
    else text.insert(i % 4 === 0 ? Math.floor(text.length / 2) : text.length, String.fromCharCode(0x4e00 + (i % 400)), i % 9 === 0 ? { strong: {} } : undefined);
    void doc;
  }
  return { updates, xml: a.getXmlFragment('prosemirror').toString() };
}

function paged(updates: readonly Uint8Array[], pageSize = 500, checkpoint: Uint8Array | null = null): PagedDoc {
  const entries: PagedUpdate[] = updates.map((update, i) => ({ seq: i + 1, update }));
  async function* pages(): AsyncGenerator<PagedUpdate[]> {
    for (let i = 0; i < entries.length; i += pageSize) yield entries.slice(i, i + pageSize);
  }
  return { checkpoint, checkpointSeq: 0, lastSeq: entries.length, bindings: new Map(), pages: pages() };
}

function logger(): CollabLogger & { errors: string[]; warnings: string[]; infos: Array<Record<string, unknown>> } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const infos: Array<Record<string, unknown>> = [];
  return {
    errors,
    warnings,
    infos,
    info: (_msg, fields) => void infos.push(fields ?? {}),
    warn: (msg) => void warnings.push(msg),
    error: (msg) => void errors.push(msg),
  };
}

const xml = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').toString();

// Each test boots or reuses the worker (from source: through tsx) and builds long logs: generous
// on a shared two-core machine running other suites.
describe('loadDocumentOffThread', { timeout: 120_000 }, () => {
  it('loads a long log in the worker to the same document as loading it in-process', async () => {
    const { updates, xml: expected } = twoWriters(6000);
    const inWorker = new Y.Doc({ gc: false });
    const counts = await loadDocumentOffThread(inWorker, paged(updates), { docName: 'd', logger: logger() });
    expect(counts).toMatchObject({ inWorker: true, updates: updates.length, skipped: 0, state: null });
    const inProcess = new Y.Doc({ gc: false });
    const local = await loadDocumentOffThread(inProcess, paged(updates), { docName: 'd', logger: logger(), inProcess: true });
    expect(local.inWorker).toBe(false);
    expect(xml(inWorker)).toBe(expected);
    expect(Y.equalSnapshots(Y.snapshot(inWorker), Y.snapshot(inProcess))).toBe(true);
    expect(inWorker.store.pendingStructs).toBeNull();
  });

  it('keeps the event loop turning while the worker works', async () => {
    const { updates, xml: expected } = twoWriters(8000);
    const doc = new Y.Doc({ gc: false });
    let ticks = 0;
    let done = false;
    const tick = () => {
      ticks++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const counts = await loadDocumentOffThread(doc, paged(updates, 500), { docName: 'd', logger: logger() });
    done = true;
    expect(counts.inWorker).toBe(true);
    // At least one turn per page handed over, and the slices' turns after.
    expect(counts.yields).toBeGreaterThanOrEqual(14);
    expect(ticks).toBeGreaterThanOrEqual(counts.yields);
    expect(xml(doc)).toBe(expected);
  });

  it('small loads stay in-process; a large checkpoint or a long tail goes to the worker', async () => {
    const { updates } = twoWriters(SMALL_TAIL_UPDATES + 300);
    const small = await loadDocumentOffThread(new Y.Doc({ gc: false }), paged(updates.slice(0, SMALL_TAIL_UPDATES)), { docName: 'd', logger: logger() });
    expect(small.inWorker).toBe(false);
    const long = await loadDocumentOffThread(new Y.Doc({ gc: false }), paged(updates), { docName: 'd', logger: logger() });
    expect(long.inWorker).toBe(true);
    const big = twoWriters(12_000);
    const whole = new Y.Doc({ gc: false });
    whole.transact(() => big.updates.forEach((u) => Y.applyUpdate(whole, u)));
    const checkpoint = Y.encodeStateAsUpdate(whole);
    expect(checkpoint.length).toBeGreaterThan(64 * 1024);
    const doc = new Y.Doc({ gc: false });
    const fromCheckpoint = await loadDocumentOffThread(doc, paged([], 500, checkpoint), { docName: 'd', logger: logger() });
    expect(fromCheckpoint).toMatchObject({ inWorker: true, updates: 0 });
    expect(xml(doc)).toBe(big.xml);
  });

  it('answers with the encoded state when asked to, for the checkpoint', async () => {
    const { updates, xml: expected } = twoWriters(3000);
    const doc = new Y.Doc({ gc: false });
    const counts = await loadDocumentOffThread(doc, paged(updates), { docName: 'd', logger: logger(), stateAfterUpdates: 2000 });
    expect(counts.state).not.toBeNull();
    const fromState = new Y.Doc({ gc: false });
    Y.applyUpdate(fromState, counts.state!);
    expect(xml(fromState)).toBe(expected);
    expect(Y.equalSnapshots(Y.snapshot(fromState), Y.snapshot(doc))).toBe(true);
    const fewer = await loadDocumentOffThread(new Y.Doc({ gc: false }), paged(updates), { docName: 'd', logger: logger(), stateAfterUpdates: 5000 });
    expect(fewer.state).toBeNull();
  });

  it('skips a stored update Yjs cannot apply, and logs it with its seq', async () => {
    const { updates, xml: expected } = twoWriters(1500);
    const withBad = [...updates.slice(0, 700), Uint8Array.of(1, 2, 3), ...updates.slice(700)];
    const log = logger();
    const doc = new Y.Doc({ gc: false });
    const counts = await loadDocumentOffThread(doc, paged(withBad), { docName: 'd', logger: log, forceWorker: true });
    expect(counts).toMatchObject({ inWorker: true, skipped: 1, updates: withBad.length });
    expect(log.errors).toEqual(['skipping a stored update that Yjs cannot apply']);
    expect(xml(doc)).toBe(expected);
  });

  it('when the worker dies mid-load, loads in-process from the pages already read and the rest', async () => {
    const { updates, xml: expected } = twoWriters(8000);
    const source = paged(updates, 500);
    const inner = source.pages;
    let pagesRead = 0;
    async function* pages(): AsyncGenerator<PagedUpdate[]> {
      for await (const page of inner) {
        if (++pagesRead === 6) await stopLoadWorker();
        yield page;
      }
    }
    const log = logger();
    const doc = new Y.Doc({ gc: false });
    const counts = await loadDocumentOffThread(doc, { ...source, pages: pages() }, { docName: 'd', logger: log });
    expect(counts.inWorker).toBe(false);
    expect(log.warnings).toEqual(['load worker failed; loading in-process']);
    expect(counts.updates).toBe(updates.length);
    expect(xml(doc)).toBe(expected);
    // The next large load starts a new worker.
    const again = await loadDocumentOffThread(new Y.Doc({ gc: false }), paged(updates), { docName: 'd', logger: logger() });
    expect(again.inWorker).toBe(true);
  });
});
