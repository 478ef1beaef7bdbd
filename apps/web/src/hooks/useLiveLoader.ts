import { useEffect, useState, useSyncExternalStore } from 'react';
import { LiveLoader, type LiveState } from '../report/LiveLoader';

const LOADING = { status: 'loading' } as const;
const noop = () => () => undefined;

/**
 * Data of one report (`key`) that stays on screen while refetched: one LiveLoader per key, and
 * nothing of a previous key shown between a key change and the effect. Call `loader.refetch()`
 * on every report event.
 */
export function useLiveLoader<T>(key: string, fetch: (key: string, signal: AbortSignal) => Promise<T>): { state: LiveState<T>; loader: LiveLoader<T> | null } {
  const [entry, setEntry] = useState<{ key: string; loader: LiveLoader<T> } | null>(null);
  useEffect(() => {
    const loader = new LiveLoader<T>((signal) => fetch(key, signal));
    setEntry({ key, loader });
    return () => {
      loader.destroy();
      setEntry(null);
    };
    // `fetch` is a module-level function of the caller; only the key starts a new loader.
  }, [key]);
  const loader = entry && entry.key === key ? entry.loader : null;
  const state = useSyncExternalStore<LiveState<T>>(loader?.store.subscribe ?? noop, loader?.store.get ?? (() => LOADING));
  return { state: loader ? state : LOADING, loader };
}
