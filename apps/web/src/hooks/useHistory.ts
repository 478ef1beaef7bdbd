import { useEffect, useState, useSyncExternalStore } from 'react';
import { historyApi, type HistoryEntry } from '../api/historyApi';
import { LiveLoader, type LiveState } from '../report/LiveLoader';

const LOADING: LiveState<HistoryEntry[]> = { status: 'loading' };
const noop = () => () => undefined;

/** A report's recorded history (newest first) that stays on screen while refetched; call `loader.refetch()` on every report event. */
export function useHistory(reportId: string): { state: LiveState<HistoryEntry[]>; loader: LiveLoader<HistoryEntry[]> | null } {
  const [entry, setEntry] = useState<{ id: string; loader: LiveLoader<HistoryEntry[]> } | null>(null);
  useEffect(() => {
    const loader = new LiveLoader<HistoryEntry[]>((signal) => historyApi.listHistory(reportId, signal));
    setEntry({ id: reportId, loader });
    return () => {
      loader.destroy();
      setEntry(null);
    };
  }, [reportId]);
  // A loader of a previous report (between the id change and the effect) must not show its history.
  const loader = entry && entry.id === reportId ? entry.loader : null;
  const state = useSyncExternalStore(loader?.store.subscribe ?? noop, loader?.store.get ?? (() => LOADING));
  return { state: loader ? state : LOADING, loader };
}
