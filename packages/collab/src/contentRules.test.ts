import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { permissiveContentRules, type ContentRules } from './contentRules.js';
import { inspectUpdate, lookupIn } from './inspectUpdate.js';

const ROOTS: ReadonlySet<string> = new Set(['prosemirror']);

type Call = [string, ...unknown[]];

/** Rules that allow everything and record what they were asked. */
function recording(): { rules: ContentRules; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    rules: {
      element: (nodeName, parent) => (calls.push(['element', nodeName, parent]), true),
      text: (parent) => (calls.push(['text', parent]), true),
      attribute: (nodeName, key, value) => (calls.push(['attribute', nodeName, key, value]), true),
      mark: (key, value) => (calls.push(['mark', key, value]), true),
    },
  };
}

/** Updates of `doc` (one per transaction) after `f` ran. */
function updatesOf(doc: Y.Doc, f: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const on = (u: Uint8Array) => updates.push(u);
  doc.on('update', on);
  f();
  doc.off('update', on);
  return updates;
}

describe('permissiveContentRules', () => {
  it('allows every name', () => {
    expect(permissiveContentRules.element('parigraph', null)).toBe(true);
    expect(permissiveContentRules.text('table_row')).toBe(true);
    expect(permissiveContentRules.attribute('paragraph', 'onclick', 'x')).toBe(true);
    expect(permissiveContentRules.mark('color', { value: 'red' })).toBe(true);
  });
});

describe('inspectUpdate asks the content rules', () => {
  it('about each new element (with its parent, null for the fragment), text, attribute and format mark', () => {
    const doc = new Y.Doc();
    doc.clientID = 1;
    const [update] = updatesOf(doc, () =>
      doc.transact(() => {
        const heading = new Y.XmlElement('heading');
        heading.setAttribute('level', 2 as unknown as string);
        const text = new Y.XmlText();
        heading.insert(0, [text]);
        const item = new Y.XmlElement('list_item');
        const list = new Y.XmlElement('bullet_list');
        list.insert(0, [item]);
        doc.getXmlFragment('prosemirror').insert(0, [heading, list]);
        text.insert(0, '标题', { strong: {} });
      }),
    );
    const { rules, calls } = recording();
    expect(inspectUpdate(update!, new Map(), ROOTS, () => undefined, rules).ok).toBe(true);
    expect(calls).toEqual(
      expect.arrayContaining([
        ['element', 'heading', null],
        ['element', 'bullet_list', null],
        ['element', 'list_item', 'bullet_list'],
        ['text', 'heading'],
        ['attribute', 'heading', 'level', 2],
        ['mark', 'strong', {}],
        ['mark', 'strong', null],
      ]),
    );
  });

  it('about later edits, with the parent found in the document', () => {
    const doc = new Y.Doc();
    doc.clientID = 1;
    const p = new Y.XmlElement('paragraph');
    doc.getXmlFragment('prosemirror').insert(0, [p]);
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
    const state = () => Y.decodeStateVector(Y.encodeStateVector(server));
    const [first] = updatesOf(doc, () => p.setAttribute('source', 's1'));
    const [second] = updatesOf(doc, () => p.insert(0, [new Y.XmlElement('hard_break')]));
    const { rules, calls } = recording();
    expect(inspectUpdate(first!, state(), ROOTS, lookupIn(server), rules).ok).toBe(true);
    Y.applyUpdate(server, first!);
    expect(inspectUpdate(second!, state(), ROOTS, lookupIn(server), rules).ok).toBe(true);
    expect(calls).toEqual([
      ['attribute', 'paragraph', 'source', 's1'],
      ['element', 'hard_break', 'paragraph'],
    ]);
  });

  it('not about deleted content, nor about content Yjs will garbage-collect', () => {
    const c = new Y.Doc({ gc: true });
    c.clientID = 2;
    const p = new Y.XmlElement('parigraph');
    p.insert(0, [new Y.XmlText('gone')]);
    c.getXmlFragment('prosemirror').insert(0, [p]);
    c.getXmlFragment('prosemirror').delete(0, 1);
    const { rules, calls } = recording();
    expect(inspectUpdate(Y.encodeStateAsUpdate(c), new Map(), ROOTS, () => undefined, rules).ok).toBe(true);
    expect(calls).toEqual([]);
  });
});
