/**
 * The checkpoint worker: a thread with its own better-sqlite3 connection to the server's SQLite
 * file that does the writes whose fsyncs would otherwise hold the main thread:
 * - a document's checkpoint (SqlDocStore.checkpoint: one large row in a transaction of its own);
 * - the WAL checkpoints: the server's connections have auto-checkpointing off (it would copy pages
 *   and fsync the database in the middle of a keystroke's commit), so this connection copies the
 *   WAL into the database when asked (every so many group commits) and every few seconds. A
 *   PASSIVE checkpoint alone would let the WAL grow for ever under steady typing (the log restarts
 *   from its beginning only if a writer starts while everything is copied, and there is always a
 *   newer commit), so once the WAL file is past `restartAtBytes` it is followed by a RESTART:
 *   it copies the last few frames and holds new writers for that moment (the append connection
 *   retries; see groupCommit.ts), giving up after a few milliseconds if a reader or writer is in
 *   the way. The log then starts over in the same file, so later commits overwrite it in place
 *   (an fdatasync of a file that does not grow is about half as costly).
 * Started by checkpointWorkerClient.ts.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

/** A document checkpoint to write. */
export interface CheckpointRequest {
  id: number;
  checkpoint: { docName: string; state: Uint8Array; uptoSeq: number };
}

/** Copy the WAL into the database now (PASSIVE: never waits for a reader or writer). */
export interface WalCheckpointRequest {
  id: number;
  walCheckpoint: true;
}

/** What came of a request. */
export type WorkerReply = { id: number } | { id: number; error: string };

/** How long a checkpoint waits for the write lock held by the main connection (a long import, a merge). */
const LOCK_WAIT_MS = 60_000;
/** How long the RESTART step may hold new writers while it waits for others to finish. */
const RESTART_WAIT_MS = 10;

/** A WAL checkpoint at least this often while the worker runs (writes outside the keystroke path grow the WAL too). */
const WAL_CHECKPOINT_EVERY_MS = 5000;

/**
 * `restartAtBytes`: WAL size past which a checkpoint restarts the log. A restart holds the
 * keystroke path for a moment, so it is rare (32 MB: some 1,500 commits of a few pages each).
 */
const { file, restartAtBytes } = workerData as { file: string; restartAtBytes: number };
const db = new BetterSqlite3(file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
const insertCheckpoint = db.prepare('INSERT INTO doc_checkpoints (doc_name, upto_seq, data, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (doc_name, upto_seq) DO NOTHING');
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');

/** Copies the WAL into the database and, when it has grown large, lets the next writer start it over. */
function walCheckpoint(): void {
  passive.get();
  let size = 0;
  try {
    size = statSync(`${file}-wal`).size;
  } catch {
    return;
  }
  if (size < restartAtBytes) return;
  // (A PRAGMA setting takes effect when prepared, so these are not prepared once.)
  db.pragma(`busy_timeout = ${RESTART_WAIT_MS}`);
  try {
    restart.get();
  } finally {
    db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  }
}

const timer = setInterval(() => {
  try {
    walCheckpoint();
  } catch {
    // Tried again at the next tick or request; a failing one is reported when requested.
  }
}, WAL_CHECKPOINT_EVERY_MS);
timer.unref();

parentPort!.on('message', (req: CheckpointRequest | WalCheckpointRequest | 'close') => {
  if (req === 'close') {
    clearInterval(timer);
    db.close();
    parentPort!.close();
    return;
  }
  let reply: WorkerReply;
  try {
    if ('checkpoint' in req) {
      const { docName, state, uptoSeq } = req.checkpoint;
      insertCheckpoint.run(docName, uptoSeq, state, Date.now());
    } else walCheckpoint();
    reply = { id: req.id };
  } catch (err) {
    reply = { id: req.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
