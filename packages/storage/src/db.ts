/**
 * An open database, whichever engine holds it (sqlite.ts opens SQLite, postgres.ts PostgreSQL):
 * the type every repository, the DocStore, the audit chain and the migrations' callers take. In a
 * module of its own so that naming it pulls in neither engine.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Where the storage layer reports what it recovered from, e.g. a transaction retried (the server's logger; warn level). */
export interface TransactionLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** An open database with its dialect name. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** The SQLite file, for readers on their own connection (not set for ':memory:' or PostgreSQL). */
  file?: string;
  /**
   * The better-sqlite3 connection under `kysely` (SQLite only), for the hot path's statements
   * prepared once (see sqliteAppend.ts). Use it only while holding Kysely's connection
   * (`kysely.connection().execute(…)`), so it never runs inside someone else's transaction.
   */
  sqlite?: BetterSqlite3.Database;
  /** Where the storage layer warns of what it recovered from (a transaction retried after a deadlock). */
  logger?: TransactionLogger;
  /** Runs `fn` before the database closes (e.g. to write queued appends, stop the checkpoint worker). */
  onClose?(fn: () => Promise<void>): void;
  close(): Promise<void>;
}
