/**
 * Group commit for SqlDocStore, one per database and shared by every store (and so every room)
 * on it: appends wait in one queue and are written together in one transaction. When nothing is
 * being committed a group is written at once (at the end of the current turn of the event loop);
 * while a commit is in flight, appends from all rooms accumulate into the next one, so the group
 * grows with the load. Each append's promise settles only once its transaction is durable.
 *
 * How a group is written:
 * - SQLite file: on a connection of its own on the main thread (statements prepared once,
 *   sqliteAppend.ts) with synchronous=NORMAL, then an fdatasync of the WAL on libuv's thread pool
 *   (walSync.ts) before the group resolves — durable as with synchronous=FULL, without the main
 *   thread waiting for the disk or a thread hop per group. WAL checkpoints run on the checkpoint
 *   worker (checkpointWorker.ts). `HEGAO_COMMIT_WORKER=0` writes with synchronous=FULL on the
 *   server's connection instead (for comparison);
 * - SQLite ':memory:': on the server's connection, holding Kysely's connection for the group;
 * - PostgreSQL: through Kysely (`appendInTransaction`).
 */
import BetterSqlite3 from 'better-sqlite3';
import { ClientIdConflictError, type AppendEntry } from '@hegao/collab';
import { CheckpointWorker } from './checkpointWorkerClient.js';
import { SqliteAppender, type AppendOutcome } from './sqliteAppend.js';
import type { Db } from './db.js';
import { WalSync } from './walSync.js';

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
    const sqlite = db.dialect === 'sqlite' && db.sqlite ? sqliteWrite(db) : null;
    const c = new GroupCommitter(sqlite?.write ?? kyselyWrite);
    committers.set(db, c);
    db.onClose?.(async () => {
      // Appends still queued when the database closes are written first.
      await c.idle();
      await sqlite?.close?.();
    });
    committer = c;
  }
  return committer;
}

const workers = new WeakMap<Db, CheckpointWorker>();

/**
 * Writes a checkpoint on the checkpoint worker's connection (its own transaction, off the main
 * thread), or returns null when the database has no worker.
 */
export function checkpointOnWorker(db: Db, docName: string, state: Uint8Array, uptoSeq: number): Promise<void> | null {
  const worker = workers.get(db);
  return worker ? worker.checkpoint({ docName, state, uptoSeq }) : null;
}

/** Copies the WAL into the database on the checkpoint worker now, or returns null when the database has no worker. */
export function walCheckpointOnWorker(db: Db): Promise<void> | null {
  return workers.get(db)?.walCheckpoint() ?? null;
}

/** Group commits between two WAL checkpoints (a group writes a few pages; SQLite's own default is 1000 pages). */
const GROUPS_PER_WAL_CHECKPOINT = 200;
/** How long a group waits, retrying, for the write lock another connection holds (a long import, a merge). */
const LOCK_WAIT_MS = 60_000;

/** Commits on the append connection when the database is a file, else on the server's connection. */
function sqliteWrite(db: Db): { write: CommitFn; close?: () => Promise<void> } {
  if (!db.file || process.env.HEGAO_COMMIT_WORKER === '0') return { write: connectionWrite(db) };
  const main = db.sqlite!;
  const restartAtBytes = Number(process.env.HEGAO_WAL_RESTART_MB ?? 32) * 1024 * 1024;
  const worker = new CheckpointWorker(db.file, restartAtBytes, () => {
    // Nobody copies the WAL into the database any more: the server's connection does it again.
    main.pragma('wal_autocheckpoint = 1000');
  });
  workers.set(db, worker);
  main.pragma('wal_autocheckpoint = 0');
  worker.warm();
  const conn = new BetterSqlite3(db.file, { fileMustExist: true });
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  // Never wait inside SQLite: that would block the main thread, and with it the holder of the lock.
  conn.pragma('busy_timeout = 0');
  conn.pragma('wal_autocheckpoint = 0');
  const wal = new WalSync(`${db.file}-wal`);
  const close = async () => {
    await worker.stop();
    wal.close();
    conn.close();
  };
  const appender = new SqliteAppender(conn);
  let groups = 0;
  const write: CommitFn = async (appends) => {
    const outcomes = await commitWhenUnlocked(() => appender.commit(appends));
    await wal.sync();
    if (++groups % GROUPS_PER_WAL_CHECKPOINT === 0) {
      worker.walCheckpoint().catch(() => {
        // Tried again after the next groups and by the worker's own timer.
      });
    }
    return outcomes;
  };
  return { write, close };
}

/**
 * Runs a synchronous IMMEDIATE transaction, retrying while another connection holds the write
 * lock (SQLITE_BUSY at BEGIN: nothing was written): every millisecond, then every 20.
 */
async function commitWhenUnlocked<T>(commit: () => T): Promise<T> {
  const start = Date.now();
  // A WAL restart holds writers for a few milliseconds: poll every millisecond for a while.
  for (let attempt = 0; ; attempt++) {
    const wait = attempt < 20 ? 1 : 20;
    try {
      return commit();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() - start > LOCK_WAIT_MS) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
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
