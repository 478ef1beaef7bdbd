import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { ContentRules } from './contentRules.js';
import { MAX_CLOCK, MAX_ELEMENT_DEPTH, MAX_UNBACKED_LENGTH, deletesAlreadyApplied, inspectUpdate, lookupIn, type Inspection } from './inspectUpdate.js';

const ROOTS: ReadonlySet<string> = new Set(['prosemirror']);

function stateOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** A client document whose updates are recorded one per transaction. */
function recorded(clientID: number, base?: Y.Doc): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, updates };
}

function textOf(doc: Y.Doc): Y.XmlText {
  const frag = doc.getXmlFragment('prosemirror');
  if (frag.length === 0) frag.insert(0, [new Y.XmlText()]);
  return frag.get(0) as Y.XmlText;
}

/** One edit of the first paragraph text, as one transaction (so one recorded update). */
function edit(doc: Y.Doc, f: (text: Y.XmlText) => void): void {
  doc.transact(() => f(textOf(doc)));
}

function ok(inspection: Inspection): Extract<Inspection, { ok: true }> {
  if (!inspection.ok) throw new Error(`expected ok, got refusal: ${inspection.reason}`);
  return inspection;
}

function refused(inspection: Inspection, reason?: RegExp): void {
  expect(inspection.ok).toBe(false);
  if (reason && !inspection.ok) expect(inspection.reason).toMatch(reason);
}

/**
 * Minimal Yjs v1 update writer for updates a well-behaved client would never produce.
 * Each struct is a ContentString item, or with `xmlText` a new Y.XmlText (length 1, `text` unused);
 * `parent` is a root name or an ID; origins are IDs.
 */
interface RawItem {
  text: string;
  xmlText?: boolean;
  /** A GC struct of this length instead of an item (no origins, parent or content). */
  gc?: number;
  /** Deleted content (ContentDeleted) of this length instead of text. */
  deleted?: number;
  /** Plain values (ContentAny) instead of text. */
  any?: unknown[];
  /** Legacy JSON values (ContentJSON) instead of text. */
  json?: unknown[];
  /** Map key: the item is an attribute (map entry) of its parent. */
  parentSub?: string;
  origin?: [number, number];
  rightOrigin?: [number, number];
  parent?: string | [number, number];
}
function rawUpdate(clients: Array<{ client: number; clock: number; items: RawItem[] }>, deletes: Array<[number, number, number]> = []): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, clients.length);
  for (const { client, clock, items } of clients) {
    encoding.writeVarUint(e, items.length);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock);
    for (const item of items) {
      if (item.gc !== undefined) {
        encoding.writeUint8(e, 0); // GC
        encoding.writeVarUint(e, item.gc);
        continue;
      }
      const ref = item.xmlText ? 7 : item.any ? 8 : item.json ? 2 : item.deleted !== undefined ? 1 : 4;
      encoding.writeUint8(e, ref | (item.origin ? 0x80 : 0) | (item.rightOrigin ? 0x40 : 0) | (item.parentSub !== undefined ? 0x20 : 0));
      if (item.origin) {
        encoding.writeVarUint(e, item.origin[0]);
        encoding.writeVarUint(e, item.origin[1]);
      }
      if (item.rightOrigin) {
        encoding.writeVarUint(e, item.rightOrigin[0]);
        encoding.writeVarUint(e, item.rightOrigin[1]);
      }
      if (!item.origin && !item.rightOrigin) {
        if (typeof item.parent === 'string') {
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, item.parent);
        } else {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, item.parent![0]);
          encoding.writeVarUint(e, item.parent![1]);
        }
        if (item.parentSub !== undefined) encoding.writeVarString(e, item.parentSub);
      }
      if (item.xmlText) encoding.writeVarUint(e, 6); // type ref of Y.XmlText
      else if (item.deleted !== undefined) encoding.writeVarUint(e, item.deleted);
      else if (item.any) {
        encoding.writeVarUint(e, item.any.length);
        for (const v of item.any) encoding.writeAny(e, v as Parameters<typeof encoding.writeAny>[1]);
      } else if (item.json) {
        encoding.writeVarUint(e, item.json.length);
        for (const v of item.json) encoding.writeVarString(e, JSON.stringify(v));
      } else encoding.writeVarString(e, item.text);
    }
  }
  const byClient = new Map<number, Array<[number, number]>>();
  for (const [client, clock, len] of deletes) {
    const list = byClient.get(client) ?? [];
    list.push([clock, len]);
    byClient.set(client, list);
  }
  encoding.writeVarUint(e, byClient.size);
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}

/** True when applying `update` to a copy of `base` neither throws nor leaves pending structs. */
function appliesCleanly(base: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  try {
    Y.applyUpdate(copy, update);
  } catch {
    return false;
  }
  return !copy.store.pendingStructs && !copy.store.pendingDs;
}

describe('inspectUpdate accepts valid updates', () => {
  it('a first update: ok, names its client as new', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, '一、总体情况'));
    const result = ok(inspectUpdate(a.updates[0]!, new Map(), ROOTS));
    expect(result.newClients).toEqual([101]);
    expect(result.ends.get(101)).toBe(stateOf(a.doc).get(101));
    expect(result.deleteCount).toBe(0);
  });

  it('a follow-up update against the state that includes the previous one', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abc'));
    const server = new Y.Doc();
    Y.applyUpdate(server, a.updates[0]!);
    edit(a.doc, (t) => t.insert(3, 'def'));
    const result = ok(inspectUpdate(a.updates[1]!, stateOf(server), ROOTS, lookupIn(server)));
    expect(result.newClients).toEqual([101]);
    expect(result.ends.get(101)).toBe(7);
  });

  it('a concurrent update from a second client, nested content, formatting and deletes', () => {
    const a = recorded(101);
    const frag = a.doc.getXmlFragment('prosemirror');
    const p = new Y.XmlElement('paragraph');
    frag.insert(0, [p]);
    const t = new Y.XmlText();
    p.insert(0, [t]);
    t.insert(0, '加强基层组织建设。');
    const b = recorded(202, a.doc);
    const bt = (b.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    b.doc.transact(() => {
      bt.format(0, 2, { bold: true });
      bt.delete(2, 2);
      bt.insert(4, '同比增长X%', { italic: true });
      b.doc.getXmlFragment('prosemirror').insert(1, [new Y.XmlElement('heading')]);
    });
    const result = ok(inspectUpdate(b.updates[0]!, stateOf(a.doc), ROOTS, lookupIn(a.doc)));
    expect(result.newClients).toEqual([202]);
    expect(result.deleteCount).toBe(2);
  });

  it('an already-known update is ok with no new clients', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abc'));
    const result = ok(inspectUpdate(a.updates[0]!, stateOf(a.doc), ROOTS, lookupIn(a.doc)));
    expect(result.newClients).toEqual([]);
    expect(result.deleteCount).toBe(0);
  });

  it('an update overlapping known content names the client (its tail is new)', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abc'));
    const known = stateOf(a.doc);
    edit(a.doc, (t) => t.insert(3, 'def'));
    const whole = Y.encodeStateAsUpdate(a.doc);
    expect(ok(inspectUpdate(whole, known, ROOTS)).newClients).toEqual([101]);
    // Not fresh: it repeats structs the state has, so the room stores only its diff.
    expect(ok(inspectUpdate(whole, known, ROOTS)).fresh).toBe(false);
    // The edit alone is fresh (every client's run starts at the state's clock), as is a first update.
    const base = new Y.Doc();
    Y.applyUpdate(base, a.updates[0]!);
    expect(ok(inspectUpdate(a.updates[1]!, known, ROOTS, lookupIn(base))).fresh).toBe(true);
    expect(ok(inspectUpdate(a.updates[0]!, new Map(), ROOTS)).fresh).toBe(true);
  });

  it('a delete-only update of known content', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abcdef'));
    const known = stateOf(a.doc);
    const b = recorded(202, a.doc);
    edit(b.doc, (t) => t.delete(1, 3));
    const result = ok(inspectUpdate(b.updates[0]!, known, ROOTS));
    expect(result.newClients).toEqual([]);
    expect(result.deleteCount).toBe(3);
    expect(result.deletes.clients.get(101)).toBeDefined();
  });

  it('references into content carried by the same update (other clients, earlier clocks)', () => {
    // A client that persisted two sessions offline sends both in one sync step 2.
    const s1 = recorded(301);
    edit(s1.doc, (t) => t.insert(0, 'first'));
    const s2 = recorded(302, s1.doc);
    edit(s2.doc, (t) => t.insert(2, 'second'));
    const both = Y.encodeStateAsUpdate(s2.doc);
    const result = ok(inspectUpdate(both, new Map(), ROOTS));
    expect(result.newClients.sort()).toEqual([301, 302]);
  });

  it('an empty update is ok and changes nothing', () => {
    const result = ok(inspectUpdate(Y.encodeStateAsUpdate(new Y.Doc()), new Map(), ROOTS));
    expect(result.newClients).toEqual([]);
    expect(result.deleteCount).toBe(0);
  });
});

describe('inspectUpdate refuses updates that would leave pending state', () => {
  it('first clock beyond the known state (a missing earlier update)', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abc'));
    edit(a.doc, (t) => t.insert(3, 'def'));
    refused(inspectUpdate(a.updates[1]!, new Map(), ROOTS), /pending structs/);
    const partial = new Y.Doc();
    Y.applyUpdate(partial, a.updates[0]!);
    edit(a.doc, (t) => t.insert(6, 'ghi'));
    refused(inspectUpdate(a.updates[2]!, stateOf(partial), ROOTS), /pending structs/);
  });

  it('a gap inside the update (skip struct from merging non-adjacent updates)', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abc'));
    edit(a.doc, (t) => t.insert(3, 'def'));
    edit(a.doc, (t) => t.insert(6, 'ghi'));
    const gappy = Y.mergeUpdates([a.updates[0]!, a.updates[2]!]);
    refused(inspectUpdate(gappy, new Map(), ROOTS), /gap/);
  });

  it('an unknown left origin', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abc')); // clocks 0 (text) .. 3
    const server = stateOf(a.doc);
    edit(a.doc, (t) => t.insert(3, 'def')); // clocks 4..6, not known to the server
    const c = recorded(303, a.doc);
    edit(c.doc, (t) => t.insert(5, 'X')); // between 'e' (101,5) and 'f' (101,6)
    refused(inspectUpdate(c.updates[0]!, server, ROOTS), /unknown left origin/);
    // With the missing update known, the same update is fine.
    expect(ok(inspectUpdate(c.updates[0]!, stateOf(a.doc), ROOTS, lookupIn(a.doc))).newClients).toEqual([303]);
  });

  it('an unknown right origin', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abc')); // 'c' is (101,3)
    const server = stateOf(a.doc);
    edit(a.doc, (t) => t.insert(3, 'def')); // 'd' is (101,4)
    const c = recorded(303, a.doc);
    edit(c.doc, (t) => t.insert(3, 'X')); // origin 'c' (known), right origin 'd' (unknown)
    refused(inspectUpdate(c.updates[0]!, server, ROOTS), /unknown right origin/);
  });

  it('an unknown parent', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abc'));
    const server = stateOf(a.doc);
    const para = new Y.XmlElement('paragraph');
    a.doc.getXmlFragment('prosemirror').insert(1, [para]); // (101,4), unknown to the server
    const c = recorded(303, a.doc);
    ((c.doc.getXmlFragment('prosemirror').get(1) as Y.XmlElement)).insert(0, [new Y.XmlText('x')]);
    refused(inspectUpdate(c.updates[0]!, server, ROOTS), /unknown parent/);
  });

  it('a delete of an unknown range', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abc'));
    const server = stateOf(a.doc);
    edit(a.doc, (t) => t.insert(3, 'def'));
    const c = recorded(303, a.doc);
    edit(c.doc, (t) => t.delete(4, 1)); // deletes (101,5), unknown to the server
    refused(inspectUpdate(c.updates[0]!, server, ROOTS), /pending deletes/);
    refused(inspectUpdate(rawUpdate([], [[999, 0, 1]]), new Map(), ROOTS), /pending deletes/);
  });
});

describe('inspectUpdate refuses content outside the allowed roots', () => {
  it('a foreign root type (text, map, array)', () => {
    const makers: Array<(doc: Y.Doc) => void> = [
      (doc) => doc.getText('evil').insert(0, 'x'),
      (doc) => doc.getMap('meta').set('status', 'approved'),
      (doc) => doc.getArray('list').insert(0, [1]),
      (doc) => doc.getXmlFragment('prosemirror2').insert(0, [new Y.XmlText('x')]),
    ];
    for (const make of makers) {
      const c = recorded(404);
      make(c.doc);
      refused(inspectUpdate(c.updates[0]!, new Map(), ROOTS), /root type .* is not allowed/);
    }
  });

  it('a root is allowed only when listed', () => {
    const c = recorded(404);
    edit(c.doc, (t) => t.insert(0, 'x'));
    refused(inspectUpdate(c.updates[0]!, new Map(), new Set()), /not allowed/);
    expect(inspectUpdate(c.updates[0]!, new Map(), new Set(['prosemirror', 'final'])).ok).toBe(true);
  });

  it('a foreign root hidden next to allowed content in the same update', () => {
    const c = recorded(404);
    c.doc.transact(() => {
      edit(c.doc, (t) => t.insert(0, 'ok'));
      c.doc.getMap('evil').set('k', 1);
    });
    refused(inspectUpdate(c.updates[0]!, new Map(), ROOTS), /not allowed/);
  });

  it('subdocuments', () => {
    const c = recorded(404);
    c.doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('embed')]);
    const el = c.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    const known = stateOf(c.doc);
    const sub = recorded(405, c.doc);
    const subEl = sub.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    subEl.setAttribute('doc', new Y.Doc() as unknown as string);
    expect(el).toBeDefined();
    refused(inspectUpdate(sub.updates[0]!, known, ROOTS), /subdocuments/);
  });
});

/** A document as y-prosemirror writes one: headings, a paragraph with marks, a list and a table. */
function reportDoc(clientID: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const r = recorded(clientID);
  const el = (name: string, attrs: Record<string, unknown>, children: Array<Y.XmlElement | Y.XmlText>): Y.XmlElement => {
    const e = new Y.XmlElement(name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
    e.insert(0, children);
    return e;
  };
  const text = (runs: Array<[string, Record<string, unknown>?]>): Y.XmlText => {
    const t = new Y.XmlText();
    t.applyDelta(runs.map(([insert, attributes]) => (attributes ? { insert, attributes } : { insert })));
    return t;
  };
  const p = (runs: Array<[string, Record<string, unknown>?]>) => el('paragraph', {}, [text(runs)]);
  r.doc.getXmlFragment('prosemirror').insert(0, [
    el('heading', { level: 2 }, [text([['一、总体情况']])]),
    p([['上半年', { strong: {} }], ['全区经济'], ['稳中有进', { em: {}, underline: {} }], ['。']]),
    el('bullet_list', {}, [el('list_item', {}, [p([['第一项']])]), el('list_item', {}, [p([['第二项']])])]),
    el('table', {}, [
      el('table_row', {}, [el('table_cell', { colspan: 1, rowspan: 1 }, [p([['指标']])]), el('table_cell', { colspan: 2, rowspan: 1 }, [p([['数值', { strong: {} }]])])]),
    ]),
  ]);
  return r;
}

/** The first paragraph's XmlElement and its XmlText in the report document. */
function firstParagraph(doc: Y.Doc): { p: Y.XmlElement; t: Y.XmlText } {
  const p = doc.getXmlFragment('prosemirror').get(1) as Y.XmlElement;
  return { p, t: p.get(0) as Y.XmlText };
}

/** An edit of a copy of `base` by another client, as the one update it sends. */
function editOf(base: Y.Doc, f: (doc: Y.Doc) => void, clientID = 909): Uint8Array {
  const c = recorded(clientID, base);
  c.doc.transact(() => f(c.doc));
  expect(c.updates).toHaveLength(1);
  return c.updates[0]!;
}

/** Inspects an edit against a server that has `base`. */
function inspectEdit(base: Y.Doc, update: Uint8Array): Inspection {
  return inspectUpdate(update, stateOf(base), ROOTS, lookupIn(base));
}

// Yjs' own insert functions accept more than their typings say; these casts feed them what a hostile client would.
const asChild = (v: unknown) => v as Y.XmlElement;
const asAttr = (v: unknown) => v as string;

describe('inspectUpdate checks the kind of content against where it goes', () => {
  it('accepts a y-prosemirror document (heading, marks, list, table) and ordinary edits of it', () => {
    const a = reportDoc(101);
    expect(a.updates).toHaveLength(1);
    ok(inspectUpdate(a.updates[0]!, new Map(), ROOTS));
    const base = a.doc;
    const edits: Array<(doc: Y.Doc) => void> = [
      (doc) => firstParagraph(doc).t.insert(3, '各项', { strong: {} }),
      (doc) => firstParagraph(doc).t.format(0, 5, { em: {} }),
      (doc) => firstParagraph(doc).t.format(0, 3, { strong: null }),
      (doc) => firstParagraph(doc).t.delete(0, 4),
      (doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).setAttribute('level', asAttr(3)),
      (doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).removeAttribute('level'),
      (doc) => {
        const q = new Y.XmlElement('paragraph');
        q.insert(0, [new Y.XmlText('新段落')]);
        doc.getXmlFragment('prosemirror').insert(2, [q]);
      },
      (doc) => {
        const list = doc.getXmlFragment('prosemirror').get(2) as Y.XmlElement;
        const item = new Y.XmlElement('list_item');
        const q = new Y.XmlElement('paragraph');
        q.insert(0, [new Y.XmlText('第三项')]);
        item.insert(0, [q]);
        list.insert(2, [item]);
      },
      (doc) => {
        // a hard break between two text runs, as y-prosemirror writes it
        const { p, t } = firstParagraph(doc);
        p.insert(1, [new Y.XmlElement('hard_break'), new Y.XmlText('下一行')]);
        t.insert(0, '前');
      },
      (doc) => doc.getXmlFragment('prosemirror').delete(3, 1), // the table
    ];
    for (const f of edits) ok(inspectEdit(base, editOf(base, f)));
  });

  it('accepts deleted content anywhere (a client that garbage-collected what it deleted)', () => {
    const c = new Y.Doc({ gc: true });
    c.clientID = 404;
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('删掉的段落')]);
    c.getXmlFragment('prosemirror').insert(0, [p, new Y.XmlElement('paragraph')]);
    c.getXmlFragment('prosemirror').delete(0, 1);
    const update = Y.encodeStateAsUpdate(c);
    expect(Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Item && s.content instanceof Y.ContentDeleted)).toBe(true);
    ok(inspectUpdate(update, new Map(), ROOTS));
  });

  it('refuses anything but XmlElement and XmlText directly in the fragment', () => {
    const cases: Array<[string, (frag: Y.XmlFragment) => void, RegExp]> = [
      ['Y.Map', (f) => f.insert(0, [asChild(new Y.Map())]), /a Y\.Map in the "prosemirror" fragment/],
      ['Y.Array', (f) => f.insert(0, [asChild(new Y.Array())]), /a Y\.Array in the "prosemirror" fragment/],
      ['Y.Text', (f) => f.insert(0, [asChild(new Y.Text('x'))]), /a Y\.Text in/],
      ['XmlHook', (f) => f.insert(0, [asChild(new Y.XmlHook('hook'))]), /an XmlHook in/],
      ['nested XmlFragment', (f) => f.insert(0, [asChild(new Y.XmlFragment())]), /a nested XmlFragment in/],
      ['number', (f) => f.insert(0, [asChild(42)]), /a plain value in the "prosemirror" fragment/],
      ['object', (f) => f.insert(0, [asChild({ type: 'paragraph' })]), /a plain value in/],
      ['binary', (f) => f.insert(0, [asChild(new Uint8Array([1, 2]))]), /binary data in/],
      ['subdocument', (f) => f.insert(0, [asChild(new Y.Doc())]), /subdocuments/],
    ];
    for (const [label, make, reason] of cases) {
      const c = recorded(404);
      make(c.doc.getXmlFragment('prosemirror'));
      const update = c.updates[0]!;
      const inspection = inspectUpdate(update, new Map(), ROOTS);
      expect(inspection.ok, label).toBe(false);
      if (!inspection.ok) expect(inspection.reason, label).toMatch(reason);
    }
    // Hand-written kinds the Yjs API does not produce any more: text and legacy JSON in the fragment.
    refused(inspectUpdate(rawUpdate([{ client: 500, clock: 0, items: [{ text: 'x', parent: 'prosemirror' }] }]), new Map(), ROOTS), /text in the "prosemirror" fragment/);
    refused(inspectUpdate(rawUpdate([{ client: 500, clock: 0, items: [{ text: '', json: [1], parent: 'prosemirror' }] }]), new Map(), ROOTS), /a JSON value in/);
    // A map entry (attribute) of the fragment itself.
    refused(inspectUpdate(rawUpdate([{ client: 500, clock: 0, items: [{ text: '', any: ['x'], parent: 'prosemirror', parentSub: 'k' }] }]), new Map(), ROOTS), /attribute of the "prosemirror" fragment/);
  });

  it('refuses the same kinds inside an XmlElement, whether the element is in the document or in the same update', () => {
    const base = reportDoc(101).doc;
    // Factories: a Yjs type can be inserted only once.
    const bad: Array<[string, () => unknown, RegExp]> = [
      ['Y.Map', () => new Y.Map(), /a Y\.Map in an XmlElement/],
      ['number', () => 7, /a plain value in an XmlElement/],
      ['string', () => '字', /a plain value in an XmlElement/],
      ['binary', () => new Uint8Array([0]), /binary data in an XmlElement/],
    ];
    for (const [label, make, reason] of bad) {
      // Into an existing paragraph (parent referenced by ID, resolved in the document).
      refused(inspectEdit(base, editOf(base, (doc) => firstParagraph(doc).p.insert(0, [asChild(make())]))), reason);
      // After its existing text (no parent in the update: inherited from the left origin).
      refused(inspectEdit(base, editOf(base, (doc) => firstParagraph(doc).p.insert(1, [asChild(make())]))), reason);
      // Into a table cell created by the same update.
      const fresh = editOf(base, (doc) => {
        const cell = new Y.XmlElement('table_cell');
        cell.insert(0, [asChild(make())]);
        doc.getXmlFragment('prosemirror').insert(0, [cell]);
      });
      expect(inspectEdit(base, fresh).ok, label).toBe(false);
      // Next to existing top-level content (inherits the fragment from its neighbour).
      refused(inspectEdit(base, editOf(base, (doc) => doc.getXmlFragment('prosemirror').insert(4, [asChild(make())]))), /in the "prosemirror" fragment/);
    }
  });

  it('refuses anything but text and format marks inside an XmlText', () => {
    const base = reportDoc(101).doc;
    refused(inspectEdit(base, editOf(base, (doc) => firstParagraph(doc).t.insertEmbed(2, { image: 'x.png' }))), /an embed in an XmlText/);
    refused(inspectEdit(base, editOf(base, (doc) => firstParagraph(doc).t.insertEmbed(2, new Y.XmlElement('paragraph')))), /an XmlElement in an XmlText/);
    refused(inspectEdit(base, editOf(base, (doc) => firstParagraph(doc).t.insertEmbed(0, new Y.Map()))), /a Y\.Map in an XmlText/);
    refused(inspectEdit(base, editOf(base, (doc) => firstParagraph(doc).t.setAttribute('k', 'v'))), /attribute of an XmlText/);
    // A plain value after an existing character (inherits the XmlText from its left origin).
    const { t } = firstParagraph(base);
    const charId = (t._start as Y.Item).id;
    refused(inspectEdit(base, rawUpdate([{ client: 500, clock: 0, items: [{ text: '', any: [1], origin: [charId.client, charId.clock] }] }])), /a plain value in an XmlText/);
  });

  it('refuses XmlElement attributes that are not plain JSON values', () => {
    const base = reportDoc(101).doc;
    const heading = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    refused(inspectEdit(base, editOf(base, (doc) => heading(doc).setAttribute('level', asAttr(new Y.Map())))), /a Y\.Map in an attribute of an XmlElement/);
    refused(inspectEdit(base, editOf(base, (doc) => heading(doc).setAttribute('level', asAttr(new Y.XmlText('x'))))), /an XmlText in an attribute/);
    refused(inspectEdit(base, editOf(base, (doc) => heading(doc).setAttribute('level', asAttr(new Uint8Array([2]))))), /binary data in an attribute/);
    refused(inspectEdit(base, editOf(base, (doc) => heading(doc).setAttribute('level', asAttr(10n)))), /not plain JSON/);
    refused(inspectEdit(base, editOf(base, (doc) => heading(doc).setAttribute('data', asAttr({ nested: [new Uint8Array([1])] })))), /not plain JSON/);
    ok(inspectEdit(base, editOf(base, (doc) => heading(doc).setAttribute('data', asAttr({ nested: [1, 'a', null, true] })))));
  });

  it('resolves parents in writes accepted but not yet applied (lookupIn with unapplied structs)', () => {
    const empty = new Y.Doc();
    const a = reportDoc(101);
    const first = ok(inspectUpdate(a.updates[0]!, new Map(), ROOTS, lookupIn(empty)));
    const projected = stateOf(a.doc);
    const good = editOf(a.doc, (doc) => firstParagraph(doc).t.insert(0, '再'));
    const bad = editOf(a.doc, (doc) => firstParagraph(doc).p.insert(0, [asChild(5)]));
    // Without the unapplied structs the references cannot be resolved: refused rather than guessed.
    refused(inspectUpdate(good, projected, ROOTS, lookupIn(empty)), /cannot find/);
    ok(inspectUpdate(good, projected, ROOTS, lookupIn(empty, [first.structs])));
    refused(inspectUpdate(bad, projected, ROOTS, lookupIn(empty, [first.structs])), /a plain value in an XmlElement/);
  });

  it('does not walk back through every write still waiting: a keystroke costs the same after 300 waiting ones', () => {
    // One writer types fast; none of its writes has been applied yet (a slow group commit): each
    // keystroke's origin is the one before, still decoded in a waiting write.
    const empty = new Y.Doc();
    const a = reportDoc(101);
    const waiting = [ok(inspectUpdate(a.updates[0]!, new Map(), ROOTS, lookupIn(empty))).structs];
    const writer = recorded(202, a.doc);
    const lookupsPerKeystroke: number[] = [];
    for (let i = 0; i < 300; i++) {
      const projected = stateOf(writer.doc);
      writer.doc.transact(() => {
        const { t } = firstParagraph(writer.doc);
        t.insert(t.length, '字');
      });
      const key = writer.updates.at(-1)!;
      let lookups = 0;
      const inner = lookupIn(empty, waiting);
      const counted = (id: { client: number; clock: number }) => {
        lookups++;
        return inner(id);
      };
      waiting.push(ok(inspectUpdate(key, projected, ROOTS, counted)).structs);
      lookupsPerKeystroke.push(lookups);
    }
    // Constant, not growing with the number of waiting writes.
    expect(Math.max(...lookupsPerKeystroke.slice(-50))).toBeLessThanOrEqual(Math.max(...lookupsPerKeystroke.slice(0, 50)));
    expect(Math.max(...lookupsPerKeystroke)).toBeLessThan(10);
  });

  it('accepts typing into a paragraph that another tab deleted and collected (its parent is ContentDeleted; Yjs makes it garbage)', () => {
    // Tab D (gc on, as browsers are) adds an empty paragraph; tab E sees it at once (shared
    // BroadcastChannel or IndexedDB) and types into it; D deletes it before either reached the server.
    const d = new Y.Doc({ gc: true });
    d.clientID = 601;
    const paragraph = new Y.XmlElement('paragraph');
    d.getXmlFragment('prosemirror').insert(0, [paragraph]);
    const e = recorded(602, d);
    const inE = e.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    inE.insert(0, [new Y.XmlText('E字')]);
    inE.setAttribute('align', 'left');
    d.getXmlFragment('prosemirror').delete(0, 1);
    const server = new Y.Doc({ gc: false });
    const fromD = Y.encodeStateAsUpdate(d);
    ok(inspectUpdate(fromD, stateOf(server), ROOTS, lookupIn(server)));
    Y.applyUpdate(server, fromD);
    expect((Y.getItem(server.store, (paragraph._item as Y.Item).id) as Y.Item).content).toBeInstanceOf(Y.ContentDeleted);
    for (const update of e.updates) {
      ok(inspectUpdate(update, stateOf(server), ROOTS, lookupIn(server)));
      Y.applyUpdate(server, update);
    }
    expect(server.getXmlFragment('prosemirror').length).toBe(0);
  });

  it('accepts anything next to garbage-collected content (Yjs turns it into garbage too)', () => {
    // A client with gc on deletes a paragraph: its text becomes GC structs in the update.
    const c = new Y.Doc({ gc: true });
    c.clientID = 404;
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('abc')]);
    c.getXmlFragment('prosemirror').insert(0, [p, new Y.XmlElement('paragraph')]);
    const textId = ((p.get(0) as Y.XmlText)._start as Y.Item).id;
    c.getXmlFragment('prosemirror').delete(0, 1);
    const server = new Y.Doc({ gc: false });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(c));
    expect(Y.getItem(server.store, textId)).toBeInstanceOf(Y.GC);
    const update = rawUpdate([{ client: 500, clock: 0, items: [{ text: '', any: [1], origin: [textId.client, textId.clock] }] }]);
    ok(inspectUpdate(update, stateOf(server), ROOTS, lookupIn(server)));
    Y.applyUpdate(server, update);
    expect(Y.getItem(server.store, Y.createID(500, 0))).toBeInstanceOf(Y.GC);
    expect(server.getXmlFragment('prosemirror').toString()).toBe('<paragraph></paragraph>');
  });
});

describe('inspectUpdate never accepts what Yjs cannot integrate', () => {
  it('an item whose right origin is a later clock of its own client', () => {
    // Yjs throws on applying this; accepting it stores an update that can never be loaded.
    const update = rawUpdate([{ client: 500, clock: 0, items: [{ text: 'a', rightOrigin: [500, 1] }, { text: 'b', parent: 'prosemirror' }] }]);
    expect(appliesCleanly(new Y.Doc(), update)).toBe(false);
    refused(inspectUpdate(update, new Map(), ROOTS));
  });

  it('an item whose left origin is a later clock of its own client', () => {
    const update = rawUpdate([{ client: 500, clock: 0, items: [{ text: 'a', origin: [500, 1] }, { text: 'b', parent: 'prosemirror' }] }]);
    expect(appliesCleanly(new Y.Doc(), update)).toBe(false);
    refused(inspectUpdate(update, new Map(), ROOTS));
  });

  it('an item that is its own origin or its own parent', () => {
    const selfOrigin = rawUpdate([{ client: 500, clock: 0, items: [{ text: 'ab', origin: [500, 0] }] }]);
    const selfParent = rawUpdate([{ client: 500, clock: 0, items: [{ text: 'x', parent: [500, 0] }] }]);
    for (const update of [selfOrigin, selfParent]) {
      expect(appliesCleanly(new Y.Doc(), update)).toBe(false);
      refused(inspectUpdate(update, new Map(), ROOTS));
    }
  });

  it('two clients whose first items reference each other (a cycle leaves pending structs)', () => {
    const update = rawUpdate([
      { client: 601, clock: 0, items: [{ text: 'b', origin: [600, 0] }] },
      { client: 600, clock: 0, items: [{ text: 'a', origin: [601, 0] }] },
    ]);
    expect(appliesCleanly(new Y.Doc(), update)).toBe(false);
    refused(inspectUpdate(update, new Map(), ROOTS));
  });

  it('hand-written well-formed updates are accepted', () => {
    const update = rawUpdate([
      { client: 500, clock: 0, items: [{ text: '', xmlText: true, parent: 'prosemirror' }, { text: 'ab', parent: [500, 0] }, { text: 'c', origin: [500, 2] }] },
    ]);
    expect(appliesCleanly(new Y.Doc(), update)).toBe(true);
    expect(ok(inspectUpdate(update, new Map(), ROOTS)).newClients).toEqual([500]);
    const check = new Y.Doc();
    Y.applyUpdate(check, update);
    expect(check.getXmlFragment('prosemirror').toString()).toBe('abc');
  });
});

describe('inspectUpdate on hostile bytes', () => {
  function lcg(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s >>> 8;
    };
  }

  it('never throws on random buffers', () => {
    const rand = lcg(20240601);
    for (let i = 0; i < 20000; i++) {
      const data = new Uint8Array(rand() % 48);
      for (let j = 0; j < data.length; j++) data[j] = rand() & 0xff;
      let result: Inspection | undefined;
      expect(() => {
        result = inspectUpdate(data, new Map(), ROOTS);
      }).not.toThrow();
      expect(typeof result!.ok).toBe('boolean');
    }
  }, 60_000);

  it('never throws on mutated valid updates, and whatever it accepts integrates cleanly', () => {
    const base = recorded(11);
    const frag = base.doc.getXmlFragment('prosemirror');
    const p = new Y.XmlElement('paragraph');
    frag.insert(0, [p]);
    const t = new Y.XmlText();
    p.insert(0, [t]);
    t.insert(0, '上半年工作总结');
    t.format(0, 3, { bold: true });
    const follow = recorded(22, base.doc);
    const ft = (follow.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    ft.insert(3, '及下半年工作计划');
    ft.delete(0, 2);
    ft.insert(5, '（一）', { italic: true });
    follow.doc.getXmlFragment('prosemirror').insert(1, [new Y.XmlElement('heading')]);
    const update = Y.mergeUpdates(follow.updates);
    const state = stateOf(base.doc);
    expect(inspectUpdate(update, state, ROOTS, lookupIn(base.doc)).ok).toBe(true);

    const rand = lcg(7);
    let accepted = 0;
    for (let i = 0; i < 20000; i++) {
      const mutated = update.slice();
      const flips = 1 + (rand() % 3);
      for (let k = 0; k < flips; k++) mutated[rand() % mutated.length] = rand() & 0xff;
      let result: Inspection | undefined;
      expect(() => {
        result = inspectUpdate(mutated, state, ROOTS, lookupIn(base.doc));
      }).not.toThrow();
      if (result!.ok) {
        accepted++;
        expect(appliesCleanly(base.doc, mutated)).toBe(true);
      }
    }
    // The loop must have exercised the acceptance path too.
    expect(accepted).toBeGreaterThan(100);
  }, 60_000);

  it('refuses absurd struct clocks', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 7);
    encoding.writeVarUint(e, Number.MAX_SAFE_INTEGER);
    encoding.writeUint8(e, 0); // GC
    encoding.writeVarUint(e, 5);
    encoding.writeVarUint(e, 0);
    refused(inspectUpdate(encoding.toUint8Array(e), new Map([[7, Number.MAX_SAFE_INTEGER]]), ROOTS));
  });
});

describe('inspectUpdate bounds the clocks a struct may claim', () => {
  const gcOf = (client: number, clock: number, length: number) => rawUpdate([{ client, clock, items: [{ text: '', gc: length }] }]);
  const deletedOf = (client: number, clock: number, length: number) =>
    rawUpdate([{ client, clock, items: [{ text: '', deleted: length, parent: 'prosemirror' }] }]);

  function refusedOutright(inspection: Inspection, reason: RegExp): void {
    refused(inspection, reason);
    // Not a gap: asking the client to resync would not make it acceptable.
    expect(!inspection.ok && inspection.gap).toBeFalsy();
  }

  it('a GC struct of length 2^53 − 1 on a new clientID (Yjs would take the clock to 2^53 − 1)', () => {
    const update = gcOf(700, 0, Number.MAX_SAFE_INTEGER);
    const victim = new Y.Doc();
    Y.applyUpdate(victim, update);
    expect(Y.getState(victim.store, 700)).toBe(Number.MAX_SAFE_INTEGER);
    refusedOutright(inspectUpdate(update, new Map(), ROOTS), /clock ceiling/);
  });

  it('deleted content (ContentDeleted) of length 2^45 on a new clientID', () => {
    const update = deletedOf(701, 0, 2 ** 45);
    const s = Y.decodeUpdate(update).structs[0] as Y.Item;
    expect(s.content).toBeInstanceOf(Y.ContentDeleted);
    expect(s.length).toBe(2 ** 45);
    refusedOutright(inspectUpdate(update, new Map(), ROOTS), /clock ceiling|longer than/);
  });

  it('a GC or deleted struct longer than MAX_UNBACKED_LENGTH, even under the clock ceiling', () => {
    expect(MAX_UNBACKED_LENGTH).toBeLessThan(MAX_CLOCK);
    refusedOutright(inspectUpdate(gcOf(702, 0, MAX_UNBACKED_LENGTH + 1), new Map(), ROOTS), /longer than/);
    refusedOutright(inspectUpdate(deletedOf(703, 0, MAX_UNBACKED_LENGTH + 1), new Map(), ROOTS), /longer than/);
    ok(inspectUpdate(gcOf(702, 0, MAX_UNBACKED_LENGTH), new Map(), ROOTS));
    ok(inspectUpdate(deletedOf(703, 0, MAX_UNBACKED_LENGTH), new Map(), ROOTS));
    // What counts is what is new: the part the room already has is ignored when applied.
    ok(inspectUpdate(gcOf(702, 0, MAX_UNBACKED_LENGTH + 10), new Map([[702, 10]]), ROOTS));
  });

  it('any struct ending past the clock ceiling', () => {
    const near = new Map([[704, MAX_CLOCK - 4]]);
    refusedOutright(inspectUpdate(gcOf(704, MAX_CLOCK - 4, 8), near, ROOTS), /clock ceiling/);
    ok(inspectUpdate(gcOf(704, MAX_CLOCK - 4, 4), near, ROOTS));
    // An item with content, not only unbacked structs.
    const last = new Map([[705, MAX_CLOCK - 1]]);
    const xmlTextAt = (clock: number) => rawUpdate([{ client: 705, clock, items: [{ text: '', xmlText: true, parent: 'prosemirror' }] }]);
    ok(inspectUpdate(xmlTextAt(MAX_CLOCK - 1), last, ROOTS));
    refusedOutright(inspectUpdate(xmlTextAt(MAX_CLOCK), new Map([[705, MAX_CLOCK]]), ROOTS), /clock ceiling/);
  });

  it('a delete range past the clock ceiling is refused, not a gap; within known clocks any length is fine', () => {
    refusedOutright(inspectUpdate(rawUpdate([], [[706, MAX_CLOCK, 1]]), new Map(), ROOTS), /clock ceiling/);
    // Under the ceiling an unknown range is still a gap (the client lacks a resync).
    const gap = inspectUpdate(rawUpdate([], [[706, 5, 1]]), new Map(), ROOTS);
    expect(!gap.ok && gap.gap).toBe(true);
    // Yjs merges a client's adjacent deleted structs into one range: longer than any one struct.
    expect(ok(inspectUpdate(rawUpdate([], [[707, 0, 2 ** 26]]), new Map([[707, 2 ** 26]]), ROOTS)).deleteCount).toBe(2 ** 26);
    // A document stored before the ceiling may count a clientID past it: deleting there still works.
    expect(ok(inspectUpdate(rawUpdate([], [[708, 0, 2 ** 40]]), new Map([[708, 2 ** 40]]), ROOTS)).deleteCount).toBe(2 ** 40);
  });

  it('accepts what a client that collected its own deletions sends (GC and ContentDeleted structs)', () => {
    const c = new Y.Doc({ gc: true });
    c.clientID = 709;
    const frag = c.getXmlFragment('prosemirror');
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('将被删除的一段文字'.repeat(50))]);
    const keep = new Y.XmlElement('paragraph');
    keep.insert(0, [new Y.XmlText('留下')]);
    frag.insert(0, [p, keep]);
    frag.delete(0, 1);
    (keep.get(0) as Y.XmlText).delete(0, 1);
    const update = Y.encodeStateAsUpdate(c);
    const structs = Y.decodeUpdate(update).structs;
    expect(structs.some((s) => s instanceof Y.GC || (s instanceof Y.Item && s.content instanceof Y.ContentDeleted))).toBe(true);
    ok(inspectUpdate(update, new Map(), ROOTS, () => undefined, SECTION_RULES));
  });
});

/**
 * Rules of a miniature section schema (the names @hegao/schema's schema gives y-prosemirror; the
 * rules built from the real schema are tested in packages/schema and apps/server).
 */
const CHILDREN = new Map<string | null, readonly string[]>([
  [null, ['paragraph', 'heading', 'bullet_list', 'ordered_list', 'table']],
  ['paragraph', ['hard_break']],
  ['heading', ['hard_break']],
  ['bullet_list', ['list_item']],
  ['ordered_list', ['list_item']],
  ['list_item', ['paragraph', 'bullet_list', 'ordered_list']],
  ['table', ['table_row']],
  ['table_row', ['table_cell']],
  ['table_cell', ['paragraph']],
]);
const ATTRIBUTES = new Map<string, readonly string[]>([
  ['paragraph', ['source']],
  ['heading', ['level', 'source']],
  ['bullet_list', ['source']],
  ['ordered_list', ['order', 'source']],
  ['table', ['source']],
  ['table_cell', ['colspan', 'rowspan']],
]);
const MARKS = new Set(['strong', 'em', 'underline']);
const SECTION_RULES: ContentRules = {
  element: (name, parent) => CHILDREN.get(parent)?.includes(name) ?? false,
  text: (parent) => parent === 'paragraph' || parent === 'heading',
  attribute: (name, key) => ATTRIBUTES.get(name)?.includes(key) ?? false,
  mark: (key, value) => value === null || (MARKS.has(key) && typeof value === 'object'),
};

describe('inspectUpdate checks names against the content rules', () => {
  const inspectRuled = (base: Y.Doc, update: Uint8Array): Inspection => inspectUpdate(update, stateOf(base), ROOTS, lookupIn(base), SECTION_RULES);

  /** Refused by the rules alone: the same update passes the check of kinds. */
  function refusedByRules(base: Y.Doc, update: Uint8Array, reason: RegExp): void {
    ok(inspectEdit(base, update));
    refused(inspectRuled(base, update), reason);
  }

  const paragraphWith = (text: string): Y.XmlElement => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    return p;
  };

  it('accepts a y-prosemirror document and ordinary edits of it', () => {
    const a = reportDoc(101);
    ok(inspectUpdate(a.updates[0]!, new Map(), ROOTS, () => undefined, SECTION_RULES));
    const base = a.doc;
    const frag = (doc: Y.Doc) => doc.getXmlFragment('prosemirror');
    const edits: Array<(doc: Y.Doc) => void> = [
      (doc) => firstParagraph(doc).t.insert(3, '各项', { strong: {} }),
      (doc) => firstParagraph(doc).t.format(0, 5, { em: {} }),
      (doc) => firstParagraph(doc).t.format(0, 3, { strong: null }),
      (doc) => firstParagraph(doc).t.delete(0, 4),
      // the attribute set again: Yjs writes no key, the item inherits it from its origin
      (doc) => (frag(doc).get(0) as Y.XmlElement).setAttribute('level', asAttr(3)),
      (doc) => (frag(doc).get(0) as Y.XmlElement).setAttribute('source', 'sec-1'),
      (doc) => frag(doc).insert(2, [paragraphWith('新段落')]),
      (doc) => {
        // split a paragraph: its tail moves to a new one
        const { t } = firstParagraph(doc);
        t.delete(4, t.length - 4);
        frag(doc).insert(2, [paragraphWith('。')]);
      },
      (doc) => {
        const item = new Y.XmlElement('list_item');
        item.insert(0, [paragraphWith('第三项')]);
        (frag(doc).get(2) as Y.XmlElement).insert(2, [item]);
      },
      (doc) => {
        const { p, t } = firstParagraph(doc);
        p.insert(1, [new Y.XmlElement('hard_break'), new Y.XmlText('下一行')]);
        t.insert(0, '前');
      },
      (doc) => {
        // a new table with attributes set in the same update as its cells
        const cell = new Y.XmlElement('table_cell');
        cell.setAttribute('colspan', asAttr(2));
        cell.insert(0, [paragraphWith('合计')]);
        const row = new Y.XmlElement('table_row');
        row.insert(0, [cell]);
        const table = new Y.XmlElement('table');
        table.insert(0, [row]);
        frag(doc).insert(0, [table]);
      },
      (doc) => {
        const list = new Y.XmlElement('ordered_list');
        list.setAttribute('order', asAttr(3));
        const item = new Y.XmlElement('list_item');
        item.insert(0, [paragraphWith('三')]);
        list.insert(0, [item]);
        frag(doc).insert(1, [list]);
      },
      (doc) => frag(doc).delete(3, 1),
    ];
    for (const f of edits) ok(inspectRuled(base, editOf(base, f)));
  });

  it('refuses an element the schema does not have (`parigraph`), wherever its parent is', () => {
    const base = reportDoc(101).doc;
    const parigraph = () => {
      const el = new Y.XmlElement('parigraph');
      el.insert(0, [new Y.XmlText('readers disagree on this text')]);
      return el;
    };
    refusedByRules(base, editOf(base, (doc) => doc.getXmlFragment('prosemirror').insert(1, [parigraph()])), /an XmlElement "parigraph" in the "prosemirror" fragment/);
    refusedByRules(
      base,
      editOf(base, (doc) => ((doc.getXmlFragment('prosemirror').get(2) as Y.XmlElement).get(0) as Y.XmlElement).insert(1, [parigraph()])),
      /an XmlElement "parigraph" in an XmlElement "list_item"/,
    );
    // Nor the names of the top node or of text.
    for (const name of ['doc', 'text']) {
      refusedByRules(base, editOf(base, (doc) => doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement(name)])), /not allowed/);
    }
    // Hand-written, on a fresh clientID, into an empty document.
    const empty = new Y.Doc();
    const c = recorded(710);
    c.doc.getXmlFragment('prosemirror').insert(0, [parigraph()]);
    refused(inspectUpdate(c.updates[0]!, new Map(), ROOTS, lookupIn(empty), SECTION_RULES), /"parigraph"/);
  });

  it('refuses a known element where its parent cannot hold it (a paragraph in a paragraph)', () => {
    const base = reportDoc(101).doc;
    // Parent in the document.
    refusedByRules(base, editOf(base, (doc) => firstParagraph(doc).p.insert(1, [paragraphWith('嵌套')])), /an XmlElement "paragraph" in an XmlElement "paragraph"/);
    // Parent in the same update.
    refusedByRules(
      base,
      editOf(base, (doc) => {
        const outer = paragraphWith('外');
        outer.insert(1, [paragraphWith('内')]);
        doc.getXmlFragment('prosemirror').insert(0, [outer]);
      }),
      /an XmlElement "paragraph" in an XmlElement "paragraph"/,
    );
    // Parent in a write accepted but not applied yet.
    const empty = new Y.Doc();
    const a = reportDoc(101);
    const first = ok(inspectUpdate(a.updates[0]!, new Map(), ROOTS, lookupIn(empty), SECTION_RULES));
    const nested = editOf(a.doc, (doc) => firstParagraph(doc).p.insert(0, [paragraphWith('嵌套')]));
    refused(inspectUpdate(nested, stateOf(a.doc), ROOTS, lookupIn(empty, [first.structs]), SECTION_RULES), /in an XmlElement "paragraph"/);
    // Other misplaced names: a table cell at the top, a list item in a table cell, anything in a hard break.
    refusedByRules(base, editOf(base, (doc) => doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('table_cell')])), /"table_cell" in the "prosemirror" fragment/);
    refusedByRules(
      base,
      editOf(base, (doc) => {
        const cell = ((doc.getXmlFragment('prosemirror').get(3) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlElement;
        cell.insert(0, [new Y.XmlElement('list_item')]);
      }),
      /"list_item" in an XmlElement "table_cell"/,
    );
    refusedByRules(
      base,
      editOf(base, (doc) => {
        const br = new Y.XmlElement('hard_break');
        br.insert(0, [paragraphWith('藏在换行里')]);
        firstParagraph(doc).p.insert(1, [br]);
      }),
      /"paragraph" in an XmlElement "hard_break"/,
    );
  });

  it('refuses text where the schema holds no text: directly in the fragment, in a list item, in a hard break', () => {
    // y-prosemirror writes text only inside textblocks (the doc holds blocks), never in the fragment itself.
    const base = reportDoc(101).doc;
    refusedByRules(base, editOf(base, (doc) => doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('裸露的文字')])), /an XmlText in the "prosemirror" fragment/);
    const c = recorded(711);
    c.doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('x')]);
    ok(inspectUpdate(c.updates[0]!, new Map(), ROOTS));
    refused(inspectUpdate(c.updates[0]!, new Map(), ROOTS, () => undefined, SECTION_RULES), /an XmlText in the "prosemirror" fragment/);
    refusedByRules(
      base,
      editOf(base, (doc) => ((doc.getXmlFragment('prosemirror').get(2) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('列表项里的文字')])),
      /an XmlText in an XmlElement "list_item"/,
    );
    refusedByRules(
      base,
      editOf(base, (doc) => {
        const br = new Y.XmlElement('hard_break');
        br.insert(0, [new Y.XmlText('x')]);
        firstParagraph(doc).p.insert(1, [br]);
      }),
      /an XmlText in an XmlElement "hard_break"/,
    );
  });

  it('refuses attributes the element does not declare, whether set with the element or later', () => {
    const base = reportDoc(101).doc;
    const heading = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    refusedByRules(base, editOf(base, (doc) => firstParagraph(doc).p.setAttribute('align', 'left')), /the attribute "align" of an XmlElement "paragraph"/);
    refusedByRules(base, editOf(base, (doc) => heading(doc).setAttribute('colspan', asAttr(2))), /"colspan" of an XmlElement "heading"/);
    refusedByRules(
      base,
      editOf(base, (doc) => {
        const p = paragraphWith('新');
        p.setAttribute('onclick', 'x');
        doc.getXmlFragment('prosemirror').insert(0, [p]);
      }),
      /the attribute "onclick" of an XmlElement "paragraph"/,
    );
    // Set again on a document stored before the rules: Yjs writes no key for the new value (it
    // follows the old one), the check takes it from there.
    const legacy = reportDoc(101).doc;
    heading(legacy).setAttribute('bogus', 'old');
    const again = editOf(legacy, (doc) => heading(doc).setAttribute('bogus', 'new'));
    expect((Y.decodeUpdate(again).structs[0] as Y.Item).parentSub).toBeNull();
    refusedByRules(legacy, again, /the attribute "bogus" of an XmlElement "heading"/);
    // Attributes are not content: none on the fragment, text or anything but an element.
    refused(inspectRuled(base, editOf(base, (doc) => firstParagraph(doc).t.setAttribute('level', '1'))), /attribute of an XmlText/);
  });

  it('refuses format marks the schema does not have; removing any format is fine', () => {
    const base = reportDoc(101).doc;
    refusedByRules(base, editOf(base, (doc) => firstParagraph(doc).t.format(0, 2, { color: { value: 'red' } })), /the format mark "color"/);
    refusedByRules(base, editOf(base, (doc) => firstParagraph(doc).t.insert(0, '链接', { link: { href: 'http://x' } })), /the format mark "link"/);
    refusedByRules(base, editOf(base, (doc) => firstParagraph(doc).t.format(0, 2, { strong: 'yes' })), /the format mark "strong"/);
    ok(inspectRuled(base, editOf(base, (doc) => firstParagraph(doc).t.format(0, 2, { underline: {} }))));
    // y-prosemirror clears every format key it finds in a text it rewrites, known or not.
    const legacy = reportDoc(101).doc;
    firstParagraph(legacy).t.format(0, 2, { color: { value: 'red' } });
    ok(inspectRuled(legacy, editOf(legacy, (doc) => firstParagraph(doc).t.format(0, 2, { color: null }))));
  });
});

describe('inspectUpdate bounds how deep elements nest', () => {
  /** Nests `levels` elements (lists and list items, alternately) under `parent`, each inserted once its parent is integrated; returns the deepest. */
  function nest(parent: Y.XmlFragment, levels: number): Y.XmlElement {
    let current = parent;
    for (let level = 0; level < levels; level++) {
      const next = new Y.XmlElement(level % 2 === 0 ? 'bullet_list' : 'list_item');
      current.insert(current.length, [next]);
      current = next;
    }
    return current as Y.XmlElement;
  }

  it('accepts elements down to MAX_ELEMENT_DEPTH and refuses one deeper, in the same update', () => {
    const at = recorded(720);
    at.doc.transact(() => nest(at.doc.getXmlFragment('prosemirror'), MAX_ELEMENT_DEPTH));
    ok(inspectUpdate(at.updates[0]!, new Map(), ROOTS));
    const past = recorded(721);
    past.doc.transact(() => nest(past.doc.getXmlFragment('prosemirror'), MAX_ELEMENT_DEPTH + 1));
    refused(inspectUpdate(past.updates[0]!, new Map(), ROOTS), /nested deeper than/);
  });

  it('counts the levels the document already has, and those of writes not applied yet', () => {
    const base = recorded(722);
    let deepest!: Y.XmlElement;
    base.doc.transact(() => (deepest = nest(base.doc.getXmlFragment('prosemirror'), MAX_ELEMENT_DEPTH - 1)));
    const c = recorded(723, base.doc);
    // Text and attributes at any depth are fine; an element one level past the bound is not.
    const inC = (doc: Y.Doc) => {
      let el = doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
      while (el.length > 0) el = el.get(0) as Y.XmlElement;
      return el;
    };
    expect(inC(c.doc).nodeName).toBe(deepest.nodeName);
    const one = editOf(base.doc, (doc) => inC(doc).insert(0, [new Y.XmlElement('paragraph')]));
    ok(inspectEdit(base.doc, one));
    const two = editOf(base.doc, (doc) => nest(inC(doc), 2));
    refused(inspectEdit(base.doc, two), /nested deeper than/);
    // The same with the base accepted but not applied yet (its structs still decoded).
    const empty = new Y.Doc();
    const waiting = ok(inspectUpdate(base.updates[0]!, new Map(), ROOTS, lookupIn(empty))).structs;
    ok(inspectUpdate(one, stateOf(base.doc), ROOTS, lookupIn(empty, [waiting])));
    refused(inspectUpdate(two, stateOf(base.doc), ROOTS, lookupIn(empty, [waiting])), /nested deeper than/);
    // Already too deep: a document stored before the bound still takes text.
    const legacy = new Y.Doc();
    legacy.clientID = 724;
    const bottom = nest(legacy.getXmlFragment('prosemirror'), MAX_ELEMENT_DEPTH + 5);
    bottom.insert(0, [new Y.XmlText('深处')]);
    ok(inspectEdit(legacy, editOf(legacy, (doc) => {
      let el = doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
      while (!(el.get(0) instanceof Y.XmlText)) el = el.get(0) as Y.XmlElement;
      (el.get(0) as Y.XmlText).insert(0, '更');
    })));
  });

  it('refuses deep nesting listed child first (each level another clientID): no walk up past the bound', () => {
    // Updates list clients in descending order: the deepest element comes first, and every
    // parent above it is still undecided when it is inspected.
    const doc = new Y.Doc();
    let current: Y.XmlFragment = doc.getXmlFragment('prosemirror');
    for (let level = 0; level < 3000; level++) {
      doc.clientID = 10_000 + level;
      const next = new Y.XmlElement(level % 2 === 0 ? 'bullet_list' : 'list_item');
      current.insert(0, [next]);
      current = next;
    }
    const update = Y.encodeStateAsUpdate(doc);
    expect((Y.decodeUpdate(update).structs[0] as Y.Item).id.client).toBe(10_000 + 2999);
    refused(inspectUpdate(update, new Map(), ROOTS), /nested deeper than/);
  });

  it('refuses 5000 nested levels in one update quickly, without running out of stack', () => {
    const c = recorded(725);
    c.doc.transact(() => nest(c.doc.getXmlFragment('prosemirror'), 5000));
    const started = performance.now();
    refused(inspectUpdate(c.updates[0]!, new Map(), ROOTS), /nested deeper than/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('deletesAlreadyApplied', () => {
  it('is true only when every deleted range is already deleted in the document', () => {
    const a = recorded(101);
    edit(a.doc, (t) => t.insert(0, 'abcdef'));
    const server = new Y.Doc({ gc: false });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(a.doc));
    const b = recorded(202, a.doc);
    edit(b.doc, (t) => t.delete(1, 2));
    const ds = Y.decodeUpdate(b.updates[0]!).ds;
    expect(deletesAlreadyApplied(ds, server)).toBe(false);
    Y.applyUpdate(server, b.updates[0]!);
    expect(deletesAlreadyApplied(ds, server)).toBe(true);
    expect(deletesAlreadyApplied(Y.createDeleteSet(), server)).toBe(true);
    // A wider range that includes a live character is not applied.
    edit(b.doc, (t) => t.delete(0, 2));
    expect(deletesAlreadyApplied(Y.decodeUpdate(Y.encodeStateAsUpdate(b.doc)).ds, server)).toBe(false);
  });
});
