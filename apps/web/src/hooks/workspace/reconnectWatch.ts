import type { ConnectionStatus } from '../../collab/connectionStatus';

/**
 * Calls `onReconnected` each time a connection status comes back to `connected` after having been
 * anything else (重连中, 离线, stopped). While the connection was away the page may have missed the
 * report's events (a colleague's 提交, 退回, an outline change), so the caller refetches at once
 * rather than waiting for the event stream. The first `connected` of a page counts too: the report
 * may have changed between its fetch and the sockets' opening. Returns the next watcher state.
 *
 * @example
 * let last = null;
 * store.subscribe(() => { last = watchReconnect(last, store.get(), () => loader.refetch()); });
 */
export function watchReconnect(previous: ConnectionStatus | null, next: ConnectionStatus, onReconnected: () => void): ConnectionStatus {
  if (next === 'connected' && previous !== null && previous !== 'connected') onReconnected();
  return next;
}
