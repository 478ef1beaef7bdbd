import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sliceState } from './sliceState.js';

/** A small deterministic random generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** Every XmlText of a fragment, depth first. */
function texts(node: Y.XmlFragment | Y.XmlElement): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) out.push(child);
    else if (child instanceof Y.XmlElement) out.push(...texts(child));
  }
  return out;
}

/**
 * Several clients editing one ProseMirror-shaped document concurrently: paragraphs, nested
 * lists, typing anywhere (also into each other's text), formatting, attributes and deletions,
 * with sync rounds between them at random.
 */
function concurrentDoc(seed: number, rounds: number): Y.Doc {
  const r = rng(seed);
  const peers = [1, 7, 3, 12].map((id) => {
    const d = new Y.Doc({ gc: false });
    d.clientID = id * 1000 + seed;
    return d;
  });
  for (let round = 0; round < rounds; round++) {
    for (const d of peers) {
      const fragment = d.getXmlFragment('prosemirror');
      for (let op = 0; op < 1 + r.int(6); op++) {
        const all = texts(fragment);
        const choice = r.int(10);
        if (choice < 2 || all.length === 0) {
          const p = new Y.XmlElement(r.int(3) === 0 ? 'bullet_list' : 'paragraph');
          const t = new Y.XmlText();
          if (p.nodeName === 'bullet_list') {
            const li = new Y.XmlElement('list_item');
            const inner = new Y.XmlElement('paragraph');
            p.insert(0, [li]);
            li.insert(0, [inner]);
            inner.insert(0, [t]);
          } else p.insert(0, [t]);
          fragment.insert(r.int(fragment.length + 1), [p]);
          t.insert(0, `段${seed}-${round}`);
        } else if (choice < 7) {
          const t = all[r.int(all.length)]!;
          t.insert(r.int(t.length + 1), '字'.repeat(1 + r.int(4)), r.int(4) === 0 ? { strong: {} } : undefined);
        } else if (choice < 9) {
          const t = all[r.int(all.length)]!;
          if (t.length > 0) {
            const at = r.int(t.length);
            t.delete(at, 1 + r.int(Math.min(3, t.length - at)));
          }
        } else if (fragment.length > 1) {
          const at = r.int(fragment.length);
          const el = fragment.get(at);
          if (r.int(2) === 0) fragment.delete(at, 1);
          else if (el instanceof Y.XmlElement) el.setAttribute('level', String(1 + r.int(3)));
        }
      }
    }
    // Sync some pairs, not all: concurrency piles up between rounds.
    for (const a of peers) {
      const b = peers[r.int(peers.length)]!;
      if (a !== b && r.int(2) === 0) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
  }
  const whole = new Y.Doc({ gc: false });
  for (const d of peers) Y.applyUpdate(whole, Y.encodeStateAsUpdate(d));
  return whole;
}

function expectSame(rebuilt: Y.Doc, original: Y.Doc): void {
  expect(rebuilt.store.pendingStructs).toBeNull();
  expect(rebuilt.store.pendingDs).toBeNull();
  expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(original));
  expect(Y.equalSnapshots(Y.snapshot(rebuilt), Y.snapshot(original))).toBe(true);
  expect(rebuilt.getXmlFragment('prosemirror').toString()).toBe(original.getXmlFragment('prosemirror').toString());
  // Formatting too: the deltas of every text.
  const deltas = (d: Y.Doc) => texts(d.getXmlFragment('prosemirror')).map((t) => t.toDelta());
  expect(deltas(rebuilt)).toEqual(deltas(original));
}

describe('sliceState', () => {
  it('rebuilds a typed document exactly, every slice applying without leaving anything pending', () => {
    const doc = new Y.Doc({ gc: false });
    const t = new Y.XmlText();
    const p = new Y.XmlElement('paragraph');
    doc.getXmlFragment('prosemirror').insert(0, [p]);
    p.insert(0, [t]);
    // One struct per keystroke at a scattered position (no two merge), some deleted.
    for (let i = 0; i < 3000; i++) t.insert((i * 7919) % (t.length + 1), String.fromCharCode(0x4e00 + (i % 300)));
    for (let i = 0; i < 500; i++) t.delete((i * 104729) % t.length, 1);
    const slices = sliceState(doc, 100);
    expect(slices.length).toBeGreaterThan(20);
    const rebuilt = new Y.Doc({ gc: false });
    for (const slice of slices) {
      Y.applyUpdate(rebuilt, slice);
      expect(rebuilt.store.pendingStructs).toBeNull();
    }
    expectSame(rebuilt, doc);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('rebuilds a document written concurrently by four clients (seed %i)', (seed) => {
    const doc = concurrentDoc(seed, 40);
    for (const maxStructs of [1, 7, 500]) {
      const rebuilt = new Y.Doc({ gc: false });
      for (const slice of sliceState(doc, maxStructs)) {
        Y.applyUpdate(rebuilt, slice);
        expect(rebuilt.store.pendingStructs).toBeNull();
      }
      expectSame(rebuilt, doc);
    }
  });

  it('the rebuilt document goes on like the original: the same later edit gives the same text', () => {
    const doc = concurrentDoc(11, 30);
    const rebuilt = new Y.Doc({ gc: false });
    for (const slice of sliceState(doc, 13)) Y.applyUpdate(rebuilt, slice);
    const editor = new Y.Doc({ gc: false });
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(doc));
    const later: Uint8Array[] = [];
    editor.on('update', (u: Uint8Array) => later.push(u));
    const t = texts(editor.getXmlFragment('prosemirror'))[0]!;
    t.insert(Math.floor(t.length / 2), '后来');
    t.delete(0, 1);
    for (const u of later) {
      Y.applyUpdate(doc, u);
      Y.applyUpdate(rebuilt, u);
    }
    expectSame(rebuilt, doc);
  });

  it('keeps deleted content (gc off), so history can be shown from the rebuilt document', () => {
    const doc = new Y.Doc({ gc: false });
    const t = new Y.XmlText();
    doc.getXmlFragment('prosemirror').insert(0, [t]);
    t.insert(0, '原来的数字是128');
    const before = Y.snapshot(doc);
    t.delete(6, 3);
    t.insert(6, '256');
    const rebuilt = new Y.Doc({ gc: false });
    for (const slice of sliceState(doc, 2)) Y.applyUpdate(rebuilt, slice);
    expect(Y.createDocFromSnapshot(rebuilt, before).getXmlFragment('prosemirror').toString()).toBe('原来的数字是128');
  });

  it('passes structs the document holds pending on as they are', () => {
    const source = new Y.Doc({ gc: false });
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    const t = new Y.XmlText();
    source.getXmlFragment('prosemirror').insert(0, [t]);
    t.insert(0, 'a');
    t.insert(1, 'b');
    t.insert(2, 'c');
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, updates[0]!);
    Y.applyUpdate(doc, updates[2]!); // 'b' waits for 'a'
    expect(doc.store.pendingStructs).not.toBeNull();
    const rebuilt = new Y.Doc({ gc: false });
    for (const slice of sliceState(doc)) Y.applyUpdate(rebuilt, slice);
    expect(rebuilt.store.pendingStructs).not.toBeNull();
    Y.applyUpdate(rebuilt, updates[1]!);
    Y.applyUpdate(rebuilt, updates[3]!);
    expect(rebuilt.store.pendingStructs).toBeNull();
    expect(rebuilt.getXmlFragment('prosemirror').toString()).toBe('abc');
  });

  it('an empty document is no slices', () => {
    expect(sliceState(new Y.Doc())).toEqual([]);
  });
});
