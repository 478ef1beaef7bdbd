import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../api/ApiError';

/** State of data fetched for a component. */
export type ResourceState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError };

/** A resource plus a way to fetch it again. */
export type Resource<T> = ResourceState<T> & { reload: () => void };

/**
 * Loads data when `key` changes (or on `reload`), aborting the previous request. Results of a
 * stale key are never shown, so switching between reports cannot flash the wrong one.
 * `load` must be determined by `key`: a new closure with the same key does not refetch.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [entry, setEntry] = useState<{ key: string; attempt: number; state: ResourceState<T> } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setEntry({ key, attempt, state: { status: 'ready', data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setEntry({ key, attempt, state: { status: 'error', error: toApiError(error) } });
      },
    );
    return () => controller.abort();
    // `load` is deliberately not a dependency: callers build a new closure each render, and it is a function of `key`.
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const current = entry && entry.key === key && entry.attempt === attempt ? entry.state : { status: 'loading' as const };
  return { ...current, reload };
}
