// Comment anchors: a document range stored as two Yjs relative positions (base64), so the range follows
// the text through concurrent edits. Converted with y-prosemirror's helpers and the sync binding's mapping.
import type { EditorState } from 'prosemirror-state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

type ProsemirrorMapping = Parameters<typeof absolutePositionToRelativePosition>[2];

/** A range's two ends, each the base64 of `Y.encodeRelativePosition` (the API's `anchor`). */
export interface EncodedAnchor {
  from: string;
  to: string;
}

/** The longest quote the server accepts. */
export const QUOTE_MAX = 500;

/** What the sync plugin exposes: the bound fragment, its document and the node mapping. */
interface SyncBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: ProsemirrorMapping;
}

/** The y-prosemirror binding of an editor state, or null when the state has no sync plugin. */
function bindingOf(state: EditorState): SyncBinding | null {
  const sync = ySyncPluginKey.getState(state) as { doc?: Y.Doc; type?: Y.XmlFragment; binding?: { mapping?: ProsemirrorMapping } } | undefined;
  if (!sync?.doc || !sync.type || !sync.binding?.mapping) return null;
  return { doc: sync.doc, type: sync.type, mapping: sync.binding.mapping };
}

/** Base64 of an encoded relative position. */
export function encodeRelative(position: Y.RelativePosition): string {
  const bytes = Y.encodeRelativePosition(position);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The relative position in a base64 string, or null when it does not decode. */
export function decodeRelative(encoded: string): Y.RelativePosition | null {
  try {
    const binary = atob(encoded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return Y.decodeRelativePosition(bytes);
  } catch {
    return null;
  }
}

/**
 * Encodes the document range `from`–`to` of `state` as an anchor. The end associates to the left (a
 * character typed right after the range stays outside it). Null when the state is not bound to Yjs or
 * the binding's mapping is not ready for these positions.
 */
export function encodeAnchor(state: EditorState, from: number, to: number): EncodedAnchor | null {
  const binding = bindingOf(state);
  if (!binding || from >= to) return null;
  try {
    const start = absolutePositionToRelativePosition(from, binding.type, binding.mapping) as Y.RelativePosition;
    let end = absolutePositionToRelativePosition(to, binding.type, binding.mapping) as Y.RelativePosition;
    const resolved = Y.createAbsolutePositionFromRelativePosition(end, binding.doc);
    if (resolved && resolved.type instanceof Y.XmlText && resolved.index > 0) {
      end = Y.createRelativePositionFromTypeIndex(resolved.type, resolved.index, -1);
    }
    return { from: encodeRelative(start), to: encodeRelative(end) };
  } catch {
    return null;
  }
}

/** Decodes anchors once: the same base64 always yields the same relative position. */
export class RelativePositionCache {
  private readonly cache = new Map<string, Y.RelativePosition | null>();

  /** The relative position of a base64 string (null when it does not decode). */
  get(encoded: string): Y.RelativePosition | null {
    let value = this.cache.get(encoded);
    if (value === undefined) {
      value = decodeRelative(encoded);
      this.cache.set(encoded, value);
    }
    return value;
  }
}

/**
 * Where an anchor lies now in `state`'s document, or null when it no longer resolves (its text was
 * deleted, it belongs to another document, or the mapping is not ready). An empty range is null.
 */
export function resolveAnchor(state: EditorState, anchor: EncodedAnchor, cache?: RelativePositionCache): { from: number; to: number } | null {
  const binding = bindingOf(state);
  if (!binding) return null;
  const relFrom = cache ? cache.get(anchor.from) : decodeRelative(anchor.from);
  const relTo = cache ? cache.get(anchor.to) : decodeRelative(anchor.to);
  if (!relFrom || !relTo) return null;
  try {
    const from = relativePositionToAbsolutePosition(binding.doc, binding.type, relFrom, binding.mapping);
    const to = relativePositionToAbsolutePosition(binding.doc, binding.type, relTo, binding.mapping);
    if (from === null || to === null) return null;
    const size = state.doc.content.size;
    const start = Math.max(0, Math.min(from, size));
    const end = Math.max(0, Math.min(to, size));
    return start < end ? { from: start, to: end } : null;
  } catch {
    // A node missing from the mapping (the binding is between two renders): unresolved for now.
    return null;
  }
}

/** The selected text of `from`–`to`, one line per block, cut to {@link QUOTE_MAX} characters. */
export function quoteOf(state: EditorState, from: number, to: number): string {
  const text = state.doc.textBetween(from, to, '\n', ' ').trim();
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 1)}…` : text;
}
