/**
 * The main thread's side of the checkpoint worker (checkpointWorker.ts): one thread per SQLite
 * file, started on first use, never keeping the process alive when it has nothing to do.
 */
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '@hegao/collab';
import type { CheckpointRequest, WalCheckpointRequest, WorkerReply } from './checkpointWorker.js';

/** Requests to the checkpoint worker of one file. */
export class CheckpointWorker {
  private worker: Worker | null = null;
  private pending = new Map<number, { resolve: () => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private stopped = false;

  /** `onLost` runs when the thread fails or exits unasked (the caller takes its duties back). */
  constructor(
    private readonly file: string,
    /** WAL size past which a checkpoint restarts the log (see checkpointWorker.ts). */
    private readonly restartAtBytes: number,
    private readonly onLost: (err: Error) => void = () => {},
  ) {}

  /** Writes a document checkpoint (a big state: copied once, then handed over). */
  checkpoint(checkpoint: CheckpointRequest['checkpoint']): Promise<void> {
    const state = new Uint8Array(checkpoint.state);
    return this.request((id) => ({ id, checkpoint: { ...checkpoint, state } }) satisfies CheckpointRequest, [state.buffer]);
  }

  /** Copies the WAL into the database (PASSIVE). */
  walCheckpoint(): Promise<void> {
    return this.request((id) => ({ id, walCheckpoint: true }) satisfies WalCheckpointRequest, []);
  }

  /** Boots the thread now, so the first request does not wait for it. */
  warm(): void {
    try {
      this.get();
    } catch {
      // The first request tries again.
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.ref();
    w.postMessage('close');
    await exited;
  }

  private request(make: (id: number) => CheckpointRequest | WalCheckpointRequest, transfer: ArrayBuffer[]): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('checkpoint worker stopped'));
    let w: Worker;
    try {
      w = this.get();
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage(make(id), transfer);
    });
  }

  private get(): Worker {
    if (this.worker) return this.worker;
    const w = spawnModuleWorker(import.meta.url, 'checkpointWorker', { workerData: { file: this.file, restartAtBytes: this.restartAtBytes } });
    w.unref();
    w.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) w.unref();
      if (!p) return;
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve();
    });
    const lost = (err: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (!this.stopped) this.onLost(err);
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`checkpoint worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }
}
