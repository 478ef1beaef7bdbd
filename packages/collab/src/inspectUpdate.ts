/**
 * Checks a Yjs v1 update against the state a room already has, before it is stored: it must
 * decode, must not leave pending structs or pending deletes (everything it references is known
 * or inside the update), may only create content under allowed root types, and names the
 * clientIDs whose new content it carries so the caller can bind them to the writing user.
 */
import * as Y from 'yjs';

/** Yjs' DeleteSet class is not exported by name; this is its type. */
type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** Result of inspecting one update. */
export type Inspection =
  | { ok: true; newClients: number[]; ends: Map<number, number>; deletes: DeleteSet; deleteCount: number }
  | { ok: false; reason: string };

type Struct = Y.Item | Y.GC | Y.Skip;

function isKnown(id: { client: number; clock: number }, known: (client: number) => number): boolean {
  return id.clock < known(id.client);
}

/** True when every range the update deletes is already deleted in `doc`: the update changes nothing. */
export function deletesAlreadyApplied(deletes: DeleteSet, doc: Y.Doc): boolean {
  if (deletes.clients.size === 0) return true;
  const current = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, items] of deletes.clients) {
    for (const item of items) {
      for (let clock = item.clock; clock < item.clock + item.len; clock++) {
        if (!Y.isDeleted(current, new Y.ID(client, clock))) return false;
      }
    }
  }
  return true;
}

/**
 * Inspects `update` against `state` (client → next expected clock, i.e. a state vector that
 * includes updates already accepted but not yet applied). Never throws.
 */
export function inspectUpdate(
  update: Uint8Array,
  state: ReadonlyMap<number, number>,
  allowedRoots: ReadonlySet<string>,
): Inspection {
  let structs: Struct[];
  let ds: DeleteSet;
  try {
    const decoded = Y.decodeUpdate(update) as { structs: Struct[]; ds: DeleteSet };
    structs = decoded.structs;
    ds = decoded.ds;
  } catch (err) {
    return { ok: false, reason: `undecodable update: ${(err as Error).message}` };
  }
  // First clock and end clock of each client's run of structs in this update.
  const starts = new Map<number, number>();
  const ends = new Map<number, number>();
  for (const s of structs) {
    if (!(s instanceof Y.Item || s instanceof Y.GC || s instanceof Y.Skip)) {
      return { ok: false, reason: 'unknown struct' };
    }
    if (s instanceof Y.Skip) return { ok: false, reason: 'update has a gap (skip struct)' };
    const { client, clock } = s.id;
    if (!Number.isSafeInteger(clock) || !Number.isSafeInteger(s.length) || s.length <= 0) {
      return { ok: false, reason: 'invalid struct clock or length' };
    }
    const end = ends.get(client);
    if (end === undefined) starts.set(client, clock);
    else if (end !== clock) return { ok: false, reason: 'update has a gap' };
    ends.set(client, clock + s.length);
  }
  for (const [client, start] of starts) {
    if (start > (state.get(client) ?? 0)) {
      return { ok: false, reason: `update would leave pending structs for client ${client}` };
    }
  }
  const known = (client: number) => Math.max(state.get(client) ?? 0, ends.get(client) ?? 0);
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    if (s.id.clock + s.length <= (state.get(s.id.client) ?? 0)) continue; // already integrated
    if (s.origin && !isKnown(s.origin, known)) return { ok: false, reason: 'unknown left origin' };
    if (s.rightOrigin && !isKnown(s.rightOrigin, known)) return { ok: false, reason: 'unknown right origin' };
    const parent = s.parent as unknown;
    if (typeof parent === 'string') {
      if (!allowedRoots.has(parent)) return { ok: false, reason: `root type "${parent}" is not allowed` };
    } else if (parent instanceof Y.ID) {
      if (!isKnown(parent, known)) return { ok: false, reason: 'unknown parent' };
    } else if (parent !== null) {
      return { ok: false, reason: 'invalid parent' };
    } else if (!s.origin && !s.rightOrigin) {
      return { ok: false, reason: 'item without parent or origin' };
    }
    if (s.content instanceof Y.ContentDoc) return { ok: false, reason: 'subdocuments are not allowed' };
  }
  let deletes = 0;
  for (const [client, items] of ds.clients) {
    for (const item of items) {
      if (!Number.isSafeInteger(item.clock) || !Number.isSafeInteger(item.len) || item.len < 0) {
        return { ok: false, reason: 'invalid delete set' };
      }
      if (item.clock + item.len > known(client)) {
        return { ok: false, reason: 'update would leave pending deletes' };
      }
      deletes += item.len;
    }
  }
  const newClients: number[] = [];
  for (const [client, end] of ends) {
    if (end > (state.get(client) ?? 0)) newClients.push(client);
  }
  return { ok: true, newClients, ends, deletes: ds, deleteCount: deletes };
}
