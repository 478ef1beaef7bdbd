/**
 * The engines every dialect-independent suite runs on: SQLite in memory and a fresh database on
 * the run's private PostgreSQL server (started by pgGlobalSetup.ts, or by `usePgServer` in a suite
 * run without it), a copy of the migrated template, so openPostgres finds nothing to migrate.
 * Use as `describe.each(dialects)('$name', ({ open }) => …)`.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, inject } from 'vitest';
import { openPostgres, postgresKysely } from '../postgres.js';
import type { Database } from '../schema.js';
import type { Db } from '../db.js';
import { openSqlite } from '../sqlite.js';
import { MIGRATED_TEMPLATE, createMigratedTemplate, createPgDatabase, dropPgDatabase, startPgServer, type PgServer } from './pgServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the `postgres` database of the run's private PostgreSQL server (pgGlobalSetup.ts). */
    hegaoPgUrl: string;
  }
}

/** One engine: its name and how to open a new, empty, migrated database on it. */
export interface DialectCase {
  name: Db['dialect'];
  /** A new database; `file` asks SQLite for a file (else ':memory:'), PostgreSQL ignores it. */
  open(file?: string): Promise<Db>;
  /** A new database with no schema, for tests that migrate it part of the way themselves. */
  unmigrated(): Promise<Kysely<Database>>;
}

let ownServer: Promise<PgServer> | null = null;

/**
 * In a suite run without pgGlobalSetup (e.g. another package's vitest config): starts a private
 * server for this test file, stopped after it. Call at the top level of the file.
 */
export function usePgServer(): void {
  ownServer ??= (async () => {
    const server = await startPgServer();
    await createMigratedTemplate(server.url('postgres'), async (url) => (await openPostgres(url)).close());
    return server;
  })();
  // A failed start fails the tests that wait for it, not the run as an unhandled rejection.
  ownServer.catch(() => {});
  afterAll(async () => {
    const server = ownServer;
    ownServer = null;
    await (await server?.catch(() => null))?.stop();
  });
}

/**
 * A new database on the private server, as a URL: a copy of the migrated template, or empty (not
 * migrated) when `migrated` is false.
 */
export async function newPgDatabase(migrated = true): Promise<string> {
  const template = migrated ? { template: MIGRATED_TEMPLATE } : {};
  if (ownServer) return createPgDatabase((await ownServer).url('postgres'), template);
  const admin = inject('hegaoPgUrl');
  if (!admin) throw new Error('no private PostgreSQL: add src/test/pgGlobalSetup.ts to globalSetup, or call usePgServer()');
  return createPgDatabase(admin, template);
}

export const sqliteCase: DialectCase = {
  name: 'sqlite',
  open: (file) => openSqlite(file ?? ':memory:'),
  unmigrated: async () => new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) }),
};

export const postgresCase: DialectCase = {
  name: 'postgres',
  open: async () => {
    const url = await newPgDatabase();
    const db = await openPostgres(url);
    // Dropped once closed: a run creates one per test, each a few MB (in memory, see pgServer.ts).
    return {
      ...db,
      close: async () => {
        await db.close();
        await dropPgDatabase(url);
      },
    };
  },
  unmigrated: async () => postgresKysely(await newPgDatabase(false)).kysely,
};

/** SQLite and PostgreSQL. */
export const dialects: readonly DialectCase[] = [sqliteCase, postgresCase];
