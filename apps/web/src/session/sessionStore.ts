import { toApiError } from '../api/ApiError';
import type { ApiClient } from '../api/client';
import type { Me } from '../api/types';

/** Where the session stands. */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; notice: string | null }
  | { status: 'signedIn'; me: Me }
  | { status: 'error'; message: string };

/** An external store for `useSyncExternalStore` holding who is signed in. */
export interface SessionStore {
  getSnapshot(): SessionState;
  subscribe(listener: () => void): () => void;
  /** Asks the server who is signed in (`GET /api/me`). */
  load(): Promise<void>;
  /** Signs in; rejects with an ApiError carrying the server's message. */
  login(username: string, password: string): Promise<void>;
  /** Signs out; rejects with an ApiError if the server could not be told. */
  logout(): Promise<void>;
}

/** Notice shown on the login page after the session expired mid-use. */
export const SESSION_EXPIRED_NOTICE = '登录已失效，请重新登录';

/**
 * Creates the session store over an API client. A 401 on any authenticated request signs the
 * user out with {@link SESSION_EXPIRED_NOTICE}.
 */
export function createSessionStore(api: ApiClient): SessionStore {
  let state: SessionState = { status: 'loading' };
  const listeners = new Set<() => void>();
  // Bumped by every transition so a slow `load` cannot overwrite a newer login or logout.
  let generation = 0;

  function set(next: SessionState): void {
    generation += 1;
    state = next;
    for (const listener of [...listeners]) listener();
  }

  api.onUnauthorized(() => {
    if (state.status === 'signedIn') set({ status: 'signedOut', notice: SESSION_EXPIRED_NOTICE });
  });

  return {
    getSnapshot: () => state,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async load() {
      if (state.status !== 'loading') set({ status: 'loading' });
      const started = generation;
      try {
        const me = await api.me();
        if (generation !== started) return;
        set(me ? { status: 'signedIn', me } : { status: 'signedOut', notice: null });
      } catch (error) {
        if (generation !== started) return;
        set({ status: 'error', message: toApiError(error).message });
      }
    },

    async login(username, password) {
      const me = await api.login(username, password);
      set({ status: 'signedIn', me });
    },

    async logout() {
      await api.logout();
      set({ status: 'signedOut', notice: null });
    },
  };
}
