/** Opens the embedded SQLite database (WAL, full sync) and migrates it. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { migrate } from './migrations.js';
import type { Db, TransactionLogger } from './db.js';
import type { Database } from './schema.js';

/** Applies the connection settings every SQLite connection of the server uses. */
export function configureSqlite(database: BetterSqlite3.Database): void {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
}

/**
 * Kysely's SQLite driver, except that transactions begin IMMEDIATE: they take the write lock at
 * once, so one that reads then writes (the audit chain head) never finds its snapshot outdated by
 * the append or checkpoint connection (which would fail at once, not wait). A transaction begun
 * `setAccessMode('read only')` (e.g. audit verify) stays deferred: it only reads a snapshot and
 * holds no writer up.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin' : 'begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: BetterSqlite3.Database) {
    super({ database });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

/**
 * Opens (creating if needed) a SQLite file. WAL with synchronous=FULL: a committed transaction
 * survives a process kill and a power cut; group commit keeps that cheap.
 */
export async function openSqlite(file: string, options: { logger?: TransactionLogger } = {}): Promise<Db> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  configureSqlite(database);
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(database) });
  await migrate(kysely as Kysely<unknown>, 'sqlite');
  const closing: (() => Promise<void>)[] = [];
  return {
    kysely,
    dialect: 'sqlite',
    ...(file === ':memory:' ? {} : { file }),
    sqlite: database,
    ...(options.logger ? { logger: options.logger } : {}),
    onClose: (fn) => void closing.push(fn),
    close: async () => {
      for (const fn of closing.splice(0)) await fn();
      await kysely.destroy();
    },
  };
}
