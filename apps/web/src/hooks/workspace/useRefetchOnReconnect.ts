import { useEffect } from 'react';
import type { ReportSession } from '../../collab/ReportSession';
import type { ConnectionStatus } from '../../collab/connectionStatus';
import { watchReconnect } from './reconnectWatch';

/**
 * Refetches (`refetch`) the moment the report's collaboration sockets are back after a drop, so
 * section states shown are current then (issue 16: a card kept 编写中 and 提交 for over a minute after
 * reconnecting although a colleague had submitted it). The event stream refetches on its own
 * reconnection as well (hooks/reportStream.ts); whichever comes first wins, and the loader merges
 * overlapping refetches.
 */
export function useRefetchOnReconnect(session: ReportSession | null, refetch: (() => void) | null): void {
  useEffect(() => {
    if (!session || !refetch) return;
    let last: ConnectionStatus | null = session.status.get();
    return session.status.subscribe(() => {
      last = watchReconnect(last, session.status.get(), refetch);
    });
  }, [session, refetch]);
}
