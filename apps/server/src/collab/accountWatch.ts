/**
 * Open collaboration sockets of an account that was disabled (`hegao user disable`, run in another
 * process) lose their documents within one interval: the watch looks up the users with open
 * connections and, for each that is disabled or gone, re-checks access on their documents — the
 * access resolver then answers "no read" and the collab core closes them with 4403. A socket whose
 * session ended where this process could not see it (`hegao user reset-password` ends them all;
 * expiry) is closed with 4401: the page must sign in again before it writes anything more. A
 * logout in this process closes its session's sockets at once (routes/auth.ts).
 */
import { CLOSE } from '@hegao/collab';
import { getUser, liveSessionHashes } from '@hegao/storage';
import type { AppContext } from '../context.js';
import { startPeriodic, type PeriodicJob } from '../jobs/periodic.js';

/** Default interval between checks. */
export const ACCOUNT_CHECK_INTERVAL_MS = 5_000;

/**
 * Closes the connections of disabled or deleted accounts (4403) and the sockets of sessions that
 * ended (4401); returns how many accounts and sessions were cut off.
 */
export async function revokeDisabledAccounts(ctx: Pick<AppContext, 'db' | 'collab' | 'logger' | 'sessionSockets'>): Promise<number> {
  let revoked = 0;
  for (const [userId, docs] of await ctx.collab.connectedUsers()) {
    const user = await getUser(ctx.db, userId);
    if (!user || user.disabled) {
      await ctx.collab.refreshAccess(docs);
      ctx.logger.warn('connections of a disabled account closed', { userId, documents: docs.size });
      revoked++;
    }
  }
  const sessions = ctx.sessionSockets.sessions();
  if (sessions.length === 0) return revoked;
  const live = await liveSessionHashes(ctx.db, sessions);
  for (const session of sessions) {
    if (live.has(session)) continue;
    const userId = ctx.sessionSockets.userOf(session);
    const sockets = ctx.sessionSockets.end(session, CLOSE.unauthenticated, 'session ended');
    if (sockets === 0) continue;
    ctx.logger.warn('sockets of an ended session closed', { userId, sockets });
    revoked++;
  }
  return revoked;
}

/** A running watch. */
export type AccountWatch = PeriodicJob;

/** Starts the periodic check (never overlapping itself). */
export function startAccountWatch(ctx: Pick<AppContext, 'db' | 'collab' | 'logger' | 'sessionSockets'>, intervalMs = ACCOUNT_CHECK_INTERVAL_MS): Promise<AccountWatch> {
  return startPeriodic({ name: 'account watch', intervalMs, logger: ctx.logger }, async () => {
    await revokeDisabledAccounts(ctx);
  });
}
