/**
 * Seeded generators of hostile collaboration input: the shapes the adversarial review of issue 11
 * found (huge GC / deleted lengths, clocks near 2^53, element names and attributes and marks the
 * schema does not know, foreign clientIDs, floods of sync requests, awareness and mux opens, many
 * sockets), and the legitimate edits a normal editor sends, mixed in.
 *
 * Every case is built valid enough to reach the deep checks: updates are hand-encoded Yjs v1
 * (`encodeUpdateV1`) or made with real Y.Doc operations on a copy of the section as the writer has
 * it (so they reference real items), and framed as y-websocket (or `/collab-mux`) messages.
 *
 * Nothing here talks to the network: `generateCase` returns the frames, what the server may answer
 * (`allowed`) and which texts must (`show`) or must not (`poison`) end up stored. The runner is
 * tests/integration/fuzzAbuse.test.ts. A case depends only on the seed, its index and the context
 * (the section's state when it is generated).
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { MAX_CLOCK, MAX_ELEMENT_DEPTH, MAX_UNBACKED_LENGTH } from '@hegao/collab';
import { schema } from '@hegao/schema';
import { mulberry32 } from '../helpers/random.js';

// ---- close codes (docs/api.md, "Close codes") --------------------------------------------------

export const BAD_MESSAGE = 4400;
export const CLIENT_ID_TAKEN = 4409;
export const TOO_MANY = 4429;
export const NOT_READING = 4503;
export const TOO_BIG = 1009;
/** Every code a hostile input may be closed with. */
export const DOCUMENTED_CLOSES: readonly number[] = [BAD_MESSAGE, CLIENT_ID_TAKEN, TOO_MANY, NOT_READING, TOO_BIG];

/** Documented limits the expectations below rely on (docs/api.md, packages/collab/src/limits.ts). */
export const LIMITS = {
  /** Sync step 1 / query-awareness: this many at once, then one per 2 s per connection. */
  syncBurst: 10,
  /** Mux opens (and reopens): this many at once, then 20 per second per socket. */
  muxOpenBurst: 1000,
  /** Sockets per user. */
  socketsPerUser: 100,
  /** Largest frame (HEGAO_MAX_FRAME_BYTES default). */
  maxFrameBytes: 2 * 1024 * 1024,
} as const;

// ---- seeded randomness -------------------------------------------------------------------------

/** Helpers over a seeded PRNG. */
export class Gen {
  constructor(readonly rng: () => number) {}

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.rng() * n);
  }

  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(items.length)]!;
  }

  /** Picks by weight. */
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    const total = entries.reduce((sum, [w]) => sum + w, 0);
    let r = this.rng() * total;
    for (const [w, value] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![1];
  }

  /** A fresh clientID as Yjs makes them (random uint32), never 0. */
  clientId(): number {
    return 1 + this.int(0xffff_fffe);
  }

  /** Random text: Chinese, ASCII, now and then an emoji (a surrogate pair) or whitespace. */
  text(min: number, max: number): string {
    const n = this.range(min, max);
    let out = '';
    for (let i = 0; i < n; i++) {
      const r = this.rng();
      if (r < 0.55) out += String.fromCharCode(0x4e00 + this.int(0x5000));
      else if (r < 0.85) out += String.fromCharCode(0x21 + this.int(94));
      else if (r < 0.9) out += this.pick(['😀', '𠀀', '🇨🇳']);
      else if (r < 0.95) out += this.pick([' ', '\u3000', '\u00a0']);
      else out += this.pick(['，', '。', '、', '%', '（', '）']);
    }
    return out;
  }

  /** A length a struct could claim: huge ones from the review, and big random ones. */
  hugeLength(): number {
    return this.weighted<number>([
      [3, 2 ** 53 - 1],
      [3, 2 ** 45],
      [2, 2 ** 31],
      [1, 2 ** 31 + 1],
      [1, 2 ** 32],
      [2, MAX_UNBACKED_LENGTH + 1],
      [3, this.range(2 ** 25, 2 ** 40)],
      [2, Math.floor(this.rng() * (2 ** 53 - 1))],
    ]);
  }
}

/** The PRNG of case `index` under `seed`: cases are independent of each other's draws. */
export function caseRng(seed: number, index: number): () => number {
  return mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

// ---- frames ------------------------------------------------------------------------------------

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** y-websocket sync frame: [0, sub, varUint8Array(payload)]; sub 0 = step 1, 1 = step 2, 2 = update. */
export function syncFrame(sub: number, payload: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** Sync step 1 with an empty state vector: "send me the whole document". */
export const SYNC_STEP1_EMPTY = syncFrame(0, new Uint8Array([0]));
/** Query awareness: "send me every presence". */
export const QUERY_AWARENESS = new Uint8Array([3]);

/** 合稿 flush [101, id]: answered once everything the connection sent before was dealt with. */
export function flushFrame(id: number): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, 101);
    encoding.writeVarUint(e, id);
  });
}

/** One awareness entry: clientID, clock and the state as JSON text (null: removed). */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  state: string | null;
}

/** Awareness frame [1, varUint8Array(update)]. */
export function awarenessFrame(entries: readonly AwarenessEntry[]): Uint8Array {
  const update = frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientID);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.state ?? 'null');
    }
  });
  return frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, update);
  });
}

/** `/collab-mux` client frames: varString docName + varUint kind (0 open, 1 data, 2 close) + payload. */
export const mux = {
  open: (docName: string) =>
    frame((e) => {
      encoding.writeVarString(e, docName);
      encoding.writeVarUint(e, 0);
    }),
  data: (docName: string, message: Uint8Array) =>
    frame((e) => {
      encoding.writeVarString(e, docName);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, message);
    }),
  close: (docName: string) =>
    frame((e) => {
      encoding.writeVarString(e, docName);
      encoding.writeVarUint(e, 2);
    }),
};

// ---- hand-encoded Yjs v1 updates ---------------------------------------------------------------

/** A struct ID. */
export interface RawID {
  client: number;
  clock: number;
}

/** Item content, by kind (Yjs content refs 1–9; `raw` writes any ref with raw bytes after it). */
export type RawContent =
  | { kind: 'deleted'; len: number }
  | { kind: 'json'; values: string[] }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'string'; text: string }
  | { kind: 'embed'; json: string }
  | { kind: 'format'; key: string; json: string }
  /** typeRef: 0 Array, 1 Map, 2 Text, 3 XmlElement (name), 4 XmlFragment, 5 XmlHook (name), 6 XmlText. */
  | { kind: 'type'; typeRef: number; name?: string }
  | { kind: 'any'; values: encoding.AnyEncodable[] }
  | { kind: 'doc'; guid: string }
  | { kind: 'raw'; ref: number; bytes: Uint8Array };

const CONTENT_REF: Record<RawContent['kind'], number> = { deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9, raw: 0 };

/** Where an item without origins goes: a root type by name, or the type held by an item. */
export type RawParent = { root: string } | { id: RawID };

/** A struct of a hand-encoded update. */
export type RawStruct =
  | { kind: 'gc'; len: number }
  | { kind: 'skip'; len: number }
  | { kind: 'item'; origin?: RawID; rightOrigin?: RawID; parent?: RawParent; parentSub?: string; content: RawContent };

/** One client's run of structs, starting at `clock`. */
export interface RawClientStructs {
  client: number;
  clock: number;
  structs: RawStruct[];
}

/** Deleted ranges of one client. */
export interface RawDeletes {
  client: number;
  ranges: [clock: number, len: number][];
}

/** The clock length of a struct, as Yjs counts it. */
export function structLength(s: RawStruct): number {
  if (s.kind !== 'item') return s.len;
  const c = s.content;
  switch (c.kind) {
    case 'deleted':
      return c.len;
    case 'string':
      return c.text.length;
    case 'json':
    case 'any':
      return c.values.length;
    default:
      return 1;
  }
}

function writeContent(e: encoding.Encoder, c: RawContent): void {
  switch (c.kind) {
    case 'deleted':
      return encoding.writeVarUint(e, c.len);
    case 'json':
      encoding.writeVarUint(e, c.values.length);
      for (const v of c.values) encoding.writeVarString(e, v);
      return;
    case 'binary':
      return encoding.writeVarUint8Array(e, c.bytes);
    case 'string':
      return encoding.writeVarString(e, c.text);
    case 'embed':
      return encoding.writeVarString(e, c.json);
    case 'format':
      encoding.writeVarString(e, c.key);
      encoding.writeVarString(e, c.json);
      return;
    case 'type':
      encoding.writeVarUint(e, c.typeRef);
      if (c.typeRef === 3 || c.typeRef === 5) encoding.writeVarString(e, c.name ?? '');
      return;
    case 'any':
      encoding.writeVarUint(e, c.values.length);
      for (const v of c.values) encoding.writeAny(e, v);
      return;
    case 'doc':
      encoding.writeVarString(e, c.guid);
      encoding.writeAny(e, {});
      return;
    case 'raw':
      return encoding.writeUint8Array(e, c.bytes);
  }
}

/**
 * Encodes a Yjs v1 update as UpdateEncoderV1 does (yjs src/utils/encoding.js, Item.write): client
 * count; per client struct count, client, first clock, then each struct's info byte (content ref in
 * the low 5 bits, 0x80 origin, 0x40 right origin, 0x20 parentSub; 0 = GC, 10 = Skip) and fields;
 * then the delete set. Nothing is checked: lengths, clocks and references are written as given.
 */
export function encodeUpdateV1(clients: readonly RawClientStructs[], deletes: readonly RawDeletes[] = []): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, clients.length);
    for (const c of clients) {
      encoding.writeVarUint(e, c.structs.length);
      encoding.writeVarUint(e, c.client);
      encoding.writeVarUint(e, c.clock);
      for (const s of c.structs) {
        if (s.kind === 'gc') {
          encoding.writeUint8(e, 0);
          encoding.writeVarUint(e, s.len);
          continue;
        }
        if (s.kind === 'skip') {
          encoding.writeUint8(e, 10);
          encoding.writeVarUint(e, s.len);
          continue;
        }
        const ref = s.content.kind === 'raw' ? s.content.ref : CONTENT_REF[s.content.kind];
        const info = (ref & 0x1f) | (s.origin ? 0x80 : 0) | (s.rightOrigin ? 0x40 : 0) | (s.parentSub !== undefined ? 0x20 : 0);
        encoding.writeUint8(e, info);
        if (s.origin) {
          encoding.writeVarUint(e, s.origin.client);
          encoding.writeVarUint(e, s.origin.clock);
        }
        if (s.rightOrigin) {
          encoding.writeVarUint(e, s.rightOrigin.client);
          encoding.writeVarUint(e, s.rightOrigin.clock);
        }
        if (!s.origin && !s.rightOrigin) {
          const parent = s.parent ?? { root: 'prosemirror' };
          if ('root' in parent) {
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, parent.root);
          } else {
            encoding.writeVarUint(e, 0);
            encoding.writeVarUint(e, parent.id.client);
            encoding.writeVarUint(e, parent.id.clock);
          }
          if (s.parentSub !== undefined) encoding.writeVarString(e, s.parentSub);
        }
        writeContent(e, s.content);
      }
    }
    encoding.writeVarUint(e, deletes.length);
    for (const d of deletes) {
      encoding.writeVarUint(e, d.client);
      encoding.writeVarUint(e, d.ranges.length);
      for (const [clock, len] of d.ranges) {
        encoding.writeVarUint(e, clock);
        encoding.writeVarUint(e, len);
      }
    }
  });
}

// ---- the section as the generators see it --------------------------------------------------------

/** What a case is generated from. */
export interface FuzzContext {
  docName: string;
  /** The section's state (the writer's document) when the case is generated. */
  base: Uint8Array;
  /** clientID → id of the user it is bound to, from the stored log. */
  owners: ReadonlyMap<number, string>;
  /** The writer's clientID (bound to the writer). */
  writerClientID: number;
  /** Users a case may attack as: editors of the section's bureau. */
  attackers: readonly { username: string; userId: string }[];
}

/** Existing items of a document, by kind, as hand-encoded updates reference them. */
interface Anchors {
  elements: { id: RawID; nodeName: string }[];
  texts: { id: RawID; parent: string | null }[];
  chars: RawID[];
}

/** A copy of the section under a clientID of the case's choosing. */
interface Fork {
  doc: Y.Doc;
  frag: Y.XmlFragment;
}

function fork(ctx: FuzzContext, clientID: number): Fork {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, ctx.base);
  doc.clientID = clientID;
  return { doc, frag: doc.getXmlFragment('prosemirror') };
}

/** The update of the changes `change` makes, as a client sends it after one transaction. */
function capture(f: Fork, change: (f: Fork) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listen = (u: Uint8Array) => updates.push(u);
  f.doc.on('update', listen);
  try {
    f.doc.transact(() => change(f));
  } finally {
    f.doc.off('update', listen);
  }
  if (updates.length === 0) return encodeUpdateV1([]);
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

/** Every XmlElement and XmlText of the fragment, in document order, with its parent's name. */
function walk(frag: Y.XmlFragment): { elements: Y.XmlElement[]; texts: { text: Y.XmlText; parent: string | null }[]; containers: (Y.XmlFragment | Y.XmlElement)[] } {
  const elements: Y.XmlElement[] = [];
  const texts: { text: Y.XmlText; parent: string | null }[] = [];
  const containers: (Y.XmlFragment | Y.XmlElement)[] = [frag];
  const stack: { node: Y.XmlFragment | Y.XmlElement; name: string | null }[] = [{ node: frag, name: null }];
  while (stack.length > 0) {
    const { node, name } = stack.pop()!;
    const children = node.toArray();
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child instanceof Y.XmlElement) {
        elements.push(child);
        containers.push(child);
        stack.push({ node: child, name: child.nodeName });
      } else if (child instanceof Y.XmlText) {
        texts.push({ text: child, parent: name });
      }
    }
  }
  return { elements, texts, containers };
}

function anchorsOf(parent: Gen, frag: Y.XmlFragment): Anchors {
  // Sampling draws as often as the section has characters: from a PRNG of its own, so that the
  // case's other draws do not depend on the section's size (a case replays with the same parameters).
  const g = new Gen(mulberry32(parent.int(2 ** 32)));
  const { elements, texts } = walk(frag);
  const idOf = (t: Y.XmlElement | Y.XmlText): RawID => ({ client: t._item!.id.client, clock: t._item!.id.clock });
  const chars: RawID[] = [];
  let seen = 0;
  for (const { text } of texts) {
    for (let item = text._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
      for (let k = 0; k < item.length; k++) {
        // Reservoir sample of 64 character IDs.
        seen++;
        const id = { client: item.id.client, clock: item.id.clock + k };
        if (chars.length < 64) chars.push(id);
        else if (g.int(seen) < 64) chars[g.int(64)] = id;
      }
    }
  }
  return {
    elements: elements.map((el) => ({ id: idOf(el), nodeName: el.nodeName })),
    texts: texts.map(({ text, parent }) => ({ id: idOf(text), parent })),
    chars,
  };
}

// ---- the schema's rules, stated independently ---------------------------------------------------

/**
 * Where y-prosemirror puts each node of packages/schema/src/schema.ts (null: the root fragment),
 * read off the content expressions. The fuzz suite's own statement, so that a mistake in the
 * server's derived rules shows up as a disagreement.
 */
export const VALID_CHILDREN: ReadonlyMap<string | null, readonly string[]> = new Map<string | null, readonly string[]>([
  [null, ['paragraph', 'heading', 'bullet_list', 'ordered_list', 'table']],
  ['paragraph', ['hard_break']],
  ['heading', ['hard_break']],
  ['bullet_list', ['list_item']],
  ['ordered_list', ['list_item']],
  ['list_item', ['paragraph', 'bullet_list', 'ordered_list']],
  ['table', ['table_row']],
  ['table_row', ['table_cell']],
  ['table_cell', ['paragraph']],
  ['hard_break', []],
]);
/** Elements whose content is inline (where an XmlText may be). */
export const TEXTBLOCKS: ReadonlySet<string> = new Set(['paragraph', 'heading']);
/** Mark names (format keys) of the schema. */
export const MARKS: readonly string[] = ['strong', 'em', 'underline'];

const NODE_NAMES = [...VALID_CHILDREN.keys()].filter((k): k is string => k !== null);

/** Names the review used and their relatives: typos, other editors' nodes, prototype keys, huge and empty names. */
function oddName(g: Gen): string {
  return g.weighted<string>([
    [4, g.pick(['parigraph', 'paragraf', 'PARAGRAPH', 'Paragraph', 'paragraph ', ' paragraph', 'para\u0000graph', 'heading1', 'list-item', 'bulletList'])],
    [3, g.pick(['div', 'span', 'script', 'img', 'image', 'blockquote', 'code_block', 'horizontal_rule', 'table_header', 'iframe', 'p', 'h1', 'ul', 'li', 'tr', 'td'])],
    [2, g.pick(['doc', 'text', 'strong', 'em', 'underline', 'ychange', '', ' ', '段落', '标题'])],
    [2, g.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'])],
    [1, `paragraph--${'A'.repeat(8)}`],
    [1, 'x'.repeat(g.pick([41, 300, 5000, 60_000]))],
    [2, g.text(1, 12)],
  ]);
}

/** A plausible attribute value, hostile or not. */
function attributeValue(g: Gen): unknown {
  return g.weighted<unknown>([
    [3, g.range(-2, 6)],
    [1, g.pick([1.5, 1e308, -0, 2 ** 53, 1001, 999, 1000, 0.1])],
    [2, g.pick(['2', '', 'section-abc', 'x'.repeat(3000), 'javascript:alert(1)', '<script>'])],
    [2, null],
    [1, g.pick([true, false])],
    [1, g.pick([{}, [], [1, 2], { a: { b: 1 } }, { level: 2 }])],
    [1, g.pick([Number.NaN, Number.POSITIVE_INFINITY, undefined])],
    [1, deepArray(g.range(60, 80))],
  ]);
}

function deepArray(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** True when `value` is a value the schema's attribute `key` of `nodeName` clearly takes (no doubt it must be stored). */
function clearlyValidAttribute(nodeName: string, key: string, value: unknown): boolean {
  if (!Object.hasOwn(schema.nodes[nodeName]?.spec.attrs ?? {}, key)) return false;
  if (key === 'source') return value === null || (typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value));
  if (nodeName === 'heading' && key === 'level') return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4;
  if (nodeName === 'ordered_list' && key === 'order') return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 100;
  if (nodeName === 'table_cell' && (key === 'colspan' || key === 'rowspan')) return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;
  return false;
}

/** True when the schema has no attribute `key` on `nodeName`, or `value` is no JSON value at all. */
function clearlyInvalidAttribute(nodeName: string, key: string, value: unknown): boolean {
  const attrs = schema.nodes[nodeName]?.spec.attrs ?? {};
  if (!Object.hasOwn(attrs, key)) return true;
  if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return true;
  return false;
}

// ---- cases -------------------------------------------------------------------------------------

/** What the server may answer: a close code, or 'open' (the input was accepted or harmlessly ignored). */
export type Expect = number | 'open';

/** How a case reaches the server. */
export type Channel =
  /** One `/collab/:docName` socket; `frames` are sent in order, then a flush probe. `pause`: the client does not read meanwhile. */
  | { kind: 'collab'; frames: Uint8Array[]; pause?: boolean }
  /** One `/collab-mux` socket (cookie); `frames` are mux frames; then a flush probe on `probe` (a document the frames opened). */
  | { kind: 'mux'; frames: Uint8Array[]; probe: string | null }
  /** `count` sockets of one user at once, each waiting for its first frame. */
  | { kind: 'sockets'; count: number }
  /** Two attackers' sockets at once, each sending one update under the same new clientID. */
  | { kind: 'race'; frames: [Uint8Array, Uint8Array]; users: [string, string] };

/** A generated case. */
export interface FuzzCase {
  index: number;
  shape: ShapeName;
  /** Short description for assertion messages. */
  detail: string;
  /** Username of the attacking user (for `race`, the first of the two). */
  attacker: string;
  channel: Channel;
  /** What the server may answer (for `sockets`: what each socket past the limit may get). */
  allowed: readonly Expect[];
  /** Texts that must be stored (and shown to every reader) when the case ended 'open'. */
  show: string[];
  /** Texts that must not be stored when the case ended closed (they were only in the refused update). */
  poison: string[];
  /** Run alone: the case is about per-user or per-socket counts. */
  exclusive?: boolean;
  /**
   * Fixed clientIDs the case may write new content under: not run in one batch with another case
   * writing under one of them (the second would race the first, which is `clientIdRace`'s job).
   */
  clients?: number[];
}

type Draft = Omit<FuzzCase, 'index' | 'shape' | 'attacker' | 'channel' | 'poison' | 'show'> & {
  frames?: Uint8Array[];
  channel?: Channel;
  show?: string[];
  poison?: string[];
};

/** What the clock bounds make of a struct run of a new client: refused outright, or up to the rest. */
function clockVerdict(end: number, unbacked: number): readonly Expect[] {
  if (end > MAX_CLOCK || unbacked > MAX_UNBACKED_LENGTH) return [BAD_MESSAGE];
  return ['open', BAD_MESSAGE];
}

/** An update frame: mostly a sync update, sometimes sync step 2 (a reconnecting client's). */
function updateFrame(g: Gen, update: Uint8Array): Uint8Array {
  return syncFrame(g.chance(0.8) ? 2 : 1, update);
}

/** A valid block (prelim) for the root fragment with `marker` in its first text. */
function validBlock(g: Gen, marker: string, depth = 0): Y.XmlElement {
  const kind = g.weighted<string>([
    [5, 'paragraph'],
    [2, 'heading'],
    [depth < 2 ? 2 : 0, 'bullet_list'],
    [depth < 2 ? 1 : 0, 'ordered_list'],
    [depth < 1 ? 1 : 0, 'table'],
  ]);
  switch (kind) {
    case 'heading': {
      const h = textblock(g, 'heading', marker);
      h.setAttribute('level', g.range(1, 4) as unknown as string);
      return h;
    }
    case 'bullet_list':
    case 'ordered_list': {
      const list = new Y.XmlElement(kind);
      if (kind === 'ordered_list' && g.chance(0.5)) list.setAttribute('order', g.range(1, 9) as unknown as string);
      const items: Y.XmlElement[] = [];
      for (let i = g.range(1, 3); i > 0; i--) {
        const li = new Y.XmlElement('list_item');
        const content: Y.XmlElement[] = [textblock(g, 'paragraph', items.length === 0 ? marker : g.text(1, 8))];
        // After its paragraph a list item may hold more paragraphs and lists, nothing else.
        if (depth < 1 && g.chance(0.3)) content.push(g.chance(0.5) ? textblock(g, 'paragraph', g.text(1, 6)) : validList(g, depth + 2));
        li.insert(0, content);
        items.push(li);
      }
      list.insert(0, items);
      return list;
    }
    case 'table': {
      const table = new Y.XmlElement('table');
      const rows: Y.XmlElement[] = [];
      const width = g.range(1, 3);
      for (let r = g.range(1, 3); r > 0; r--) {
        const row = new Y.XmlElement('table_row');
        const cells: Y.XmlElement[] = [];
        for (let c = 0; c < width; c++) {
          const cell = new Y.XmlElement('table_cell');
          if (g.chance(0.2)) cell.setAttribute('colspan', g.range(1, 3) as unknown as string);
          cell.insert(0, [textblock(g, 'paragraph', rows.length === 0 && c === 0 ? marker : g.text(1, 6))]);
          cells.push(cell);
        }
        row.insert(0, cells);
        rows.push(row);
      }
      table.insert(0, rows);
      return table;
    }
    default:
      return textblock(g, 'paragraph', marker);
  }
}

/** How deep the deepest element is (an element in the fragment is at depth 1). Iterative. */
function maxElementDepth(frag: Y.XmlFragment): number {
  let max = 0;
  const stack: [Y.XmlFragment | Y.XmlElement, number][] = [[frag, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      max = Math.max(max, depth + 1);
      stack.push([child, depth + 1]);
    }
  }
  return max;
}

/** The deepest list item of the fragment, with its depth. */
function deepestListItem(frag: Y.XmlFragment): { item: Y.XmlElement; depth: number } | null {
  let best: { item: Y.XmlElement; depth: number } | null = null;
  const stack: [Y.XmlFragment | Y.XmlElement, number][] = [[frag, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'list_item' && (best === null || depth + 1 > best.depth)) best = { item: child, depth: depth + 1 };
      stack.push([child, depth + 1]);
    }
  }
  return best;
}

/** A small valid list (nested in a list item). */
function validList(g: Gen, depth: number): Y.XmlElement {
  const list = new Y.XmlElement(g.chance(0.5) ? 'bullet_list' : 'ordered_list');
  const li = new Y.XmlElement('list_item');
  li.insert(0, [textblock(g, 'paragraph', g.text(1, 6))]);
  if (depth < 4 && g.chance(0.3)) li.insert(1, [validList(g, depth + 1)]);
  list.insert(0, [li]);
  return list;
}

/** A paragraph or heading holding `marker` (whole, in one run), maybe with marks and a hard break. */
function textblock(g: Gen, name: string, marker: string): Y.XmlElement {
  const el = new Y.XmlElement(name);
  const text = new Y.XmlText();
  text.insert(0, marker, g.chance(0.3) ? { [g.pick(MARKS)]: {} } : undefined);
  if (g.chance(0.4)) text.insert(marker.length, g.text(1, 10), { [g.pick(MARKS)]: {} });
  const children: (Y.XmlText | Y.XmlElement)[] = [text];
  if (g.chance(0.2)) {
    const after = new Y.XmlText();
    after.insert(0, g.text(1, 8));
    children.push(new Y.XmlElement('hard_break'), after);
  }
  el.insert(0, children);
  return el;
}

/** A text the case alone writes: checked for in the stored text. */
function marker(index: number, what: string): string {
  return `〔${what}${index}〕`;
}

/** clientIDs bound to users other than `userId`. */
function foreignClients(ctx: FuzzContext, userId: string): number[] {
  return [...ctx.owners].filter(([, owner]) => owner !== userId).map(([client]) => client);
}

// Each shape returns a draft; `generateCase` fills in index, shape and attacker.
type ShapeFn = (g: Gen, ctx: FuzzContext, c: { index: number; attacker: { username: string; userId: string } }) => Draft;

const shapes = {
  /** Legitimate edits: new blocks, typing into existing text, marks, small deletions. */
  legit(g, ctx, { index }) {
    const f = fork(ctx, g.clientId());
    const show: string[] = [];
    const { texts } = walk(f.frag);
    const ops: string[] = [];
    const update = capture(f, () => {
      for (let n = g.range(1, 3); n > 0; n--) {
        const op = g.weighted<string>([
          [4, 'block'],
          [texts.length > 0 ? 3 : 0, 'type'],
          [texts.length > 0 ? 2 : 0, 'mark'],
          [texts.length > 0 ? 1 : 0, 'delete'],
        ]);
        ops.push(op);
        if (op === 'block') {
          const m = marker(index, `合法${show.length}`);
          show.push(m);
          f.frag.insert(g.int(f.frag.length + 1), [validBlock(g, m)]);
        } else if (op === 'type') {
          const m = marker(index, `输入${show.length}`);
          show.push(m);
          const t = g.pick(texts).text;
          let at = g.int(t.length + 1);
          // Never inside a marker of this case (typed just before, maybe into this very text).
          const plain = plainText(t);
          for (const earlier of show) {
            const from = plain.indexOf(earlier);
            if (from >= 0 && at > from && at < from + earlier.length) at = from;
          }
          t.insert(at, m, g.chance(0.3) ? { [g.pick(MARKS)]: {} } : undefined);
        } else {
          const t = g.pick(texts).text;
          if (t.length === 0) continue;
          const at = g.int(t.length);
          const len = Math.min(t.length - at, g.range(1, 5));
          // Never inside a marker of this case (typed just before, maybe into this very text).
          if (op === 'mark') t.format(at, len, { [g.pick(MARKS)]: g.chance(0.8) ? {} : null });
          else if (!show.some((m) => plainText(t).includes(m))) t.delete(at, len);
        }
      }
    });
    return { detail: `ops=${ops.join('+')}`, frames: [updateFrame(g, update)], allowed: ['open'], show };
  },

  /** A typist: many small updates, one per keystroke, on one connection. */
  burst(g, ctx, { index }) {
    const f = fork(ctx, g.clientId());
    const m = marker(index, '连打');
    const frames: Uint8Array[] = [];
    const text = new Y.XmlText();
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [text]);
    // Inserting a prelim type integrates that very object: `text` is live afterwards.
    frames.push(updateFrame(g, capture(f, () => f.frag.insert(g.int(f.frag.length + 1), [p]))));
    for (let i = 0; i < m.length; i++) frames.push(syncFrame(2, capture(f, () => text.insert(i, m[i]!))));
    return { detail: `${frames.length} keystroke updates`, frames, allowed: ['open'], show: [m] };
  },

  /** A GC struct of a huge (or big) length on a new clientID, maybe with text after it. */
  gcHuge(g, ctx, { index }) {
    const client = g.clientId();
    const len = g.chance(0.8) ? g.hugeLength() : g.range(1, 2 ** 20);
    const p = marker(index, '毒GC');
    const structs: RawStruct[] = [{ kind: 'gc', len }];
    const anchors = anchorsOf(g, fork(ctx, client).frag);
    if (g.chance(0.6) && anchors.chars.length > 0) {
      structs.push({ kind: 'item', origin: g.pick(anchors.chars), content: { kind: 'string', text: p } });
    }
    const end = len + (structs.length > 1 ? p.length : 0);
    return {
      detail: `client=${client} gc len=${len}${structs.length > 1 ? ' + text' : ''}`,
      frames: [updateFrame(g, encodeUpdateV1([{ client, clock: 0, structs }]))],
      allowed: clockVerdict(end, len),
      poison: [p],
    };
  },

  /** ContentDeleted of a huge length on new clientIDs (one, or many at once). */
  deletedHuge(g, ctx, { index }) {
    const anchors = anchorsOf(g, fork(ctx, 1).frag);
    const many = g.chance(0.25);
    const clients: RawClientStructs[] = [];
    let verdict: readonly Expect[] = ['open', BAD_MESSAGE];
    const lengths: number[] = [];
    for (let n = many ? g.range(2, 40) : 1; n > 0; n--) {
      const len = many ? g.pick([MAX_UNBACKED_LENGTH, MAX_UNBACKED_LENGTH - 1, g.hugeLength()]) : g.hugeLength();
      lengths.push(len);
      const placed: RawStruct =
        g.chance(0.5) && anchors.chars.length > 0
          ? { kind: 'item', origin: g.pick(anchors.chars), content: { kind: 'deleted', len } }
          : { kind: 'item', parent: { root: 'prosemirror' }, content: { kind: 'deleted', len } };
      clients.push({ client: g.clientId(), clock: 0, structs: [placed] });
      if (clockVerdict(len, len).length === 1) verdict = [BAD_MESSAGE];
    }
    const p = marker(index, '毒删');
    if (anchors.chars.length > 0) {
      // A visible text after it, so that accepting the update would show.
      const first = clients[0]!;
      first.structs.push({ kind: 'item', origin: g.pick(anchors.chars), content: { kind: 'string', text: p } });
      if (structLength(first.structs[0]!) + p.length > MAX_CLOCK) verdict = [BAD_MESSAGE];
    }
    return {
      detail: `${clients.length} client(s) deleted len=${lengths.slice(0, 4).join(',')}${lengths.length > 4 ? '…' : ''}`,
      frames: [updateFrame(g, encodeUpdateV1(clients))],
      allowed: verdict,
      poison: [p],
    };
  },

  /** Structs at clocks near 2^53 or just past the ceiling, and clientIDs past 2^32. */
  clockHuge(g, ctx, { index, attacker }) {
    const anchors = anchorsOf(g, fork(ctx, 1).frag);
    const p = marker(index, '毒钟');
    const variant = g.pick(['start-huge', 'cross-ceiling', 'exact-ceiling', 'client-huge'] as const);
    const content: RawStruct = anchors.chars.length > 0 ? { kind: 'item', origin: g.pick(anchors.chars), content: { kind: 'string', text: p } } : { kind: 'item', parent: { root: 'prosemirror' }, content: { kind: 'type', typeRef: 3, name: 'paragraph' } };
    const len = structLength(content);
    if (variant === 'client-huge') {
      // A legitimate paragraph under a clientID JavaScript can barely count.
      const client = g.pick([2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 40]);
      const f = fork(ctx, 1);
      f.doc.clientID = client;
      const m = marker(index, '大号');
      const update = capture(f, () => f.frag.insert(f.frag.length, [textblock(g, 'paragraph', m)]));
      // An earlier case may have bound that clientID to the other attacker.
      const taken = ctx.owners.has(client) && ctx.owners.get(client) !== attacker.userId;
      return { detail: `client=${client} legit paragraph${taken ? ' (bound to another user)' : ''}`, frames: [updateFrame(g, update)], allowed: taken ? [CLIENT_ID_TAKEN] : ['open', BAD_MESSAGE], show: [m], clients: [client] };
    }
    const clock =
      variant === 'start-huge'
        ? g.pick([2 ** 53 - 1 - len, 2 ** 53 - 2 ** 20, 2 ** 52, 2 ** 40])
        : variant === 'cross-ceiling'
          ? MAX_CLOCK - g.range(0, len - 1)
          : MAX_CLOCK - len;
    const structs: RawStruct[] = g.chance(0.5) ? [content] : [{ kind: 'gc', len: clock }, content];
    const start = structs.length === 2 ? 0 : clock;
    return {
      detail: `${variant} clock=${clock} structs=${structs.length}`,
      frames: [updateFrame(g, encodeUpdateV1([{ client: g.clientId(), clock: start, structs }]))],
      // Starting at a gap asks for a resync (open); ending past the ceiling is refused.
      allowed: clock + len > MAX_CLOCK ? [BAD_MESSAGE] : structs.length === 2 && clock > MAX_UNBACKED_LENGTH ? [BAD_MESSAGE] : ['open', BAD_MESSAGE],
      poison: [p],
    };
  },

  /** Delete sets with huge ranges, on the writer's, someone's or a new clientID. */
  deleteSetHuge(g, ctx) {
    const f = fork(ctx, 1);
    const sv = Y.decodeStateVector(Y.encodeStateVector(f.doc));
    const known = [...sv.keys()];
    const client = g.weighted<number>([
      [3, ctx.writerClientID],
      [known.length > 0 ? 2 : 0, known.length > 0 ? g.pick(known) : 0],
      [2, g.clientId()],
    ]);
    const state = sv.get(client) ?? 0;
    const ranges: [number, number][] = [];
    for (let n = g.range(1, 4); n > 0; n--) {
      ranges.push(
        g.weighted<[number, number]>([
          [4, [g.int(Math.max(1, state)), g.hugeLength()]],
          [2, [g.hugeLength(), g.range(1, 10)]],
          [1, [2 ** 53 - 2, 1]],
          [1, [g.int(Math.max(1, state)), g.range(0, 3)]],
        ]),
      );
    }
    ranges.sort((a, b) => a[0] - b[0]);
    // Past the ceiling no resync could make a range known: refused, wherever it is in the set.
    const past = ranges.some(([clock, len]) => clock + len > MAX_CLOCK);
    return {
      detail: `client=${client}${client === ctx.writerClientID ? ' (writer)' : ''} state=${state} ranges=${JSON.stringify(ranges)}`,
      frames: [updateFrame(g, encodeUpdateV1([], [{ client, ranges }]))],
      allowed: past ? [BAD_MESSAGE] : ['open', BAD_MESSAGE],
    };
  },

  /** XmlElements with random node names (valid or not) in random places, with text in them. */
  elementNames(g, ctx, { index }) {
    const f = fork(ctx, g.clientId());
    const { containers } = walk(f.frag);
    const container = g.chance(0.5) ? f.frag : g.pick(containers);
    const parent = container instanceof Y.XmlElement ? container.nodeName : null;
    const name = g.chance(0.45) ? g.pick(NODE_NAMES) : oddName(g);
    const m = marker(index, '元素');
    const placeable = VALID_CHILDREN.get(parent)?.includes(name) ?? false;
    const known = NODE_NAMES.includes(name);
    const update = capture(f, () => {
      const el = new Y.XmlElement(name);
      if (TEXTBLOCKS.has(name) || !known) el.insert(0, [new Y.XmlText(m)]);
      else if (name !== 'hard_break') el.insert(0, [validChild(g, name, m)]);
      container.insert(g.int(container.length + 1), [el]);
    });
    // A known element in a place its parent's content may hold it must be stored (the editor
    // writes it), unless that nests elements deeper than the server keeps.
    const tooDeep = maxElementDepth(f.frag) > MAX_ELEMENT_DEPTH;
    const valid = known && placeable && !tooDeep;
    const holdsText = valid && name !== 'hard_break';
    return {
      detail: `<${name.length > 40 ? `${name.slice(0, 40)}…(${name.length})` : name}> in <${parent ?? 'fragment'}>`,
      frames: [updateFrame(g, update)],
      allowed: valid ? ['open'] : [BAD_MESSAGE],
      show: holdsText ? [m] : [],
      poison: valid ? [] : [m],
    };
  },

  /** Attributes: the schema's and others, with values of every kind. */
  attributes(g, ctx, { index }) {
    const f = fork(ctx, g.clientId());
    const { elements } = walk(f.frag);
    const onNew = elements.length === 0 || g.chance(0.4);
    const nodeName = onNew ? g.pick(['paragraph', 'heading', 'ordered_list', 'table']) : '';
    const target = onNew ? null : g.pick(elements);
    const name = target ? target.nodeName : nodeName;
    const own = Object.keys(schema.nodes[name]?.spec.attrs ?? {});
    const key = own.length > 0 && g.chance(0.6) ? g.pick(own) : g.pick(['class', 'style', 'onclick', 'href', 'level', 'colspan', 'source', '__proto__', 'constructor', '', 'data-x', 'ychange']);
    const value = g.chance(0.4) && own.includes(key) ? validAttributeValue(g, name, key) : attributeValue(g);
    const m = marker(index, '属性');
    const update = capture(f, () => {
      if (target) {
        target.setAttribute(key, value as string);
      } else {
        const el = name === 'paragraph' || name === 'heading' ? textblock(g, name, m) : validChildren(g, name, m);
        el.setAttribute(key, value as string);
        f.frag.insert(g.int(f.frag.length + 1), [el]);
      }
    });
    const clearlyValid = clearlyValidAttribute(name, key, value);
    const clearlyInvalid = clearlyInvalidAttribute(name, key, value) || nestingDepth(value) > 64;
    return {
      detail: `${name}.${key}=${describeValue(value)} on ${target ? 'existing' : 'new'} element`,
      frames: [updateFrame(g, update)],
      allowed: clearlyValid ? ['open'] : clearlyInvalid ? [BAD_MESSAGE] : ['open', BAD_MESSAGE],
      show: clearlyValid && !target ? [m] : [],
      poison: target ? [] : [m],
    };
  },

  /** Format marks: the schema's, hashed ones, unknown ones, with odd values; on new or existing text. */
  formats(g, ctx, { index }) {
    const f = fork(ctx, g.clientId());
    const { texts } = walk(f.frag);
    const key = g.weighted<string>([
      [4, g.pick(MARKS)],
      [2, `${g.pick(MARKS)}--${g.pick(['AbCd1234', '12345678', 'a+b/c=de'])}`],
      [3, g.pick(['link', 'bold', 'b', 'italic', 'color', 'code', 'ychange', 'font', 'comment', ''])],
      [1, g.pick(['__proto__', 'constructor', 'toString'])],
      [1, g.text(1, 6)],
    ]);
    const value = g.weighted<unknown>([
      [5, {}],
      [2, null],
      [2, g.pick([true, 1, 'x', [], 0])],
      [2, g.pick([{ href: 'https://example.com' }, { type: 'x' }, { user: 'a', state: 'added' }, { level: 1 }])],
    ]);
    const m = marker(index, '标记');
    const onNew = texts.length === 0 || g.chance(0.5);
    const update = capture(f, () => {
      if (onNew) {
        const p = new Y.XmlElement('paragraph');
        const t = new Y.XmlText();
        t.insert(0, m, { [key]: value });
        p.insert(0, [t]);
        f.frag.insert(g.int(f.frag.length + 1), [p]);
      } else {
        const t = g.pick(texts).text;
        if (t.length > 0) {
          const at = g.int(t.length);
          t.format(at, Math.min(t.length - at, g.range(1, 8)), { [key]: value });
        }
      }
    });
    const isMark = MARKS.includes(key);
    const plainObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    // Null removes a format (or, on new text, is no format at all: the text is stored plain).
    const clearlyValid = (isMark && plainObject && Object.keys(value).length === 0) || value === null;
    const clearlyInvalid = value !== null && (!plainObject || !MARKS.includes(key.replace(/--.{8}$/, '')));
    return {
      detail: `format ${JSON.stringify(key)}=${describeValue(value)} on ${onNew ? 'new' : 'existing'} text`,
      frames: [updateFrame(g, update)],
      // A format equal to what the text has changes nothing: no update, nothing to refuse.
      allowed: clearlyValid || isEmptyUpdate(update) ? ['open'] : clearlyInvalid ? [BAD_MESSAGE] : ['open', BAD_MESSAGE],
      show: clearlyValid && onNew ? [m] : [],
      poison: onNew ? [m] : [],
    };
  },

  /**
   * Deeply nested elements: valid lists inside lists (at the root or under the deepest list item
   * the section has, so depth piles up across cases; sometimes split over several updates on one
   * connection), or nesting the schema never allows. Up to MAX_ELEMENT_DEPTH levels is the editor's
   * own content and must be stored; deeper must be refused.
   */
  deepNesting(g, ctx, { index }) {
    const f = fork(ctx, g.clientId());
    const levels = g.weighted<number>([
      [10, g.range(2, 60)],
      [6, g.range(95, 102)],
      [3, g.range(61, 400)],
      [1, g.range(401, 2500)],
    ]);
    const kind = g.pick(['list', 'list', 'list', 'div', 'paragraph-in-paragraph', 'cell-in-cell'] as const);
    const deepest = kind === 'list' && g.chance(0.5) ? deepestListItem(f.frag) : null;
    const parts = kind === 'list' && g.chance(0.3) ? g.range(2, 4) : 1;
    const m = marker(index, '深');
    const frames: Uint8Array[] = [];
    // Built from the top down, each level inserted into an integrated element: no recursion.
    let current: Y.XmlElement | null = null;
    const addLevels = (from: number, to: number) => {
      for (let level = from; level <= to; level++) {
        const at: Y.XmlElement = current!;
        if (kind === 'list') {
          // Each level: a list item with a paragraph, and (but at the last level) the next list.
          const li = new Y.XmlElement('list_item');
          at.insert(at.length, [li]);
          li.insert(0, [textblock(g, 'paragraph', level === levels ? m : g.text(1, 3))]);
          if (level === levels) break;
          const next = new Y.XmlElement(g.chance(0.5) ? 'bullet_list' : 'ordered_list');
          li.insert(1, [next]);
          current = next;
        } else if (level < levels) {
          const next = new Y.XmlElement(kind === 'div' ? 'div' : kind === 'paragraph-in-paragraph' ? 'paragraph' : g.pick(['table_row', 'table_cell', 'table']));
          at.insert(0, [next]);
          current = next;
        } else {
          at.insert(0, [new Y.XmlText(m)]);
        }
      }
    };
    const step = Math.ceil(levels / parts);
    for (let from = 1; from <= levels; from += step) {
      const to = Math.min(levels, from + step - 1);
      const update = capture(f, () => {
        if (from === 1) {
          const top = new Y.XmlElement(kind === 'list' ? 'bullet_list' : kind === 'div' ? 'div' : kind === 'paragraph-in-paragraph' ? 'paragraph' : 'table');
          if (deepest) deepest.item.insert(deepest.item.length, [top]);
          else f.frag.insert(g.int(f.frag.length + 1), [top]);
          current = top;
        }
        addLevels(from, to);
      });
      frames.push(from === 1 ? updateFrame(g, update) : syncFrame(2, update));
    }
    const depth = maxElementDepth(f.frag);
    const valid = kind === 'list' && depth <= MAX_ELEMENT_DEPTH;
    return {
      detail: `${kind} ${levels} levels${deepest ? ` under a list item at depth ${deepest.depth}` : ''}${parts > 1 ? ` in ${frames.length} updates` : ''}: elements ${depth} deep (${frames.reduce((n, fr) => n + fr.length, 0)} bytes)`,
      frames,
      allowed: valid ? ['open'] : [BAD_MESSAGE, TOO_BIG],
      show: valid ? [m] : [],
      poison: [m],
    };
  },

  /** Content y-prosemirror never writes: maps, arrays, Y.Text, hooks, nested fragments, plain values, embeds, binary, subdocuments, other roots. */
  foreignTypes(g, ctx, { index }) {
    const f = fork(ctx, g.clientId());
    const { elements, texts } = walk(f.frag);
    const p = marker(index, '异类');
    const what = g.pick(['map', 'array', 'ytext', 'hook', 'fragment', 'number', 'string', 'object', 'binary', 'subdoc', 'embed', 'text-attr', 'element-type-attr', 'root', 'json', 'fragment-attr', 'text-in-fragment'] as const);
    const inElement = elements.length > 0 && g.chance(0.5) ? g.pick(elements) : null;
    const into = inElement ?? f.frag;
    const insertOdd = (v: unknown) => into.insert(g.int(into.length + 1), [v as Y.XmlElement]);
    let update: Uint8Array;
    switch (what) {
      case 'json':
        update = encodeUpdateV1([{ client: f.doc.clientID, clock: 0, structs: [{ kind: 'item', parent: { root: 'prosemirror' }, content: { kind: 'json', values: [JSON.stringify(p), 'undefined', '{"a":1}'] } }] }]);
        break;
      case 'fragment-attr':
        update = encodeUpdateV1([{ client: f.doc.clientID, clock: 0, structs: [{ kind: 'item', parent: { root: 'prosemirror' }, parentSub: g.pick(['level', 'x', '']), content: { kind: 'any', values: [p] } }] }]);
        break;
      case 'text-in-fragment':
        update = encodeUpdateV1([{ client: f.doc.clientID, clock: 0, structs: [{ kind: 'item', parent: { root: 'prosemirror' }, content: { kind: 'string', text: p } }] }]);
        break;
      case 'root':
        update = capture(f, () => {
          const name = g.pick(['meta', 'prosemirror2', '', 'PROSEMIRROR', '__proto__', 'default']);
          if (g.chance(0.5)) f.doc.getText(name).insert(0, p);
          else f.doc.getMap(name).set('k', p);
        });
        break;
      default:
        update = capture(f, () => {
          switch (what) {
            case 'map': {
              const m = new Y.Map<string>();
              m.set('text', p);
              return insertOdd(m);
            }
            case 'array': {
              const a = new Y.Array<string>();
              a.insert(0, [p]);
              return insertOdd(a);
            }
            case 'ytext':
              return insertOdd(new Y.Text(p));
            case 'hook':
              return insertOdd(new Y.XmlHook('paragraph'));
            case 'fragment': {
              const frag = new Y.XmlFragment();
              frag.insert(0, [new Y.XmlText(p)]);
              return insertOdd(frag);
            }
            case 'number':
              return insertOdd(g.pick([42, 1e308, -1]));
            case 'string':
              return insertOdd(p);
            case 'object':
              return insertOdd({ type: 'paragraph', text: p });
            case 'binary':
              return insertOdd(new TextEncoder().encode(p));
            case 'subdoc':
              return insertOdd(new Y.Doc());
            case 'embed': {
              const t = texts.length > 0 ? g.pick(texts).text : null;
              if (!t) return insertOdd(new Y.Map());
              return t.insertEmbed(g.int(t.length + 1), g.chance(0.5) ? { image: p } : (new Y.Map() as unknown as object));
            }
            case 'text-attr': {
              const t = texts.length > 0 ? g.pick(texts).text : null;
              if (!t) return insertOdd(42);
              return t.setAttribute('data', p);
            }
            case 'element-type-attr': {
              const el = inElement ?? new Y.XmlElement('paragraph');
              const typed = g.pick([new Y.XmlText(p), new Y.Map(), new Y.XmlElement('paragraph')]);
              el.setAttribute('source', typed as unknown as string);
              if (el !== inElement) f.frag.insert(0, [el]);
              return;
            }
          }
        });
    }
    return {
      detail: `${what} in ${what === 'root' || what.endsWith('fragment') ? 'document' : inElement ? `<${inElement.nodeName}>` : 'fragment'}`,
      frames: [updateFrame(g, update)],
      allowed: [BAD_MESSAGE],
      poison: [p],
    };
  },

  /** Another user's clientID: extending it, forging its past, replaying it exactly, or jumping ahead. */
  foreignClientId(g, ctx, { index, attacker }) {
    const candidates = foreignClients(ctx, attacker.userId);
    const client = candidates.length > 0 && g.chance(0.5) ? g.pick(candidates) : ctx.writerClientID;
    const f = fork(ctx, client);
    const state = Y.getState(f.doc.store, client);
    const p = marker(index, '冒名');
    const variant = state >= 4 ? g.pick(['extend', 'extend', 'forge', 'replay', 'ahead'] as const) : 'extend';
    switch (variant) {
      case 'extend': {
        const update = capture(f, () => f.frag.insert(g.int(f.frag.length + 1), [textblock(g, 'paragraph', p)]));
        return { detail: `extend client=${client} at ${state}`, frames: [updateFrame(g, update)], allowed: [CLIENT_ID_TAKEN], poison: [p] };
      }
      case 'forge': {
        // Other content under clocks the server has: Yjs alone would ignore it as known.
        const len = Math.min(p.length, state);
        const clock = g.int(state - len + 1);
        const update = encodeUpdateV1([{ client, clock, structs: [{ kind: 'item', parent: { root: 'prosemirror' }, content: { kind: 'string', text: p.slice(0, len) } }] }]);
        // Over deleted or collected content there is nothing left to compare: the forgery changes
        // nothing (Yjs ignores known clocks) and may pass unnoticed.
        const structs = f.doc.store.clients.get(client) ?? [];
        const over = structs.slice(Y.findIndexSS(structs, clock), Y.findIndexSS(structs, clock + len - 1) + 1);
        const gone = over.some((s) => s instanceof Y.GC || s.deleted);
        return { detail: `forge client=${client} clock=${clock} len=${len} (state ${state}${gone ? ', over deleted content' : ''})`, frames: [updateFrame(g, update)], allowed: gone ? [CLIENT_ID_TAKEN, 'open'] : [CLIENT_ID_TAKEN], poison: [] };
      }
      case 'replay': {
        // Exactly what the server has: a client resending what it received is harmless.
        const sv = new Map(Y.decodeStateVector(Y.encodeStateVector(f.doc)));
        sv.set(client, 0);
        const svEncoder = encoding.createEncoder();
        encoding.writeVarUint(svEncoder, sv.size);
        for (const [c, clock] of sv) {
          encoding.writeVarUint(svEncoder, c);
          encoding.writeVarUint(svEncoder, clock);
        }
        const update = Y.encodeStateAsUpdate(f.doc, encoding.toUint8Array(svEncoder));
        return { detail: `replay client=${client} 0..${state}`, frames: [updateFrame(g, update)], allowed: ['open'], poison: [] };
      }
      case 'ahead': {
        const clock = state + g.range(1, 1000);
        const update = encodeUpdateV1([{ client, clock, structs: [{ kind: 'item', parent: { root: 'prosemirror' }, content: { kind: 'type', typeRef: 3, name: 'paragraph' } }] }]);
        // Content past another user's clientID's state, even after a gap: that user's, refused.
        return { detail: `ahead client=${client} clock=${clock} (state ${state})`, frames: [updateFrame(g, update)], allowed: [CLIENT_ID_TAKEN], poison: [] };
      }
    }
  },

  /** Two users write under one new clientID at the same time: one of them must be refused. */
  clientIdRace(g, ctx, { index }) {
    const client = g.clientId();
    const updates = [0, 1].map((k) => {
      const f = fork(ctx, client);
      return capture(f, () => f.frag.insert(f.frag.length, [textblock(g, 'paragraph', marker(index, `抢${k}`))]));
    });
    // Mostly two users; now and then one user in two sessions (a case the documentation leaves open).
    const [a, b] = ctx.attackers;
    const users: [string, string] = g.chance(0.75) ? [a!.username, b!.username] : [a!.username, a!.username];
    return {
      detail: `client=${client} from ${users[0] === users[1] ? 'two sessions of one user' : 'two users'}`,
      channel: { kind: 'race', frames: [syncFrame(2, updates[0]!), syncFrame(2, updates[1]!)], users },
      allowed: ['open', CLIENT_ID_TAKEN],
      // The runner checks the marker of the side that was accepted, and that the other is not stored.
      show: [marker(index, '抢0'), marker(index, '抢1')],
    };
  },

  /** Random hand-encoded structs: any content ref, any references, any lengths. */
  structFuzz(g, ctx, { attacker }) {
    const f = fork(ctx, 1);
    const anchors = anchorsOf(g, f.frag);
    const sv = Y.decodeStateVector(Y.encodeStateVector(f.doc));
    const ids = (): RawID =>
      g.weighted<RawID>([
        [anchors.chars.length > 0 ? 4 : 0, anchors.chars.length > 0 ? g.pick(anchors.chars) : { client: 1, clock: 0 }],
        [anchors.elements.length > 0 ? 3 : 0, anchors.elements.length > 0 ? g.pick(anchors.elements).id : { client: 1, clock: 0 }],
        [anchors.texts.length > 0 ? 3 : 0, anchors.texts.length > 0 ? g.pick(anchors.texts).id : { client: 1, clock: 0 }],
        [1, { client: g.clientId(), clock: g.int(100) }],
        [1, { client: ctx.writerClientID, clock: g.pick([0, 2 ** 53 - 1, (sv.get(ctx.writerClientID) ?? 0) + 1]) }],
      ]);
    const content = (): RawContent =>
      g.weighted<RawContent>([
        [4, { kind: 'string', text: g.text(1, 12) }],
        [3, { kind: 'type', typeRef: g.pick([3, 3, 3, 6, 6, 0, 1, 2, 4, 5, 7, 99]), name: g.chance(0.6) ? g.pick(NODE_NAMES) : oddName(g) }],
        [2, { kind: 'format', key: g.chance(0.6) ? g.pick(MARKS) : oddName(g), json: g.pick(['{}', 'null', 'true', '{"href":"x"}', '{bad', '']) }],
        [2, { kind: 'deleted', len: g.chance(0.5) ? g.range(1, 100) : g.hugeLength() }],
        [2, { kind: 'any', values: [g.pick<encoding.AnyEncodable>([1, 'x', null, true, { a: 1 }, [1], 2n ** 70n, new Uint8Array([1])])] }],
        [1, { kind: 'embed', json: g.pick(['{"image":"x"}', '1', 'null', '{']) }],
        [1, { kind: 'json', values: [g.pick(['1', '"x"', 'undefined', '{'])] }],
        [1, { kind: 'binary', bytes: new Uint8Array(g.range(0, 8)) }],
        [1, { kind: 'doc', guid: g.text(1, 5) }],
        [1, { kind: 'raw', ref: g.pick([0, 10, 11, 12, 20, 31]), bytes: Uint8Array.from({ length: g.range(0, 6) }, () => g.int(256)) }],
      ]);
    const clients: RawClientStructs[] = [];
    let ceilingPassed = false;
    for (let c = g.range(1, 3); c > 0; c--) {
      const client = g.weighted<number>([
        [5, g.clientId()],
        [1, ctx.writerClientID],
        [1, g.pick([0, 2 ** 53 - 1, 2 ** 32])],
      ]);
      const state = sv.get(client) ?? 0;
      const clock = g.weighted<number>([
        [6, state],
        [1, g.range(0, state + 3)],
        [1, g.pick([2 ** 31 - 1, 2 ** 53 - 2, 2 ** 45])],
      ]);
      const structs: RawStruct[] = [];
      let at = clock;
      for (let n = g.range(1, 5); n > 0; n--) {
        const kind = g.weighted<'gc' | 'skip' | 'item'>([
          [1, 'gc'],
          [1, 'skip'],
          [6, 'item'],
        ]);
        let s: RawStruct;
        if (kind !== 'item') s = { kind, len: g.chance(0.5) ? g.range(1, 50) : g.hugeLength() };
        else {
          const item: RawStruct & { kind: 'item' } = { kind: 'item', content: content() };
          if (g.chance(0.5)) item.origin = g.chance(0.8) ? ids() : { client, clock: at + g.range(0, 3) };
          if (g.chance(0.3)) item.rightOrigin = ids();
          if (!item.origin && !item.rightOrigin) {
            item.parent = g.weighted<RawParent>([
              [4, { root: 'prosemirror' }],
              [1, { root: g.pick(['meta', '', 'x'.repeat(200)]) }],
              [4, { id: ids() }],
            ]);
          }
          if (g.chance(0.15)) item.parentSub = g.pick(['level', 'source', 'x', '']);
          s = item;
        }
        structs.push(s);
        at += structLength(s);
      }
      if (at > MAX_CLOCK) ceilingPassed = true;
      clients.push({ client, clock, structs });
    }
    const deletes: RawDeletes[] = g.chance(0.3) ? [{ client: ids().client, ranges: [[g.int(50), g.chance(0.7) ? g.range(1, 20) : g.hugeLength()]] }] : [];
    const update = encodeUpdateV1(clients, deletes);
    const foreign = clients.some((c) => ctx.owners.has(c.client) && ctx.owners.get(c.client) !== attacker.userId);
    return {
      detail: `${clients.map((c) => `${c.client}@${c.clock}:[${c.structs.map(describeStruct).join(' ')}]`).join(' ')}${deletes.length ? ` ds=${JSON.stringify(deletes[0]!.ranges)}` : ''}`.slice(0, 400),
      frames: [updateFrame(g, update)],
      clients: clients.map((c) => c.client),
      // Anything may be accepted if harmless: the invariants check what was stored. Content under
      // another user's clientID is refused with 4409 whatever else is wrong with it.
      allowed: ceilingPassed ? (foreign ? [BAD_MESSAGE, CLIENT_ID_TAKEN] : [BAD_MESSAGE]) : foreign ? ['open', BAD_MESSAGE, CLIENT_ID_TAKEN] : ['open', BAD_MESSAGE],
    };
  },

  /** Sync step 1 with an empty state vector, again and again, from a client that may not read. */
  syncFlood(g) {
    // Past the burst by 10 at least: refilling that many takes 20 s, however slowly a loaded server handles them.
    const count = g.chance(0.2) ? g.range(1, LIMITS.syncBurst) : g.range(LIMITS.syncBurst + 10, 600);
    const kind = g.pick(['step1', 'query', 'mixed'] as const);
    const frames = Array.from({ length: count }, (_, i) => (kind === 'step1' || (kind === 'mixed' && i % 2 === 0) ? SYNC_STEP1_EMPTY : QUERY_AWARENESS));
    return {
      detail: `${count} × ${kind}`,
      channel: { kind: 'collab', frames, pause: g.chance(0.7) },
      allowed: count <= LIMITS.syncBurst ? ['open'] : [TOO_MANY],
    };
  },

  /** Awareness updates: many, for several clientIDs (the writer's among them), with growing clocks. */
  awarenessFlood(g, ctx) {
    const ids = [g.clientId(), g.clientId(), g.clientId(), g.clientId(), g.clientId(), g.clientId(), ctx.writerClientID];
    const count = g.range(5, 400);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const entries: AwarenessEntry[] = [];
      for (let n = g.range(1, 3); n > 0; n--) {
        const state = g.weighted<string | null>([
          [6, JSON.stringify({ focus: g.chance(0.5), cursor: g.chance(0.5) ? null : { anchor: { type: { client: g.int(10), clock: 0 }, tname: 'prosemirror', item: null, assoc: 0 }, head: 1 }, user: { name: '冒充的人' }, junk: 'x'.repeat(g.int(2000)) })],
          [1, null],
          [1, '{}'],
        ]);
        entries.push({ clientID: g.pick(ids), clock: i + 1, state });
      }
      frames.push(awarenessFrame(entries));
    }
    return { detail: `${count} awareness updates`, channel: { kind: 'collab', frames, pause: g.chance(0.3) }, allowed: ['open', TOO_MANY] };
  },

  /** Opens and reopens on `/collab-mux`: within the burst the socket lives, past it it is closed with 4429. */
  muxFlood(g, ctx) {
    const flood = g.chance(0.5);
    // Past the burst by 500 at least: 25 s of refill, however slowly a loaded server handles opens.
    const count = flood ? g.range(LIMITS.muxOpenBurst + 500, 3000) : g.range(1, 200);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const r = g.rng();
      if (r < 0.8) frames.push(mux.open(ctx.docName));
      else if (r < 0.9) frames.push(mux.open(`section-nope${g.int(1000)}`));
      else frames.push(mux.close(ctx.docName));
    }
    frames.push(mux.open(ctx.docName));
    return { detail: `${count + 1} mux frames (opens, reopens, closes)`, channel: { kind: 'mux', frames, probe: ctx.docName }, allowed: flood ? [TOO_MANY] : ['open'] };
  },

  /** More sockets than one user may hold. */
  manySockets(g) {
    const count = g.range(LIMITS.socketsPerUser + 1, LIMITS.socketsPerUser + 12);
    return { detail: `${count} sockets of one user`, channel: { kind: 'sockets', count }, allowed: [TOO_MANY], exclusive: true };
  },

  /** A frame past the size limit: a valid paragraph of megabytes. */
  oversize(g, ctx, { index }) {
    const f = fork(ctx, g.clientId());
    const p = marker(index, '超长');
    const size = g.range(LIMITS.maxFrameBytes / 3 + 1000, LIMITS.maxFrameBytes / 2);
    // Chinese characters take 3 bytes each in UTF-8: ~2–3 MiB.
    const update = capture(f, () => f.frag.insert(0, [textblock(g, 'paragraph', p + '长'.repeat(size))]));
    return { detail: `${update.length} bytes`, frames: [syncFrame(2, update)], allowed: [TOO_BIG], poison: [p] };
  },
} satisfies Record<string, ShapeFn>;

/** Names of the shapes. */
export type ShapeName = keyof typeof shapes;
export const SHAPE_NAMES = Object.keys(shapes) as ShapeName[];

/** How often each shape comes up. */
const WEIGHTS: Record<ShapeName, number> = {
  legit: 12,
  burst: 2,
  gcHuge: 8,
  deletedHuge: 7,
  clockHuge: 6,
  deleteSetHuge: 5,
  elementNames: 12,
  attributes: 8,
  formats: 8,
  deepNesting: 4,
  foreignTypes: 7,
  foreignClientId: 7,
  clientIdRace: 2,
  structFuzz: 9,
  syncFlood: 4,
  awarenessFlood: 2,
  muxFlood: 1.5,
  manySockets: 0.7,
  oversize: 0.8,
};

/**
 * Case `index` under `seed`, from the section's state in `ctx`. `only` restricts the shapes. A case
 * whose frames are updates goes over `/collab-mux` now and then, with the same expectations.
 */
export function generateCase(seed: number, index: number, ctx: FuzzContext, only?: readonly ShapeName[]): FuzzCase {
  const g = new Gen(caseRng(seed, index));
  const names = only && only.length > 0 ? only : SHAPE_NAMES;
  const shape = g.weighted(names.map((n) => [WEIGHTS[n], n] as const));
  const attacker = g.pick(ctx.attackers);
  const draft: Draft = shapes[shape](g, ctx, { index, attacker });
  let channel: Channel = draft.channel ?? { kind: 'collab', frames: draft.frames ?? [] };
  if (channel.kind === 'collab' && !channel.pause && shape !== 'syncFlood' && shape !== 'awarenessFlood' && g.chance(0.2)) {
    channel = { kind: 'mux', frames: [mux.open(ctx.docName), ...channel.frames.map((f) => mux.data(ctx.docName, f))], probe: ctx.docName };
  }
  return {
    index,
    shape,
    detail: `${draft.detail}${channel.kind === 'mux' && shape !== 'muxFlood' ? ' (via mux)' : ''}`,
    attacker: attacker.username,
    channel,
    allowed: draft.allowed,
    show: draft.show ?? [],
    poison: draft.poison ?? [],
    ...(draft.exclusive ? { exclusive: true } : {}),
    ...(draft.clients ? { clients: draft.clients } : {}),
  };
}

// ---- helpers for the generators -------------------------------------------------------------------

/** A child that makes `name` hold `m` validly (for elements that hold no text themselves). */
function validChild(g: Gen, name: string, m: string): Y.XmlElement {
  switch (name) {
    case 'bullet_list':
    case 'ordered_list': {
      const li = new Y.XmlElement('list_item');
      li.insert(0, [textblock(g, 'paragraph', m)]);
      return li;
    }
    case 'list_item':
    case 'table_cell':
      return textblock(g, 'paragraph', m);
    case 'table': {
      const row = new Y.XmlElement('table_row');
      row.insert(0, [validChild(g, 'table_row', m)]);
      return row;
    }
    case 'table_row': {
      const cell = new Y.XmlElement('table_cell');
      cell.insert(0, [textblock(g, 'paragraph', m)]);
      return cell;
    }
    default:
      return textblock(g, 'paragraph', m);
  }
}

/** A new element `name` holding `m` validly. */
function validChildren(g: Gen, name: string, m: string): Y.XmlElement {
  const el = new Y.XmlElement(name);
  el.insert(0, [validChild(g, name, m)]);
  return el;
}

function validAttributeValue(g: Gen, nodeName: string, key: string): unknown {
  if (key === 'source') return g.pick([null, 'sec-1', 'abc_DEF-9']);
  if (key === 'level') return g.range(1, 4);
  if (key === 'order') return g.range(1, 50);
  if (nodeName === 'table_cell') return g.range(1, 5);
  return null;
}

/** Depth of nested arrays and objects in `value` (0 for a scalar). */
function nestingDepth(value: unknown): number {
  let depth = 0;
  let level: unknown[] = [value];
  while (level.length > 0) {
    const next: unknown[] = [];
    for (const v of level) if (v !== null && typeof v === 'object') next.push(...Object.values(v));
    if (next.length === 0 && !level.some((v) => v !== null && typeof v === 'object')) break;
    depth++;
    level = next;
  }
  return depth;
}

/** True for an update that carries no struct and no deletion. */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/** The plain string of an XmlText (without format tags). */
function plainText(t: Y.XmlText): string {
  return (t.toDelta() as { insert?: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 40)}…(${json.length})` : json;
}

function describeStruct(s: RawStruct): string {
  if (s.kind !== 'item') return `${s.kind}(${s.len})`;
  const c = s.content;
  const what =
    c.kind === 'string'
      ? `str${c.text.length}`
      : c.kind === 'type'
        ? `type${c.typeRef}${c.name !== undefined && (c.typeRef === 3 || c.typeRef === 5) ? `<${c.name.slice(0, 20)}>` : ''}`
        : c.kind === 'deleted'
          ? `del(${c.len})`
          : c.kind === 'format'
            ? `fmt(${c.key.slice(0, 20)}=${c.json})`
            : c.kind === 'raw'
              ? `ref${c.ref}`
              : c.kind;
  const refs = [s.origin ? `o=${s.origin.client}:${s.origin.clock}` : '', s.rightOrigin ? `r=${s.rightOrigin.client}:${s.rightOrigin.clock}` : '', s.parent ? ('root' in s.parent ? `p=${JSON.stringify(s.parent.root.slice(0, 12))}` : `p=${s.parent.id.client}:${s.parent.id.clock}`) : '', s.parentSub !== undefined ? `sub=${JSON.stringify(s.parentSub)}` : ''].filter(Boolean);
  return `${what}${refs.length ? `{${refs.join(',')}}` : ''}`;
}

// ---- what a stock reader sees ----------------------------------------------------------------------

/**
 * What a reader that knows nothing of 合稿 sees in a section: the strings of every XmlText in
 * document order, and every element name, attribute and format key that occurs (for checking them
 * against the schema). Iterative, so a deeply nested document reads too.
 */
export function stockRead(frag: Y.XmlFragment): { text: string; problems: string[] } {
  let text = '';
  const problems: string[] = [];
  const stack: { node: Y.XmlFragment | Y.XmlElement; i: number; children: unknown[] }[] = [{ node: frag, i: 0, children: frag.toArray() }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.children.length) {
      stack.pop();
      continue;
    }
    const child = top.children[top.i++];
    const parent = top.node instanceof Y.XmlElement ? top.node.nodeName : null;
    if (child instanceof Y.XmlElement) {
      if (!(VALID_CHILDREN.get(parent)?.includes(child.nodeName) ?? false)) problems.push(`<${child.nodeName.slice(0, 40)}> in <${parent ?? 'fragment'}>`);
      const attrs = schema.nodes[child.nodeName]?.spec.attrs ?? {};
      for (const key of Object.keys(child.getAttributes())) {
        if (!Object.hasOwn(attrs, key)) problems.push(`attribute ${JSON.stringify(key)} on <${child.nodeName}>`);
      }
      stack.push({ node: child, i: 0, children: child.toArray() });
    } else if (child instanceof Y.XmlText) {
      if (parent === null || !TEXTBLOCKS.has(parent)) problems.push(`text in <${parent ?? 'fragment'}>`);
      for (const d of child.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof d.insert === 'string') text += d.insert;
        else problems.push(`embed ${JSON.stringify(d.insert)?.slice(0, 40)}`);
        for (const [key, value] of Object.entries(d.attributes ?? {})) {
          if (!MARKS.includes(key)) problems.push(`format ${JSON.stringify(key)}`);
          else if (value === null || typeof value !== 'object' || Array.isArray(value)) problems.push(`format ${key}=${JSON.stringify(value)}`);
        }
      }
      if (Object.keys(child.getAttributes()).length > 0) problems.push('attributes on an XmlText');
    } else {
      problems.push(`${(child as object)?.constructor?.name ?? typeof child} in <${parent ?? 'fragment'}>`);
    }
  }
  return { text, problems };
}
