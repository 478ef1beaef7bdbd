/**
 * How a document (or the whole report) is connected, as the status pill shows it. `stopped`: the
 * network is fine but the server closed the document for good (44xx: session ended, section
 * deleted, …); the section card says why. Only `offline` means the network is gone.
 */
export type ConnectionStatus = 'connected' | 'connecting' | 'offline' | 'stopped';

/** Chinese label of each connection status. */
export const CONNECTION_STATUS_LABEL: Record<ConnectionStatus, string> = {
  connected: '已连接',
  connecting: '重连中',
  offline: '离线',
  stopped: '已断开',
};

/** The pill's label: 连接中 while the first connection is being made, 重连中 once it was lost. */
export function connectionLabel(status: ConnectionStatus, everConnected: boolean): string {
  return status === 'connecting' && !everConnected ? '连接中' : CONNECTION_STATUS_LABEL[status];
}

/**
 * The report's status from its sections': offline as soon as one is offline, then connecting while
 * one is connecting, then stopped when the server closed one, connected only when all are (a
 * report without documents counts as connected).
 */
export function aggregateConnectionStatus(statuses: Iterable<ConnectionStatus>): ConnectionStatus {
  let connecting = false;
  let stopped = false;
  for (const status of statuses) {
    if (status === 'offline') return 'offline';
    if (status === 'connecting') connecting = true;
    if (status === 'stopped') stopped = true;
  }
  return connecting ? 'connecting' : stopped ? 'stopped' : 'connected';
}
