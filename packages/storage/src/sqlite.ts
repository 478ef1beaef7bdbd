/** Opens the embedded SQLite database (WAL, full sync) and migrates it. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';

/** An open database with its dialect name. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** The SQLite file, for readers on their own connection (not set for ':memory:' or PostgreSQL). */
  file?: string;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) a SQLite file. WAL with synchronous=FULL: a committed transaction
 * survives a process kill and a power cut; group commit keeps that cheap.
 */
export async function openSqlite(file: string): Promise<Db> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrate(kysely as Kysely<unknown>, 'sqlite');
  return {
    kysely,
    dialect: 'sqlite',
    ...(file === ':memory:' ? {} : { file }),
    close: () => kysely.destroy(),
  };
}
