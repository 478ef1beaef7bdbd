/**
 * The bus's wire format: one binary frame per message, a small header then the payload as it is.
 *
 *   byte 0        version (1)
 *   byte 1        kind: 0 JSON (payload = UTF-8 JSON text), 1 binary (payload = the bytes),
 *                 2 loss notice (payload = 6 bytes: the first seq whose publish failed; no message)
 *   byte 2        n = length of the server id in UTF-8 bytes (1…255)
 *   3 … 3+n       server id
 *   next 8        epoch (random per publishing bus instance)
 *   next 6        seq, unsigned big-endian (up to 2^48)
 *   rest          payload
 *
 * 17 bytes + the server id: a Yjs update travels with no base64 and one copy. The channel is not
 * in the frame (Redis carries it).
 */
import { randomBytes } from 'node:crypto';
import type { BusMessage, JsonValue } from './bus.js';

const VERSION = 1;
const KIND_JSON = 0;
const KIND_BINARY = 1;
const KIND_LOST = 2;
const EPOCH_BYTES = 8;
const SEQ_BYTES = 6;
/** Largest sequence number the frame holds. */
export const MAX_SEQ = 2 ** 48 - 1;

/** A decoded frame: a message, or a publisher's notice that its publishes from `lostFrom` on may not have arrived. */
export type Envelope = { serverId: string; epoch: string; seq: number } & (
  | { kind: 'message'; message: BusMessage }
  | { kind: 'lost'; lostFrom: number }
);

/** A publisher's identity, encoded once. */
export interface Publisher {
  serverId: string;
  epoch: string;
  /** version, kind placeholder, id length, id, epoch: the frame's first bytes. */
  header: Buffer;
}

/** A new epoch: 16 hex digits. */
export function newEpoch(): string {
  return randomBytes(EPOCH_BYTES).toString('hex');
}

/** Validates `serverId` and `epoch` and encodes the fixed part of the header. */
export function publisher(serverId: string, epoch: string): Publisher {
  const id = Buffer.from(serverId, 'utf8');
  if (id.length < 1 || id.length > 255) throw new RangeError(`bus server id must be 1…255 UTF-8 bytes: ${JSON.stringify(serverId)}`);
  if (!/^[0-9a-f]{16}$/.test(epoch)) throw new RangeError(`bus epoch must be 16 hex digits: ${JSON.stringify(epoch)}`);
  const header = Buffer.allocUnsafe(3 + id.length + EPOCH_BYTES);
  header[0] = VERSION;
  header[1] = KIND_JSON;
  header[2] = id.length;
  id.copy(header, 3);
  header.write(epoch, 3 + id.length, 'hex');
  return { serverId, epoch, header };
}

/**
 * The frame of `message` as the `seq`th on its channel from `from`. Throws a TypeError for a
 * value JSON cannot carry at the top level (undefined, a function) and a RangeError for a bad seq.
 */
export function encode(from: Publisher, seq: number, message: BusMessage): Buffer {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new RangeError(`bus seq out of range: ${seq}`);
  const head = from.header.length;
  let frame: Buffer;
  if (message instanceof Uint8Array) {
    frame = Buffer.allocUnsafe(head + SEQ_BYTES + message.length);
    frame.set(message, head + SEQ_BYTES);
    from.header.copy(frame, 0);
    frame[1] = KIND_BINARY;
  } else {
    const json: string | undefined = JSON.stringify(message);
    if (json === undefined) throw new TypeError('bus message is not JSON-serialisable');
    const length = Buffer.byteLength(json, 'utf8');
    frame = Buffer.allocUnsafe(head + SEQ_BYTES + length);
    from.header.copy(frame, 0);
    frame.write(json, head + SEQ_BYTES, length, 'utf8');
  }
  frame.writeUIntBE(seq, head, SEQ_BYTES);
  return frame;
}

/** The `seq`th frame on its channel from `from`: a notice that its frames from `lostFrom` (< seq) on may be lost. */
export function encodeLost(from: Publisher, seq: number, lostFrom: number): Buffer {
  if (!Number.isSafeInteger(lostFrom) || lostFrom < 1 || lostFrom >= seq) throw new RangeError(`bus lost-from out of range: ${lostFrom}`);
  const frame = encode(from, seq, new Uint8Array(SEQ_BYTES));
  frame[1] = KIND_LOST;
  frame.writeUIntBE(lostFrom, frame.length - SEQ_BYTES, SEQ_BYTES);
  return frame;
}

/** Whether `frame` was published by `from` (compares the header, without decoding the payload). */
export function isFrom(frame: Uint8Array, from: Publisher): boolean {
  const header = from.header;
  if (frame.length < header.length + SEQ_BYTES || frame[0] !== header[0]) return false;
  for (let i = 2; i < header.length; i++) if (frame[i] !== header[i]) return false;
  return true;
}

/** Decodes a frame; null when it is not one (a foreign publisher on the channel, a newer version). */
export function decode(frame: Uint8Array): Envelope | null {
  const buf = Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (buf.length < 3 || buf[0] !== VERSION) return null;
  const kind = buf[1];
  const idLength = buf[2] ?? 0;
  const epochAt = 3 + idLength;
  const seqAt = epochAt + EPOCH_BYTES;
  const payloadAt = seqAt + SEQ_BYTES;
  if (idLength < 1 || buf.length < payloadAt) return null;
  const serverId = buf.toString('utf8', 3, epochAt);
  const epoch = buf.toString('hex', epochAt, seqAt);
  const seq = buf.readUIntBE(seqAt, SEQ_BYTES);
  if (seq < 1) return null;
  if (kind === KIND_BINARY) return { serverId, epoch, seq, kind: 'message', message: buf.subarray(payloadAt) };
  if (kind === KIND_LOST) {
    if (buf.length !== payloadAt + SEQ_BYTES) return null;
    const lostFrom = buf.readUIntBE(payloadAt, SEQ_BYTES);
    return lostFrom >= 1 && lostFrom < seq ? { serverId, epoch, seq, kind: 'lost', lostFrom } : null;
  }
  if (kind !== KIND_JSON) return null;
  try {
    const message = JSON.parse(buf.toString('utf8', payloadAt)) as JsonValue;
    return { serverId, epoch, seq, kind: 'message', message };
  } catch {
    return null;
  }
}
