/**
 * Counts what a better-sqlite3 connection is asked to do, for hot-path guard tests: statements
 * prepared (Kysely prepares every query it runs, so this also counts query building), transactions
 * run through `transaction()` and Kysely's `commit`, and writes run outside any transaction
 * (autocommits, each its own fsync). Install it before the code under test prepares anything.
 * Exported for the guard tests of other packages (the server's keystroke path); not for production use.
 */
import type BetterSqlite3 from 'better-sqlite3';

export interface SqliteCounts {
  /** SQL of every statement prepared. */
  prepares: string[];
  /** Transactions committed (better-sqlite3 `transaction()` runs and Kysely `commit`s). */
  commits: number;
  /** SQL of writes run outside a transaction. */
  autocommitWrites: string[];
  reset(): void;
}

export function countSqlite(db: BetterSqlite3.Database): SqliteCounts {
  const counts: SqliteCounts = {
    prepares: [],
    commits: 0,
    autocommitWrites: [],
    reset() {
      counts.prepares = [];
      counts.commits = 0;
      counts.autocommitWrites = [];
    },
  };
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    counts.prepares.push(source);
    const stmt = prepare(source);
    const run = stmt.run.bind(stmt);
    const kind = /^\s*(\w+)/.exec(source)?.[1]?.toLowerCase();
    stmt.run = ((...params: unknown[]) => {
      if (kind === 'commit') counts.commits++;
      else if (!stmt.reader && kind !== 'begin' && kind !== 'rollback' && !db.inTransaction) counts.autocommitWrites.push(source);
      return run(...params);
    }) as typeof stmt.run;
    return stmt;
  }) as typeof db.prepare;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) =>
    transaction((...args: unknown[]) => {
      const out = fn(...args);
      counts.commits++;
      return out;
    })) as typeof db.transaction;
  return counts;
}
