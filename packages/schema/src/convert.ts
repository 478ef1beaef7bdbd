// Conversions between a section's Yjs text (Y.XmlFragment), ProseMirror JSON and plain text.
import type { PmMark, PmNode } from '@hegao/contract';
import { Fragment, Node } from 'prosemirror-model';
import type { Mark, NodeType } from 'prosemirror-model';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import { childTypes } from './contentRules.js';
import { commonSubsequence } from './lcs.js';
import { isPlainObject, isPlainValue } from './plainValue.js';
import { schema } from './schema.js';

/** A mark in ProseMirror JSON form (the contract's, as versions are sent in it). */
export type PMMarkJSON = PmMark;

/** A node (or the whole doc) in ProseMirror JSON form, as `Node.toJSON()` produces it. */
export type PMJSON = PmNode;

/**
 * Reads the fragment as doc JSON valid for `schema`, without modifying the Yjs document.
 *
 * y-prosemirror's `yXmlFragmentToProseMirrorRootNode` is not used on purpose: on content the schema
 * rejects it deletes Yjs items, which would make a read on the server produce unattributed updates.
 * Instead the raw JSON is repaired here the way the editor would show it: unknown node and mark types
 * are dropped, missing required children are filled in (an empty cell gets a paragraph), stray inline
 * content outside a textblock is wrapped in a paragraph, and an empty fragment reads as one empty
 * paragraph.
 */
export function fragmentToJSON(frag: Y.XmlFragment): PMJSON {
  const children = buildChildren(readChildren(frag));
  return fitContent(schema.topNodeType, null, children, true)!.toJSON() as PMJSON;
}

/**
 * Replaces the fragment's contents with the given doc JSON, validated against `schema` (RangeError when
 * invalid). The fragment must belong to a Y.Doc (TypeError otherwise). Only the differences are
 * written, in one transaction; wrap the call in `ydoc.transact(fn, origin)` to tag it with an origin.
 */
export function jsonToFragment(json: PMJSON, frag: Y.XmlFragment): void {
  // A fragment outside a Y.Doc can't be read, so its old contents would be appended to, not replaced.
  if (frag.doc === null) throw new TypeError('jsonToFragment: add the Y.XmlFragment to a Y.Doc first');
  const doc = Node.fromJSON(schema, json);
  if (doc.type !== schema.topNodeType) {
    throw new RangeError(`Expected a ${schema.topNodeType.name} node, got ${doc.type.name}`);
  }
  doc.check();
  prosemirrorToYXmlFragment(doc, frag);
}

/** The fragment's plain text; see `docToText` for the layout. */
export function fragmentToText(frag: Y.XmlFragment): string {
  return docToText(fragmentToJSON(frag));
}

/**
 * Plain text of doc JSON: one line per paragraph or heading (list items included, without markers),
 * a hard break as a line break, and one line per table row with its cells separated by `\t` (inside a
 * cell, paragraphs and hard breaks become a space).
 */
export function docToText(json: PMJSON): string {
  return blockLines(json, false).join('\n');
}

/** Doc JSON with one paragraph per non-empty line of `text` (lines trimmed; at least one paragraph). */
export function textToDocJSON(text: string): PMJSON {
  const content: PMJSON[] = [];
  for (const line of text.split(/\r\n|[\n\r\u2028\u2029]/)) {
    const trimmed = line.trim();
    if (trimmed !== '') content.push({ type: 'paragraph', content: [{ type: 'text', text: trimmed }] });
  }
  if (content.length === 0) content.push({ type: 'paragraph' });
  return { type: 'doc', content };
}

// ---- plain text -------------------------------------------------------------------------------

function isInlineJSON(node: PMJSON): boolean {
  if (node.type === 'text') return true;
  return schema.nodes[node.type]?.isInline ?? false;
}

function isTextblockJSON(node: PMJSON): boolean {
  const type = schema.nodes[node.type];
  if (type) return type.isTextblock;
  return (node.content ?? []).some(isInlineJSON);
}

function inlineText(nodes: readonly PMJSON[], breakAs: string): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text') out += n.text ?? '';
    else if (n.type === 'hard_break') out += breakAs;
    else if (n.content) out += inlineText(n.content, breakAs);
  }
  return out;
}

function blockLines(node: PMJSON, inCell: boolean): string[] {
  if (isTextblockJSON(node)) return [inlineText(node.content ?? [], inCell ? ' ' : '\n')];
  if (node.type === 'table_row') {
    return [(node.content ?? []).map((cell) => blockLines(cell, true).join(' ')).join('\t')];
  }
  const lines: string[] = [];
  for (const child of node.content ?? []) {
    if (isInlineJSON(child)) lines.push(inlineText([child], inCell ? ' ' : '\n'));
    else lines.push(...blockLines(child, inCell));
  }
  return lines;
}

// ---- reading Yjs --------------------------------------------------------------------------------

/** y-prosemirror stores a second mark of the same type under `<name>--<8-char hash>`. */
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

/**
 * The children of a Yjs fragment or element as raw JSON, like y-prosemirror's
 * `yXmlFragmentToProsemirrorJSON` but never throwing: children that are neither XmlElement nor
 * XmlText (a Y.Map, a plain value… which the collab server refuses, but older documents may hold)
 * are skipped, as are embeds in text and attribute values that are not plain JSON.
 */
function readChildren(parent: Y.XmlFragment): RawJSON[] {
  const out: RawJSON[] = [];
  for (const child of parent.toArray() as unknown[]) {
    if (child instanceof Y.XmlText) out.push(...readText(child));
    else if (child instanceof Y.XmlElement) out.push(readElement(child));
  }
  return out;
}

function readElement(el: Y.XmlElement): RawJSON {
  const raw: RawJSON = { type: el.nodeName };
  const attrs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(el.getAttributes() as Record<string, unknown>)) {
    if (isPlainValue(value)) attrs[key] = value;
  }
  if (Object.keys(attrs).length > 0) raw.attrs = attrs;
  const content = readChildren(el);
  if (content.length > 0) raw.content = content;
  return raw;
}

function readText(text: Y.XmlText): RawJSON[] {
  const out: RawJSON[] = [];
  for (const d of text.toDelta() as Array<{ insert?: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof d.insert !== 'string') continue;
    const node: RawJSON = { type: 'text', text: d.insert };
    if (d.attributes) {
      node.marks = Object.entries(d.attributes).map(([key, attrs]) => {
        const mark: RawJSON = { type: HASHED_MARK_NAME.exec(key)?.[1] ?? key };
        if (isPlainObject(attrs) && isPlainValue(attrs)) mark.attrs = attrs;
        return mark;
      });
    }
    out.push(node);
  }
  return out;
}

// ---- repairing raw Yjs JSON ---------------------------------------------------------------------

/** JSON as y-prosemirror reads it from Yjs: unvalidated, attrs as stored. */
interface RawJSON {
  type?: unknown;
  attrs?: Record<string, unknown>;
  content?: unknown;
  marks?: unknown;
  text?: unknown;
}

function buildMarks(raw: unknown): Mark[] {
  if (!Array.isArray(raw)) return [];
  const out: Mark[] = [];
  for (const m of raw as RawJSON[]) {
    if (typeof m?.type !== 'string') continue;
    // y-prosemirror has already stripped the hash suffix of overlapping-mark keys.
    const type = schema.marks[m.type];
    if (!type) continue;
    try {
      out.push(type.create(m.attrs ?? null));
    } catch {
      // Unusable attributes: drop the mark, keep the text.
    }
  }
  return out;
}

function buildNode(raw: RawJSON): Node | null {
  if (raw.type === 'text') {
    if (typeof raw.text !== 'string' || raw.text === '') return null;
    return schema.text(raw.text, buildMarks(raw.marks));
  }
  if (typeof raw.type !== 'string') return null;
  const type = schema.nodes[raw.type];
  if (!type || type === schema.topNodeType) return null;
  return fitContent(type, raw.attrs ?? null, buildChildren(raw.content), false);
}

function buildChildren(raw: unknown): Node[] {
  if (!Array.isArray(raw)) return [];
  const out: Node[] = [];
  // Raw JSON from elsewhere may nest the text runs of a top-level Y.XmlText in an array.
  for (const child of (raw as unknown[]).flat() as RawJSON[]) {
    if (child === null || typeof child !== 'object') continue;
    const node = buildNode(child);
    if (node) out.push(node);
  }
  return out;
}

/** Creates `type` with `children`, repairing the content if needed; null if it can't be repaired. */
function fitContent(
  type: NodeType,
  attrs: Record<string, unknown> | null,
  children: Node[],
  isTop: boolean,
): Node | null {
  const create = (content: Node[]): Node | null => {
    try {
      const fragment = Fragment.from(content);
      if (type.validContent(fragment)) return type.create(attrs, fragment);
      return type.createAndFill(attrs, fragment);
    } catch {
      return null;
    }
  };
  const direct = create(children);
  if (direct) return direct;

  // Keep only children the type accepts, wrapping stray inline runs in paragraphs.
  const allowed = childTypes(type);
  const paragraph = schema.nodes['paragraph']!;
  const repaired: Node[] = [];
  let inline: Node[] = [];
  const flush = (): void => {
    if (inline.length > 0 && allowed.has(paragraph)) repaired.push(paragraph.create(null, inline));
    inline = [];
  };
  for (const child of children) {
    if (child.isInline && !type.inlineContent) {
      inline.push(child);
      continue;
    }
    flush();
    if (allowed.has(child.type)) repaired.push(child);
  }
  flush();
  return create(repaired) ?? (isTop ? create([]) : null);
}

/**
 * Writes doc JSON into a fragment block by block, so that what stays keeps its Yjs items (and so
 * its writers): top-level blocks equal but for their `source` are matched in order (a longest
 * common subsequence) and only get their attributes updated; the others are deleted and the new
 * ones inserted whole. jsonToFragment would instead pair changed blocks by position and diff
 * their text, so an unchanged paragraph next to an insertion could be rewritten character by
 * character. Each step is one contiguous region, which y-prosemirror's diff applies exactly.
 */
export function writeBlocks(json: PMJSON, frag: Y.XmlFragment): void {
  if (frag.doc === null) throw new TypeError('writeBlocks: add the Y.XmlFragment to a Y.Doc first');
  const target = Node.fromJSON(schema, json);
  if (target.type !== schema.topNodeType) throw new RangeError(`Expected a ${schema.topNodeType.name} node, got ${target.type.name}`);
  target.check();
  const next = (target.toJSON() as PMJSON).content ?? [];
  let state = fragmentToJSON(frag).content ?? [];
  const write = (blocks: PMJSON[]) => {
    state = blocks;
    prosemirrorToYXmlFragment(Node.fromJSON(schema, { type: 'doc', content: blocks }), frag);
  };
  const keyOf = (b: PMJSON) => JSON.stringify(Node.fromJSON(schema, { ...b, attrs: { ...b.attrs, source: null } }).toJSON());
  const pairs = commonSubsequence(state.map(keyOf), next.map(keyOf));
  frag.doc.transact(() => {
    // 1. Matched blocks take their new attributes in place (same count: paired by position).
    const updated = state.slice();
    for (const [i, j] of pairs) updated[i] = next[j]!;
    if (updated.some((b, i) => b !== state[i] && JSON.stringify(b.attrs ?? {}) !== JSON.stringify(state[i]!.attrs ?? {}))) write(updated);
    // 2. Unmatched old blocks go, one run at a time, from the end.
    const keep = new Set(pairs.map(([i]) => i));
    for (let end = state.length; end > 0; ) {
      if (keep.has(end - 1)) {
        end--;
        continue;
      }
      let start = end - 1;
      while (start > 0 && !keep.has(start - 1)) start--;
      write([...state.slice(0, start), ...state.slice(end)]);
      end = start;
    }
    // 3. New blocks come in, one run at a time, from the start (state is now the matched blocks).
    const placed = new Set(pairs.map(([, j]) => j));
    let at = 0;
    for (let j = 0; j < next.length; ) {
      if (placed.has(j)) {
        j++;
        at++;
        continue;
      }
      let end = j;
      while (end < next.length && !placed.has(end)) end++;
      write([...state.slice(0, at), ...next.slice(j, end), ...state.slice(at)]);
      at += end - j;
      j = end;
    }
  });
}
