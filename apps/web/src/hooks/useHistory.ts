import { historyApi, type HistoryEntry } from '../api/historyApi';
import type { LiveLoader, LiveState } from '../report/LiveLoader';
import { useLiveLoader } from './useLiveLoader';

const fetchHistory = (reportId: string, signal: AbortSignal) => historyApi.listHistory(reportId, signal);

/** A report's recorded history (newest first) that stays on screen while refetched; call `loader.refetch()` on every report event. */
export function useHistory(reportId: string): { state: LiveState<HistoryEntry[]>; loader: LiveLoader<HistoryEntry[]> | null } {
  return useLiveLoader(reportId, fetchHistory);
}
