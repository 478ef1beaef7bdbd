/**
 * Worker thread that rebuilds documents from their stored logs (see workerLoad.ts). For each job
 * it applies the checkpoint and then every update in log order to a Y.Doc of its own — the part
 * of a cold load that costs CPU — reading the log itself where the store offers a reader
 * (`PagedDoc.workerReader`), and answers with the result cut into small slices (`sliceState`) for
 * the main thread to apply between other rooms' work, and, when asked, with the whole state
 * encoded once, to be stored as the next checkpoint.
 */
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import type { PagedUpdate, WorkerPageReader } from './DocStore.js';
import type { LoadJobReply, LoadJobRequest } from './loadJob.js';
import { sliceState } from './sliceState.js';

interface Job {
  doc: Y.Doc;
  updates: number;
  skipped: { seq: number; error: string }[];
  checkpointError: string | null;
  maxStructs: number;
  /** The job's steps run one after another, some of them asynchronous (a reader's import). */
  chain: Promise<void>;
  failed: string | null;
  /** Milliseconds spent reading pages (reader only) and applying them. */
  readMs: number;
  applyMs: number;
}

/** What a reader module offers (see WorkerPageReader). */
interface ReaderModule {
  readPages(args: unknown, afterSeq: number): Iterable<PagedUpdate[]>;
}

const jobs = new Map<number, Job>();
const port = parentPort;
if (!port) throw new Error('loadWorker runs as a worker thread');

function reply(message: LoadJobReply): void {
  // Copied, not transferred: a slice may share its buffer with another (Yjs' pending structs).
  port!.postMessage(message);
}

function applyPage(job: Job, page: Iterable<PagedUpdate>): void {
  const started = performance.now();
  job.doc.transact(() => {
    for (const { seq, update } of page) {
      job.updates++;
      try {
        Y.applyUpdate(job.doc, update);
      } catch (err) {
        // One bad stored update must not make the document unloadable.
        job.skipped.push({ seq, error: (err as Error).message });
      }
    }
  });
  job.applyMs += performance.now() - started;
}

function* unpack(bytes: Uint8Array, lengths: Uint32Array, seqs: Float64Array): Generator<PagedUpdate> {
  let offset = 0;
  for (let i = 0; i < lengths.length; i++) {
    yield { seq: seqs[i]!, update: bytes.subarray(offset, offset + lengths[i]!) };
    offset += lengths[i]!;
  }
}

async function read(job: Job, reader: WorkerPageReader, afterSeq: number): Promise<void> {
  const mod = (await import(reader.module)) as ReaderModule;
  let readFrom = performance.now();
  for (const page of mod.readPages(reader.args, afterSeq)) {
    job.readMs += performance.now() - readFrom;
    applyPage(job, page);
    readFrom = performance.now();
  }
  job.readMs += performance.now() - readFrom;
}

function finish(id: number, job: Job, encodeStateAfter: number | null): void {
  jobs.delete(id);
  if (job.failed) {
    job.doc.destroy();
    reply({ kind: 'failed', job: id, error: job.failed });
    return;
  }
  try {
    const pending = Boolean(job.doc.store.pendingStructs || job.doc.store.pendingDs);
    const sliceFrom = performance.now();
    const slices = sliceState(job.doc, job.maxStructs);
    const encodeFrom = performance.now();
    const state = encodeStateAfter !== null && job.updates >= encodeStateAfter ? Y.encodeStateAsUpdate(job.doc) : null;
    const timings = { readMs: job.readMs, applyMs: job.applyMs, sliceMs: encodeFrom - sliceFrom, encodeMs: performance.now() - encodeFrom };
    reply({ kind: 'done', job: id, slices, state, updates: job.updates, skipped: job.skipped, checkpointError: job.checkpointError, pending, timings });
  } catch (err) {
    reply({ kind: 'failed', job: id, error: (err as Error).message });
  } finally {
    job.doc.destroy();
  }
}

function step(job: Job, run: () => void | Promise<void>): void {
  job.chain = job.chain.then(run).catch((err: unknown) => {
    job.failed ??= (err as Error).message;
  });
}

/**
 * Runs the load path once on a made-up document (a few thousand keystrokes, some deleted), so
 * V8 has compiled it before the first real document arrives: a fresh process otherwise spends
 * the first long load mostly in the interpreter (about twice as slow).
 */
function warmUp(): void {
  const source = new Y.Doc({ gc: false });
  const updates: PagedUpdate[] = [];
  source.on('update', (update: Uint8Array) => updates.push({ seq: updates.length + 1, update }));
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  source.getXmlFragment('prosemirror').insert(0, [paragraph]);
  paragraph.insert(0, [text]);
  for (let i = 0; i < 4000; i++) {
    if (i % 9 === 8) text.delete(Math.floor(text.length / 2), 1);
    else text.insert(i % 5 === 4 ? Math.floor(text.length / 3) : text.length, '字');
  }
  const job: Job = { doc: new Y.Doc({ gc: false }), updates: 0, skipped: [], checkpointError: null, maxStructs: 500, chain: Promise.resolve(), failed: null, readMs: 0, applyMs: 0 };
  applyPage(job, updates);
  const rebuilt = new Y.Doc({ gc: false });
  for (const slice of sliceState(job.doc, 500)) Y.applyUpdate(rebuilt, slice);
  Y.encodeStateAsUpdate(job.doc);
  for (const d of [source, job.doc, rebuilt]) d.destroy();
}
warmUp();

port.on('message', (message: LoadJobRequest) => {
  if (message.kind === 'start') {
    const job: Job = {
      doc: new Y.Doc({ gc: false }),
      updates: 0,
      skipped: [],
      checkpointError: null,
      maxStructs: message.maxStructs,
      chain: Promise.resolve(),
      failed: null,
      readMs: 0,
      applyMs: 0,
    };
    jobs.set(message.job, job);
    if (message.checkpoint) {
      try {
        Y.applyUpdate(job.doc, message.checkpoint);
      } catch (err) {
        job.checkpointError = (err as Error).message;
      }
    }
    return;
  }
  const job = jobs.get(message.job);
  if (!job) return;
  switch (message.kind) {
    case 'page':
      step(job, () => applyPage(job, unpack(message.bytes, message.lengths, message.seqs)));
      return;
    case 'read':
      step(job, () => read(job, message.reader, message.afterSeq));
      return;
    case 'finish':
      step(job, () => finish(message.job, job, message.encodeStateAfter));
      return;
    case 'cancel':
      jobs.delete(message.job);
      step(job, () => job.doc.destroy());
      return;
  }
});
