/**
 * Cold load of a document with the costly part off the main thread. The main thread reads the
 * stored log a page at a time (letting the event loop run between pages) and hands each page to
 * one shared worker thread (loadWorker.ts), which applies checkpoint and updates to a Y.Doc of its
 * own. The worker answers with that document cut into small updates (sliceState), which the main
 * thread applies in slices of about LOAD_SLICE_MS, and, when asked, with the whole state for the
 * next checkpoint, so the main thread never encodes it either.
 *
 * Small documents (checkpoint under SMALL_CHECKPOINT_BYTES and at most SMALL_TAIL_UPDATES after
 * it, the usual case) are loaded in-process by `loadDocument`: a worker round trip would cost more
 * than it saves. So is everything when the worker cannot run or fails: the pages read so far are
 * kept until the load ends, so nothing is read twice.
 */
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from './spawnWorker.js';
import * as Y from 'yjs';
import type { PagedDoc, PagedUpdate } from './DocStore.js';
import type { LoadJobReply, LoadJobRequest } from './loadJob.js';
import { LOAD_SLICE_MS, loadDocument, type LoadDocumentOptions, type LoadedCounts } from './loadDocument.js';
import { DEFAULT_SLICE_STRUCTS } from './sliceState.js';

/** A checkpoint at least this large is applied in the worker (about 5–30 ms to apply at once). */
export const SMALL_CHECKPOINT_BYTES = 64 * 1024;
/** More updates than this after the checkpoint are applied in the worker. */
export const SMALL_TAIL_UPDATES = 1000;

/** How a document is loaded off the main thread. */
export interface WorkerLoadOptions extends LoadDocumentOptions {
  /** Return the loaded state encoded (for a checkpoint) when at least this many updates were read. */
  stateAfterUpdates?: number;
  /** Use the worker whatever the size (tests, benchmarks). */
  forceWorker?: boolean;
  /** Never use the worker (tests, benchmarks). */
  inProcess?: boolean;
}

/** What a load did. */
export interface WorkerLoadCounts extends LoadedCounts {
  /** The whole loaded state as one update, when the worker was asked for it; null otherwise. */
  state: Uint8Array | null;
  /** Whether the worker did the work. */
  inWorker: boolean;
}

const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

type Waiter = { resolve: (reply: LoadJobReply) => void; reject: (err: Error) => void };

/** The shared worker, started on first use; it does not keep the process alive. */
let worker: Worker | null = null;
let workerUnavailable: string | null = null;
const waiting = new Map<number, Waiter>();
let nextJob = 1;

function spawnWorker(): Worker {
  // From source the store's page reader is TypeScript too: spawnModuleWorker registers tsx first.
  return spawnModuleWorker(import.meta.url, 'loadWorker');
}

function getWorker(): Worker | null {
  if (worker) return worker;
  if (workerUnavailable) return null;
  try {
    const w = spawnWorker();
    w.unref();
    w.on('message', (reply: LoadJobReply) => {
      const waiter = waiting.get(reply.job);
      waiting.delete(reply.job);
      waiter?.resolve(reply);
    });
    const lost = (err: Error) => {
      if (worker === w) worker = null;
      for (const waiter of waiting.values()) waiter.reject(err);
      waiting.clear();
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`load worker exited with code ${code}`)));
    worker = w;
    return w;
  } catch (err) {
    workerUnavailable = (err as Error).message;
    return null;
  }
}

/** Starts the load worker now, so the first large load does not wait for it to boot. */
export function warmLoadWorker(): void {
  getWorker();
}

/** Stops the load worker (tests; it never keeps a process alive). A later load starts a new one. */
export async function stopLoadWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}

function post(w: Worker, message: LoadJobRequest): void {
  w.postMessage(message);
}

/** One page packed into a single buffer (cheap to copy to the worker). */
function pack(job: number, page: readonly PagedUpdate[]): LoadJobRequest {
  let total = 0;
  for (const { update } of page) total += update.length;
  const bytes = new Uint8Array(total);
  const lengths = new Uint32Array(page.length);
  const seqs = new Float64Array(page.length);
  let offset = 0;
  page.forEach(({ seq, update }, i) => {
    bytes.set(update, offset);
    offset += update.length;
    lengths[i] = update.length;
    seqs[i] = seq;
  });
  return { kind: 'page', job, bytes, lengths, seqs };
}

async function* chain<T>(first: readonly T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/**
 * Loads `source` into `doc` like `loadDocument`, with large loads done by the worker thread.
 * @example const counts = await loadDocumentOffThread(room.doc, await store.loadPages(name), { docName: name, logger });
 */
export async function loadDocumentOffThread(doc: Y.Doc, source: PagedDoc, opts: WorkerLoadOptions): Promise<WorkerLoadCounts> {
  const started = performance.now();
  const pages = source.pages[Symbol.asyncIterator]();
  // Read ahead until the load is known to be large (or the log ends).
  const read: PagedUpdate[][] = [];
  let readCount = 0;
  const large = () => opts.forceWorker || (source.checkpoint?.length ?? 0) >= SMALL_CHECKPOINT_BYTES || readCount > SMALL_TAIL_UPDATES;
  while (!large()) {
    const next = await pages.next();
    if (next.done) break;
    read.push(next.value);
    readCount += next.value.length;
  }
  const w = opts.inProcess || !large() ? null : getWorker();
  if (!w) {
    const counts = await loadDocument(doc, { ...source, pages: chain(read, pages) }, opts);
    return { ...counts, ms: performance.now() - started, state: null, inWorker: false };
  }

  const job = nextJob++;
  const answer = new Promise<LoadJobReply>((resolve, reject) => waiting.set(job, { resolve, reject }));
  // Awaited once the pages are handed over; a worker lost before then is noticed below.
  answer.catch(() => {});
  // Kept until the load ends, for the in-process fallback should the worker fail.
  const kept: PagedUpdate[][] = [];
  let yields = 0;
  let reply: LoadJobReply;
  let handedOver = started;
  try {
    post(w, { kind: 'start', job, checkpoint: source.checkpoint, maxStructs: DEFAULT_SLICE_STRUCTS });
    let after = source.checkpointSeq;
    for (const page of read) {
      kept.push(page);
      post(w, pack(job, page));
      after = page.at(-1)?.seq ?? after;
    }
    if (source.workerReader) {
      // The worker reads the rest itself with the store's reader: the main thread stays free for
      // other rooms (reading here in parallel was a little faster but doubled the relay waits).
      post(w, { kind: 'read', job, reader: source.workerReader, afterSeq: after });
    } else {
      for (let next = await pages.next(); !next.done; next = await pages.next()) {
        const page = next.value;
        kept.push(page);
        if (worker !== w) break; // lost: `answer` is rejected, the fallback reads on
        post(w, pack(job, page));
        // Reading and packing a page takes a few ms; other rooms get a turn after each.
        await nextTurn();
        yields++;
      }
    }
    handedOver = performance.now();
    // Whether a checkpoint will be wanted is decided in the worker, which knows the count.
    post(w, { kind: 'finish', job, encodeStateAfter: opts.stateAfterUpdates ?? null });
    reply = await answer;
    if (reply.kind === 'failed') throw new Error(reply.error);
  } catch (err) {
    waiting.delete(job);
    opts.logger.warn('load worker failed; loading in-process', { docName: opts.docName, error: (err as Error).message });
    if (worker) post(worker, { kind: 'cancel', job });
    const counts = await loadDocument(doc, { ...source, pages: chain(kept, pages) }, opts);
    return { ...counts, ms: performance.now() - started, state: null, inWorker: false };
  }

  if (reply.checkpointError) {
    opts.logger.error('skipping a stored checkpoint that Yjs cannot apply', {
      docName: opts.docName,
      checkpointSeq: source.checkpointSeq,
      error: reply.checkpointError,
    });
  }
  for (const { seq, error } of reply.skipped) {
    opts.logger.error('skipping a stored update that Yjs cannot apply', { docName: opts.docName, seq, error });
  }
  const answered = performance.now();
  // Apply the slices in turns of about LOAD_SLICE_MS, one transaction per turn.
  const sliceMs = opts.sliceMs ?? LOAD_SLICE_MS;
  const origin = opts.origin ?? null;
  let i = 0;
  while (i < reply.slices.length) {
    const turnStart = performance.now();
    doc.transact(() => {
      do Y.applyUpdate(doc, reply.slices[i++]!, origin);
      while (i < reply.slices.length && performance.now() - turnStart < sliceMs);
    }, origin);
    if (i < reply.slices.length) {
      await nextTurn();
      yields++;
    }
  }
  if (reply.pending || doc.store.pendingStructs || doc.store.pendingDs) {
    opts.logger.error('stored document has pending structs', { docName: opts.docName });
  }
  const ms = performance.now() - started;
  opts.logger.info('document loaded', {
    docName: opts.docName,
    checkpointSeq: source.checkpointSeq,
    updates: reply.updates,
    skipped: reply.skipped.length,
    yields,
    inWorker: true,
    ms: Math.round(ms),
    // Reading and handing over the pages; waiting for the worker after the last; applying its slices.
    readMs: Math.round(handedOver - started),
    workerMs: Math.round(answered - handedOver),
    worker: Object.fromEntries(Object.entries(reply.timings).map(([k, v]) => [k, Math.round(v)])),
    applyMs: Math.round(performance.now() - answered),
    slices: reply.slices.length,
  });
  return { updates: reply.updates, skipped: reply.skipped.length, yields, ms, state: reply.state, inWorker: true };
}
