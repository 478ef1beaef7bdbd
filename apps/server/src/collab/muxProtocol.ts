/**
 * Frames of the multiplexed collaboration socket `/collab-mux`: many documents over one
 * WebSocket. Each frame is `varString docName` + `varUint kind` + payload (see docs/api.md).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

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

/** A decoded client frame. */
export type MuxFrame =
  | { docName: string; kind: 'open' }
  | { docName: string; kind: 'data'; data: Uint8Array }
  | { docName: string; kind: 'close' };

const MAX_DOC_NAME = 200;

/** Decodes a client frame; throws on anything malformed. */
export function decodeMuxFrame(frame: Uint8Array): MuxFrame {
  const decoder = decoding.createDecoder(frame);
  const nameLength = decoding.peekVarUint(decoder);
  if (nameLength > MAX_DOC_NAME * 4 || decoder.pos + nameLength > frame.length) throw new Error('bad document name');
  const docName = decoding.readVarString(decoder);
  if (docName.length === 0 || docName.length > MAX_DOC_NAME) throw new Error('bad document name');
  const kind = decoding.readVarUint(decoder);
  if (kind === MUX.open || kind === MUX.close) {
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    return { docName, kind: kind === MUX.open ? 'open' : 'close' };
  }
  if (kind !== MUX.data) throw new Error(`unknown frame kind ${kind}`);
  const length = decoding.readVarUint(decoder);
  if (decoder.pos + length !== frame.length) throw new Error('truncated or trailing data');
  return { docName, kind: 'data', data: decoding.readUint8Array(decoder, length) };
}

function frame(docName: string, kind: number, write?: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, docName);
  encoding.writeVarUint(encoder, kind);
  write?.(encoder);
  return encoding.toUint8Array(encoder);
}

/** Server → client: one y-websocket message of a document. */
export function encodeMuxData(docName: string, data: Uint8Array): Uint8Array {
  return frame(docName, MUX.data, (e) => encoding.writeVarUint8Array(e, data));
}

/** Server → client: the document's subscription is accepted. */
export function encodeMuxOpened(docName: string): Uint8Array {
  return frame(docName, MUX.opened);
}

/** Server → client: the document's connection closed with a close code and reason. */
export function encodeMuxClose(docName: string, code: number, reason: string): Uint8Array {
  return frame(docName, MUX.close, (e) => {
    encoding.writeVarUint(e, code);
    encoding.writeVarString(e, reason.slice(0, 120));
  });
}

/** Client frames, for tests and clients written in TypeScript. */
export function encodeMuxClientFrame(docName: string, kind: 'open' | 'close' | 'data', data?: Uint8Array): Uint8Array {
  if (kind === 'data') return encodeMuxData(docName, data ?? new Uint8Array());
  return frame(docName, kind === 'open' ? MUX.open : MUX.close);
}
