/**
 * Cuts a document's whole state into a sequence of small updates that, applied in order to an
 * empty document, rebuild it exactly — each one cheap to apply, so a large state (a checkpoint, a
 * document loaded from a long log in a worker) can be applied between other rooms' work instead
 * of in one synchronous step (`Y.applyUpdate` of a 100k-keystroke checkpoint holds the event loop
 * for 40–180 ms on a shared machine).
 *
 * Every struct is emitted after what it depends on — the earlier clocks of its own client, its
 * left and right origins and its parent item — so no slice leaves structs pending. A slice holds
 * up to `maxStructs` structs (per client a contiguous clock range, as the update format requires)
 * and the deletions of exactly those structs. Yjs' own `encodeStateAsUpdate` writes the same
 * structs, only all in one update.
 */
import * as Y from 'yjs';
import { writeVarUint } from 'lib0/encoding';

/** Structs per slice when the caller does not say: well under a millisecond each to apply. */
export const DEFAULT_SLICE_STRUCTS = 500;

type Struct = Y.Item | Y.GC;

interface StoreInternals {
  clients: Map<number, Struct[]>;
  pendingStructs: { update: Uint8Array } | null;
  pendingDs: Uint8Array | null;
}

/** The IDs a struct needs in the document before it can be integrated. */
function dependencies(struct: Struct): Y.ID[] {
  if (!(struct instanceof Y.Item)) return [];
  const deps: Y.ID[] = [];
  if (struct.origin) deps.push(struct.origin);
  if (struct.rightOrigin) deps.push(struct.rightOrigin);
  const parent = struct.parent as Y.AbstractType<unknown> | null;
  if (parent && parent._item) deps.push(parent._item.id);
  return deps;
}

/**
 * The document's structs in an order in which each comes after its dependencies, or null when
 * none exists (a document Yjs could not have built; the caller then falls back to one update).
 */
function causalOrder(clients: Map<number, Struct[]>): Struct[] | null {
  const next = new Map<number, number>();
  for (const client of clients.keys()) next.set(client, 0);
  /** First clock of `client` not emitted yet. */
  const emittedUpTo = (client: number): number => {
    const structs = clients.get(client);
    if (!structs) return Infinity; // unknown client: nothing to wait for (Yjs would keep it pending)
    const i = next.get(client)!;
    return i < structs.length ? structs[i]!.id.clock : Infinity;
  };
  const order: Struct[] = [];
  let total = 0;
  for (const structs of clients.values()) total += structs.length;
  const clientIds = [...clients.keys()].sort((a, b) => a - b);
  for (const start of clientIds) {
    const structs = clients.get(start)!;
    while (next.get(start)! < structs.length) {
      // Frames: [client, clock that must be emitted before the frame is done].
      const stack: [number, number][] = [[start, structs[next.get(start)!]!.id.clock]];
      while (stack.length > 0) {
        if (stack.length > total + 1) return null; // a dependency cycle
        const [client, until] = stack[stack.length - 1]!;
        if (emittedUpTo(client) > until) {
          stack.pop();
          continue;
        }
        const own = clients.get(client)!;
        const i = next.get(client)!;
        const struct = own[i]!;
        const missing = dependencies(struct).find((d) => d.client !== client && emittedUpTo(d.client) <= d.clock);
        if (missing) {
          stack.push([missing.client, missing.clock]);
          continue;
        }
        // Same-client origins point to earlier clocks, emitted already; a later one is a cycle.
        if (dependencies(struct).some((d) => d.client === client && d.clock >= struct.id.clock)) return null;
        order.push(struct);
        next.set(client, i + 1);
      }
    }
  }
  return order;
}

/** Writes one slice: the structs (per client a contiguous run) and their deletions. */
function encodeSlice(structs: readonly Struct[]): Uint8Array {
  const byClient = new Map<number, Struct[]>();
  for (const s of structs) {
    let run = byClient.get(s.id.client);
    if (!run) byClient.set(s.id.client, (run = []));
    run.push(s);
  }
  const encoder = new Y.UpdateEncoderV1();
  const rest = encoder.restEncoder;
  // Higher clients first, as Yjs writes them (its reader integrates in any order either way).
  const clients = [...byClient.keys()].sort((a, b) => b - a);
  writeVarUint(rest, clients.length);
  for (const client of clients) {
    const run = byClient.get(client)!;
    writeVarUint(rest, run.length);
    encoder.writeClient(client);
    writeVarUint(rest, run[0]!.id.clock);
    for (const s of run) s.write(encoder, 0);
  }
  // Delete set: the deleted structs of this slice, adjacent ranges joined.
  const deleted = new Map<number, [number, number][]>();
  for (const client of clients) {
    const ranges: [number, number][] = [];
    for (const s of byClient.get(client)!) {
      if (!s.deleted) continue;
      const last = ranges[ranges.length - 1];
      if (last && last[0] + last[1] === s.id.clock) last[1] += s.length;
      else ranges.push([s.id.clock, s.length]);
    }
    if (ranges.length > 0) deleted.set(client, ranges);
  }
  writeVarUint(rest, deleted.size);
  for (const [client, ranges] of deleted) {
    encoder.resetDsCurVal();
    writeVarUint(rest, client);
    writeVarUint(rest, ranges.length);
    for (const [clock, len] of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
  return encoder.toUint8Array();
}

/**
 * The state of `doc` as updates of at most `maxStructs` structs each, to apply in order.
 * Structs the document holds pending (missing dependencies) follow as they are.
 * @example for (const slice of sliceState(loaded)) Y.applyUpdate(roomDoc, slice);
 */
export function sliceState(doc: Y.Doc, maxStructs = DEFAULT_SLICE_STRUCTS): Uint8Array[] {
  // Yjs keeps its struct store internal; the fields read here are stable across Yjs 13.
  const store = doc.store as unknown as StoreInternals;
  const order = causalOrder(store.clients);
  if (!order) return [Y.encodeStateAsUpdate(doc)];
  const slices: Uint8Array[] = [];
  for (let i = 0; i < order.length; i += maxStructs) slices.push(encodeSlice(order.slice(i, i + maxStructs)));
  // Yjs keeps what is pending in the V2 format; the slices are V1 like every stored update.
  if (store.pendingStructs) slices.push(Y.convertUpdateFormatV2ToV1(store.pendingStructs.update));
  if (store.pendingDs) slices.push(Y.convertUpdateFormatV2ToV1(store.pendingDs));
  return slices;
}

