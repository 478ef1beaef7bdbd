import { useRef } from 'react';
import { connectionLabel, type ConnectionStatus } from '../../collab/connectionStatus';
import './ConnectionPill.css';

const TITLES: Record<ConnectionStatus, string> = {
  connected: '所有章节已与服务器同步',
  connecting: '正在连接服务器，修改会在连接后自动同步',
  offline: '网络已断开，修改保存在本机，联网后自动同步',
  stopped: '服务器已停止同步部分章节，原因见章节上的说明；请刷新页面',
};

/** The report's connection status: 已连接 (green), 连接中 / 重连中 (amber), 离线 (red), 已断开 (grey). */
export function ConnectionPill({ status }: { status: ConnectionStatus }) {
  const everConnected = useRef(false);
  if (status === 'connected') everConnected.current = true;
  return (
    <span className={`connection-pill connection-pill--${status}`} data-testid="connection-status" data-state={status} title={TITLES[status]} role="status" aria-live="polite">
      <span className="connection-pill__dot" aria-hidden="true" />
      {connectionLabel(status, everConnected.current)}
    </span>
  );
}
