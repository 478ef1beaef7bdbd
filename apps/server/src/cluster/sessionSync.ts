/**
 * Ended sessions shared by the servers: a logout on one server closes that session's sockets on
 * all of them at once. (Without the message — a gap — each server's account watch finds the
 * ended session in the database within HEGAO_ACCOUNT_CHECK_SECONDS.)
 */
import { CLOSE } from '@hegao/collab';
import type { SessionSockets } from '../collab/sessionSockets.js';
import type { Bus } from './bus.js';

export const SESSIONS_CHANNEL = 'sessions-ended';

export function shareEndedSessions(sessions: SessionSockets, bus: Bus): { ended(sessionHash: string): Promise<void>; stop(): void } {
  const unsubscribe = bus.subscribe(SESSIONS_CHANNEL, (message) => {
    if (typeof message === 'string') sessions.end(message, CLOSE.unauthenticated, 'signed out');
  });
  return { ended: (sessionHash) => bus.publish(SESSIONS_CHANNEL, sessionHash), stop: () => unsubscribe() };
}
