/** How a document (or the whole report) is connected, as the status pill shows it. */
export type ConnectionStatus = 'connected' | 'connecting' | 'offline';

/** Chinese label of each connection status. */
export const CONNECTION_STATUS_LABEL: Record<ConnectionStatus, string> = {
  connected: '已连接',
  connecting: '重连中',
  offline: '离线',
};

/** The pill's label: 连接中 while the first connection is being made, 重连中 once it was lost. */
export function connectionLabel(status: ConnectionStatus, everConnected: boolean): string {
  return status === 'connecting' && !everConnected ? '连接中' : CONNECTION_STATUS_LABEL[status];
}

/**
 * The report's status from its sections': offline as soon as one is offline, connected only when
 * all are (a report without documents counts as connected), otherwise connecting.
 */
export function aggregateConnectionStatus(statuses: Iterable<ConnectionStatus>): ConnectionStatus {
  let allConnected = true;
  for (const status of statuses) {
    if (status === 'offline') return 'offline';
    if (status !== 'connected') allConnected = false;
  }
  return allConnected ? 'connected' : 'connecting';
}
