import { useSyncExternalStore } from 'react';
import { session } from '../session/session';
import type { SessionState } from '../session/sessionStore';

/** The current session state; re-renders on sign-in, sign-out and expiry. */
export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
}
