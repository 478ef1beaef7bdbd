/**
 * Wire format of the collaboration socket: the y-websocket protocol (sync, awareness, auth,
 * query-awareness) plus one 合稿 message that tells a client whether it may write.
 * Encoding lives here, apart from rooms and I/O, as y-protocols keeps sync.js and awareness.js.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-websocket message type: sync step 1 / step 2 / update. */
export const MESSAGE_SYNC = 0;
/** y-websocket message type: awareness update. */
export const MESSAGE_AWARENESS = 1;
/** y-websocket message type: auth (server → client: permission denied with a reason). */
export const MESSAGE_AUTH = 2;
/** y-websocket message type: the peer asks for all awareness states. */
export const MESSAGE_QUERY_AWARENESS = 3;
/** 合稿 message type: the connection's access mode changed (JSON payload, see AccessState). */
export const MESSAGE_ACCESS = 100;
/**
 * 合稿 message type: flush, `[101, varUint(id)]` both ways. A client sends it after its updates; the
 * server answers with the same id once every update it received before is durable (stored, or
 * refused). A client uses it before 提交 so nothing typed just before the click is left behind.
 */
export const MESSAGE_FLUSH = 101;

/** Sync sub-message types (y-protocols/sync). */
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** Close codes the server uses; documented in docs/api.md. */
export const CLOSE = {
  /** Malformed, truncated or otherwise invalid message, or an unknown message type. */
  badMessage: 4400,
  /** No valid session or token (missing, expired, forged). */
  unauthenticated: 4401,
  /** The user may not read this document (or lost the right to). */
  forbidden: 4403,
  /** No document with that name. */
  unknownDoc: 4404,
  /** A Yjs clientID already bound to another user was used. */
  clientIdTaken: 4409,
  /**
   * Over a limit of the server's (sync requests, documents or sockets per user or address, document
   * opens per second); terminal: the page says so rather than retrying. See docs/api.md.
   */
  tooMany: 4429,
  /**
   * The client did not read what the server sent: its outgoing buffer passed the limit. Transient
   * (4500–4599 means "try again later"): a stock client reconnects and syncs afresh.
   */
  notReading: 4503,
  /**
   * A frame larger than the server takes (`HEGAO_MAX_FRAME_BYTES`, default
   * {@link DEFAULT_MAX_FRAME_BYTES}); the WebSocket library closes with it. On `/collab-mux` the
   * web closes only the document whose frame it was, before sending it.
   */
  tooLarge: 1009,
  /** The server could not store an update; the client should reconnect and resend. */
  storeFailed: 1011,
  /** The server is shutting down. */
  goingAway: 1001,
} as const;

/** Largest WebSocket frame the server takes unless `HEGAO_MAX_FRAME_BYTES` says otherwise: 2 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 2 * 1024 * 1024;

/** What the server tells a client about its rights on one document. */
export interface AccessState {
  mode: 'read' | 'write';
  /** Chinese, shown to the user when mode is 'read'. */
  reason: string;
}

/** A decoded client → server message. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'flush'; id: number }
  | { type: 'auth' };

/** Thrown for bytes that are not a well-formed message. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  const len = decoding.readVarUint(decoder);
  // lib0 silently truncates a read past the end; a truncated frame must be refused instead.
  if (decoder.pos + len > decoder.arr.length) throw new ProtocolError('truncated payload');
  return decoding.readUint8Array(decoder, len);
}

/** Decodes one client frame; throws ProtocolError on anything malformed or unknown. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  let message: ClientMessage;
  const decoder = decoding.createDecoder(data);
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const sub = decoding.readVarUint(decoder);
        const payload = readBytes(decoder);
        if (sub === SYNC_STEP1) message = { type: 'sync-step1', stateVector: payload };
        else if (sub === SYNC_STEP2) message = { type: 'sync-step2', update: payload };
        else if (sub === SYNC_UPDATE) message = { type: 'update', update: payload };
        else throw new ProtocolError(`unknown sync message type ${sub}`);
        break;
      }
      case MESSAGE_AWARENESS:
        message = { type: 'awareness', update: readBytes(decoder) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        message = { type: 'query-awareness' };
        break;
      case MESSAGE_FLUSH:
        message = { type: 'flush', id: decoding.readVarUint(decoder) };
        break;
      case MESSAGE_AUTH:
        // Clients have nothing to say on this channel; accept and ignore the rest.
        return { type: 'auth' };
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`undecodable frame: ${(err as Error).message}`);
  }
  if (decoder.pos !== data.length) throw new ProtocolError('trailing bytes after message');
  return message;
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Server → client sync step 1 carrying the server's state vector. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** Server → client sync step 2 carrying the updates the client lacks. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** Server → client incremental update. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });
}

/** Server → client awareness update. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

/** y-protocols auth "permission denied"; the stock y-websocket client logs the reason. */
export function encodePermissionDenied(reason: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });
}

/** 合稿 access-state message: `[100, varString(JSON AccessState)]`. */
export function encodeAccess(state: AccessState): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_ACCESS);
    encoding.writeVarString(e, JSON.stringify(state));
  });
}

/** 合稿 flush message `[101, varUint(id)]`: sent by a client, echoed by the server once durable. */
export function encodeFlush(id: number): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_FLUSH);
    encoding.writeVarUint(e, id);
  });
}

/** Decodes the payload of a MESSAGE_ACCESS frame (for clients; the type byte already read). */
export function decodeAccessPayload(decoder: decoding.Decoder): AccessState {
  const parsed = JSON.parse(decoding.readVarString(decoder)) as AccessState;
  return { mode: parsed.mode === 'write' ? 'write' : 'read', reason: String(parsed.reason ?? '') };
}
