// The ProseMirror schema of a report section's text.
//
// Node and mark names are persisted: y-prosemirror stores them as Y.XmlElement node names and
// Y.XmlText format keys in every section's Yjs document. Never rename one; add new types instead.
//
// The parse rules decide what survives a paste from Word, WPS or a web page: paragraphs, headings,
// lists, tables, line breaks, bold, italic and underline. Everything else (fonts, colours, images,
// links, alignment, …) is dropped and only its text is kept.
import { Schema } from 'prosemirror-model';
import type { Attrs, DOMOutputSpec, MarkSpec, NodeSpec } from 'prosemirror-model';

/** The subset of a DOM element the parse rules read (keeps this module free of the DOM lib). */
interface ElementLike {
  getAttribute(name: string): string | null;
  readonly style?: { readonly fontWeight?: string };
}

/** Largest colspan/rowspan accepted from pasted HTML. */
const MAX_SPAN = 100;

function span(dom: ElementLike, name: string): number {
  const n = Number.parseInt(dom.getAttribute(name) ?? '', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

function cellAttrs(dom: ElementLike): Attrs {
  return { colspan: span(dom, 'colspan'), rowspan: span(dom, 'rowspan') };
}

function cellDOM(attrs: Attrs): DOMOutputSpec {
  const out: Record<string, string> = {};
  if (attrs['colspan'] !== 1) out['colspan'] = String(attrs['colspan']);
  if (attrs['rowspan'] !== 1) out['rowspan'] = String(attrs['rowspan']);
  return ['td', out, 0];
}

/** Pattern of a section id in `data-source`; anything else is dropped on paste. */
const SOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * `source` links a block of the merged final draft to the section it came from (its id); null in
 * section text. Optional and null by default, so existing documents are unchanged (y-prosemirror
 * does not store null attributes).
 */
const source = { source: { default: null } };

function sourceOf(dom: ElementLike): string | null {
  const value = dom.getAttribute('data-source');
  return value !== null && SOURCE_ID.test(value) ? value : null;
}

/** `data-source` for toDOM, only when the block has a source. */
function sourceDOM(attrs: Attrs): Record<string, string> {
  const value = attrs['source'];
  return typeof value === 'string' && value !== '' ? { 'data-source': value } : {};
}

/** CSS `font-weight` values that count as bold: `bold`, `bolder` and numeric 600–999. */
const BOLD_WEIGHT = /^\s*(bold|bolder|[6-9]\d\d)\s*(!important)?\s*$/i;

const nodes: Record<string, NodeSpec> = {
  doc: { content: 'block+' },

  paragraph: {
    group: 'block',
    content: 'inline*',
    attrs: { ...source },
    parseDOM: [{ tag: 'p', getAttrs: (dom: ElementLike) => ({ source: sourceOf(dom) }) }],
    toDOM: (node) => ['p', sourceDOM(node.attrs), 0],
  },

  heading: {
    group: 'block',
    content: 'inline*',
    attrs: { level: { default: 1 }, ...source },
    defining: true,
    parseDOM: [1, 2, 3, 4, 5, 6].map((n) => ({
      tag: `h${n}`,
      getAttrs: (dom: ElementLike) => ({ level: Math.min(n, 4), source: sourceOf(dom) }),
    })),
    toDOM: (node) => {
      const level = Math.min(4, Math.max(1, Number(node.attrs['level']) || 1));
      return [`h${level}`, sourceDOM(node.attrs), 0];
    },
  },

  bullet_list: {
    group: 'block list',
    content: 'list_item+',
    attrs: { ...source },
    parseDOM: [{ tag: 'ul', getAttrs: (dom: ElementLike) => ({ source: sourceOf(dom) }) }],
    toDOM: (node) => ['ul', sourceDOM(node.attrs), 0],
  },

  ordered_list: {
    group: 'block list',
    content: 'list_item+',
    attrs: { order: { default: 1 }, ...source },
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom: ElementLike) => {
          const start = Number.parseInt(dom.getAttribute('start') ?? '', 10);
          return { order: Number.isFinite(start) ? start : 1, source: sourceOf(dom) };
        },
      },
    ],
    toDOM: (node) => [
      'ol',
      { ...(node.attrs['order'] === 1 ? {} : { start: String(node.attrs['order']) }), ...sourceDOM(node.attrs) },
      0,
    ],
  },

  list_item: {
    content: 'paragraph (paragraph | list)*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },

  table: {
    group: 'block',
    content: 'table_row+',
    isolating: true,
    tableRole: 'table',
    attrs: { ...source },
    parseDOM: [{ tag: 'table', getAttrs: (dom: ElementLike) => ({ source: sourceOf(dom) }) }],
    toDOM: (node) => ['table', sourceDOM(node.attrs), ['tbody', 0]],
  },

  table_row: {
    content: 'table_cell+',
    tableRole: 'row',
    parseDOM: [{ tag: 'tr' }],
    toDOM: () => ['tr', 0],
  },

  table_cell: {
    content: 'paragraph+',
    attrs: { colspan: { default: 1 }, rowspan: { default: 1 } },
    isolating: true,
    tableRole: 'cell',
    parseDOM: [
      { tag: 'td', getAttrs: (dom: ElementLike) => cellAttrs(dom) },
      { tag: 'th', getAttrs: (dom: ElementLike) => cellAttrs(dom) },
    ],
    toDOM: (node) => cellDOM(node.attrs),
  },

  text: { group: 'inline' },

  hard_break: {
    group: 'inline',
    inline: true,
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
};

const marks: Record<string, MarkSpec> = {
  strong: {
    parseDOM: [
      { tag: 'strong' },
      // Google Docs wraps whole pastes in <b style="font-weight:normal">.
      {
        tag: 'b',
        getAttrs: (dom: ElementLike) => (dom.style?.fontWeight === 'normal' ? false : null),
      },
      { style: 'font-weight=normal', clearMark: (m) => m.type.name === 'strong' },
      { style: 'font-weight=400', clearMark: (m) => m.type.name === 'strong' },
      { style: 'font-weight', getAttrs: (value: string) => (BOLD_WEIGHT.test(value) ? null : false) },
    ],
    toDOM: () => ['strong', 0],
  },

  em: {
    parseDOM: [
      { tag: 'em' },
      { tag: 'i' },
      { style: 'font-style=normal', clearMark: (m) => m.type.name === 'em' },
      { style: 'font-style', getAttrs: (value: string) => (/italic|oblique/i.test(value) ? null : false) },
    ],
    toDOM: () => ['em', 0],
  },

  underline: {
    parseDOM: [
      { tag: 'u' },
      { style: 'text-decoration', getAttrs: (value: string) => (/underline/i.test(value) ? null : false) },
      {
        style: 'text-decoration-line',
        getAttrs: (value: string) => (/underline/i.test(value) ? null : false),
      },
    ],
    toDOM: () => ['u', 0],
  },
};

/** The ProseMirror schema of section text; its node and mark names are stored in Yjs and must stay stable. */
export const schema: Schema = new Schema({ nodes, marks });
