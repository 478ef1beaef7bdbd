// The collab server's content check (@hegao/collab inspectUpdate) with the rules of the section
// schema (@hegao/schema sectionContentRules), as the server runs it: what the editor's y-prosemirror
// writes passes, and what passes is read whole by fragmentToJSON (the text API, board, merge, lock).
import { MAX_ELEMENT_DEPTH, inspectUpdate, lookupIn, type Inspection } from '@hegao/collab';
import { fragmentToJSON, jsonToFragment, schema, sectionContentRules, type PMJSON } from '@hegao/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

const ROOTS: ReadonlySet<string> = new Set(['prosemirror']);

/** A server-side copy of a section: every update is inspected as a room does, and applied when accepted. */
class Server {
  readonly doc = new Y.Doc({ gc: false });

  inspect(update: Uint8Array): Inspection {
    return inspectUpdate(update, Y.decodeStateVector(Y.encodeStateVector(this.doc)), ROOTS, lookupIn(this.doc), sectionContentRules);
  }

  /** Inspects and applies; returns the refusal reason, or null when accepted. */
  write(update: Uint8Array): string | null {
    const inspection = this.inspect(update);
    if (!inspection.ok) return inspection.reason;
    Y.applyUpdate(this.doc, update);
    return null;
  }
}

/** An editor's document (browsers garbage-collect deleted content) that records its updates. */
function client(clientID: number, from?: Y.Doc): { doc: Y.Doc; frag: Y.XmlFragment; updates: Uint8Array[] } {
  const doc = new Y.Doc({ gc: true });
  doc.clientID = clientID;
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, frag: doc.getXmlFragment('prosemirror'), updates };
}

/** The characters of every XmlText in the fragment, in document order (what the stock readers show). */
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

const t = (text: string, ...marks: string[]): PMJSON => (marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text });
const p = (...content: PMJSON[]): PMJSON => ({ type: 'paragraph', content });
const h = (level: number, ...content: PMJSON[]): PMJSON => ({ type: 'heading', attrs: { level }, content });
const li = (...content: PMJSON[]): PMJSON => ({ type: 'list_item', content });
const ul = (...items: PMJSON[]): PMJSON => ({ type: 'bullet_list', content: items });
const ol = (order: number, ...items: PMJSON[]): PMJSON => ({ type: 'ordered_list', attrs: { order }, content: items });
const td = (attrs: Record<string, unknown>, ...content: PMJSON[]): PMJSON => ({ type: 'table_cell', attrs, content });
const tr = (...cells: PMJSON[]): PMJSON => ({ type: 'table_row', content: cells });
const table = (...rows: PMJSON[]): PMJSON => ({ type: 'table', content: rows });
const br: PMJSON = { type: 'hard_break' };
const doc = (...content: PMJSON[]): PMJSON => ({ type: 'doc', content });
const withSource = (block: PMJSON, source: string | null): PMJSON => ({ ...block, attrs: { ...block.attrs, source } });

/** A section using every node type, attribute and mark of the schema. */
const EVERYTHING = doc(
  withSource(h(2, t('一、总体'), t('情况', 'strong')), 'sec-1'),
  withSource(p(t('上半年', 'strong', 'em'), t('全区'), br, t('稳中有进', 'underline'), t('。', 'em')), 'sec-1'),
  withSource(ul(li(p(t('第一项')), p(t('补充'))), li(p(t('第二项')), ol(3, li(p(t('子项', 'em'))), li(p(t('子项二')), ul(li(p(t('更深')))))))), 'sec-2'),
  withSource(ol(5, li(p(t('编号')))), 'sec-3'),
  withSource(
    table(
      tr(td({ colspan: 2, rowspan: 1 }, p(t('指标', 'strong'))), td({ colspan: 1, rowspan: 2 }, p(t('数值')), p(t('单位')))),
      tr(td({ colspan: 1, rowspan: 1 }, p()), td({ colspan: 1, rowspan: 1 }, p(t('1'), br, t('2')))),
    ),
    'sec-4',
  ),
  h(4, t('四级')),
  p(),
);

describe('the content check with the section schema accepts what y-prosemirror writes', () => {
  it('a section with every node type, attribute and mark, and its sync step 2 after deletions', () => {
    const server = new Server();
    const c = client(11);
    jsonToFragment(EVERYTHING, c.frag);
    expect(c.updates).toHaveLength(1);
    const text = JSON.stringify(c.frag.toJSON());
    for (const name of Object.keys(schema.nodes).filter((n) => n !== 'doc' && n !== 'text')) expect(text).toContain(`<${name}`);
    for (const mark of Object.keys(schema.marks)) expect(text).toContain(`<${mark}>`);
    expect(server.write(c.updates[0]!)).toBeNull();
    expect(jsonText(fragmentToJSON(server.doc.getXmlFragment('prosemirror')))).toBe(storedText(c.frag));

    // Offline, the editor deletes most of it (gc: its deleted content becomes GC / ContentDeleted);
    // a server that never saw any of it gets everything in one sync step 2.
    jsonToFragment(doc(p(t('只剩一段'))), c.frag);
    const fresh = new Server();
    const step2 = Y.encodeStateAsUpdate(c.doc);
    const structs = Y.decodeUpdate(step2).structs;
    expect(structs.some((s) => s instanceof Y.GC || (s instanceof Y.Item && s.content instanceof Y.ContentDeleted))).toBe(true);
    expect(fresh.write(step2)).toBeNull();
    expect(fresh.write(Y.encodeStateAsUpdate(c.doc, Y.encodeStateVector(server.doc)))).toBeNull();
  });

  it('typical editing: typing, splitting a paragraph, bold on and off, deleting, headings, lists, tables, merging cells', () => {
    const steps: PMJSON[] = [
      doc(p(t('上半年全区经济稳中有进。'))),
      doc(p(t('上半年全区经济运行稳中有进。'))),
      doc(p(t('上半年全区经济运行')), p(t('稳中有进。'))),
      doc(p(t('上半年', 'strong'), t('全区经济运行')), p(t('稳中有进。'))),
      doc(p(t('上半年', 'strong'), t('全区', 'strong', 'em'), t('经济运行')), p(t('稳中有进。'))),
      doc(p(t('上半年全区', 'em'), t('经济运行')), p(t('稳中有进。'))),
      doc(p(t('上半年全区', 'em'), t('运行')), p(t('稳中有进。'))),
      doc(h(2, t('上半年全区', 'em'), t('运行')), p(t('稳中有进。'))),
      doc(h(2, t('上半年全区运行')), ul(li(p(t('稳中有进。'))), li(p(t('第二项'))))),
      doc(h(2, t('上半年全区运行')), ul(li(p(t('稳中有进。')), ol(1, li(p(t('子项'))))), li(p(t('第二项'))))),
      doc(h(2, t('上半年全区运行')), ul(li(p(t('稳中有进。'))))),
      doc(h(2, t('上半年全区运行')), table(tr(td({ colspan: 1, rowspan: 1 }, p()), td({ colspan: 1, rowspan: 1 }, p())), tr(td({ colspan: 1, rowspan: 1 }, p()), td({ colspan: 1, rowspan: 1 }, p()))), p()),
      doc(h(2, t('上半年全区运行')), table(tr(td({ colspan: 1, rowspan: 1 }, p(t('指标'))), td({ colspan: 1, rowspan: 1 }, p(t('数值')))), tr(td({ colspan: 1, rowspan: 1 }, p()), td({ colspan: 1, rowspan: 1 }, p()))), p()),
      doc(h(2, t('上半年全区运行')), table(tr(td({ colspan: 2, rowspan: 1 }, p(t('指标')), p(t('数值')))), tr(td({ colspan: 1, rowspan: 1 }, p()), td({ colspan: 1, rowspan: 1 }, p()))), p()),
      doc(p(t('第一行'), br, t('第二行'))),
      doc(withSource(p(t('第一行'), br, t('第二行')), 'sec-9')),
      doc(withSource(p(t('第一行')), null)),
      doc(p()),
    ];
    const server = new Server();
    const a = client(21);
    for (const [i, step] of steps.entries()) {
      const before = a.updates.length;
      jsonToFragment(step, a.frag);
      for (const update of a.updates.slice(before)) expect(server.write(update), `step ${i}`).toBeNull();
      const frag = server.doc.getXmlFragment('prosemirror');
      expect(fragmentToJSON(frag), `step ${i}`).toEqual(fragmentToJSON(a.frag));
      expect(jsonText(fragmentToJSON(frag))).toBe(storedText(frag));
    }
    // A second editor joins and edits the same paragraph.
    const b = client(22, server.doc);
    const before = b.updates.length;
    jsonToFragment(doc(p(t('另一位'), t('编辑', 'underline'))), b.frag);
    for (const update of b.updates.slice(before)) expect(server.write(update)).toBeNull();
  });
});

describe('nesting', () => {
  /** `lists` lists nested in each other's items, a paragraph with text and a hard break at the bottom. */
  function nestedLists(lists: number): Uint8Array {
    const c = client(31);
    c.doc.transact(() => {
      let parent: Y.XmlFragment = c.frag;
      for (let i = 0; i < lists; i++) {
        const list = new Y.XmlElement(i % 2 === 0 ? 'bullet_list' : 'ordered_list');
        parent.insert(parent.length, [list]);
        const item = new Y.XmlElement('list_item');
        list.insert(0, [item]);
        parent = item;
      }
      const paragraph = new Y.XmlElement('paragraph');
      parent.insert(0, [paragraph]);
      paragraph.insert(0, [new Y.XmlText('最深处'), new Y.XmlElement('hard_break'), new Y.XmlText('的文字')]);
    });
    return Y.encodeStateAsUpdate(c.doc);
  }

  it('lists nested as deep as the bound allows are accepted and read whole; one more is refused', () => {
    const lists = (MAX_ELEMENT_DEPTH - 2) / 2; // two levels each, then the paragraph and the hard break
    expect(Number.isInteger(lists) && lists > 10).toBe(true);
    const server = new Server();
    expect(server.write(nestedLists(lists))).toBeNull();
    const frag = server.doc.getXmlFragment('prosemirror');
    expect(storedText(frag)).toBe('最深处的文字');
    expect(jsonText(fragmentToJSON(frag))).toBe('最深处的文字');
    expect(new Server().write(nestedLists(lists + 1))).toMatch(/nested deeper than/);
  });
});

/** Deterministic pseudo-random numbers (fixed seed: the same edits on every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const NODE_NAMES = Object.keys(schema.nodes).filter((n) => n !== 'text' && n !== 'doc');
const NAMES = [...NODE_NAMES, ...NODE_NAMES, 'parigraph', 'doc', 'text', 'p'];
const MARKS = ['strong', 'em', 'underline', 'strong', 'em', 'color', 'strong--abcd1234'];
const ATTRS: Array<[string, unknown]> = [['level', 2], ['level', 'x'], ['source', 'sec-1'], ['order', 4], ['colspan', 2], ['rowspan', 0], ['align', 'left']];

/** Every element of the fragment, and the fragment itself. */
function containers(frag: Y.XmlFragment): Y.XmlFragment[] {
  const out: Y.XmlFragment[] = [frag];
  for (let i = 0; i < out.length; i++) {
    for (const child of out[i]!.toArray() as unknown[]) if (child instanceof Y.XmlElement) out.push(child);
  }
  return out;
}

/** Every XmlText of the fragment. */
function texts(frag: Y.XmlFragment): Y.XmlText[] {
  return containers(frag).flatMap((c) => (c.toArray() as unknown[]).filter((x): x is Y.XmlText => x instanceof Y.XmlText));
}

/** One random edit, as a hostile or clumsy client could send it through the Yjs API. */
function randomEdit(frag: Y.XmlFragment, rand: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const at = (parent: Y.XmlFragment) => Math.floor(rand() * (parent.length + 1));
  const roll = rand();
  const textsNow = texts(frag);
  // Mostly what the schema allows where it goes (so that documents grow), sometimes anything.
  const nameOf = (c: Y.XmlFragment): string | null => (c instanceof Y.XmlElement ? c.nodeName : null);
  if (roll < 0.3) {
    const parent = pick(containers(frag));
    const fitting = NODE_NAMES.filter((n) => sectionContentRules.element(n, nameOf(parent)));
    const name = fitting.length > 0 && rand() < 0.8 ? pick(fitting) : pick(NAMES);
    const el = new Y.XmlElement(name);
    parent.insert(at(parent), [el]);
    if (rand() < 0.7) el.insert(0, [new Y.XmlText(pick(['段落', 'ab', '数据X%']))]);
  } else if (roll < 0.45) {
    const all = containers(frag);
    const fitting = all.filter((c) => sectionContentRules.text(nameOf(c)));
    const parent = fitting.length > 0 && rand() < 0.8 ? pick(fitting) : pick(all);
    parent.insert(at(parent), [new Y.XmlText(pick(['文字', 'cd']))]);
  } else if (roll < 0.7 && textsNow.length > 0) {
    const text = pick(textsNow);
    const attributes: Record<string, unknown> = rand() < 0.4 ? { [pick(MARKS)]: {} } : {};
    text.insert(Math.floor(rand() * (text.length + 1)), pick(['字', '两字', 'e']), attributes);
  } else if (roll < 0.8 && textsNow.length > 0) {
    const text = pick(textsNow);
    if (text.length > 0) text.format(0, Math.ceil(rand() * text.length), { [pick(MARKS)]: rand() < 0.3 ? null : {} });
  } else if (roll < 0.9) {
    const els = containers(frag).slice(1);
    if (els.length > 0) {
      const [key, value] = pick(ATTRS);
      (pick(els) as Y.XmlElement).setAttribute(key, value as string);
    }
  } else {
    const parent = pick(containers(frag));
    if (parent.length > 0) parent.delete(Math.floor(rand() * parent.length), 1);
  }
}

describe('every reader sees the same text in what the content check accepts', () => {
  it('random edits (fixed seed), each inspected: fragmentToJSON keeps every stored character', () => {
    const rand = lcg(11_2026);
    let accepted = 0;
    let refused = 0;
    let refusedWouldDrop = 0;
    let clientID = 1000;
    for (let d = 0; d < 120; d++) {
      const server = new Server();
      let c = client(clientID++);
      for (let step = 0; step < 30; step++) {
        const before = c.updates.length;
        c.doc.transact(() => randomEdit(c.frag, rand));
        for (const update of c.updates.slice(before)) {
          const reason = server.write(update);
          if (reason === null) {
            accepted++;
            continue;
          }
          refused++;
          // Would the refused update have made our reader drop text? (The check's teeth.)
          const scratch = new Y.Doc({ gc: false });
          Y.applyUpdate(scratch, Y.encodeStateAsUpdate(server.doc));
          Y.applyUpdate(scratch, update);
          const frag = scratch.getXmlFragment('prosemirror');
          if (jsonText(fragmentToJSON(frag)) !== storedText(frag)) refusedWouldDrop++;
          // The server closed that client: it reloads with a new clientID.
          c = client(clientID++, server.doc);
          break;
        }
        const frag = server.doc.getXmlFragment('prosemirror');
        expect(jsonText(fragmentToJSON(frag)), JSON.stringify(frag.toJSON())).toBe(storedText(frag));
      }
    }
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(500);
    expect(refusedWouldDrop).toBeGreaterThan(200);
  });
});
