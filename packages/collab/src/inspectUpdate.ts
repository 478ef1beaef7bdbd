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
  | { ok: false; reason: string; /** True when the client merely lacks a resync (a gap in its own clock). */ gap?: boolean };

type Struct = Y.Item | Y.GC | Y.Skip;

function isKnown(id: { client: number; clock: number }, known: (client: number) => number): boolean {
  return id.clock < known(id.client);
}

/** True when every range the update deletes is already deleted in `doc`: the update changes nothing. */
export function deletesAlreadyApplied(deletes: DeleteSet, doc: Y.Doc): boolean {
  if (deletes.clients.size === 0) return true;
  const current = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, items] of deletes.clients) {
    const have = current.clients.get(client) ?? [];
    for (const item of items) {
      if (item.len === 0) continue;
      // last range starting at or before item.clock (ranges are sorted and merged)
      let lo = 0;
      let hi = have.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (have[mid]!.clock <= item.clock) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found < 0) return false;
      const range = have[found]!;
      if (range.clock + range.len < item.clock + item.len) return false;
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
    if (!Number.isSafeInteger(clock) || !Number.isSafeInteger(s.length) || s.length <= 0 || !Number.isSafeInteger(clock + s.length)) {
      return { ok: false, reason: 'invalid struct clock or length' };
    }
    const end = ends.get(client);
    if (end === undefined) starts.set(client, clock);
    else if (end !== clock) return { ok: false, reason: 'update has a gap' };
    ends.set(client, clock + s.length);
  }
  for (const [client, start] of starts) {
    if (start > (state.get(client) ?? 0)) {
      return { ok: false, reason: `update would leave pending structs for client ${client}`, gap: true };
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
  // Integration order: each client's structs in clock order; a reference to the struct's own
  // client must point strictly before it, and references across clients must not form a cycle.
  const lists = new Map<number, Array<{ clock: number; end: number; refs: Y.ID[] }>>();
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    const base = state.get(s.id.client) ?? 0;
    if (s.id.clock + s.length <= base) continue;
    const refs: Y.ID[] = [];
    if (s.origin && s.id.clock >= base) refs.push(s.origin);
    if (s.rightOrigin) refs.push(s.rightOrigin);
    if (s.parent instanceof Y.ID) refs.push(s.parent);
    for (const r of refs) {
      if (r.client === s.id.client && r.clock >= s.id.clock) return { ok: false, reason: 'item references its own client ahead of itself' };
    }
    const list = lists.get(s.id.client) ?? [];
    list.push({ clock: s.id.clock, end: s.id.clock + s.length, refs: refs.filter((r) => r.client !== s.id.client) });
    lists.set(s.id.client, list);
  }
  const done = new Map<number, number>();
  const at = (client: number) => done.get(client) ?? state.get(client) ?? 0;
  const index = new Map<number, number>();
  for (const [client, list] of lists) {
    index.set(client, 0);
    // structs before the first item (GCs) count as integrated once reached
    done.set(client, Math.max(state.get(client) ?? 0, list[0]!.clock));
  }
  let progress = true;
  while (progress) {
    progress = false;
    for (const [client, list] of lists) {
      let i = index.get(client)!;
      while (i < list.length && list[i]!.refs.every((r) => r.clock < at(r.client) || (lists.has(r.client) === false && r.clock < (ends.get(r.client) ?? 0)))) {
        done.set(client, list[i]!.end);
        const next = list[i + 1];
        if (next) done.set(client, Math.max(done.get(client)!, next.clock));
        i++;
        progress = true;
      }
      index.set(client, i);
    }
  }
  for (const [client, list] of lists) {
    if (index.get(client)! < list.length) return { ok: false, reason: 'update would leave pending structs (circular references)' };
  }
  let deletes = 0;
  for (const [client, items] of ds.clients) {
    for (const item of items) {
      if (!Number.isSafeInteger(item.clock) || !Number.isSafeInteger(item.len) || item.len < 0) {
        return { ok: false, reason: 'invalid delete set' };
      }
      if (item.clock + item.len > known(client)) {
        return { ok: false, reason: 'update would leave pending deletes', gap: true };
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
