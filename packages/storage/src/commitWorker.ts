/**
 * The commit worker: a thread with its own better-sqlite3 connection to the server's SQLite file
 * that writes SqlDocStore's groups of appends (sqliteAppend.ts), so the fsync of each commit
 * (synchronous=FULL) does not hold the main thread, which meanwhile validates and relays what is
 * already durable. It writes the store's checkpoints too. Started by groupCommit.ts; one group at
 * a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { AppendEntry } from '@hegao/collab';
import { SqliteAppender, type AppendOutcome } from './sqliteAppend.js';

/** A group to write. */
export interface CommitRequest {
  id: number;
  appends: AppendEntry[][];
}

/** A checkpoint to write (SqlDocStore.checkpoint), in a transaction of its own. */
export interface CheckpointRequest {
  id: number;
  checkpoint: { docName: string; state: Uint8Array; uptoSeq: number };
}

/** What came of it: each append's outcome, or the error that failed the whole group. */
export type CommitReply = { id: number; outcomes: AppendOutcome[] } | { id: number; error: string };

/** How long a group waits for the write lock held by the main connection (a long import, a merge). */
const LOCK_WAIT_MS = 60_000;

const { file } = workerData as { file: string };
const db = new BetterSqlite3(file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
const appender = new SqliteAppender(db);
const insertCheckpoint = db.prepare('INSERT INTO doc_checkpoints (doc_name, upto_seq, data, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (doc_name, upto_seq) DO NOTHING');

function commit(appends: AppendEntry[][]): AppendOutcome[] {
  for (let attempt = 0; ; attempt++) {
    try {
      return appender.commit(appends);
    } catch (err) {
      // The main connection held the write lock past the busy timeout: it ends eventually.
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 4) throw err;
    }
  }
}

parentPort!.on('message', (req: CommitRequest | CheckpointRequest | 'close') => {
  if (req === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  let reply: CommitReply;
  try {
    if ('checkpoint' in req) {
      const { docName, state, uptoSeq } = req.checkpoint;
      insertCheckpoint.run(docName, uptoSeq, state, Date.now());
      reply = { id: req.id, outcomes: [] };
    } else reply = { id: req.id, outcomes: commit(req.appends) };
  } catch (err) {
    reply = { id: req.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
