/**
 * The multiplexed collaboration socket `/collab-mux`: one WebSocket carries every document a
 * page has open, each bound to its own collab-core connection with its own access, exactly as a
 * `/collab/:docName` socket would be. Browsers open one WebSocket handshake per host at a time,
 * so a report of thirty sections goes live in one handshake instead of thirty. The frames, limits
 * and kinds are the collab package's (`@hegao/collab`, mux.ts), shared with the web's client.
 */
import type { WebSocket } from 'ws';
import {
  CLOSE,
  MAX_MUX_DOCUMENTS,
  MUX_OPEN_RATE,
  TokenBucket,
  decodeMuxClientFrame,
  encodeMuxClose,
  encodeMuxData,
  encodeMuxOpened,
  type CollabIdentity,
  type Connection,
} from '@hegao/collab';
import type { AppContext } from '../context.js';
import type { SocketBinding } from './SocketBinding.js';
import { closeSocket } from './wsSocket.js';

/**
 * Mux frames by the core frame they carry. The core sends one frame object to every connection
 * of a document (a relayed update, a cached sync answer), and a frame belongs to one document,
 * so each is wrapped once however many sockets it goes to.
 */
const wrapped = new WeakMap<Uint8Array, Uint8Array>();

function muxData(docName: string, data: Uint8Array): Uint8Array {
  let frame = wrapped.get(data);
  if (!frame) {
    frame = encodeMuxData(docName, data);
    wrapped.set(data, frame);
  }
  return frame;
}

/** Binds an authenticated mux socket: demultiplexes frames to one collab connection per document. */
export function bindMux(ctx: AppContext, ws: WebSocket, identity: CollabIdentity): SocketBinding {
  const conns = new Map<string, Connection>();
  const opens = new TokenBucket(MUX_OPEN_RATE.burst, MUX_OPEN_RATE.perSecond);
  /** Documents whose connection asked to stop reading: the shared socket reads again once none does. */
  const pausedBy = new Set<Connection>();
  const send = (frame: Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  const detach = (docName: string) => {
    const conn = conns.get(docName);
    if (!conn) return;
    conns.delete(docName);
    if (pausedBy.delete(conn) && pausedBy.size === 0) ws.resume();
    ctx.collab.disconnect(conn);
  };
  const open = (docName: string) => {
    if (!opens.take()) {
      ctx.logger.warn('mux socket refused: too many document opens', { userId: identity.userId });
      closeSocket(ws, CLOSE.tooMany, 'too many document opens');
      return;
    }
    detach(docName);
    if (conns.size >= MAX_MUX_DOCUMENTS) {
      send(encodeMuxClose(docName, CLOSE.badMessage, 'too many documents on one socket'));
      return;
    }
    let conn: Connection | null = null;
    conn = ctx.collab.connect(
      {
        send: (data) => {
          if (conn && conns.get(docName) === conn) send(muxData(docName, data));
        },
        close: (code, reason) => {
          if (!conn || conns.get(docName) !== conn) return;
          conns.delete(docName);
          // The buffer is the shared socket's: a client that does not read loses the socket.
          if (code === CLOSE.notReading) {
            ctx.logger.warn('mux socket closed: the client does not read', { docName, userId: identity.userId, buffered: ws.bufferedAmount });
            return closeSocket(ws, code, reason);
          }
          send(encodeMuxClose(docName, code, reason));
        },
        bufferedAmount: () => ws.bufferedAmount,
        pause: () => {
          if (!conn) return;
          pausedBy.add(conn);
          ws.pause();
        },
        resume: () => {
          if (!conn || !pausedBy.delete(conn) || pausedBy.size > 0) return;
          ws.resume();
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
        frame = decodeMuxClientFrame(data);
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
