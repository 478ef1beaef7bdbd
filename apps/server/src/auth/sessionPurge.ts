/**
 * Expired login sessions are refused as soon as they expire (`findSessionUserId` looks at
 * `expires_at`); this removes their rows so the sessions table does not only grow. Runs at server
 * start and then hourly; the timer does not keep the process alive and is stopped on shutdown.
 */
import { purgeExpiredSessions } from '@hegao/storage';
import type { AppContext } from '../context.js';

/** How often expired sessions are removed. */
export const SESSION_PURGE_INTERVAL_MS = 3600_000;

/** A running purge timer. */
export interface SessionPurge {
  /** Clears the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Removes expired sessions once (resolving when done), then every `intervalMs` (never overlapping itself). */
export async function startSessionPurge(ctx: Pick<AppContext, 'db' | 'logger'>, intervalMs = SESSION_PURGE_INTERVAL_MS): Promise<SessionPurge> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const run = () => {
    if (busy) return running;
    busy = true;
    running = purgeExpiredSessions(ctx.db)
      .then((removed) => {
        if (removed > 0) ctx.logger.info('expired sessions removed', { removed });
      })
      .catch((err: unknown) => ctx.logger.error('session purge failed', { error: String((err as Error)?.stack ?? err) }))
      .finally(() => {
        busy = false;
      });
    return running;
  };
  await run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
