/**
 * DocStore on SQL (SQLite or PostgreSQL through Kysely). Appends from every room are written in
 * groups, one transaction each (groupCommit.ts; on SQLite with statements prepared once, off the
 * main thread for a file); each caller's promise resolves once its group is durable.
 */
import {
  ClientIdConflictError,
  DEFAULT_LOAD_PAGE_SIZE,
  collectPages,
  type AppendEntry,
  type DocStore,
  type LoadedDoc,
  type PagedDoc,
  type PagedUpdate,
  type StoredUpdate,
} from '@hegao/collab';
import { sql } from 'kysely';
import { appendChainRecord, encodeRuns, feedUpdate, readChainHead, withinTransaction, type ChainHead } from './audit.js';
import { checkpointOnWorker, groupCommitterOf, type GroupCommitter } from './groupCommit.js';
import type { SqliteLogRange } from './logPages.js';
import type { AppendOutcome } from './sqliteAppend.js';
import type { Db } from './db.js';
import { runTransaction } from './transaction.js';

/** logPages as built beside this file (its .ts source when running from source). */
const LOG_PAGES_MODULE = new URL(import.meta.url.endsWith('.ts') ? './logPages.ts' : './logPages.js', import.meta.url).href;

function bytes(data: Uint8Array): Uint8Array {
  // Drivers hand back Buffers that may share a pool; copy into a plain Uint8Array.
  return new Uint8Array(data);
}

/** Update log, checkpoints and clientID bindings in SQL tables. */
export class SqlDocStore implements DocStore {
  constructor(private readonly db: Db) {
    // On a SQLite file this opens the append connection and starts the checkpoint worker now.
    if (db.file) void this.committer;
  }

  async load(docName: string): Promise<LoadedDoc> {
    return collectPages(await this.loadPages(docName));
  }

  /**
   * The head in a few small reads, then the updates by seq range, `pageSize` rows per read, up to
   * the `lastSeq` of the head. No transaction spans the pages: appends to other documents commit
   * in between, and the log is append-only, so the range read stays the same.
   */
  async loadPages(docName: string, pageSize = DEFAULT_LOAD_PAGE_SIZE): Promise<PagedDoc> {
    const k = this.db.kysely;
    const checkpoint = await k
      .selectFrom('doc_checkpoints')
      .select(['upto_seq', 'data'])
      .where('doc_name', '=', docName)
      .orderBy('upto_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const from = Number(checkpoint?.upto_seq ?? 0);
    const last = await k
      .selectFrom('doc_updates')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('doc_name', '=', docName)
      .executeTakeFirst();
    const lastSeq = Number(last?.seq ?? 0);
    const clients = await k.selectFrom('doc_clients').select(['client_id', 'user_id']).where('doc_name', '=', docName).execute();
    const size = Math.max(1, Math.floor(pageSize));
    async function* pages(): AsyncGenerator<PagedUpdate[]> {
      let after = from;
      while (after < lastSeq) {
        const rows = await k
          .selectFrom('doc_updates')
          .select(['seq', 'data'])
          .where('doc_name', '=', docName)
          .where('seq', '>', after)
          .where('seq', '<=', lastSeq)
          .orderBy('seq')
          .limit(size)
          .execute();
        if (rows.length === 0) return;
        yield rows.map((r) => ({ seq: Number(r.seq), update: bytes(r.data) }));
        after = Number(rows[rows.length - 1]!.seq);
      }
    }
    const file = this.db.dialect === 'sqlite' ? this.db.file : undefined;
    const range: SqliteLogRange | undefined = file ? { file, docName, afterSeq: from, lastSeq, pageSize: size } : undefined;
    return {
      checkpoint: checkpoint ? bytes(checkpoint.data) : null,
      checkpointSeq: from,
      lastSeq,
      bindings: new Map(clients.map((c) => [Number(c.client_id), c.user_id])),
      pages: pages(),
      // The same pages, read by the load worker on its own connection (see logPages.ts).
      ...(range ? { workerReader: { module: LOG_PAGES_MODULE, args: range } } : {}),
    };
  }

  append(entries: readonly AppendEntry[]): Promise<number[]> {
    return this.committer.append(entries);
  }

  /** Resolves when every append made so far (by any store on this database) is written or failed. */
  idle(): Promise<void> {
    return this.committer.idle();
  }

  /** The database's group committer (shared by every SqlDocStore on it). */
  get committer(): GroupCommitter {
    return groupCommitterOf(this.db, (appends) => this.commitWithKysely(appends));
  }

  /**
   * The group in one Kysely transaction (PostgreSQL; SQLite uses sqliteAppend.ts): see commitGroup.
   * Last edits that had to wait (their section row was locked) are written right after the commit.
   * A transaction that failed on a deadlock or serialization error is tried again, a few times.
   */
  private async commitWithKysely(appends: AppendEntry[][]): Promise<AppendOutcome[]> {
    const { outcomes, lateEdits } = await runTransaction(this.db, (tx) => commitGroup(tx, appends), { label: 'group commit' });
    for (const edit of lateEdits) await touchLastEdit(this.db, edit.docName, edit.userId, edit.at);
    return outcomes;
  }

  async checkpoint(docName: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    // On a SQLite file the checkpoint worker writes it: its fsync does not hold the main thread.
    const onWorker = checkpointOnWorker(this.db, docName, state, uptoSeq);
    if (onWorker) return onWorker;
    await this.db.kysely
      .insertInto('doc_checkpoints')
      .values({ doc_name: docName, upto_seq: uptoSeq, data: state, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['doc_name', 'upto_seq']).doNothing())
      .execute();
  }

  async history(docName: string, afterSeq = 0): Promise<StoredUpdate[]> {
    const rows = await this.db.kysely
      .selectFrom('doc_updates')
      .selectAll()
      .where('doc_name', '=', docName)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      docName: r.doc_name,
      update: bytes(r.data),
      userId: r.user_id,
      bureauId: r.bureau_id,
      connectionId: r.connection_id,
      createdAt: Number(r.created_at),
    }));
  }
}

/**
 * Writes updates to the log with their new clientID bindings and one audit chain record for them,
 * and returns their sequence numbers, in the caller's transaction (or one of its own). SqlDocStore
 * runs the same steps inside its group commit; a caller that must write documents together with
 * other rows (the demo seed) runs it inside `inTransaction`.
 * Throws ClientIdConflictError, having written nothing, when a clientID is bound to another user.
 */
export async function appendUpdates(db: Db, entries: readonly AppendEntry[]): Promise<number[]> {
  return withinTransaction(db, async (tx) => {
    // The chain's lock first: seqs are then handed out in commit order (see commitGroup).
    const head = await readChainHead(tx);
    const seqs = await insertUpdates(tx, entries, new Map());
    await chainUpdates(
      tx,
      head,
      entries.map((entry, i) => ({ seq: seqs[i]!, entry })),
    );
    return seqs;
  });
}

/** A section's 最后编辑 to write. */
interface LastEdit {
  docName: string;
  userId: string;
  at: number;
}

/**
 * Writes one group in the caller's transaction (Kysely; PostgreSQL in practice), in an order that
 * suits several writers on one database (REST transactions, other servers):
 * 1. The audit chain's lock first (readChainHead), so groups are written one at a time across
 *    servers: seqs are handed out in the order groups commit (a reader that has seen seq n never
 *    later finds a smaller one), and two servers never bind one client id to two users.
 * 2. Each append checked for its client ids (a conflicting one refused on its own, before it writes
 *    anything) and its updates inserted.
 * 3. Each document's section gets its last editor, without waiting for a row lock: a REST
 *    transaction that holds the section row may be waiting for the chain's lock held here, so a
 *    locked row is left for now and returned in `lateEdits`, written after the commit.
 *    Holding the chain's lock, the group never waits for anything else: no deadlock.
 * 4. One audit chain record for everything stored.
 */
async function commitGroup(tx: Db, appends: readonly AppendEntry[][]): Promise<{ outcomes: AppendOutcome[]; lateEdits: LastEdit[] }> {
  const head = await readChainHead(tx);
  const outcomes: AppendOutcome[] = [];
  const stored: StoredRow[] = [];
  const claimed = new Map<string, string>();
  // Each append's bindings are checked (and written) on its own; a conflict refuses only it.
  const accepted: AppendEntry[] = [];
  const acceptedAt: number[] = [];
  for (const [i, entries] of appends.entries()) {
    const conflict = await findClientConflict(tx, entries, claimed);
    if (conflict) {
      outcomes[i] = { conflict: conflict.message };
      continue;
    }
    await bindClients(tx, entries);
    for (const entry of entries) {
      accepted.push(entry);
      acceptedAt.push(i);
    }
  }
  // Then every update of the group in one statement: one round trip, not one per keystroke.
  const seqs = await insertUpdateRows(tx, accepted);
  accepted.forEach((entry, j) => {
    const i = acceptedAt[j]!;
    const outcome = outcomes[i];
    if (outcome && 'seqs' in outcome) outcome.seqs.push(seqs[j]!);
    else outcomes[i] = { seqs: [seqs[j]!] };
    stored.push({ seq: seqs[j]!, entry });
  });
  // An append of no entries still answers.
  for (let i = 0; i < appends.length; i++) outcomes[i] ??= { seqs: [] };
  const last = new Map<string, AppendEntry>();
  for (const { entry } of stored) if ((last.get(entry.docName)?.createdAt ?? -Infinity) <= entry.createdAt) last.set(entry.docName, entry);
  const lateEdits: LastEdit[] = [];
  for (const [docName, entry] of last) {
    const edit = { docName, userId: entry.author.userId, at: entry.createdAt };
    if (!(await touchLastEditUnlessLocked(tx, edit))) lateEdits.push(edit);
  }
  await chainUpdates(tx, head, stored);
  return { outcomes, lateEdits };
}

/**
 * touchLastEdit without waiting for a row lock (PostgreSQL: FOR UPDATE SKIP LOCKED); false when a
 * section row of the document was locked, so nothing was written. SQLite has one writer: it writes.
 */
async function touchLastEditUnlessLocked(db: Db, edit: LastEdit): Promise<boolean> {
  if (db.dialect !== 'postgres') {
    await touchLastEdit(db, edit.docName, edit.userId, edit.at);
    return true;
  }
  const { rows } = await sql<{ total: number; lockable: number }>`
    WITH lockable AS (SELECT id FROM sections WHERE doc_name = ${edit.docName} FOR UPDATE SKIP LOCKED),
    touched AS (
      UPDATE sections SET last_edit_user_id = ${edit.userId}, last_edit_at = ${edit.at}
      WHERE id IN (SELECT id FROM lockable)
        AND (last_edit_at IS NULL OR last_edit_at <= ${edit.at})
        AND EXISTS (SELECT 1 FROM users WHERE id = ${edit.userId})
    )
    SELECT (SELECT count(*) FROM sections WHERE doc_name = ${edit.docName}) AS total, (SELECT count(*) FROM lockable) AS lockable`.execute(db.kysely);
  const row = rows[0];
  return !row || Number(row.lockable) >= Number(row.total);
}

/** A stored update with the sequence number it was given. */
interface StoredRow {
  seq: number;
  entry: AppendEntry;
}

/**
 * Appends the audit chain record of updates stored in this transaction after `head` (read, and the
 * chain locked, before they were inserted): their seqs as runs and their canonical content (audit.ts
 * `feedUpdate`), hashed once, from the values written.
 */
async function chainUpdates(db: Db, head: ChainHead, stored: readonly StoredRow[]): Promise<void> {
  if (stored.length === 0) return;
  const rows = [...stored].sort((a, b) => a.seq - b.seq);
  await appendChainRecord(db, head, 'updates', encodeRuns(rows.map((r) => r.seq)), (h) => {
    for (const { seq, entry } of rows) {
      feedUpdate(h, {
        seq,
        doc_name: entry.docName,
        data: entry.update,
        user_id: entry.author.userId,
        bureau_id: entry.author.bureauId,
        connection_id: entry.author.connectionId,
        created_at: entry.createdAt,
      });
    }
  });
}

/** A section's 最后编辑, moved forward only, to a user that exists (as sqliteAppend.ts writes it). */
async function touchLastEdit(db: Db, docName: string, userId: string, at: number): Promise<void> {
  await db.kysely
    .updateTable('sections')
    .set({ last_edit_user_id: userId, last_edit_at: at })
    .where('doc_name', '=', docName)
    .where((eb) => eb.or([eb('last_edit_at', 'is', null), eb('last_edit_at', '<=', at)]))
    .where((eb) => eb.exists(eb.selectFrom('users').select('id').where('id', '=', userId)))
    .execute();
}

/**
 * Writes updates and their new clientID bindings (no chain record); returns their sequence numbers.
 * `claimed` carries the bindings of earlier appends of the transaction (see findClientConflict).
 */
async function insertUpdates(db: Db, entries: readonly AppendEntry[], claimed: Map<string, string>): Promise<number[]> {
  const conflict = await findClientConflict(db, entries, claimed);
  if (conflict) throw conflict;
  await bindClients(db, entries);
  return insertUpdateRows(db, entries);
}

/** Stores the entries' new clientID bindings (rare: a client's first write to a document). */
async function bindClients(db: Db, entries: readonly AppendEntry[]): Promise<void> {
  for (const entry of entries) {
    for (const client of entry.bindClients) {
      await db.kysely
        .insertInto('doc_clients')
        .values({ doc_name: entry.docName, client_id: client, user_id: entry.author.userId, created_at: entry.createdAt })
        .onConflict((oc) => oc.columns(['doc_name', 'client_id']).doNothing())
        .execute();
    }
  }
}

/**
 * Inserts the updates in one statement and returns their seqs in the entries' order: the rows are
 * numbered in the order of the VALUES list (one sequence, one statement), so the seqs returned,
 * sorted, belong to the entries in turn.
 */
async function insertUpdateRows(db: Db, entries: readonly AppendEntry[]): Promise<number[]> {
  if (entries.length === 0) return [];
  const rows = await db.kysely
    .insertInto('doc_updates')
    .values(
      entries.map((entry) => ({
        doc_name: entry.docName,
        data: entry.update,
        user_id: entry.author.userId,
        bureau_id: entry.author.bureauId,
        connection_id: entry.author.connectionId,
        created_at: entry.createdAt,
      })),
    )
    .returning('seq')
    .execute();
  if (rows.length !== entries.length) throw new Error(`stored ${rows.length} of ${entries.length} updates`);
  return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}

/**
 * The conflict of entries that bind a client id bound, in that document, to another user (in the
 * database, or in `claimed`: earlier appends of the same transaction), or that bind one id to two
 * users. Without a conflict the entries' bindings are added to `claimed`.
 */
async function findClientConflict(db: Db, entries: readonly AppendEntry[], claimed: Map<string, string>): Promise<ClientIdConflictError | null> {
  const mine = new Map<string, string>();
  for (const entry of entries) {
    for (const client of entry.bindClients) {
      const key = `${entry.docName}\u0000${client}`;
      const owner =
        mine.get(key) ??
        claimed.get(key) ??
        (
          await db.kysely
            .selectFrom('doc_clients')
            .select('user_id')
            .where('doc_name', '=', entry.docName)
            .where('client_id', '=', client)
            .executeTakeFirst()
        )?.user_id;
      if (owner !== undefined && owner !== entry.author.userId) return new ClientIdConflictError(`client ${client} is bound to another user`);
      mine.set(key, entry.author.userId);
    }
  }
  for (const [key, userId] of mine) claimed.set(key, userId);
  return null;
}
