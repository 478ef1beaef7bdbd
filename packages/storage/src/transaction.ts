/**
 * The one place a whole transaction is run and, on PostgreSQL, run again when the database chose
 * it as a deadlock's victim (40P01) or refused it as a serialization failure (40001). Both roll
 * the whole transaction back and leave nothing written, so running the callback again from the
 * start is safe — as long as the callback only talks to the database through `tx`: no event
 * published, no socket told, no file written inside it (those belong after the commit, where the
 * commands put them). Any other error, and the last attempt's, reaches the caller unchanged.
 *
 * Every transaction of a request goes through here: `inTransaction` (the commands), the
 * repositories that open their own (`withinTransaction`, createSection, lockVersion, unlockVersion)
 * and the keystrokes' group commit. SQLite never raises these codes (its writers take the lock at
 * BEGIN), so there the helper runs the callback once.
 */
import type { Db } from './db.js';

/** Options of {@link runTransaction}. */
export interface RunTransactionOptions {
  /** Attempts in all, the first included (default {@link TRANSACTION_ATTEMPTS}); 1 never retries. */
  attempts?: number;
  /** Names the transaction in the warning logged on a retry (e.g. 'group commit'). */
  label?: string;
  /** Read-only access mode (a snapshot read; no writer held up on SQLite). */
  readOnly?: boolean;
}

/** Attempts of a transaction that keeps failing on a deadlock or serialization error. */
export const TRANSACTION_ATTEMPTS = 5;
/** Backoff before the second attempt; doubled for each further one, capped at {@link MAX_BACKOFF_MS}. */
const BASE_BACKOFF_MS = 10;
const MAX_BACKOFF_MS = 250;

/** PostgreSQL's deadlock_detected (40P01) and serialization_failure (40001): worth another try. */
export function retryableTransactionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * How long to wait before attempt `attempt + 1` (attempt ≥ 1): an exponential step, jittered
 * between half and all of it, so two transactions that deadlocked do not collide again in step.
 */
export function transactionBackoffMs(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Runs `fn` in one transaction on `db` and hands it a Db bound to that transaction; retried from
 * the start, with jittered backoff, when PostgreSQL rolled it back for a deadlock or serialization
 * failure (each retry logged at warn on `db.logger`). `db` must not itself be a transaction: a
 * retry inside someone else's transaction could not undo what the outer one did before.
 */
export async function runTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>, options: RunTransactionOptions = {}): Promise<T> {
  if (db.kysely.isTransaction) throw new Error('runTransaction: already inside a transaction (use the transaction\'s Db directly)');
  const attempts = Math.max(1, options.attempts ?? TRANSACTION_ATTEMPTS);
  for (let attempt = 1; ; attempt++) {
    try {
      let begin = db.kysely.transaction();
      if (options.readOnly) begin = begin.setAccessMode('read only');
      return await begin.execute((trx) => fn({ kysely: trx, dialect: db.dialect, close: async () => {} }));
    } catch (err) {
      if (attempt >= attempts || !retryableTransactionError(err)) throw err;
      const waitMs = transactionBackoffMs(attempt);
      db.logger?.warn('transaction retried', {
        ...(options.label ? { transaction: options.label } : {}),
        code: (err as { code: string }).code,
        error: (err as Error).message,
        attempt,
        of: attempts,
        waitMs,
      });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
