/**
 * Frames of the multiplexed collaboration socket `/collab-mux`: many documents over one
 * WebSocket. Both ends use this module — the server's adapter (apps/server collab/muxSocket.ts)
 * and the web's WebSocket polyfill (apps/web collab/MuxWebSocket.ts) — so the format, its limits
 * and its codes are written once. Browser-safe (lib0 only); the web imports it as
 * `@hegao/collab/mux`. See docs/api.md, "Multiplexed socket".
 *
 * Each binary frame is `varString docName` + `varUint kind` + payload:
 *  - 0 OPEN   client → server, no payload: subscribe.
 *  - 1 DATA   both ways, `varUint8Array` holding one y-websocket message.
 *  - 2 CLOSE  client → server, no payload: unsubscribe (the server does not answer);
 *             server → client, `varUint code` + `varString reason`: the document's connection closed.
 *  - 3 OPENED server → client, no payload: the subscription is accepted; sent before anything
 *             else of that subscription.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ProtocolError } from './protocol.js';

/** Frame kinds. */
export const MUX = {
  /** client → server: subscribe to a document (no payload). */
  open: 0,
  /** both ways: `varUint8Array` with one y-websocket message. */
  data: 1,
  /** client → server: unsubscribe; server → client: `varUint code` + `varString reason`. */
  close: 2,
  /** server → client: the subscription is accepted. */
  opened: 3,
} as const;

/** Longest document name (UTF-16 code units), as on a `/collab/:docName` socket. */
export const MAX_MUX_DOC_NAME = 200;

/** Longest close reason the server puts in a CLOSE frame (characters). */
export const MAX_MUX_CLOSE_REASON = 120;

/**
 * Most documents one socket may hold open; one more gets a per-document CLOSE 4400 without
 * OPENED (a client that matches OPENED to OPEN refuses locally before that).
 */
export const MAX_MUX_DOCUMENTS = 500;

/**
 * How often one socket may open (or reopen) documents: every document of a page at once, twice
 * over, then 20 a second. Each open checks access and may load a document; past this the socket
 * is closed with 4429.
 */
export const MUX_OPEN_RATE = { burst: 2 * MAX_MUX_DOCUMENTS, perSecond: 20 } as const;

/** A decoded client frame (what the server reads). */
export type MuxClientFrame =
  | { docName: string; kind: 'open' }
  | { docName: string; kind: 'data'; data: Uint8Array }
  | { docName: string; kind: 'close' };

/** A decoded server frame (what the client reads). */
export type MuxServerFrame =
  | { docName: string; kind: 'opened' }
  | { docName: string; kind: 'data'; data: Uint8Array }
  | { docName: string; kind: 'close'; code: number; reason: string };

/** Decodes a client frame strictly (exact lengths, no trailing bytes, known kinds); throws on anything malformed. */
export function decodeMuxClientFrame(frame: Uint8Array): MuxClientFrame {
  const decoder = decoding.createDecoder(frame);
  const nameLength = decoding.peekVarUint(decoder);
  if (nameLength > MAX_MUX_DOC_NAME * 4 || decoder.pos + nameLength > frame.length) throw new ProtocolError('bad document name');
  const docName = decoding.readVarString(decoder);
  if (docName.length === 0 || docName.length > MAX_MUX_DOC_NAME) throw new ProtocolError('bad document name');
  const kind = decoding.readVarUint(decoder);
  if (kind === MUX.open || kind === MUX.close) {
    if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes');
    return { docName, kind: kind === MUX.open ? 'open' : 'close' };
  }
  if (kind !== MUX.data) throw new ProtocolError(`unknown frame kind ${kind}`);
  const length = decoding.readVarUint(decoder);
  if (decoder.pos + length !== frame.length) throw new ProtocolError('truncated or trailing data');
  return { docName, kind: 'data', data: decoding.readUint8Array(decoder, length) };
}

/** Decodes a server frame strictly (exact lengths, no trailing bytes, known kinds); `null` if malformed. */
export function decodeMuxServerFrame(frame: Uint8Array): MuxServerFrame | null {
  try {
    const decoder = decoding.createDecoder(frame);
    const docName = readBoundedString(decoder);
    if (docName === null || docName.length === 0) return null;
    const kind = decoding.readVarUint(decoder);
    if (kind === MUX.opened) {
      return decoding.hasContent(decoder) ? null : { docName, kind: 'opened' };
    }
    if (kind === MUX.data) {
      const length = decoding.readVarUint(decoder);
      if (decoder.pos + length !== frame.length) return null;
      return { docName, kind: 'data', data: decoding.readUint8Array(decoder, length) };
    }
    if (kind === MUX.close) {
      const code = decoding.readVarUint(decoder);
      const reason = readBoundedString(decoder);
      if (reason === null || decoding.hasContent(decoder)) return null;
      return { docName, kind: 'close', code, reason };
    }
    return null;
  } catch {
    return null; // truncated varint and the like
  }
}

/** lib0's readVarString, but `null` instead of reading past the end of the frame. */
function readBoundedString(decoder: decoding.Decoder): string | null {
  const start = decoder.pos;
  const length = decoding.readVarUint(decoder);
  if (decoder.pos + length > decoder.arr.length) return null;
  decoder.pos = start;
  return decoding.readVarString(decoder);
}

function frame(docName: string, kind: number, write?: (encoder: encoding.Encoder) => void): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, docName);
  encoding.writeVarUint(encoder, kind);
  write?.(encoder);
  return encoding.toUint8Array(encoder);
}

/** DATA, both ways: one y-websocket message of a document. */
export function encodeMuxData(docName: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
  return frame(docName, MUX.data, (e) => encoding.writeVarUint8Array(e, data));
}

/** Server → client: the document's subscription is accepted. */
export function encodeMuxOpened(docName: string): Uint8Array<ArrayBuffer> {
  return frame(docName, MUX.opened);
}

/** Server → client: the document's connection closed with a close code and reason (cut to {@link MAX_MUX_CLOSE_REASON}). */
export function encodeMuxClose(docName: string, code: number, reason: string): Uint8Array<ArrayBuffer> {
  return frame(docName, MUX.close, (e) => {
    encoding.writeVarUint(e, code);
    encoding.writeVarString(e, reason.slice(0, MAX_MUX_CLOSE_REASON));
  });
}

/** Client → server: OPEN and CLOSE without payload, DATA with one y-websocket message. */
export function encodeMuxClientFrame(docName: string, kind: 'open' | 'close' | 'data', data?: Uint8Array): Uint8Array<ArrayBuffer> {
  if (kind === 'data') return encodeMuxData(docName, data ?? new Uint8Array());
  return frame(docName, kind === 'open' ? MUX.open : MUX.close);
}
