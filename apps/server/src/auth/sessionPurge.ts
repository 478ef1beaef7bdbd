/**
 * Expired login sessions are refused as soon as they expire (`findSessionUserId` looks at
 * `expires_at`); this removes their rows so the sessions table does not only grow. Runs at server
 * start and then hourly; the timer does not keep the process alive and is stopped on shutdown.
 */
import { purgeExpiredSessions } from '@hegao/storage';
import type { AppContext } from '../context.js';
import { startPeriodic, type PeriodicJob } from '../jobs/periodic.js';

/** How often expired sessions are removed. */
export const SESSION_PURGE_INTERVAL_MS = 3600_000;

/** A running purge timer. */
export type SessionPurge = PeriodicJob;

/** Removes expired sessions once (resolving when done), then every `intervalMs` (never overlapping itself). */
export function startSessionPurge(ctx: Pick<AppContext, 'db' | 'logger'>, intervalMs = SESSION_PURGE_INTERVAL_MS): Promise<SessionPurge> {
  return startPeriodic({ name: 'session purge', intervalMs, logger: ctx.logger, runAtStart: true }, async () => {
    const removed = await purgeExpiredSessions(ctx.db);
    if (removed > 0) ctx.logger.info('expired sessions removed', { removed });
  });
}
