/**
 * Checks a Yjs v1 update against the state a room already has, before it is stored: it must
 * decode, must not leave pending structs or pending deletes (everything it references is known
 * or inside the update), must stay within the clock bounds (see `MAX_CLOCK`), may only create
 * content under allowed root types, may only insert the kinds of content y-prosemirror writes
 * where it writes them, named as the injected `ContentRules` allow (see `contentProblem`), and
 * names the clientIDs whose new content it carries so the caller can bind them to the writing user.
 */
import * as Y from 'yjs';
import { permissiveContentRules, type ContentRules } from './contentRules.js';

/**
 * Ceiling of every client's clock: no struct may end past it, so a state vector never counts more.
 * A clock counts the characters and elements one clientID ever wrote, and a browser takes a new
 * clientID each time it opens a document; at most 2 MiB per frame, no real editor session comes
 * within orders of magnitude of 2^31. Without a ceiling, a few bytes of "deleted" structs could
 * push a clientID's clock to 2^53 − 1, past which JavaScript cannot count (and Yjs
 * implementations with 32-bit clocks, such as y-crdt, cannot even read the document). 2^31 − 1
 * keeps every clock and every state-vector entry a signed 32-bit integer.
 */
export const MAX_CLOCK = 2 ** 31 - 1;

/**
 * Longest new struct that carries no content: a GC, or an item whose content is ContentDeleted.
 * They are how a client sends what it deleted and garbage-collected (a legitimate sync step 2
 * carries them), but unlike text their length costs the sender nothing, so one of a few bytes
 * could claim billions of clocks. A real one covers consecutive clocks of one client session, all
 * deleted: 2^24 (16.7 million characters, eight full 2 MiB frames of text typed or pasted and
 * deleted again) is far beyond any section's history.
 *
 * Delete-set ranges are bounded by the clock ceiling, not by this: they may only cover clocks the
 * room already has or the update carries (a pending delete is a gap), and Yjs merges a client's
 * adjacent deleted structs into one range, so a legitimate range can be longer than any struct.
 */
export const MAX_UNBACKED_LENGTH = 2 ** 24;

/**
 * Deepest an element may be nested (an element directly in the fragment is at depth 1). Readers
 * walk the tree recursively, a few stack frames per level: y-prosemirror in every browser that
 * opens the section, ProseMirror, `fragmentToJSON` on the server; 2 MiB of nested elements is
 * some 100 000 levels, which would overflow every one of them. A section's schema nests without
 * limit only through lists (a list in a list item in a list …, two levels each): 200 levels hold
 * 99 nested lists, far beyond any report, and read well within any stack.
 */
export const MAX_ELEMENT_DEPTH = 200;

/** Yjs' DeleteSet class is not exported by name; this is its type. */
type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** Result of inspecting one update. */
export type Inspection =
  | {
      ok: true;
      newClients: number[];
      ends: Map<number, number>;
      /**
       * True when every struct is new (each client's run starts at the state's clock): the update
       * holds nothing the state has, so diffing it against the state would return it unchanged.
       */
      fresh: boolean;
      deletes: DeleteSet;
      deleteCount: number;
      /** The update's structs, for looking up its items until the update is applied (see `lookupIn`). */
      structs: StructIndex;
    }
  | { ok: false; reason: string; /** True when the client merely lacks a resync (a gap in its own clock). */ gap?: boolean };

type Struct = Y.Item | Y.GC | Y.Skip;

/**
 * Structs of one decoded update, found by any ID they contain. Items here are not integrated:
 * their `parent` is a root name, the ID of the parent's item, or null (inherited from an origin).
 */
export class StructIndex {
  private readonly byClient = new Map<number, Struct[]>();

  constructor(structs: readonly Struct[]) {
    for (const s of structs) {
      const list = this.byClient.get(s.id.client);
      if (list) list.push(s);
      else this.byClient.set(s.id.client, [s]);
    }
  }

  /** The struct containing `id`, if the update has one (a Skip is no struct). */
  find(id: { client: number; clock: number }): Y.Item | Y.GC | undefined {
    const list = this.byClient.get(id.client);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s instanceof Y.Skip ? undefined : s;
    }
    return undefined;
  }
}

/** Finds a struct the inspected state already counts, by an ID it contains. */
export type StructLookup = (id: { client: number; clock: number }) => Y.Item | Y.GC | undefined;

/**
 * A lookup in `doc`, then in updates accepted but not yet applied to it (the state passed to
 * `inspectUpdate` counts both).
 */
export function lookupIn(doc: Y.Doc, unapplied: Iterable<StructIndex> = []): StructLookup {
  return (id) => {
    const structs = doc.store.clients.get(id.client);
    if (structs && structs.length > 0) {
      const last = structs[structs.length - 1]!;
      if (id.clock < last.id.clock + last.length) {
        const s = structs[Y.findIndexSS(structs, id.clock)];
        if (s instanceof Y.Item || s instanceof Y.GC) return s;
      }
    }
    for (const index of unapplied) {
      const s = index.find(id);
      if (s) return s;
    }
    return undefined;
  };
}

/**
 * Where an item lands: in a root (by name), in an XmlElement (with its node name), in an XmlText,
 * in some other type (which the rules never let in, so only found in documents stored before
 * them), or nowhere because a neighbour or the parent is garbage-collected (Yjs then turns the
 * item into a GC). `key` is the map key for map entries (attributes), null for sequence content.
 * An item whose parent and key are inherited from its origin (Yjs writes neither when the item has
 * an origin, e.g. an attribute set again) gets its origin's place, key included.
 */
type Place =
  | { kind: 'root'; name: string; key: string | null }
  | { kind: 'element'; nodeName: string; /** The element's own depth (see MAX_ELEMENT_DEPTH). */ depth: number; key: string | null }
  | { kind: 'text' | 'other'; key: string | null }
  | { kind: 'gc' };

/** Depths of integrated XmlElements, found once: an element never moves. */
const elementDepths = new WeakMap<object, number>();

/** Depth of an XmlElement integrated into a document: how many elements hold it, plus one. Iterative. */
function elementDepth(type: { _item: Y.Item | null }): number {
  const path: object[] = [];
  let current: { _item: Y.Item | null } = type;
  let depth = 0;
  for (;;) {
    const known = elementDepths.get(current);
    if (known !== undefined) {
      depth = known;
      break;
    }
    const item = current._item;
    if (item === null || !(item.parent instanceof Y.AbstractType)) break;
    path.push(current);
    current = item.parent;
  }
  for (let i = path.length - 1; i >= 0; i--) elementDepths.set(path[i]!, ++depth);
  return depth;
}

/** The place of content whose parent is the integrated `type`, with map key `key`. */
function typePlace(type: unknown, key: string | null): Place {
  if (type instanceof Y.XmlElement) return { kind: 'element', nodeName: type.nodeName, depth: elementDepth(type), key };
  if (type instanceof Y.XmlText) return { kind: 'text', key };
  return { kind: 'other', key };
}

/** The place of an item already integrated into a document (its parent is a type). */
function integratedPlace(item: Y.Item): Place | string {
  const parent = item.parent as unknown;
  if (!(parent instanceof Y.AbstractType)) return 'item without a parent type';
  const key = item.parentSub;
  if (parent._item === null) {
    let name: string;
    try {
      name = Y.findRootTypeKey(parent);
    } catch {
      return 'item in a detached type';
    }
    return { kind: 'root', name, key };
  }
  return typePlace(parent, key);
}

/**
 * Resolves the place of `item` the way Yjs does when integrating it (Item.getMissing): a GC
 * neighbour makes it garbage; an explicit parent is a root name or the item holding the parent
 * type; otherwise it inherits parent and map key from its left, else its right neighbour. Follows
 * origin chains iteratively (they may be long) and memoizes. Returns a reason on failure.
 */
/**
 * Places already resolved, by the decoded item. An accepted update's items wait, decoded, until
 * the group commit applies them; the next keystroke's origin is usually one of them, whose own
 * origin is the keystroke before, and so on: without this, each inspection would walk back through
 * every write still waiting (quadratic when writes pile up under load). A place never changes once
 * resolved (it holds the parent's node name and the map key, which never change either, and no
 * verdict: the rules are applied to it afresh); entries go with their items.
 */
const resolvedPlaces = new WeakMap<Y.Item, Place>();

function placeOf(item: Y.Item, find: StructLookup, memo: WeakMap<Y.Item, Place>, level = 0): Place | string {
  const chain: Y.Item[] = [];
  let current: Y.Item = item;
  let place: Place | string | undefined;
  for (let steps = 0; place === undefined; steps++) {
    const cached = memo.get(current);
    if (cached) {
      place = cached;
      break;
    }
    if (steps > 1_000_000) return 'origin chain too long';
    if (current.parent instanceof Y.AbstractType) {
      place = integratedPlace(current);
      break;
    }
    chain.push(current);
    const left = current.origin ? find(current.origin) : null;
    const right = current.rightOrigin ? find(current.rightOrigin) : null;
    if (left === undefined || right === undefined) return 'cannot find the origin of an item';
    if (left instanceof Y.GC || right instanceof Y.GC) {
      place = { kind: 'gc' };
      break;
    }
    const parent = current.parent as unknown;
    const key = current.parentSub;
    if (typeof parent === 'string') {
      place = { kind: 'root', name: parent, key };
    } else if (parent instanceof Y.ID) {
      const holder = find(parent);
      if (holder === undefined) return 'cannot find the parent of an item';
      if (holder instanceof Y.GC) place = { kind: 'gc' };
      else if (holder.content instanceof Y.ContentType && holder.parent instanceof Y.AbstractType) place = typePlace(holder.content.type, key);
      else if (holder.content instanceof Y.ContentType) {
        // A decoded parent (in this update, or accepted and not applied yet): its place gives its
        // depth, one level up each time. More decoded levels than any element may have: the
        // update nests new elements too deep (accepted writes never do).
        if (level >= MAX_ELEMENT_DEPTH) return `elements nested deeper than ${MAX_ELEMENT_DEPTH}`;
        const type = holder.content.type as unknown;
        const up = placeOf(holder, find, memo, level + 1);
        if (typeof up === 'string') return up;
        // Yjs makes garbage of an item whose parent became garbage.
        if (up.kind === 'gc') place = up;
        // A decoded XmlElement already has its node name (Yjs reads it with the content).
        else if (type instanceof Y.XmlElement) place = { kind: 'element', nodeName: type.nodeName, depth: up.kind === 'element' ? up.depth + 1 : 1, key };
        else place = { kind: type instanceof Y.XmlText ? 'text' : 'other', key };
      }
      // A parent whose content is gone (ContentDeleted: deleted and collected by the client that
      // sent it) has no type any more: Yjs turns the item into garbage, as for a GC parent.
      else place = { kind: 'gc' };
    } else if (left) {
      current = left;
    } else if (right) {
      current = right;
    } else {
      return 'item without parent or origin';
    }
  }
  if (typeof place === 'string') return place;
  for (const c of chain) memo.set(c, place);
  return place;
}

/** A name for a kind of content, for refusal reasons. */
function contentName(content: Y.Item["content"]): string {
  if (content instanceof Y.ContentType) {
    const type = content.type as unknown;
    if (type instanceof Y.XmlElement) return 'an XmlElement';
    if (type instanceof Y.XmlText) return 'an XmlText';
    if (type instanceof Y.XmlHook) return 'an XmlHook';
    if (type instanceof Y.XmlFragment) return 'a nested XmlFragment';
    if (type instanceof Y.Text) return 'a Y.Text';
    if (type instanceof Y.Map) return 'a Y.Map';
    if (type instanceof Y.Array) return 'a Y.Array';
    return 'an unknown type';
  }
  if (content instanceof Y.ContentString) return 'text';
  if (content instanceof Y.ContentFormat) return 'a format mark';
  if (content instanceof Y.ContentEmbed) return 'an embed';
  if (content instanceof Y.ContentAny) return 'a plain value';
  if (content instanceof Y.ContentJSON) return 'a JSON value';
  if (content instanceof Y.ContentBinary) return 'binary data';
  if (content instanceof Y.ContentDoc) return 'a subdocument';
  return 'unknown content';
}

/** True for values JSON can carry unchanged (what a ProseMirror attribute may be). */
function isPlainValue(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isPlainValue(v, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as Record<string, unknown>).every((v) => isPlainValue(v, depth + 1));
  }
  return false;
}

/** A name from an update, quoted and cut short for a refusal reason (reasons go into close frames). */
function quoted(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}

function placeName(place: Exclude<Place, { kind: 'gc' }>): string {
  const where =
    place.kind === 'root'
      ? `the ${quoted(place.name)} fragment`
      : place.kind === 'element'
        ? `an XmlElement ${quoted(place.nodeName)}`
        : place.kind === 'text'
          ? 'an XmlText'
          : 'a type that may hold nothing';
  return place.key !== null ? `an attribute of ${where}` : where;
}

/**
 * Why `content` may not be inserted at `place`, or null when it may. What y-prosemirror writes:
 * the fragment and each XmlElement hold XmlElements and XmlTexts; an XmlElement's attributes are
 * plain JSON values; an XmlText holds text and format marks. Which element names may go where, which
 * attributes and which format keys are allowed is up to `rules`. Deleted content is fine anywhere
 * (its length is bounded apart), and anything is fine where Yjs garbage-collects it.
 */
function contentProblem(content: Y.Item['content'], place: Place, rules: ContentRules): string | null {
  if (place.kind === 'gc' || content instanceof Y.ContentDeleted) return null;
  if ((place.kind === 'root' || place.kind === 'element') && place.key === null) {
    if (content instanceof Y.ContentType) {
      const type = content.type as unknown;
      const parent = place.kind === 'element' ? place.nodeName : null;
      if (type instanceof Y.XmlElement) {
        if (place.kind === 'element' && place.depth >= MAX_ELEMENT_DEPTH) return `elements nested deeper than ${MAX_ELEMENT_DEPTH}`;
        return rules.element(type.nodeName, parent) ? null : `an XmlElement ${quoted(type.nodeName)} in ${placeName(place)} is not allowed`;
      }
      if (type instanceof Y.XmlText) return rules.text(parent) ? null : `an XmlText in ${placeName(place)} is not allowed`;
    }
  } else if (place.kind === 'element' && place.key !== null) {
    if (content instanceof Y.ContentAny) {
      for (const value of content.arr) {
        if (!isPlainValue(value)) return `an attribute value that is not plain JSON in ${placeName(place)}`;
        if (!rules.attribute(place.nodeName, place.key, value)) {
          return `the attribute ${quoted(place.key)} of an XmlElement ${quoted(place.nodeName)} is not allowed (or not with this value)`;
        }
      }
      return null;
    }
  } else if (place.kind === 'text' && place.key === null) {
    if (content instanceof Y.ContentString) return null;
    if (content instanceof Y.ContentFormat) {
      return rules.mark(content.key, content.value) ? null : `the format mark ${quoted(content.key)} in an XmlText is not allowed (or not with this value)`;
    }
  }
  return `${contentName(content)} in ${placeName(place)} is not allowed`;
}

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
 * includes updates already accepted but not yet applied); `existing` finds the structs `state`
 * counts (see `lookupIn`), to learn what type an item referenced by the update is in; `rules` say
 * which element names, attributes and format marks may be stored where (default: any). Never throws.
 */
export function inspectUpdate(
  update: Uint8Array,
  state: ReadonlyMap<number, number>,
  allowedRoots: ReadonlySet<string>,
  existing: StructLookup = () => undefined,
  rules: ContentRules = permissiveContentRules,
): Inspection {
  try {
    return inspect(update, state, allowedRoots, existing, rules);
  } catch (err) {
    // Decoded structs are walked below; nothing there should throw, but a refusal beats a crash.
    return { ok: false, reason: `uninspectable update: ${(err as Error).message}` };
  }
}

function inspect(
  update: Uint8Array,
  state: ReadonlyMap<number, number>,
  allowedRoots: ReadonlySet<string>,
  existing: StructLookup,
  rules: ContentRules,
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
    // Bounds, on what is new (a struct the room already has is ignored when applied). Refused
    // outright, before the gap check: resyncing would not make such a struct acceptable.
    const base = state.get(client) ?? 0;
    if (clock + s.length > base) {
      if (clock + s.length > MAX_CLOCK) return { ok: false, reason: `struct ends past the clock ceiling (${MAX_CLOCK})` };
      const unbacked = s instanceof Y.GC || s.content instanceof Y.ContentDeleted;
      if (unbacked && clock + s.length - Math.max(clock, base) > MAX_UNBACKED_LENGTH) {
        return { ok: false, reason: `deleted or collected struct longer than ${MAX_UNBACKED_LENGTH}` };
      }
    }
    const end = ends.get(client);
    if (end === undefined) starts.set(client, clock);
    else if (end !== clock) return { ok: false, reason: 'update has a gap' };
    ends.set(client, clock + s.length);
  }
  let fresh = true;
  for (const [client, start] of starts) {
    const base = state.get(client) ?? 0;
    if (start > base) {
      return { ok: false, reason: `update would leave pending structs for client ${client}`, gap: true };
    }
    if (start < base) fresh = false;
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
  // Kinds of content: resolve where each new item lands (its parent may be in the document, in an
  // update accepted before, or in this one) and check what it holds against what may be there.
  const own = new StructIndex(structs);
  const find: StructLookup = (id) => (id.clock < (state.get(id.client) ?? 0) ? existing(id) : undefined) ?? own.find(id);
  const memo = resolvedPlaces;
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    if (s.id.clock + s.length <= (state.get(s.id.client) ?? 0)) continue; // already integrated
    const place = placeOf(s, find, memo);
    if (typeof place === 'string') return { ok: false, reason: place };
    if (place.kind === 'root' && !allowedRoots.has(place.name)) return { ok: false, reason: `root type "${place.name}" is not allowed` };
    const problem = contentProblem(s.content, place, rules);
    if (problem) return { ok: false, reason: problem };
  }
  let deletes = 0;
  let pendingDeletes = false;
  for (const [client, items] of ds.clients) {
    for (const item of items) {
      if (!Number.isSafeInteger(item.clock) || !Number.isSafeInteger(item.len) || item.len < 0) {
        return { ok: false, reason: 'invalid delete set' };
      }
      if (item.clock + item.len > known(client)) {
        // Past the ceiling no resync could make the range known: refused, wherever it is in the set.
        if (item.clock + item.len > MAX_CLOCK) return { ok: false, reason: `delete range ends past the clock ceiling (${MAX_CLOCK})` };
        pendingDeletes = true;
      }
      deletes += item.len;
    }
  }
  if (pendingDeletes) return { ok: false, reason: 'update would leave pending deletes', gap: true };
  const newClients: number[] = [];
  for (const [client, end] of ends) {
    if (end > (state.get(client) ?? 0)) newClients.push(client);
  }
  return { ok: true, newClients, ends, fresh, deletes: ds, deleteCount: deletes, structs: own };
}
