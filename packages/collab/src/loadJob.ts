import type { WorkerPageReader } from './DocStore.js';

/** Messages between the main thread (workerLoad.ts) and the load worker (loadWorker.ts). */

/** Main thread → worker. Messages of one job arrive in order: start, pages, then finish or cancel. */
export type LoadJobRequest =
  | { kind: 'start'; job: number; checkpoint: Uint8Array | null; maxStructs: number }
  /** One page of the log: the updates back to back in `bytes`, with their lengths and seqs. */
  | { kind: 'page'; job: number; bytes: Uint8Array; lengths: Uint32Array; seqs: Float64Array }
  /** Read the rest of the log (seq > afterSeq) with the store's reader, in the worker. */
  | { kind: 'read'; job: number; reader: WorkerPageReader; afterSeq: number }
  /** `encodeStateAfter`: also answer with the whole state (for a checkpoint) if at least this many updates were applied. */
  | { kind: 'finish'; job: number; encodeStateAfter: number | null }
  | { kind: 'cancel'; job: number };

/** Worker → main thread: the answer to a job's finish. */
export type LoadJobReply =
  | {
      kind: 'done';
      job: number;
      /** The rebuilt document as small updates, to apply in order (see sliceState). */
      slices: Uint8Array[];
      /** The rebuilt document as one update (`Y.encodeStateAsUpdate`) when asked, for a checkpoint. */
      state: Uint8Array | null;
      /** Updates read after the checkpoint, skipped ones included. */
      updates: number;
      /** Stored updates Yjs could not apply, left out. */
      skipped: { seq: number; error: string }[];
      checkpointError: string | null;
      /** Whether structs were left pending (missing dependencies) at the end. */
      pending: boolean;
      /** Where the worker's time went, in ms (for the load's log line). */
      timings: { readMs: number; applyMs: number; sliceMs: number; encodeMs: number };
    }
  | { kind: 'failed'; job: number; error: string };
