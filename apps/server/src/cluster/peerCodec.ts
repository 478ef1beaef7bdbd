/** The bytes of a batch of stored updates on the bus (one message per room flush). */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PeerUpdate } from '@hegao/collab';

const VERSION = 1;

export function encodePeerUpdates(updates: readonly PeerUpdate[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, VERSION);
  encoding.writeVarUint(e, updates.length);
  for (const u of updates) {
    encoding.writeVarUint(e, u.seq);
    encoding.writeVarString(e, u.userId);
    encoding.writeVarString(e, u.bureauId ?? '');
    encoding.writeVarUint(e, u.createdAt);
    encoding.writeVarUint(e, u.bindClients.length);
    for (const client of u.bindClients) encoding.writeVarUint(e, client);
    encoding.writeVarUint8Array(e, u.update);
  }
  return encoding.toUint8Array(e);
}

/** Throws on bytes that are not such a batch (a newer version included). */
export function decodePeerUpdates(bytes: Uint8Array): PeerUpdate[] {
  const d = decoding.createDecoder(bytes);
  const version = decoding.readVarUint(d);
  if (version !== VERSION) throw new Error(`peer updates: unknown version ${version}`);
  const count = decoding.readVarUint(d);
  const out: PeerUpdate[] = [];
  for (let i = 0; i < count; i++) {
    const seq = decoding.readVarUint(d);
    const userId = decoding.readVarString(d);
    const bureau = decoding.readVarString(d);
    const createdAt = decoding.readVarUint(d);
    const bindClients: number[] = [];
    for (let n = decoding.readVarUint(d); n > 0; n--) bindClients.push(decoding.readVarUint(d));
    // Copied: the bus hands out views into the frame it received.
    const update = decoding.readVarUint8Array(d).slice();
    out.push({ seq, userId, bureauId: bureau === '' ? null : bureau, createdAt, bindClients, update });
  }
  return out;
}
