/** Reads what the server stored, straight from its SQLite file (read-only, beside the running server). */
import Database from 'better-sqlite3';
import * as Y from 'yjs';

/** One stored update row. */
export interface StoredRow {
  seq: number;
  user_id: string;
  bureau_id: string | null;
  connection_id: string;
  data: Buffer;
}

/** The update log of a document. */
export function storedUpdates(dbFile: string, docName: string): StoredRow[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT seq, user_id, bureau_id, connection_id, data FROM doc_updates WHERE doc_name = ? ORDER BY seq')
      .all(docName) as StoredRow[];
  } finally {
    db.close();
  }
}

/** The stored document rebuilt from its whole log. */
export function storedDoc(dbFile: string, docName: string): Y.Doc {
  const doc = new Y.Doc();
  for (const row of storedUpdates(dbFile, docName)) Y.applyUpdate(doc, new Uint8Array(row.data));
  return doc;
}

/** The stored document's ProseMirror fragment as XML text. */
export function storedXml(dbFile: string, docName: string): string {
  return storedDoc(dbFile, docName).getXmlFragment('prosemirror').toString();
}

/** User id of a username. */
export function userId(dbFile: string, username: string): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: string } | undefined;
    if (!row) throw new Error(`no user ${username}`);
    return row.id;
  } finally {
    db.close();
  }
}

/** Runs a read-only query against a server's SQLite file. */
export function query<T>(dbFile: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Ids of every user of `username`'s bureau (or of everyone without one): the peers personColor needs. */
export function bureauPeers(dbFile: string, username: string): string[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
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
