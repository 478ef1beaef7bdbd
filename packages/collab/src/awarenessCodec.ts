/**
 * Decoding and re-encoding of awareness updates, so the server can inspect each entry and stamp
 * the user fields before anyone else sees them.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ProtocolError } from './protocol.js';

/** One client's entry in an awareness update; `state` null means "this client left". */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  state: Record<string, unknown> | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Largest JSON state accepted for one awareness entry, in UTF-8 bytes. */
export const MAX_AWARENESS_STATE = 16 * 1024;

/** Parses an awareness update; throws ProtocolError when it is malformed. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  try {
    const count = decoding.readVarUint(decoder);
    if (count > 1024) throw new ProtocolError('too many awareness entries');
    for (let i = 0; i < count; i++) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const len = decoding.readVarUint(decoder);
      if (decoder.pos + len > update.length) throw new ProtocolError('truncated awareness state');
      if (len > MAX_AWARENESS_STATE) throw new ProtocolError('awareness state too large');
      const json = utf8.decode(decoding.readUint8Array(decoder, len));
      const state: unknown = JSON.parse(json);
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        throw new ProtocolError('awareness state is not an object');
      }
      entries.push({ clientID, clock, state: state as Record<string, unknown> | null });
    }
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`undecodable awareness update: ${(err as Error).message}`);
  }
  if (decoder.pos !== update.length) throw new ProtocolError('trailing bytes after awareness update');
  return entries;
}

/** Encodes entries back into the awareness update format of y-protocols. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientID);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}
