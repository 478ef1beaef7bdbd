import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Board } from '../../api/officeApi';
import { LiveLoader, type LiveState } from '../../report/LiveLoader';
import { officeClient } from './officeClient';

const LOADING: LiveState<Board> = { status: 'loading' };
const noop = () => () => undefined;

/** A report's progress board that stays on screen while refetched; call `loader.refetch()` on every report event. */
export function useLiveBoard(reportId: string): { state: LiveState<Board>; loader: LiveLoader<Board> | null } {
  const [entry, setEntry] = useState<{ id: string; loader: LiveLoader<Board> } | null>(null);
  useEffect(() => {
    const loader = new LiveLoader<Board>((signal) => officeClient.getBoard(reportId, signal));
    setEntry({ id: reportId, loader });
    return () => {
      loader.destroy();
      setEntry(null);
    };
  }, [reportId]);
  // A loader of a previous report (between the id change and the effect) must not show its board.
  const loader = entry && entry.id === reportId ? entry.loader : null;
  const state = useSyncExternalStore(loader?.store.subscribe ?? noop, loader?.store.get ?? (() => LOADING));
  return { state: loader ? state : LOADING, loader };
}
