/** Closing and flow control of a `ws` socket, shared by the per-document and the multiplexed socket. */
import type { WebSocket } from 'ws';
import { CLOSE, closeReason } from '@hegao/collab';

/** How long a client that does not read has to take its close frame before the socket is dropped. */
const NOT_READING_GRACE_MS = 5000;

/**
 * Closes a socket with a reason cut to fit; a socket that cannot close cleanly is terminated. A
 * client closed for not reading (4503) is dropped outright if it still has not read its close
 * frame (queued behind what it left unread) after a grace period, freeing that buffer.
 */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, closeReason(reason));
  } catch {
    ws.terminate();
    return;
  }
  if (code === CLOSE.notReading) setTimeout(() => ws.terminate(), NOT_READING_GRACE_MS).unref();
}

/** The `CollabSocket` flow-control side of a ws socket: how much it holds unsent, pause and resume reading. */
export function flowControl(ws: WebSocket): { bufferedAmount(): number; pause(): void; resume(): void } {
  return {
    bufferedAmount: () => ws.bufferedAmount,
    pause: () => ws.pause(),
    resume: () => ws.resume(),
  };
}
