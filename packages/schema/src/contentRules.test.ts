import { Schema } from 'prosemirror-model';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_CELL_SPAN, contentRulesFor, sectionContentRules as rules, type SchemaContentRules } from './contentRules.js';
import { fragmentToJSON, jsonToFragment, type PMJSON } from './convert.js';
import { schema } from './schema.js';

/**
 * Every name in the fragment the rules refuse, checked as the collab server's content check does
 * item by item (here on a whole tree: each element with its parent, each text run with its
 * parent, each attribute and each format of each text run).
 */
function violations(frag: Y.XmlFragment, r: SchemaContentRules = rules): string[] {
  const out: string[] = [];
  const walk = (parent: Y.XmlFragment, name: string | null): void => {
    for (const child of parent.toArray() as unknown[]) {
      if (child instanceof Y.XmlElement) {
        if (!r.element(child.nodeName, name)) out.push(`element ${child.nodeName} in ${name}`);
        for (const [key, value] of Object.entries(child.getAttributes() as Record<string, unknown>)) {
          if (!r.attribute(child.nodeName, key, value)) out.push(`attribute ${child.nodeName}.${key}=${JSON.stringify(value)}`);
        }
        walk(child, child.nodeName);
      } else if (child instanceof Y.XmlText) {
        if (!r.text(name)) out.push(`text in ${name}`);
        for (const d of child.toDelta() as Array<{ attributes?: Record<string, unknown> }>) {
          for (const [key, value] of Object.entries(d.attributes ?? {})) {
            if (!r.mark(key, value)) out.push(`mark ${key}=${JSON.stringify(value)}`);
          }
        }
      } else out.push('other content');
    }
  };
  walk(frag, null);
  return out;
}

/** The characters of every XmlText in the fragment, in document order: what the stock readers show. */
function storedText(parent: Y.XmlFragment): string {
  let out = '';
  for (const child of parent.toArray() as unknown[]) {
    if (child instanceof Y.XmlElement) out += storedText(child);
    else if (child instanceof Y.XmlText) {
      for (const d of child.toDelta() as Array<{ insert?: unknown }>) if (typeof d.insert === 'string') out += d.insert;
    }
  }
  return out;
}

/** The characters of the text nodes of ProseMirror JSON, in document order. */
function jsonText(node: PMJSON): string {
  return (node.text ?? '') + (node.content ?? []).map(jsonText).join('');
}

/** The characters of y-prosemirror's raw JSON (whose top-level text runs are nested arrays). */
function stockText(node: unknown): string {
  if (Array.isArray(node)) return node.map(stockText).join('');
  const n = node as { text?: unknown; content?: unknown };
  return (typeof n.text === 'string' ? n.text : '') + (n.content === undefined ? '' : stockText(n.content));
}

/** Element names and format keys in the fragment. */
function namesIn(frag: Y.XmlFragment): { elements: Set<string>; marks: Set<string>; attributes: Set<string> } {
  const elements = new Set<string>();
  const marks = new Set<string>();
  const attributes = new Set<string>();
  const walk = (parent: Y.XmlFragment): void => {
    for (const child of parent.toArray() as unknown[]) {
      if (child instanceof Y.XmlElement) {
        elements.add(child.nodeName);
        for (const key of Object.keys(child.getAttributes())) attributes.add(`${child.nodeName}.${key}`);
        walk(child);
      } else if (child instanceof Y.XmlText) {
        for (const d of child.toDelta() as Array<{ attributes?: Record<string, unknown> }>) for (const key of Object.keys(d.attributes ?? {})) marks.add(key);
      }
    }
  };
  walk(frag);
  return { elements, marks, attributes };
}

const t = (text: string, ...marks: string[]): PMJSON => (marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text });
const p = (...content: PMJSON[]): PMJSON => ({ type: 'paragraph', content });
const li = (...content: PMJSON[]): PMJSON => ({ type: 'list_item', content });
const cell = (attrs: Record<string, unknown>, ...content: PMJSON[]): PMJSON => ({ type: 'table_cell', attrs, content });
const row = (...cells: PMJSON[]): PMJSON => ({ type: 'table_row', content: cells });

/** A section using every node type, attribute and mark of the schema. */
const EVERYTHING: PMJSON = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2, source: 'sec-1' }, content: [t('一、总体'), t('情况', 'strong')] },
    { type: 'paragraph', attrs: { source: 'sec-1' }, content: [t('上半年', 'strong', 'em'), t('全区'), { type: 'hard_break' }, t('稳中有进', 'underline'), t('。', 'em')] },
    {
      type: 'bullet_list',
      attrs: { source: 'sec-2' },
      content: [
        li(p(t('第一项')), p(t('补充说明'))),
        li(p(t('第二项')), { type: 'ordered_list', attrs: { order: 3 }, content: [li(p(t('子项', 'em'))), li(p(t('子项二')), { type: 'bullet_list', content: [li(p(t('更深')))] })] }),
      ],
    },
    { type: 'ordered_list', attrs: { order: 5, source: 'sec-3' }, content: [li(p(t('编号')))] },
    {
      type: 'table',
      attrs: { source: 'sec-4' },
      content: [
        row(cell({ colspan: 2, rowspan: 1 }, p(t('指标', 'strong'))), cell({ colspan: 1, rowspan: 2 }, p(t('数值')), p(t('单位')))),
        row(cell({ colspan: 1, rowspan: 1 }, p()), cell({ colspan: 1, rowspan: 1 }, p(t('1'), { type: 'hard_break' }, t('2')))),
      ],
    },
    { type: 'heading', attrs: { level: 4 }, content: [t('四级')] },
    { type: 'paragraph' },
  ],
};

describe('sectionContentRules: elements', () => {
  it('allows each node type only where a content expression can hold it', () => {
    const allowed: Array<[string, string | null]> = [
      ['paragraph', null], ['heading', null], ['bullet_list', null], ['ordered_list', null], ['table', null],
      ['hard_break', 'paragraph'], ['hard_break', 'heading'],
      ['list_item', 'bullet_list'], ['list_item', 'ordered_list'],
      ['paragraph', 'list_item'], ['bullet_list', 'list_item'], ['ordered_list', 'list_item'],
      ['table_row', 'table'], ['table_cell', 'table_row'], ['paragraph', 'table_cell'],
    ];
    for (const [name, parent] of allowed) expect(rules.element(name, parent), `${name} in ${parent}`).toBe(true);
    const refused: Array<[string, string | null]> = [
      ['parigraph', null], ['doc', null], ['text', null], ['doc', 'paragraph'], ['text', 'paragraph'],
      ['list_item', null], ['table_row', null], ['table_cell', null], ['hard_break', null],
      ['paragraph', 'paragraph'], ['heading', 'heading'], ['hard_break', 'table_cell'], ['hard_break', 'list_item'],
      ['heading', 'list_item'], ['table', 'list_item'], ['table', 'table_cell'], ['list_item', 'table_cell'],
      ['paragraph', 'table_row'], ['paragraph', 'hard_break'], ['paragraph', 'parigraph'], ['paragraph', 'doc'],
      ['constructor', null], ['__proto__', 'paragraph'],
    ];
    for (const [name, parent] of refused) expect(rules.element(name, parent), `${name} in ${parent}`).toBe(false);
  });

  it('allows text only in textblocks', () => {
    expect(rules.text('paragraph')).toBe(true);
    expect(rules.text('heading')).toBe(true);
    for (const parent of [null, 'list_item', 'bullet_list', 'table', 'table_row', 'table_cell', 'hard_break', 'parigraph', 'doc']) {
      expect(rules.text(parent), String(parent)).toBe(false);
    }
  });
});

describe('sectionContentRules: attributes and marks', () => {
  it('allows the attributes a node type declares, with values of their kind', () => {
    expect(rules.attribute('heading', 'level', 2)).toBe(true);
    expect(rules.attribute('heading', 'source', 'sec-1')).toBe(true);
    expect(rules.attribute('paragraph', 'source', null)).toBe(true);
    expect(rules.attribute('ordered_list', 'order', 7)).toBe(true);
    expect(rules.attribute('table_cell', 'colspan', 3)).toBe(true);
    expect(rules.attribute('table_cell', 'rowspan', MAX_CELL_SPAN)).toBe(true);

    expect(rules.attribute('paragraph', 'align', 'left')).toBe(false);
    expect(rules.attribute('list_item', 'source', 's')).toBe(false);
    expect(rules.attribute('hard_break', 'source', 's')).toBe(false);
    expect(rules.attribute('parigraph', 'source', 's')).toBe(false);
    expect(rules.attribute('paragraph', 'constructor', 's')).toBe(false);
    expect(rules.attribute('heading', 'level', '2')).toBe(false);
    expect(rules.attribute('heading', 'level', null)).toBe(false);
    expect(rules.attribute('heading', 'level', { n: 2 })).toBe(false);
    expect(rules.attribute('paragraph', 'source', 5)).toBe(false);
    expect(rules.attribute('ordered_list', 'order', Number.NaN)).toBe(false);
    // prosemirror-tables lays tables out on a grid of spans: whole, positive, bounded.
    for (const span of [0, -1, 1.5, MAX_CELL_SPAN + 1, 1e9, '2']) expect(rules.attribute('table_cell', 'colspan', span), String(span)).toBe(false);
  });

  it('allows format keys that are mark names with attribute objects; removing any format', () => {
    for (const mark of ['strong', 'em', 'underline']) {
      expect(rules.mark(mark, {})).toBe(true);
      expect(rules.mark(mark, null)).toBe(true);
      expect(rules.mark(mark, true)).toBe(false);
      expect(rules.mark(mark, { href: 'x' })).toBe(false);
      // y-prosemirror hashes only marks that do not exclude themselves; these do.
      expect(rules.mark(`${mark}--abcd1234`, {})).toBe(false);
    }
    expect(rules.mark('color', {})).toBe(false);
    expect(rules.mark('link', { href: 'http://x' })).toBe(false);
    expect(rules.mark('toString', {})).toBe(false);
    expect(rules.mark('color', null)).toBe(true);
  });
});

describe('contentRulesFor', () => {
  it('allows hashed keys for marks that do not exclude themselves, and requires their required attributes', () => {
    const s = new Schema({
      nodes: { doc: { content: 'paragraph+' }, paragraph: { content: 'text*' }, text: {} },
      marks: {
        comment: { attrs: { id: { validate: 'string' } }, excludes: '' },
        size: { attrs: { pt: { default: 12 } } },
      },
    });
    const r = contentRulesFor(s);
    expect(r.mark('comment', { id: 'c1' })).toBe(true);
    expect(r.mark('comment--abcd1234', { id: 'c2' })).toBe(true);
    expect(r.mark('comment--abcd12', { id: 'c2' })).toBe(false);
    expect(r.mark('comment', {})).toBe(false);
    expect(r.mark('comment', { id: 5 })).toBe(false);
    expect(r.mark('size', {})).toBe(true);
    expect(r.mark('size', { pt: 14 })).toBe(true);
    expect(r.mark('size', { pt: '14' })).toBe(false);
    expect(r.mark('size--abcd1234', { pt: 14 })).toBe(false);
    expect(r.text(null)).toBe(false);
    expect(r.text('paragraph')).toBe(true);
  });

  it('follows attribute `validate` specs', () => {
    const s = new Schema({
      nodes: {
        doc: { content: 'block+' },
        note: {
          group: 'block',
          content: 'text*',
          attrs: {
            kind: { default: 'info', validate: (v: unknown) => { if (v !== 'info' && v !== 'warn') throw new RangeError('kind'); } },
            n: { default: null, validate: 'number|null' },
          },
        },
        text: {},
      },
    });
    const r = contentRulesFor(s);
    expect(r.attribute('note', 'kind', 'warn')).toBe(true);
    expect(r.attribute('note', 'kind', 'other')).toBe(false);
    expect(r.attribute('note', 'n', 3)).toBe(true);
    expect(r.attribute('note', 'n', null)).toBe(true);
    expect(r.attribute('note', 'n', 'x')).toBe(false);
  });

  it('refuses schemas whose rules it could not hold: a node attribute without a default, a textblock allowing only some marks', () => {
    expect(() =>
      contentRulesFor(new Schema({ nodes: { doc: { content: 'img*' }, img: { attrs: { src: {} } }, text: {} } })),
    ).toThrow(/img\.src has no default/);
    expect(() =>
      contentRulesFor(new Schema({ nodes: { doc: { content: 'code+' }, code: { content: 'text*', marks: 'em' }, text: {} }, marks: { em: {}, strong: {} } })),
    ).toThrow(/only some marks/);
  });
});

describe('what y-prosemirror writes passes the rules', () => {
  it('a section with every node type, attribute and mark', () => {
    const ydoc = new Y.Doc();
    const frag = ydoc.getXmlFragment('prosemirror');
    jsonToFragment(EVERYTHING, frag);
    expect(violations(frag)).toEqual([]);
    const names = namesIn(frag);
    const nodeNames = Object.keys(schema.nodes).filter((n) => n !== 'doc' && n !== 'text');
    expect([...names.elements].sort()).toEqual(nodeNames.sort());
    expect([...names.marks].sort()).toEqual(Object.keys(schema.marks).sort());
    for (const [node, type] of Object.entries(schema.nodes)) {
      for (const attr of Object.keys(type.spec.attrs ?? {})) expect(names.attributes.has(`${node}.${attr}`), `${node}.${attr}`).toBe(true);
    }
    // And every reader shows all of it.
    expect(jsonText(fragmentToJSON(frag))).toBe(storedText(frag));
  });
});

/** Deterministic pseudo-random numbers (fixed seed: the same documents on every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const NODE_NAMES = Object.keys(schema.nodes).filter((n) => n !== 'text' && n !== 'doc');
const ODD_NAMES = ['parigraph', 'doc', 'text', 'p', 'list'];
const MARK_KEYS = ['strong', 'em', 'underline', 'color', 'strong--abcd1234'];
const ATTRS: Array<[string, unknown]> = [
  ['level', 2], ['level', '3'], ['source', 'sec-1'], ['order', 4], ['colspan', 2], ['rowspan', 0], ['align', 'left'],
];

/**
 * Builds a random tree in `parent`: mostly names a content expression allows there (so that deep
 * accepted documents are common), sometimes any name, text runs anywhere, with random attributes
 * and marks.
 */
function grow(parent: Y.XmlFragment, parentName: string | null, depth: number, rand: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const count = Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const textHere = rules.text(parentName) ? rand() < 0.6 : rand() < 0.05;
    if (textHere || depth > 5) {
      const text = new Y.XmlText();
      parent.insert(parent.length, [text]);
      const runs = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < runs; k++) {
        const attributes: Record<string, unknown> = {};
        if (rand() < 0.4) attributes[pick(rand() < 0.9 ? MARK_KEYS.slice(0, 3) : MARK_KEYS)] = {};
        text.insert(text.length, pick(['字', '文本', 'ab', '年度', 'X%']), attributes);
      }
      continue;
    }
    const fitting = NODE_NAMES.filter((n) => rules.element(n, parentName));
    const name = fitting.length > 0 && rand() < 0.9 ? pick(fitting) : pick(rand() < 0.5 ? ODD_NAMES : NODE_NAMES);
    const el = new Y.XmlElement(name);
    parent.insert(parent.length, [el]);
    if (rand() < 0.3) {
      const [key, value] = pick(ATTRS);
      el.setAttribute(key, value as string);
    }
    grow(el, name, depth + 1, rand);
  }
}

describe('every reader sees the same text in what the rules accept', () => {
  it('random documents (fixed seed): fragmentToJSON keeps every character of every accepted one', () => {
    const rand = lcg(20261203);
    let accepted = 0;
    let refusedDropping = 0;
    for (let i = 0; i < 1500; i++) {
      const ydoc = new Y.Doc();
      const frag = ydoc.getXmlFragment('prosemirror');
      ydoc.transact(() => grow(frag, null, 0, rand));
      const stored = storedText(frag);
      // The stock reader shows every character, whatever the names.
      expect(stockText(yXmlFragmentToProsemirrorJSON(frag))).toBe(stored);
      const read = jsonText(fragmentToJSON(frag));
      if (violations(frag).length === 0) {
        accepted++;
        expect(read, JSON.stringify(frag.toJSON())).toBe(stored);
      } else if (read !== stored) {
        refusedDropping++;
      }
    }
    // The run covered many accepted documents, and shapes our reader would have dropped text from.
    expect(accepted).toBeGreaterThan(300);
    expect(refusedDropping).toBeGreaterThan(50);
  });

  it('a `parigraph` shows in the stock reader but not in fragmentToJSON: refused', () => {
    const ydoc = new Y.Doc();
    const frag = ydoc.getXmlFragment('prosemirror');
    const el = new Y.XmlElement('parigraph');
    frag.insert(0, [el]);
    el.insert(0, [new Y.XmlText('只有一个读者看得到')]);
    expect(stockText(yXmlFragmentToProsemirrorJSON(frag))).toBe('只有一个读者看得到');
    expect(jsonText(fragmentToJSON(frag))).toBe('');
    expect(violations(frag)).toEqual(['element parigraph in null', 'text in parigraph']);
  });
});
