/**
 * Long stored histories for load tests and benchmarks: a real keystroke trace (tests/bench/traces,
 * CC BY 4.0) typed into a section one edit per Yjs update, as a stock client sends keystrokes, and
 * written straight into a server's database (while that document is not loaded): its SQLite file
 * by path, or any engine through a `Db` (ServerProcess.openDb()).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Db } from '@hegao/storage';
import * as Y from 'yjs';

/** A sequential editing trace: each txn's patches are [position, deleted, inserted]. */
export interface Trace {
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

/** Reads a trace of tests/bench/traces by file name. */
export function loadTrace(name: string): Trace {
  return JSON.parse(gunzipSync(readFileSync(new URL(`../bench/traces/${name}`, import.meta.url))).toString('utf8')) as Trace;
}

/** Updates typed into a document, with what the document holds afterwards. */
export interface TypedLog {
  /** One update per trace edit, after one that adds the paragraph. */
  updates: Uint8Array[];
  /** The typing client's Yjs clientID. */
  clientID: number;
  /** The whole ProseMirror fragment as XML afterwards (base content included). */
  xml: string;
  /** The typed paragraph's text afterwards. */
  text: string;
}

/**
 * Types the first `count` edits of `trace` into a new paragraph at the end of a document that
 * holds `base` (e.g. the section's stored updates), one update per edit.
 * @example const log = typeTrace(loadTrace('automerge-paper.json.gz'), 20_000, storedUpdates(file, doc).map(r => r.data));
 */
export function typeTrace(trace: Trace, count: number, base: readonly Uint8Array[] = []): TypedLog {
  const doc = new Y.Doc({ gc: false });
  for (const update of base) Y.applyUpdate(doc, update);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const fragment = doc.getXmlFragment('prosemirror');
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.transact(() => {
    fragment.insert(fragment.length, [paragraph]);
    paragraph.insert(0, [text]);
  });
  for (const txn of trace.txns.slice(0, count)) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del > 0) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      }
    });
  }
  const result = { updates, clientID: doc.clientID, xml: fragment.toString(), text: text.toString() };
  doc.destroy();
  return result;
}

/** Rows per INSERT when writing through a Db: well under either engine's limit of bound parameters. */
const ROWS_PER_INSERT = 1000;

/**
 * Appends `updates` to a document's log in a server's database in one transaction, as the
 * server would have stored them from `username`, with `clientID` bound to that user. The server
 * must not have the document loaded (stopped, or no one has it open).
 */
export function writeLog(dbFile: string, docName: string, username: string, clientID: number, updates: readonly Uint8Array[]): void;
export function writeLog(db: Db, docName: string, username: string, clientID: number, updates: readonly Uint8Array[]): Promise<void>;
export function writeLog(store: Db | string, docName: string, username: string, clientID: number, updates: readonly Uint8Array[]): void | Promise<void> {
  if (typeof store !== 'string') return writeLogTo(store, docName, username, clientID, updates);
  const db = new Database(store, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const user = db.prepare('SELECT id, bureau_id FROM users WHERE username = ?').get(username) as { id: string; bureau_id: string | null } | undefined;
    if (!user) throw new Error(`no user ${username}`);
    const now = Date.now();
    const insert = db.prepare(
      'INSERT INTO doc_updates (doc_name, data, user_id, bureau_id, connection_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      db.prepare('INSERT OR IGNORE INTO doc_clients (doc_name, client_id, user_id, created_at) VALUES (?, ?, ?, ?)').run(docName, clientID, user.id, now);
      for (const update of updates) {
        const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
        insert.run(docName, data, user.id, user.bureau_id, 'seeded-long-log', now);
      }
    })();
  } finally {
    db.close();
  }
}

async function writeLogTo(db: Db, docName: string, username: string, clientID: number, updates: readonly Uint8Array[]): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users').select(['id', 'bureau_id']).where('username', '=', username).executeTakeFirst();
    if (!user) throw new Error(`no user ${username}`);
    const now = Date.now();
    await tx
      .insertInto('doc_clients')
      .values({ doc_name: docName, client_id: clientID, user_id: user.id, created_at: now })
      .onConflict((oc) => oc.columns(['doc_name', 'client_id']).doNothing())
      .execute();
    for (let from = 0; from < updates.length; from += ROWS_PER_INSERT) {
      const rows = updates.slice(from, from + ROWS_PER_INSERT).map((update) => ({
        doc_name: docName,
        data: update,
        user_id: user.id,
        bureau_id: user.bureau_id,
        connection_id: 'seeded-long-log',
        created_at: now,
      }));
      // In order: the log's seqs follow the trace.
      await tx.insertInto('doc_updates').values(rows).execute();
    }
  });
}
