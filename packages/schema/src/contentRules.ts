// What a section's Yjs document may hold, by name, derived from the ProseMirror schema: the rules the
// collab server's content check (@hegao/collab `inspectUpdate`) applies to every update, so that
// only what the schema can hold is stored and every reader (the editor, y-prosemirror's
// yXmlFragmentToProsemirrorJSON, `fragmentToJSON` here) sees the same text.
//
// y-prosemirror stores a node as a Y.XmlElement named after its type, with its non-null attributes
// as XML attributes, and each run of text nodes as a Y.XmlText whose format keys are mark names
// (a mark type that does not exclude itself gets `<name>--<8-char hash>` so that two of them can
// overlap) and whose format values are the marks' attributes.
import type { AttributeSpec, MarkType, NodeType, Schema } from 'prosemirror-model';
import { isPlainObject, isPlainValue } from './plainValue.js';
import { schema } from './schema.js';

/**
 * Naming rules of a document's content; structurally the `ContentRules` of @hegao/collab (this
 * package does not depend on the collab core; the server passes one to the other).
 */
export interface SchemaContentRules {
  /** May an element `nodeName` be a child of the element `parent` (null: the root fragment)? */
  element(nodeName: string, parent: string | null): boolean;
  /** May a run of text be a child of the element `parent` (null: the root fragment)? */
  text(parent: string | null): boolean;
  /** May element `nodeName` have attribute `key` set to the plain JSON `value`? */
  attribute(nodeName: string, key: string, value: unknown): boolean;
  /** May text carry the format `key` with `value` (null removes it)? */
  mark(key: string, value: unknown): boolean;
}

/** Extra checks of attribute values, by `nodeName.attr`, for what the schema's own spec does not say. */
export type AttributeChecks = Readonly<Record<string, (value: unknown) => boolean>>;

/** y-prosemirror's key for a mark type that does not exclude itself: `<name>--<8-char hash>`. */
const HASHED_MARK_NAME = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/** The JSON kind of a value, in ProseMirror's `validate` vocabulary (plus `object` and `array`). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A check of one attribute's values, from its spec. With `validate`, what ProseMirror itself accepts
 * (a value it rejects would make every reader drop the node, and the editor delete it). Without, a
 * value of the kind of the default: a number for a number, a string for a string…; a null default
 * (an optional reference such as `source`) takes a string or null.
 */
function valueCheck(spec: AttributeSpec): (value: unknown) => boolean {
  const { validate } = spec;
  if (typeof validate === 'function') {
    return (value) => {
      try {
        validate(value);
        return true;
      } catch {
        return false;
      }
    };
  }
  if (typeof validate === 'string') {
    const kinds = new Set(validate.split('|'));
    return (value) => kinds.has(kindOf(value));
  }
  const kind = kindOf(spec.default);
  if (kind === 'null') return (value) => value === null || typeof value === 'string';
  return (value) => kindOf(value) === kind;
}

/** Checks of every attribute of a node or mark type, by name; throws for one without a default when `required` is not allowed. */
function attributeChecks(
  owner: string,
  specs: Readonly<Record<string, AttributeSpec>> | undefined,
  extra: AttributeChecks,
  allowRequired: boolean,
): Map<string, (value: unknown) => boolean> {
  const checks = new Map<string, (value: unknown) => boolean>();
  for (const [key, spec] of Object.entries(specs ?? {})) {
    if (!allowRequired && !Object.hasOwn(spec, 'default')) {
      // An element and its attributes are separate Yjs items (attributes may even come in later
      // updates): the check cannot make sure a required attribute is set.
      throw new Error(`contentRulesFor: attribute ${owner}.${key} has no default; the content check cannot require it`);
    }
    const check = valueCheck(spec);
    const more = extra[`${owner}.${key}`];
    checks.set(key, more ? (value) => check(value) && more(value) : check);
  }
  return checks;
}

/** A mark type with the checks of its attributes. */
interface MarkRule {
  type: MarkType;
  checks: Map<string, (value: unknown) => boolean>;
}

/** Node types that may appear anywhere in `type`'s content (every edge its content expression can reach). */
export function childTypes(type: NodeType): Set<NodeType> {
  const seen = new Set<unknown>();
  const types = new Set<NodeType>();
  const visit = (match: NodeType['contentMatch']): void => {
    if (seen.has(match)) return;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      types.add(edge.type);
      visit(edge.next);
    }
  };
  visit(type.contentMatch);
  return types;
}

/**
 * The content rules of documents written by y-prosemirror for `pmSchema`:
 * - an element is a node type other than the top node and text, and only inside the top node (the
 *   root fragment) or an element whose content expression can hold it somewhere;
 * - a run of text only where the content expression can hold text;
 * - attributes the node type declares, with values its spec allows (see `valueCheck`) and passing
 *   `extra` (by `nodeName.attr`);
 * - format keys that are mark names (the hashed form only for mark types that do not exclude
 *   themselves, the only ones y-prosemirror hashes), whose value is an object of the mark's declared
 *   attributes (each required one present) or null. Null (removing a format) is allowed for any key:
 *   y-prosemirror clears every format key it finds in a text it rewrites, known or not, and a
 *   removed format is nothing any reader shows.
 *
 * Throws for schemas whose documents these rules cannot hold to the schema: a node attribute without
 * a default, or a node with text content that allows only some marks.
 */
export function contentRulesFor(pmSchema: Schema, extra: AttributeChecks = {}): SchemaContentRules {
  const top = pmSchema.topNodeType;
  const children = new Map<string | null, ReadonlySet<string>>();
  const textIn = new Set<string | null>();
  const nodeAttrs = new Map<string, Map<string, (value: unknown) => boolean>>();
  for (const type of Object.values(pmSchema.nodes)) {
    if (type.isText) continue;
    const holds = childTypes(type);
    const key = type === top ? null : type.name;
    children.set(key, new Set([...holds].filter((t) => !t.isText && t !== top).map((t) => t.name)));
    if ([...holds].some((t) => t.isText)) {
      if (type.markSet !== null) {
        throw new Error(`contentRulesFor: node ${type.name} allows only some marks; the content check cannot tell which text is in it`);
      }
      textIn.add(key);
    }
    if (type !== top) nodeAttrs.set(type.name, attributeChecks(type.name, type.spec.attrs, extra, false));
  }
  const markAttrs = new Map<string, MarkRule>();
  for (const type of Object.values(pmSchema.marks)) {
    markAttrs.set(type.name, { type, checks: attributeChecks(type.name, type.spec.attrs, extra, true) });
  }
  const markOf = (key: string): MarkRule | undefined => {
    const plain = markAttrs.get(key);
    if (plain) return plain;
    const base = HASHED_MARK_NAME.exec(key)?.[1];
    const hashed = base === undefined ? undefined : markAttrs.get(base);
    return hashed && !hashed.type.excludes(hashed.type) ? hashed : undefined;
  };
  return {
    element: (nodeName, parent) => children.get(parent)?.has(nodeName) ?? false,
    text: (parent) => textIn.has(parent),
    attribute: (nodeName, key, value) => {
      const check = nodeAttrs.get(nodeName)?.get(key);
      return check !== undefined && isPlainValue(value) && check(value);
    },
    mark: (key, value) => {
      if (value === null) return true;
      const mark = markOf(key);
      if (!mark || !isPlainObject(value) || !isPlainValue(value)) return false;
      for (const [name, given] of Object.entries(value)) {
        const check = mark.checks.get(name);
        if (!check || !check(given)) return false;
      }
      for (const [name, spec] of Object.entries(mark.type.spec.attrs ?? {})) {
        if (!Object.hasOwn(spec, 'default') && !Object.hasOwn(value, name)) return false;
      }
      return true;
    },
  };
}

/**
 * Largest colspan or rowspan stored. prosemirror-tables lays a table out in a grid of
 * width × height cells: a span must be a whole number of at least 1, and a huge one would make
 * every editor that opens the section allocate a huge grid. Pasted HTML is capped at 100 (see
 * schema.ts); 1000 leaves room for merging cells of any real table.
 */
export const MAX_CELL_SPAN = 1000;

const isSpan = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_CELL_SPAN;

/** The content rules of section text (see `contentRulesFor`), for the collab server's content check. */
export const sectionContentRules: SchemaContentRules = contentRulesFor(schema, {
  'table_cell.colspan': isSpan,
  'table_cell.rowspan': isSpan,
});
