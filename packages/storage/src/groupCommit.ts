/**
 * Group commit for SqlDocStore, one per database and shared by every store (and so every room)
 * on it: appends wait in one queue and are written together in one transaction. When nothing is
 * being committed a group is written at once (at the end of the current turn of the event loop);
 * while a commit is in flight, appends from all rooms accumulate into the next one, so the group
 * grows with the load. Each append's promise settles only once its transaction is durable.
 *
 * Where the transaction runs:
 * - SQLite file: on the commit worker's own connection (commitWorker.ts), off the main thread;
 * - SQLite ':memory:' (or if no worker can start): on the server's connection, with the same
 *   statements prepared once (sqliteAppend.ts), holding Kysely's connection for the group;
 * - PostgreSQL: through Kysely (`appendInTransaction`).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ClientIdConflictError, type AppendEntry } from '@hegao/collab';
import type { CheckpointRequest, CommitReply, CommitRequest } from './commitWorker.js';
import { SqliteAppender, type AppendOutcome } from './sqliteAppend.js';
import type { Db } from './sqlite.js';

/** Writes a group of appends in one transaction. */
export type CommitFn = (appends: AppendEntry[][]) => Promise<AppendOutcome[]>;

interface Waiting {
  entries: AppendEntry[];
  resolve: (seqs: number[]) => void;
  reject: (err: unknown) => void;
}

/** The queue, the commit in flight and how groups are written. */
export class GroupCommitter {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private inFlight: Promise<void> | null = null;
  /** Groups committed and appends in them (for tests and benchmarks). */
  readonly stats = { commits: 0, appends: 0 };

  constructor(private readonly write: CommitFn) {}

  append(entries: readonly AppendEntry[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entries: [...entries], resolve, reject });
      if (!this.inFlight && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.next();
        });
      }
    });
  }

  /** Resolves when nothing is queued or being written. */
  async idle(): Promise<void> {
    while (this.inFlight || this.waiting.length > 0) {
      if (this.inFlight) await this.inFlight;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private next(): void {
    if (this.inFlight || this.waiting.length === 0) return;
    const group = this.waiting.splice(0);
    this.stats.commits++;
    this.stats.appends += group.length;
    this.inFlight = this.write(group.map((w) => w.entries)).then(
      (outcomes) => {
        group.forEach((w, i) => {
          const outcome = outcomes[i];
          if (!outcome) w.reject(new Error('commit returned no outcome'));
          else if ('conflict' in outcome) w.reject(new ClientIdConflictError(outcome.conflict));
          else w.resolve(outcome.seqs);
        });
      },
      (err: unknown) => {
        for (const w of group) w.reject(err);
      },
    );
    void this.inFlight.finally(() => {
      this.inFlight = null;
      // What arrived meanwhile is the next group, written at once.
      this.next();
    });
  }
}

const committers = new WeakMap<Db, GroupCommitter>();

/** The group committer of a database, created on first use. */
export function groupCommitterOf(db: Db, kyselyWrite: CommitFn): GroupCommitter {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter(db.dialect === 'sqlite' && db.sqlite ? sqliteWrite(db) : kyselyWrite);
    committers.set(db, committer);
  }
  return committer;
}

const workers = new WeakMap<Db, CommitWorker>();

/**
 * Writes a checkpoint on the commit worker's connection (its own transaction, off the main
 * thread), or returns null when the database has no commit worker.
 */
export function checkpointOnWorker(db: Db, docName: string, state: Uint8Array, uptoSeq: number): Promise<void> | null {
  const worker = workers.get(db);
  return worker ? worker.checkpoint({ docName, state, uptoSeq }) : null;
}

/** Commits on the worker when the database is a file, else on the server's connection. */
function sqliteWrite(db: Db): CommitFn {
  const onConnection = connectionWrite(db);
  if (!db.file || process.env.HEGAO_COMMIT_WORKER === '0') return onConnection;
  const worker = new CommitWorker(db.file);
  workers.set(db, worker);
  db.onClose?.(() => worker.stop());
  // Booted now, so the first keystroke does not wait for it.
  worker.warm();
  return (appends) => worker.commit(appends).catch((err: unknown) => {
    // A worker that cannot start (or died) must not lose the group: write it here instead.
    if (err instanceof WorkerLost) return onConnection(appends);
    throw err;
  });
}

/** The group on the server's own connection, while holding it (never inside another transaction). */
function connectionWrite(db: Db): CommitFn {
  let appender: SqliteAppender | null = null;
  return (appends) =>
    db.kysely.connection().execute(async () => {
      const sqlite = db.sqlite!;
      if (sqlite.inTransaction) throw new Error('group commit: the connection is inside a transaction');
      appender ??= new SqliteAppender(sqlite);
      return appender.commit(appends);
    });
}

/** The worker was gone before it took the group (nothing of it was written). */
class WorkerLost extends Error {}

/** The commit worker thread: one group at a time, started on first use, not keeping the process alive when idle. */
class CommitWorker {
  private worker: Worker | null = null;
  private pending = new Map<number, { resolve: (o: AppendOutcome[]) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private stopped = false;

  constructor(private readonly file: string) {}

  commit(appends: AppendEntry[][]): Promise<AppendOutcome[]> {
    if (this.stopped) return Promise.reject(new WorkerLost('commit worker stopped'));
    let w: Worker;
    try {
      w = this.get();
    } catch (err) {
      return Promise.reject(new WorkerLost((err as Error).message));
    }
    const id = this.nextId++;
    return new Promise<AppendOutcome[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, appends } satisfies CommitRequest);
    });
  }

  /** Writes a checkpoint (a big state: copied once, then handed over). */
  checkpoint(checkpoint: CheckpointRequest['checkpoint']): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('commit worker stopped'));
    const w = this.get();
    const id = this.nextId++;
    const state = new Uint8Array(checkpoint.state);
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve: () => resolve(), reject });
      w.ref();
      w.postMessage({ id, checkpoint: { ...checkpoint, state } } satisfies CheckpointRequest, [state.buffer]);
    });
  }

  warm(): void {
    try {
      this.get();
    } catch {
      // The first commit tries again and, failing, writes on the server's connection.
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

  private get(): Worker {
    if (this.worker) return this.worker;
    const w = spawn(this.file);
    w.unref();
    w.on('message', (reply: CommitReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) w.unref();
      if (!p) return;
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.outcomes);
    });
    const lost = (err: Error) => {
      if (this.worker === w) this.worker = null;
      // Whether a group in flight was written is unknown: fail it (its room resyncs), never retry it.
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`commit worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }
}

function spawn(file: string): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from source (tests, tsx): register tsx's loader in the worker first.
    const pkg = createRequire(here).resolve('tsx/package.json');
    const api = pathToFileURL(pkg.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
    const url = new URL('./commitWorker.ts', here).href;
    const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
    return new Worker(boot, { eval: true, workerData: { file } });
  }
  return new Worker(new URL('./commitWorker.js', here), { workerData: { file } });
}
