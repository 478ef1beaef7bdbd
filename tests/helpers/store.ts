/**
 * Reads what the server stored: through a `Db` (ServerProcess.openDb(): the server's SQLite file
 * or its PostgreSQL database, beside the running server), or straight from a SQLite file by path
 * (read-only; for suites that are about the file, and the browser suites).
 */
import Database from 'better-sqlite3';
import type { Db } from '@hegao/storage';
import * as Y from 'yjs';

/** One stored update row. */
export interface StoredRow {
  seq: number;
  user_id: string;
  bureau_id: string | null;
  connection_id: string;
  data: Buffer;
}

/** What the helpers read: a server's database, or its SQLite file's path. */
export type Store = Db | string;

function isDb(store: Store): store is Db {
  return typeof store !== 'string';
}

/** The update log of a document. */
export function storedUpdates(dbFile: string, docName: string): StoredRow[];
export function storedUpdates(db: Db, docName: string): Promise<StoredRow[]>;
export function storedUpdates(store: Store, docName: string): StoredRow[] | Promise<StoredRow[]> {
  if (isDb(store)) {
    return store.kysely
      .selectFrom('doc_updates')
      .select(['seq', 'user_id', 'bureau_id', 'connection_id', 'data'])
      .where('doc_name', '=', docName)
      .orderBy('seq')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, seq: Number(r.seq), data: Buffer.from(r.data) })));
  }
  const db = new Database(store, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT seq, user_id, bureau_id, connection_id, data FROM doc_updates WHERE doc_name = ? ORDER BY seq')
      .all(docName) as StoredRow[];
  } finally {
    db.close();
  }
}

function docOf(rows: readonly StoredRow[]): Y.Doc {
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
  return doc;
}

const xmlOf = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').toString();

/** The stored document rebuilt from its whole log. */
export function storedDoc(dbFile: string, docName: string): Y.Doc;
export function storedDoc(db: Db, docName: string): Promise<Y.Doc>;
export function storedDoc(store: Store, docName: string): Y.Doc | Promise<Y.Doc> {
  return isDb(store) ? storedUpdates(store, docName).then(docOf) : docOf(storedUpdates(store, docName));
}

/** The stored document's ProseMirror fragment as XML text. */
export function storedXml(dbFile: string, docName: string): string;
export function storedXml(db: Db, docName: string): Promise<string>;
export function storedXml(store: Store, docName: string): string | Promise<string> {
  return isDb(store) ? storedDoc(store, docName).then(xmlOf) : xmlOf(storedDoc(store, docName));
}

/** User id of a username. */
export function userId(dbFile: string, username: string): string;
export function userId(db: Db, username: string): Promise<string>;
export function userId(store: Store, username: string): string | Promise<string> {
  const found = (row: { id: string } | undefined) => {
    if (!row) throw new Error(`no user ${username}`);
    return row.id;
  };
  if (isDb(store)) return store.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst().then(found);
  const db = new Database(store, { readonly: true, fileMustExist: true });
  try {
    return found(db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: string } | undefined);
  } finally {
    db.close();
  }
}

/**
 * Runs a read-only query: `?` placeholders, SQL both engines speak when given a Db (counts come
 * back as numbers from either: the storage package parses PostgreSQL's bigint).
 */
export function query<T>(dbFile: string, sql: string, ...params: unknown[]): T[];
export function query<T>(db: Db, sql: string, ...params: unknown[]): Promise<T[]>;
export function query<T>(store: Store, text: string, ...params: unknown[]): T[] | Promise<T[]> {
  if (isDb(store)) {
    // Imported here: the fixture needs vitest, and the benchmarks use this file outside it.
    return import('@hegao/storage/testing').then(({ rawQuery }) => rawQuery<T>(store, text, params));
  }
  const db = new Database(store, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(text).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Ids of every user of `username`'s bureau (or of everyone without one): the peers personColor needs. */
export function bureauPeers(dbFile: string, username: string): string[];
export function bureauPeers(db: Db, username: string): Promise<string[]>;
export function bureauPeers(store: Store, username: string): string[] | Promise<string[]> {
  if (isDb(store)) {
    return (async () => {
      const user = await store.kysely.selectFrom('users').select('bureau_id').where('username', '=', username).executeTakeFirst();
      if (!user) throw new Error(`no user ${username}`);
      const bureau = user.bureau_id;
      const rows = await store.kysely
        .selectFrom('users')
        .select('id')
        .where((eb) => (bureau === null ? eb('bureau_id', 'is', null) : eb('bureau_id', '=', bureau)))
        .execute();
      return rows.map((r) => r.id);
    })();
  }
  const db = new Database(store, { readonly: true, fileMustExist: true });
  try {
    const user = db.prepare('SELECT bureau_id FROM users WHERE username = ?').get(username) as { bureau_id: string | null } | undefined;
    if (!user) throw new Error(`no user ${username}`);
    const rows = (user.bureau_id === null
      ? db.prepare('SELECT id FROM users WHERE bureau_id IS NULL').all()
      : db.prepare('SELECT id FROM users WHERE bureau_id = ?').all(user.bureau_id)) as { id: string }[];
    return rows.map((r) => r.id);
  } finally {
    db.close();
  }
}
