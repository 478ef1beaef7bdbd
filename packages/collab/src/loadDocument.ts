/**
 * Cold load of a document from its stored log without holding the event loop. The checkpoint is
 * applied, then every later update one by one, in slices of about LOAD_SLICE_MS (one Yjs
 * transaction per slice); between slices the event loop polls for I/O, so other rooms' writes,
 * relays and HTTP requests are served while a long log loads.
 *
 * Why not `Y.mergeUpdates` of the whole log: it grows superlinearly and runs as one synchronous
 * call (20k keystrokes 8–11 s, 100k over two minutes), while applying the same updates one by one
 * is linear (100k keystrokes of the automerge-paper trace: about 0.5 s in slices, 0.9 s with one
 * transaction per update). See tests/bench/coldOpen.ts.
 */
import * as Y from 'yjs';
import type { PagedDoc } from './DocStore.js';
import type { CollabLogger } from './types.js';

/** How long one slice of a load may run before the event loop gets a turn. */
export const LOAD_SLICE_MS = 4;

/** How a document is loaded. */
export interface LoadDocumentOptions {
  /** For the logs. */
  docName: string;
  logger: CollabLogger;
  /** Slice length in ms (default LOAD_SLICE_MS); 0 lets the event loop run before every update. */
  sliceMs?: number;
  /** Transaction origin of the applied updates (default null). */
  origin?: unknown;
}

/** What a load did. */
export interface LoadedCounts {
  /** Updates read after the checkpoint (the skipped ones included). */
  updates: number;
  /** Stored updates Yjs could not apply (logged, left out). */
  skipped: number;
  /** Times the load let the event loop run. */
  yields: number;
  /** Wall time of the whole load, waits included. */
  ms: number;
}

const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Applies `source` (checkpoint, then its pages of updates) to `doc`. A stored update Yjs cannot
 * apply is skipped and logged with its seq; pending structs left at the end are logged. Resolves
 * when every page is applied.
 * @example const counts = await loadDocument(room.doc, await store.loadPages(name), { docName: name, logger });
 */
export async function loadDocument(doc: Y.Doc, source: PagedDoc, opts: LoadDocumentOptions): Promise<LoadedCounts> {
  const started = performance.now();
  const sliceMs = opts.sliceMs ?? LOAD_SLICE_MS;
  const origin = opts.origin ?? null;
  const counts: LoadedCounts = { updates: 0, skipped: 0, yields: 0, ms: 0 };
  let sliceStart = started;
  const turnIfDue = async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await nextTurn();
    counts.yields++;
    sliceStart = performance.now();
  };
  if (source.checkpoint) {
    try {
      Y.applyUpdate(doc, source.checkpoint, origin);
    } catch (err) {
      // The log is kept whole, so nothing is lost for good; the room shows what the later updates hold.
      opts.logger.error('skipping a stored checkpoint that Yjs cannot apply', {
        docName: opts.docName,
        checkpointSeq: source.checkpointSeq,
        error: (err as Error).message,
      });
    }
    await turnIfDue();
  }
  // Reading a page (a few ms for 2,000 keystrokes from SQLite) counts towards the slice that reads
  // it, and is not started when the slice is over.
  for await (const page of source.pages) {
    let i = 0;
    while (i < page.length) {
      await turnIfDue();
      // One transaction per slice: observers, the update event and struct merging run once per
      // slice instead of once per keystroke (about twice as fast as an applyUpdate each).
      doc.transact(() => {
        do {
          const { seq, update } = page[i++]!;
          counts.updates++;
          try {
            Y.applyUpdate(doc, update, origin);
          } catch (err) {
            // One bad stored update must not make the document unloadable.
            counts.skipped++;
            opts.logger.error('skipping a stored update that Yjs cannot apply', { docName: opts.docName, seq, error: (err as Error).message });
          }
        } while (i < page.length && performance.now() - sliceStart < sliceMs);
      }, origin);
    }
    await turnIfDue();
  }
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    opts.logger.error('stored document has pending structs', { docName: opts.docName });
  }
  counts.ms = performance.now() - started;
  opts.logger.info('document loaded', {
    docName: opts.docName,
    checkpointSeq: source.checkpointSeq,
    updates: counts.updates,
    skipped: counts.skipped,
    yields: counts.yields,
    ms: Math.round(counts.ms),
  });
  return counts;
}
