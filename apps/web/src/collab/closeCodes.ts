import { CLOSE } from '@hegao/collab/protocol';

/** Chinese explanation of a terminal (44xx) close of the collaboration socket. */
export function closeMessage(code: number): string {
  switch (code) {
    case CLOSE.unauthenticated:
      return '登录已失效，请重新登录';
    case CLOSE.forbidden:
      return '您无权查看本章节';
    case CLOSE.unknownDoc:
      return '本章节已不存在，请刷新页面';
    case CLOSE.clientIdTaken:
      return '编辑身份冲突，已停止同步，请刷新页面后继续编辑';
    case CLOSE.tooMany:
      return '打开的窗口或连接过多，已停止同步，请关闭其他窗口后刷新页面';
    case CLOSE.badMessage:
      return '同步出现错误，已停止同步，请刷新页面';
    default:
      return `连接已被服务器关闭（${code}），请刷新页面`;
  }
}

/** Whether y-websocket (≥ 3.1) gives up after this close code instead of reconnecting. */
export function isTerminalClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}
