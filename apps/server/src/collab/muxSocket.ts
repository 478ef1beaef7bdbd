/**
 * The multiplexed collaboration socket `/collab-mux`: one WebSocket carries every document a
 * page has open, each bound to its own collab-core connection with its own access, exactly as a
 * `/collab/:docName` socket would be. Browsers open one WebSocket handshake per host at a time,
 * so a report of thirty sections goes live in one handshake instead of thirty.
 */
import type { WebSocket } from 'ws';
import { CLOSE, type CollabIdentity, type Connection } from '@hegao/collab';
import type { AppContext } from '../context.js';
import { decodeMuxFrame, encodeMuxClose, encodeMuxData, encodeMuxOpened } from './muxProtocol.js';
import type { SocketBinding } from './SocketBinding.js';

/** Most documents one socket may hold open. */
export const MAX_MUX_DOCUMENTS = 500;

/** Binds an authenticated mux socket: demultiplexes frames to one collab connection per document. */
export function bindMux(ctx: AppContext, ws: WebSocket, identity: CollabIdentity): SocketBinding {
  const conns = new Map<string, Connection>();
  const send = (frame: Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  const detach = (docName: string) => {
    const conn = conns.get(docName);
    if (!conn) return;
    conns.delete(docName);
    ctx.collab.disconnect(conn);
  };
  const open = (docName: string) => {
    detach(docName);
    if (conns.size >= MAX_MUX_DOCUMENTS) {
      send(encodeMuxClose(docName, CLOSE.badMessage, 'too many documents on one socket'));
      return;
    }
    let conn: Connection | null = null;
    conn = ctx.collab.connect(
      {
        send: (data) => {
          if (conn && conns.get(docName) === conn) send(encodeMuxData(docName, data));
        },
        close: (code, reason) => {
          if (!conn || conns.get(docName) !== conn) return;
          conns.delete(docName);
          send(encodeMuxClose(docName, code, reason));
        },
      },
      identity,
      docName,
    );
    conns.set(docName, conn);
    // Sent before anything the core sends for this document (that comes after its access check).
    send(encodeMuxOpened(docName));
  };
  return {
    receive(data) {
      let frame;
      try {
        frame = decodeMuxFrame(data);
      } catch (err) {
        ctx.logger.warn('malformed mux frame; closing the socket', { userId: identity.userId, reason: (err as Error).message });
        ws.close(CLOSE.badMessage, 'malformed mux frame');
        return;
      }
      if (frame.kind === 'open') return open(frame.docName);
      if (frame.kind === 'close') return detach(frame.docName);
      const conn = conns.get(frame.docName);
      if (!conn) {
        send(encodeMuxClose(frame.docName, CLOSE.badMessage, 'document not open on this socket'));
        return;
      }
      ctx.collab.receive(conn, frame.data);
    },
    refuseText() {
      ctx.logger.warn('text frame on collab mux socket', { userId: identity.userId });
      ws.close(CLOSE.badMessage, 'binary frames only');
    },
    close() {
      for (const docName of [...conns.keys()]) detach(docName);
    },
  };
}
