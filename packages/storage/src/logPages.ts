/**
 * Reads a document's stored updates from a SQLite file in pages, synchronously, on its own
 * read-only connection: for the collab load worker (see @hegao/collab workerLoad), which imports
 * this module by URL (`PagedDoc.workerReader`) so a long log is read and applied off the main
 * thread. WAL lets this connection read while the server's connection writes; the range ends at
 * the `lastSeq` the main thread saw, so both read the same log.
 *
 * Only better-sqlite3 is imported here: the module runs inside the worker, apart from the rest of
 * the storage package.
 */
import BetterSqlite3 from 'better-sqlite3';

/** What the worker needs to read a document's log after its checkpoint. */
export interface SqliteLogRange {
  file: string;
  docName: string;
  /** The checkpoint's seq: the log is read after it (or after where the caller says). */
  afterSeq: number;
  /** The newest seq to read. */
  lastSeq: number;
  pageSize: number;
}

/**
 * The updates of `range` after `afterSeq` in log order, `pageSize` rows per read, on a connection opened for this
 * read and closed when the iteration ends (a cached one could outlive a replaced file).
 * @example for (const page of readPages(range)) for (const { update } of page) Y.applyUpdate(doc, update);
 */
export function* readPages(range: SqliteLogRange, afterSeq = range.afterSeq): Generator<{ seq: number; update: Uint8Array }[]> {
  const db = new BetterSqlite3(range.file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const page = db.prepare<[string, number, number, number], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM doc_updates WHERE doc_name = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
    );
    let after = afterSeq;
    while (after < range.lastSeq) {
      const rows = page.all(range.docName, after, range.lastSeq, Math.max(1, Math.floor(range.pageSize)));
      if (rows.length === 0) return;
      yield rows.map((r) => ({ seq: Number(r.seq), update: r.data }));
      after = Number(rows[rows.length - 1]!.seq);
    }
  } finally {
    db.close();
  }
}
