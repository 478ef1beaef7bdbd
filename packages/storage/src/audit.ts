/**
 * The audit chain: a tamper-evident record of what the database recorded.
 *
 * Every workflow event (`events`, which includes outline, comment, merge, lock, unlock and account
 * changes), every stored batch of text updates (`doc_updates`), every comment row and every locked
 * version gets one record in `audit_chain`, written in the same transaction as the row(s) it covers.
 * A record's hash is the SHA-256 of its position, kind, reference, the previous record's hash and
 * the canonical content of the rows it covers, so
 *
 * - a changed row no longer hashes to its record (altered),
 * - a removed row leaves its record pointing at nothing, a removed record leaves a gap in the
 *   positions and a broken link (removed),
 * - a row that no record covers, or a record slipped in between, is found by the coverage count
 *   and the links (inserted).
 *
 * Anyone who can write the file can also recompute the whole chain; the chain head kept with each
 * locked version (and printed by `audit verify`) is the anchor to compare against elsewhere.
 */
import { createHash, type Hash } from 'node:crypto';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Db } from './db.js';
import { runTransaction } from './transaction.js';

/** What a chain record covers. */
export type ChainKind = 'event' | 'updates' | 'comment' | 'version';

/** The table each kind of record covers. */
export const CHAIN_TABLES: Readonly<Record<ChainKind, string>> = {
  event: 'events',
  updates: 'doc_updates',
  comment: 'comments',
  version: 'report_versions',
};

/** The `prev_hash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version tag hashed into every record, so a future format cannot be confused with this one. */
const FORMAT = 'hegao-audit-1';

/** PostgreSQL advisory lock key that serialises appends to the chain across processes. */
const PG_CHAIN_LOCK = 4_610_721;

/** The chain's last record (seq 0 and GENESIS_HASH when it is empty). */
export interface ChainHead {
  seq: number;
  hash: string;
}

// ---- canonical content -------------------------------------------------------------------------
// Each feeds one row's stored fields, in a fixed order, into the record's hash: a JSON array of the
// scalar fields, a newline, then any bytes (length in the array). Numbers are numbers, whatever the
// driver returned (PostgreSQL hands bigints back as strings).

/** An events row as stored. */
export interface EventContent {
  id: number | string;
  report_id: string | null;
  section_id: string | null;
  actor_id: string | null;
  type: string;
  detail: string;
  created_at: number | string;
}

/** A doc_updates row as stored. */
export interface UpdateContent {
  seq: number | string;
  doc_name: string;
  data: Uint8Array;
  user_id: string;
  bureau_id: string | null;
  connection_id: string;
  created_at: number | string;
}

/** The immutable columns of a comments row (whether it is resolved is recorded by its events). */
export interface CommentContent {
  id: string;
  report_id: string;
  doc_name: string;
  section_id: string | null;
  parent_id: string | null;
  anchor_from: string | null;
  anchor_to: string | null;
  quote: string;
  body: string;
  author_id: string;
  created_at: number | string;
}

/** The locked columns of a report_versions row (its unlock is recorded by the unlock event). */
export interface VersionContent {
  report_id: string;
  version: number | string;
  sha256: string;
  content_json: string;
  state: Uint8Array;
  locked_by: string;
  locked_at: number | string;
  chain_seq: number | string | null;
  chain_head: string | null;
}

function line(h: Hash, fields: unknown[]): void {
  h.update(JSON.stringify(fields));
  h.update('\n');
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function feedEvent(h: Hash, r: EventContent): void {
  line(h, [Number(r.id), r.report_id, r.section_id, r.actor_id, r.type, r.detail, Number(r.created_at)]);
}

export function feedUpdate(h: Hash, r: UpdateContent): void {
  line(h, [Number(r.seq), r.doc_name, r.user_id, r.bureau_id, r.connection_id, Number(r.created_at), r.data.byteLength]);
  h.update(r.data);
}

export function feedComment(h: Hash, r: CommentContent): void {
  line(h, [r.id, r.report_id, r.doc_name, r.section_id, r.parent_id, r.anchor_from, r.anchor_to, r.quote, r.body, r.author_id, Number(r.created_at)]);
}

export function feedVersion(h: Hash, r: VersionContent): void {
  const content = Buffer.from(r.content_json, 'utf8');
  line(h, [r.report_id, Number(r.version), r.sha256, r.locked_by, Number(r.locked_at), num(r.chain_seq), r.chain_head, content.byteLength, r.state.byteLength]);
  h.update(content);
  h.update(r.state);
}

/** A record's hash: its position, kind, reference, link and time, then the content `feed` writes. */
export function recordHash(seq: number, kind: ChainKind, ref: string, prevHash: string, createdAt: number, feed: (h: Hash) => void): string {
  const h = createHash('sha256');
  h.update(`${FORMAT}\n${seq}\n${kind}\n${ref}\n${prevHash}\n${createdAt}\n`);
  feed(h);
  return h.digest('hex');
}

/** Sorted sequence numbers as runs: [5,6,7,9] → "5-7,9". */
export function encodeRuns(seqs: readonly number[]): string {
  const sorted = [...seqs].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The runs of {@link encodeRuns} as [first, last] pairs; null when malformed. */
export function decodeRuns(ref: string): [number, number][] | null {
  const runs: [number, number][] = [];
  for (const part of ref.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b - a > 10_000_000) return null;
    runs.push([a, b]);
  }
  return runs;
}

// ---- writing -----------------------------------------------------------------------------------

/**
 * The chain's head, read inside the caller's transaction. On PostgreSQL it first takes the chain's
 * transaction-scoped advisory lock, so two processes never append at the same position; SQLite has
 * one writer.
 */
export async function readChainHead(db: Db): Promise<ChainHead> {
  if (db.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PG_CHAIN_LOCK})`.execute(db.kysely);
  return headOf(db.kysely);
}

// The two statements of every append, compiled once (no query building on the hot path).
const HEAD_QUERY = CompiledQuery.raw('SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1');
const INSERT_SQL = {
  sqlite: 'INSERT INTO audit_chain (seq, kind, ref, prev_hash, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  postgres: 'INSERT INTO audit_chain (seq, kind, ref, prev_hash, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
} as const;

async function headOf(k: Kysely<Database>): Promise<ChainHead> {
  const row = (await k.executeQuery<{ seq: number | string; hash: string }>(HEAD_QUERY)).rows[0];
  return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
}

/**
 * Appends one record after `head` (read with {@link readChainHead} in the same transaction, or the
 * head a previous append returned) and returns the new head. The caller's Db must be bound to the
 * transaction that wrote the covered rows.
 */
export async function appendChainRecord(db: Db, head: ChainHead, kind: ChainKind, ref: string, feed: (h: Hash) => void): Promise<ChainHead> {
  if (!db.kysely.isTransaction) throw new Error('appendChainRecord: run inside the transaction that wrote the rows');
  const seq = head.seq + 1;
  const createdAt = Date.now();
  const hash = recordHash(seq, kind, ref, head.hash, createdAt, feed);
  await db.kysely.executeQuery(CompiledQuery.raw(INSERT_SQL[db.dialect], [seq, kind, ref, head.hash, hash, createdAt]));
  return { seq, hash };
}

/** Reads the head and appends one record: for callers writing one record in a transaction. */
export async function chainRecord(db: Db, kind: ChainKind, ref: string, feed: (h: Hash) => void): Promise<ChainHead> {
  return appendChainRecord(db, await readChainHead(db), kind, ref, feed);
}

/**
 * Runs `fn` in the caller's transaction when `db` is bound to one, else in a new one (retried
 * whole after a deadlock: runTransaction).
 */
export async function withinTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (db.kysely.isTransaction) return fn(db);
  return runTransaction(db, fn);
}

/**
 * Chains every row already stored when the chain is created (migration 0005), so a database from
 * before it verifies like a new one: events one record each, updates 500 rows a record, then
 * comments and locked versions one record each. Runs inside the migration's transaction.
 */
export async function chainExistingRows(k: Kysely<Database>): Promise<void> {
  const PAGE = 500;
  let head = await headOf(k);
  const pending: { seq: number; kind: string; ref: string; prev_hash: string; hash: string; created_at: number }[] = [];
  const now = Date.now();
  const add = (kind: ChainKind, ref: string, feed: (h: Hash) => void) => {
    const seq = head.seq + 1;
    const hash = recordHash(seq, kind, ref, head.hash, now, feed);
    pending.push({ seq, kind, ref, prev_hash: head.hash, hash, created_at: now });
    head = { seq, hash };
  };
  const flush = async () => {
    // 100 rows × 6 values stays far below SQLite's bound on statement parameters.
    for (let i = 0; i < pending.length; i += 100) await k.insertInto('audit_chain').values(pending.slice(i, i + 100)).execute();
    pending.length = 0;
  };
  for (let after = 0; ; ) {
    const rows = await k.selectFrom('events').selectAll().where('id', '>', after).orderBy('id').limit(PAGE).execute();
    if (rows.length === 0) break;
    for (const r of rows) add('event', String(r.id), (h) => feedEvent(h, r));
    after = Number(rows[rows.length - 1]!.id);
    await flush();
  }
  for (let after = 0; ; ) {
    const rows = await k.selectFrom('doc_updates').selectAll().where('seq', '>', after).orderBy('seq').limit(PAGE).execute();
    if (rows.length === 0) break;
    add('updates', encodeRuns(rows.map((r) => Number(r.seq))), (h) => rows.forEach((r) => feedUpdate(h, r)));
    after = Number(rows[rows.length - 1]!.seq);
    await flush();
  }
  const comments = await k.selectFrom('comments').selectAll().orderBy('created_at').orderBy('id').execute();
  for (const r of comments) add('comment', r.id, (h) => feedComment(h, r));
  const versions = await k.selectFrom('report_versions').selectAll().orderBy('locked_at').orderBy('report_id').orderBy('version').execute();
  for (const r of versions) add('version', versionRef(r.report_id, Number(r.version)), (h) => feedVersion(h, r));
  await flush();
}

/** A version's reference in the chain. */
export function versionRef(reportId: string, version: number): string {
  return `${reportId}/${version}`;
}
