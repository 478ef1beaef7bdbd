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
import { appendChainRecord, encodeRuns, feedUpdate, readChainHead, withinTransaction, type ChainHead } from './audit.js';
import { checkpointOnWorker, groupCommitterOf, type GroupCommitter } from './groupCommit.js';
import type { SqliteLogRange } from './logPages.js';
import type { AppendOutcome } from './sqliteAppend.js';
import type { Db } from './sqlite.js';

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
   * The group in one Kysely transaction (PostgreSQL; SQLite uses sqliteAppend.ts): an append whose
   * client ids belong to someone else is refused on its own before it writes anything, so the rest
   * still commits; one audit chain record for all that was stored; each document's section gets
   * its last editor. A transaction that deadlocked (another writer locked the same rows in another
   * order) is tried again, a few times.
   */
  private async commitWithKysely(appends: AppendEntry[][]): Promise<AppendOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.kysely.transaction().execute((trx) => commitGroup({ kysely: trx, dialect: this.db.dialect, close: async () => {} }, appends));
      } catch (err) {
        if (attempt >= COMMIT_ATTEMPTS || !retryable(err)) throw err;
      }
    }
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

/** Attempts of a group commit that deadlocked or lost a race (see commitGroup). */
const COMMIT_ATTEMPTS = 4;

/** A group's transaction found, under the chain's lock, other bindings than it had assumed. */
class BindingsChanged extends Error {}

/** PostgreSQL's deadlock_detected and serialization_failure, and BindingsChanged: worth another try. */
function retryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof BindingsChanged || code === '40P01' || code === '40001';
}

/**
 * Writes one group in the caller's transaction (Kysely; PostgreSQL in practice). The order matters
 * when several writers share the database (REST transactions, other servers):
 * 1. Without any lock: which appends are refused for their client ids, and each remaining
 *    document's section gets its last editor. A REST transaction moves a section and then takes the
 *    chain's lock (recordEvent); taking the section's row here before the chain's lock, in document
 *    order, never waits for such a transaction while holding what it waits for.
 * 2. The chain's lock (readChainHead), then the bindings checked again and the updates inserted
 *    under it: seqs are handed out in the order groups commit, across servers, so a reader that has
 *    seen seq n never later finds a smaller one committed; and two servers never bind one client id
 *    to two users. Should the check now refuse other appends than step 1 did (another server bound
 *    the id meanwhile), the transaction is rolled back and tried again.
 * 3. One audit chain record for everything stored.
 */
async function commitGroup(tx: Db, appends: readonly AppendEntry[][]): Promise<AppendOutcome[]> {
  const assumed: boolean[] = [];
  const claimed = new Map<string, string>();
  for (const entries of appends) assumed.push((await findClientConflict(tx, entries, claimed)) === null);
  const last = new Map<string, AppendEntry>();
  appends.forEach((entries, i) => {
    if (!assumed[i]) return;
    for (const entry of entries) if ((last.get(entry.docName)?.createdAt ?? -Infinity) <= entry.createdAt) last.set(entry.docName, entry);
  });
  for (const docName of [...last.keys()].sort()) {
    const entry = last.get(docName)!;
    await touchLastEdit(tx, docName, entry.author.userId, entry.createdAt);
  }

  const head = await readChainHead(tx);
  const out: AppendOutcome[] = [];
  const stored: StoredRow[] = [];
  const bound = new Map<string, string>();
  for (const [i, entries] of appends.entries()) {
    try {
      const seqs = await insertUpdates(tx, entries, bound);
      if (!assumed[i]) throw new BindingsChanged('client ids were released meanwhile');
      entries.forEach((entry, j) => stored.push({ seq: seqs[j]!, entry }));
      out.push({ seqs });
    } catch (err) {
      if (!(err instanceof ClientIdConflictError)) throw err;
      if (assumed[i]) throw new BindingsChanged('client ids were bound by another writer meanwhile');
      out.push({ conflict: err.message });
    }
  }
  await chainUpdates(tx, head, stored);
  return out;
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
  const k = db.kysely;
  const conflict = await findClientConflict(db, entries, claimed);
  if (conflict) throw conflict;
  const seqs: number[] = [];
  for (const entry of entries) {
    for (const client of entry.bindClients) {
      await k
        .insertInto('doc_clients')
        .values({ doc_name: entry.docName, client_id: client, user_id: entry.author.userId, created_at: entry.createdAt })
        .onConflict((oc) => oc.columns(['doc_name', 'client_id']).doNothing())
        .execute();
    }
    const row = await k
      .insertInto('doc_updates')
      .values({
        doc_name: entry.docName,
        data: entry.update,
        user_id: entry.author.userId,
        bureau_id: entry.author.bureauId,
        connection_id: entry.author.connectionId,
        created_at: entry.createdAt,
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    seqs.push(Number(row.seq));
  }
  return seqs;
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
