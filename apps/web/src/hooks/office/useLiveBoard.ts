import type { Board } from '../../api/officeApi';
import type { LiveLoader, LiveState } from '../../report/LiveLoader';
import { useLiveLoader } from '../useLiveLoader';
import { officeClient } from './officeClient';

const fetchBoard = (reportId: string, signal: AbortSignal) => officeClient.getBoard(reportId, signal);

/** A report's progress board that stays on screen while refetched; call `loader.refetch()` on every report event. */
export function useLiveBoard(reportId: string): { state: LiveState<Board>; loader: LiveLoader<Board> | null } {
  return useLiveLoader(reportId, fetchBoard);
}
