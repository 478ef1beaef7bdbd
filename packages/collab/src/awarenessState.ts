/**
 * The awareness fields 合稿 uses, and their validation. A page sets `focus` (its editor has the
 * focus); y-prosemirror's cursor plugin sets `cursor` to `{anchor, head}` — two Yjs
 * RelativePositions in JSON form — or null; the server stamps `user`. Other viewers' cursor
 * plugins feed `cursor.anchor` and `cursor.head` to `Y.createRelativePositionFromJSON` and resolve
 * them in their document, which throws on garbage: so a cursor is passed on only when well-formed.
 * No dependency on Yjs: the browser imports this too (`@hegao/collab/awareness`).
 */

/** A Yjs ID as JSON. */
export interface IDJSON {
  client: number;
  clock: number;
}

/** A Yjs RelativePosition as `Y.relativePositionToJSON` writes it. */
export interface RelativePositionJSON {
  type?: IDJSON;
  tname?: string;
  item?: IDJSON;
  assoc?: number;
}

/** y-prosemirror's awareness `cursor` field. */
export interface CursorJSON {
  anchor: RelativePositionJSON;
  head: RelativePositionJSON;
}

/** Longest root type name accepted in a relative position (y-prosemirror uses 'prosemirror'). */
const MAX_TNAME = 100;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readID(value: unknown): IDJSON | null {
  if (!isObject(value)) return null;
  const { client, clock } = value;
  if (typeof client !== 'number' || !Number.isSafeInteger(client) || client < 0) return null;
  if (typeof clock !== 'number' || !Number.isSafeInteger(clock) || clock < 0) return null;
  return { client, clock };
}

/**
 * A clean copy of a RelativePosition in JSON form, or null when it is not one Yjs can resolve
 * without throwing: `item` (an ID), else `tname` (a root type's name) or `type` (the ID of a
 * nested type's item); `assoc` an integer. `rootNames`, when given, limits `tname`.
 */
export function readRelativePosition(value: unknown, rootNames?: ReadonlySet<string>): RelativePositionJSON | null {
  if (!isObject(value)) return null;
  const out: RelativePositionJSON = {};
  if (value['item'] != null) {
    const item = readID(value['item']);
    if (!item) return null;
    out.item = item;
  }
  if (value['type'] != null) {
    const type = readID(value['type']);
    if (!type) return null;
    out.type = type;
  }
  if (value['tname'] != null) {
    const tname = value['tname'];
    if (typeof tname !== 'string' || tname === '' || tname.length > MAX_TNAME) return null;
    if (rootNames && !rootNames.has(tname)) return null;
    out.tname = tname;
  }
  // Yjs resolves `item` first, then `tname`, then `type`, and throws when none is there.
  if (!out.item && out.tname === undefined && !out.type) return null;
  if (value['assoc'] != null) {
    const assoc = value['assoc'];
    if (typeof assoc !== 'number' || !Number.isSafeInteger(assoc)) return null;
    out.assoc = assoc;
  }
  return out;
}

/** A clean copy of a `cursor` field, or null (no cursor) when it is absent or malformed. */
export function readCursor(value: unknown, rootNames?: ReadonlySet<string>): CursorJSON | null {
  if (!isObject(value)) return null;
  const anchor = readRelativePosition(value['anchor'], rootNames);
  const head = readRelativePosition(value['head'], rootNames);
  return anchor && head ? { anchor, head } : null;
}

/**
 * The fields of a client's awareness state the server passes on: `focus` when it is a boolean,
 * `cursor` when the client set it (a malformed one becomes null). Everything else is dropped; the
 * server adds `user` itself.
 */
export function sanitizeAwarenessState(state: Readonly<Record<string, unknown>>, rootNames?: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof state['focus'] === 'boolean') out['focus'] = state['focus'];
  if ('cursor' in state) out['cursor'] = readCursor(state['cursor'], rootNames);
  return out;
}
