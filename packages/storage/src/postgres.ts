/** Opens a PostgreSQL database (the `pg` driver's pool under Kysely) and migrates it. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';
import type { Db, TransactionLogger } from './db.js';

/** PostgreSQL type OIDs whose text form the repositories want as JavaScript numbers. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Session advisory lock key held while migrating, so that of several servers starting at once
 * exactly one migrates and the others wait, then find nothing left to do. Kysely's migrator takes
 * an advisory lock of its own only after creating its bookkeeping tables, a step that relies on
 * catching a concurrent creation's error and looking again; with this lock nothing runs concurrently
 * at all, whatever a later Kysely does there.
 */
const PG_MIGRATE_LOCK = 4_610_722;

/**
 * bigint (int8) and numeric come back from `pg` as strings, to lose no precision. Every such column
 * here (times in ms, sequence numbers, Yjs client ids, counts) stays far below 2^53, and the SQLite
 * path returns numbers, so both are parsed as numbers; a value past 2^53 would be a bug, and throws.
 * bytea comes back as a Buffer (as SQLite's blob does); the schema has no boolean columns.
 */
function int8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`PostgreSQL returned the bigint ${text}, beyond the integers JavaScript holds exactly`);
  return n;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return int8;
    if (oid === NUMERIC_OID) return Number;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Connections per server process: a few REST transactions beside the group commit. */
const POOL_SIZE = 10;
/** How long a query waits for a connection (a new one, or a free one of the pool). */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long PostgreSQL lets a session sit inside a transaction doing nothing before ending it. */
const IDLE_IN_TRANSACTION_MS = 60_000;

/**
 * Opens a PostgreSQL database by URL (`postgres://user:pass@host:port/db`) and brings its schema up
 * to date. The parsers are set on this pool only, not globally on `pg`. `logger` hears of
 * transactions retried after a deadlock or serialization failure (transaction.ts).
 */
export async function openPostgres(url: string, options: { logger?: TransactionLogger } = {}): Promise<Db> {
  const { kysely, pool } = postgresKysely(url);
  try {
    await migrateOnce(pool, kysely);
  } catch (err) {
    await kysely.destroy();
    throw err;
  }
  const closing: (() => Promise<void>)[] = [];
  return {
    kysely,
    dialect: 'postgres',
    ...(options.logger ? { logger: options.logger } : {}),
    // E.g. the group commit: appends still queued are written before the pool closes.
    onClose: (fn) => void closing.push(fn),
    close: async () => {
      for (const fn of closing.splice(0)) await fn();
      await kysely.destroy();
    },
  };
}

/**
 * Kysely on a new pool for `url`, with this package's type parsers, not migrated (openPostgres
 * migrates; tests of old schemas migrate part of the way themselves).
 */
export function postgresKysely(url: string): { kysely: Kysely<Database>; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    types,
    // While PostgreSQL is unreachable, a write fails within this bound instead of waiting on a
    // connection attempt the network does not answer (the caller tells the client).
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A peer that vanished without closing the connection (host lost) is noticed.
    keepAlive: true,
    // A server process that stops mid-transaction (hung, partitioned away) does not keep the
    // audit chain's lock, and with it every other server's writes, for longer than this.
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
  });
  // An idle connection that the server drops (restart, network loss) emits 'error' on the pool; the
  // pool discards it and opens another when needed. Unhandled, the event would end the process.
  pool.on('error', () => {});
  // A connection lost while in use (PostgreSQL stopped mid-query) emits 'error' on its client,
  // which the pool does not listen to then: the query it was running rejects all the same, so the
  // caller sees the failure (a room closes its clients with 1011), but the event must not end the
  // process (it did, for every server with a query in flight, in the cluster tests).
  pool.on('connect', (client) => client.on('error', () => {}));
  return { kysely: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/**
 * Runs the migrations while holding a session advisory lock on a connection of its own: servers
 * started together migrate one after the other, and all but the first find the schema current.
 * The connection is closed afterwards, not returned to the pool: ending the session releases the
 * lock whatever happened, so no pooled connection can keep it by mistake.
 */
async function migrateOnce(pool: pg.Pool, kysely: Kysely<Database>): Promise<void> {
  const lockHolder = await pool.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [PG_MIGRATE_LOCK]);
    await migrate(kysely as Kysely<unknown>, 'postgres');
  } finally {
    lockHolder.release(true);
  }
}
