/**
 * `audit verify`: walks the audit chain (audit.ts) from its first record, recomputing each record's
 * hash from the rows it covers, then checks that every row is covered exactly once, that each
 * locked version's text still has its SHA-256, and that the chain head kept with each version is
 * still in the chain. Stops at the first problem and names it.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  CHAIN_TABLES,
  GENESIS_HASH,
  decodeRuns,
  feedComment,
  feedEvent,
  feedUpdate,
  feedVersion,
  recordHash,
  versionRef,
  type ChainHead,
  type ChainKind,
  type CommentContent,
  type EventContent,
  type UpdateContent,
  type VersionContent,
} from './audit.js';
import type { Database } from './schema.js';
import type { Db } from './db.js';

/** What was wrong with a record. */
export type AuditProblem = 'altered' | 'removed' | 'inserted';

/** The first problem found. */
export interface AuditFailure {
  problem: AuditProblem;
  /** Position in the chain (1-based) of the record concerned; null for a row no record covers. */
  position: number | null;
  /** The table of the row concerned ('audit_chain' when a chain record itself is missing). */
  table: string;
  /** The row: an event id, doc_updates seqs ("12" or "12-14"), a comment id, "reportId/version". */
  ref: string;
  /** What was found, in English (for logs and `--json`). */
  detail: string;
}

/** Outcome of {@link verifyAuditChain}. */
export interface AuditResult {
  ok: boolean;
  /** Chain records checked (all of them when ok). */
  records: number;
  /** Rows those records cover, per table. */
  rows: { events: number; updates: number; comments: number; versions: number };
  /** The last record checked. */
  head: ChainHead;
  failure: AuditFailure | null;
}

/** Growable bitmap of numeric ids. */
class IdSet {
  private bits = new Uint8Array(1 << 16);
  size = 0;
  /** Adds `id`; false when it was there already. */
  add(id: number): boolean {
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      let n = this.bits.length;
      while (n <= byte) n *= 2;
      const grown = new Uint8Array(n);
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (id & 7);
    if (this.bits[byte]! & mask) return false;
    this.bits[byte]! |= mask;
    this.size++;
    return true;
  }
  has(id: number): boolean {
    const byte = id >>> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (id & 7))) !== 0;
  }
}

class Failed extends Error {
  constructor(readonly failure: AuditFailure) {
    super(failure.detail);
  }
}

const fail = (problem: AuditProblem, position: number | null, table: string, ref: string, detail: string): never => {
  throw new Failed({ problem, position, table, ref, detail });
};

/** Ranges of ids merged into intervals whose gaps are small, so each becomes one range read. */
function intervals(ranges: [number, number][]): [number, number][] {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of ranges) {
    const last = out[out.length - 1];
    if (last && a - last[1] <= 256) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const CHUNK = 500;

/**
 * Verifies the whole chain inside one read transaction (a consistent snapshot while the server
 * keeps writing). `pageSize` chain records are read at a time, with the rows they cover.
 */
export async function verifyAuditChain(db: Db, opts: { pageSize?: number } = {}): Promise<AuditResult> {
  const pageSize = Math.max(1, opts.pageSize ?? 4000);
  // Read only: on SQLite a deferred snapshot that holds no writer up (see sqlite.ts).
  let tx = db.kysely.transaction().setAccessMode('read only');
  if (db.dialect === 'postgres') tx = tx.setIsolationLevel('repeatable read');
  return tx.execute((k) => walk(k, pageSize));
}

async function walk(k: Kysely<Database>, pageSize: number): Promise<AuditResult> {
  const rows = { events: 0, updates: 0, comments: 0, versions: 0 };
  let head: ChainHead = { seq: 0, hash: GENESIS_HASH };
  const events = new IdSet();
  const updates = new IdSet();
  const comments = new Set<string>();
  const versions = new Set<string>();
  // Chain heads kept with locked versions: seq → expected hash, checked as the walk passes them.
  const anchors = await k.selectFrom('report_versions').select(['report_id', 'version', 'chain_seq', 'chain_head']).where('chain_seq', 'is not', null).execute();
  const wanted = new Map<number, { ref: string; hash: string }[]>();
  for (const a of anchors) {
    const seq = Number(a.chain_seq);
    wanted.set(seq, [...(wanted.get(seq) ?? []), { ref: versionRef(a.report_id, Number(a.version)), hash: a.chain_head ?? '' }]);
  }
  const checkAnchors = (seq: number, hash: string, position: number) => {
    for (const a of wanted.get(seq) ?? []) {
      if (a.hash !== hash) fail('altered', position, 'report_versions', a.ref, `the chain head kept with version ${a.ref} is not the hash of record ${seq}`);
    }
  };
  try {
    checkAnchors(0, GENESIS_HASH, 0);
    for (;;) {
      const page = await k.selectFrom('audit_chain').selectAll().where('seq', '>', head.seq).orderBy('seq').limit(pageSize).execute();
      if (page.length === 0) break;
      const refs = { event: [] as [number, number][], updates: [] as [number, number][], comment: [] as string[], version: [] as string[] };
      const runsOf = new Map<number, [number, number][]>();
      for (const rec of page) {
        const kind = rec.kind as ChainKind;
        if (kind === 'event') refs.event.push([Number(rec.ref), Number(rec.ref)]);
        else if (kind === 'comment') refs.comment.push(rec.ref);
        else if (kind === 'version') refs.version.push(rec.ref.slice(0, rec.ref.lastIndexOf('/')));
        else if (kind === 'updates') {
          const runs = decodeRuns(rec.ref);
          if (runs) {
            runsOf.set(Number(rec.seq), runs);
            refs.updates.push(...runs);
          }
        }
      }
      const eventRows = await byId(k, 'events', refs.event);
      const updateRows = await byId(k, 'doc_updates', refs.updates);
      const commentRows = new Map<string, CommentContent>();
      for (let i = 0; i < refs.comment.length; i += CHUNK) {
        for (const r of await k.selectFrom('comments').selectAll().where('id', 'in', refs.comment.slice(i, i + CHUNK)).execute()) commentRows.set(r.id, r);
      }
      const versionRows = new Map<string, VersionContent>();
      const reportIds = [...new Set(refs.version)];
      for (let i = 0; i < reportIds.length; i += CHUNK) {
        for (const r of await k.selectFrom('report_versions').selectAll().where('report_id', 'in', reportIds.slice(i, i + CHUNK)).execute()) {
          versionRows.set(versionRef(r.report_id, Number(r.version)), r);
        }
      }

      for (const rec of page) {
        const seq = Number(rec.seq);
        const kind = rec.kind as ChainKind;
        const table = CHAIN_TABLES[kind] ?? 'audit_chain';
        if (seq !== head.seq + 1) fail('removed', head.seq + 1, 'audit_chain', String(head.seq + 1), `chain record ${head.seq + 1} is missing (next is ${seq})`);
        let hash: string;
        if (kind === 'event') {
          const row = eventRows.get(Number(rec.ref)) as EventContent | undefined;
          if (!row) fail('removed', seq, table, rec.ref, `events row ${rec.ref} is missing`);
          hash = recordHash(seq, kind, rec.ref, rec.prev_hash, Number(rec.created_at), (h) => feedEvent(h, row!));
          if (hash === rec.hash && !events.add(Number(rec.ref))) fail('inserted', seq, table, rec.ref, `events row ${rec.ref} is covered twice`);
          rows.events++;
        } else if (kind === 'updates') {
          const runs = runsOf.get(seq);
          if (!runs) fail('altered', seq, 'audit_chain', String(seq), `chain record ${seq} has a malformed reference`);
          const covered: UpdateContent[] = [];
          for (const [a, b] of runs!) {
            for (let s = a; s <= b; s++) {
              const row = updateRows.get(s) as UpdateContent | undefined;
              if (!row) fail('removed', seq, table, String(s), `doc_updates row ${s} is missing`);
              covered.push(row!);
            }
          }
          hash = recordHash(seq, kind, rec.ref, rec.prev_hash, Number(rec.created_at), (h) => covered.forEach((r) => feedUpdate(h, r)));
          if (hash === rec.hash) {
            for (const r of covered) if (!updates.add(Number(r.seq))) fail('inserted', seq, table, String(r.seq), `doc_updates row ${r.seq} is covered twice`);
          }
          rows.updates += covered.length;
        } else if (kind === 'comment') {
          const row = commentRows.get(rec.ref);
          if (!row) fail('removed', seq, table, rec.ref, `comments row ${rec.ref} is missing`);
          hash = recordHash(seq, kind, rec.ref, rec.prev_hash, Number(rec.created_at), (h) => feedComment(h, row!));
          if (hash === rec.hash && (comments.has(rec.ref) || !comments.add(rec.ref))) fail('inserted', seq, table, rec.ref, `comments row ${rec.ref} is covered twice`);
          rows.comments++;
        } else if (kind === 'version') {
          const row = versionRows.get(rec.ref);
          if (!row) fail('removed', seq, table, rec.ref, `version ${rec.ref} is missing`);
          if (createHash('sha256').update(row!.content_json, 'utf8').digest('hex') !== row!.sha256) {
            fail('altered', seq, table, rec.ref, `the text of version ${rec.ref} does not match its SHA-256`);
          }
          if (row!.chain_seq !== null && (Number(row!.chain_seq) !== seq - 1 || row!.chain_head !== rec.prev_hash)) {
            fail('altered', seq, table, rec.ref, `the chain head kept with version ${rec.ref} is not the record before it`);
          }
          hash = recordHash(seq, kind, rec.ref, rec.prev_hash, Number(rec.created_at), (h) => feedVersion(h, row!));
          if (hash === rec.hash && (versions.has(rec.ref) || !versions.add(rec.ref))) fail('inserted', seq, table, rec.ref, `version ${rec.ref} is covered twice`);
          rows.versions++;
        } else {
          fail('altered', seq, 'audit_chain', String(seq), `chain record ${seq} has an unknown kind`);
        }
        if (hash! !== rec.hash) fail('altered', seq, table, rec.ref, `${table} ${rec.ref} does not match chain record ${seq}`);
        if (rec.prev_hash !== head.hash) {
          // The record hashes as written but does not follow its predecessor: a record was put in
          // between (or the chain was rewritten from here).
          fail('inserted', seq, table, rec.ref, `chain record ${seq} does not link to record ${head.seq}`);
        }
        head = { seq, hash: rec.hash };
        checkAnchors(seq, rec.hash, seq);
      }
    }
    const lastAnchor = Math.max(-1, ...wanted.keys());
    if (lastAnchor > head.seq) {
      fail('removed', head.seq + 1, 'audit_chain', String(head.seq + 1), `the chain ends at ${head.seq} but a locked version kept its head at ${lastAnchor}`);
    }
    await uncovered(k, 'events', 'id', events);
    await uncovered(k, 'doc_updates', 'seq', updates);
    await uncoveredStrings(k, comments);
    // Versions no record covers: locked before the chain could not be (genesis covers them), so any is inserted.
    const allVersions = await k.selectFrom('report_versions').select(['report_id', 'version', 'sha256', 'content_json']).execute();
    for (const v of allVersions) {
      const ref = versionRef(v.report_id, Number(v.version));
      if (!versions.has(ref)) fail('inserted', null, 'report_versions', ref, `version ${ref} is not in the chain`);
      if (createHash('sha256').update(v.content_json, 'utf8').digest('hex') !== v.sha256) fail('altered', null, 'report_versions', ref, `the text of version ${ref} does not match its SHA-256`);
    }
    return { ok: true, records: head.seq, rows, head, failure: null };
  } catch (err) {
    if (!(err instanceof Failed)) throw err;
    return { ok: false, records: head.seq, rows, head, failure: err.failure };
  }
}

/** Rows of `table` by their numeric key, read as a few ranges. */
async function byId(k: Kysely<Database>, table: 'events' | 'doc_updates', ranges: [number, number][]): Promise<Map<number, EventContent | UpdateContent>> {
  const out = new Map<number, EventContent | UpdateContent>();
  for (const [a, b] of intervals(ranges)) {
    if (table === 'events') {
      for (const r of await k.selectFrom('events').selectAll().where('id', '>=', a).where('id', '<=', b).execute()) out.set(Number(r.id), r);
    } else {
      for (const r of await k.selectFrom('doc_updates').selectAll().where('seq', '>=', a).where('seq', '<=', b).execute()) out.set(Number(r.seq), r);
    }
  }
  return out;
}

/** Fails naming the first row of `table` that no record covers (counted first: the common case reads no ids). */
async function uncovered(k: Kysely<Database>, table: 'events' | 'doc_updates', key: 'id' | 'seq', covered: IdSet): Promise<void> {
  const { n } = await k.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) === covered.size) return;
  for (let after = 0; ; ) {
    const ids = (await k.selectFrom(table).select(`${key} as id` as 'id').where(key, '>', after).orderBy(key).limit(10_000).execute()) as { id: number }[];
    if (ids.length === 0) return;
    for (const { id } of ids) if (!covered.has(Number(id))) fail('inserted', null, table, String(id), `${table} row ${id} is not in the chain`);
    after = Number(ids[ids.length - 1]!.id);
  }
}

async function uncoveredStrings(k: Kysely<Database>, covered: Set<string>): Promise<void> {
  const { n } = await k.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) === covered.size) return;
  const ids = await k.selectFrom('comments').select('id').orderBy('created_at').orderBy('id').execute();
  for (const { id } of ids) if (!covered.has(id)) fail('inserted', null, 'comments', id, `comments row ${id} is not in the chain`);
}
