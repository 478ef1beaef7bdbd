/**
 * The engines every dialect-independent suite runs on: SQLite in memory and a fresh database on
 * the run's private PostgreSQL server (started by pgGlobalSetup.ts, or by `usePgServer` in a suite
 * run without it). Use as `describe.each(dialects)('$name', ({ open }) => …)`.
 */
import { afterAll, inject } from 'vitest';
import { openPostgres } from '../postgres.js';
import { openSqlite, type Db } from '../sqlite.js';
import { createPgDatabase, startPgServer, type PgServer } from './pgServer.js';

/** One engine: its name and how to open a new, empty, migrated database on it. */
export interface DialectCase {
  name: Db['dialect'];
  /** A new database; `file` asks SQLite for a file (else ':memory:'), PostgreSQL ignores it. */
  open(file?: string): Promise<Db>;
}

let ownServer: Promise<PgServer> | null = null;

/**
 * In a suite run without pgGlobalSetup (e.g. another package's vitest config): starts a private
 * server for this test file, stopped after it. Call at the top level of the file.
 */
export function usePgServer(): void {
  ownServer ??= startPgServer();
  afterAll(async () => {
    const server = ownServer;
    ownServer = null;
    await (await server)?.stop();
  });
}

/** A new empty database on the private server, as a URL. */
export async function newPgDatabase(): Promise<string> {
  if (ownServer) return (await ownServer).createDatabase();
  const admin = inject('hegaoPgUrl');
  if (!admin) throw new Error('no private PostgreSQL: add src/test/pgGlobalSetup.ts to globalSetup, or call usePgServer()');
  return createPgDatabase(admin);
}

export const sqliteCase: DialectCase = { name: 'sqlite', open: (file) => openSqlite(file ?? ':memory:') };
export const postgresCase: DialectCase = { name: 'postgres', open: async () => openPostgres(await newPgDatabase()) };

/** SQLite and PostgreSQL. */
export const dialects: readonly DialectCase[] = [sqliteCase, postgresCase];
