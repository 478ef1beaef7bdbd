/** Reading a document's attributed update log (who wrote what, when), for authorship and history. */
import type { Db } from '../db.js';

/** One stored update with its server-known author and time. */
export interface AttributedUpdate {
  seq: number;
  userId: string;
  bureauId: string | null;
  /** The writing connection's id (`merge:<eventId>` for what a merge wrote). */
  connectionId: string;
  /** Milliseconds since the epoch, server time. */
  createdAt: number;
  data: Uint8Array;
}

/**
 * Up to `limit` updates of a document after `afterSeq` (and, if given, written at or before
 * `until`, ms, and up to `untilSeq`), in log order.
 * @example for (let after = 0; ; ) { const page = await attributedUpdates(db, name, after, 5000); if (!page.length) break; after = page.at(-1)!.seq; }
 */
export async function attributedUpdates(db: Db, docName: string, afterSeq: number, limit: number, until?: number, untilSeq?: number): Promise<AttributedUpdate[]> {
  let query = db.kysely
    .selectFrom('doc_updates')
    .select(['seq', 'user_id', 'bureau_id', 'connection_id', 'created_at', 'data'])
    .where('doc_name', '=', docName)
    .where('seq', '>', afterSeq);
  if (until !== undefined) query = query.where('created_at', '<=', until);
  if (untilSeq !== undefined) query = query.where('seq', '<=', untilSeq);
  const rows = await query.orderBy('seq').limit(Math.max(1, Math.floor(limit))).execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    userId: r.user_id,
    bureauId: r.bureau_id,
    connectionId: r.connection_id,
    createdAt: Number(r.created_at),
    data: r.data instanceof Uint8Array ? r.data : new Uint8Array(r.data as ArrayBufferLike),
  }));
}

/**
 * Every update of a document after `afterSeq` (and up to `until` ms / `untilSeq`), in log order,
 * read `pageSize` rows at a time: the one loop every reader of the attributed log goes through.
 * @example for await (const row of eachAttributedUpdate(db, name, 0)) index.add(row.seq, row.data, …);
 */
export async function* eachAttributedUpdate(
  db: Db,
  docName: string,
  afterSeq: number,
  opts: { until?: number; untilSeq?: number; pageSize?: number } = {},
): AsyncGenerator<AttributedUpdate> {
  const pageSize = opts.pageSize ?? 5000;
  for (let after = afterSeq; ; ) {
    const page = await attributedUpdates(db, docName, after, pageSize, opts.until, opts.untilSeq);
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.seq;
  }
}
