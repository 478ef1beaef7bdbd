import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fragmentToText } from '@hegao/schema';
import { AuthorIndex } from './authorIndex.js';
import { DeletionIndex, diffParts, type DiffPart } from './textDiff.js';

/** A document edited by turns, every update indexed with its writer, snapshots on request. */
function editor() {
  const doc = new Y.Doc({ gc: false });
  const index = new AuthorIndex();
  const deletions = new DeletionIndex();
  const log: Array<{ update: Uint8Array; user: string }> = [];
  let user = 'setup';
  let seq = 0;
  doc.on('update', (u: Uint8Array) => {
    const record = { userId: user, bureauId: null, at: ++seq };
    index.add(seq, u, record);
    deletions.add(u, record);
    log.push({ update: u, user });
  });
  const as = (name: string, client: number, edit: () => void) => {
    user = name;
    doc.clientID = client;
    doc.transact(edit);
  };
  return { doc, index, deletions, as };
}

const textAt = (doc: Y.Doc, snap: Y.Snapshot) => fragmentToText(Y.createDocFromSnapshot(doc, snap).getXmlFragment('prosemirror'));

function expectConsistent(doc: Y.Doc, from: Y.Snapshot, to: Y.Snapshot, parts: DiffPart[]): void {
  expect(parts.filter((p) => p.kind !== 'insert').map((p) => p.text).join('')).toBe(textAt(doc, from));
  expect(parts.filter((p) => p.kind !== 'delete').map((p) => p.text).join('')).toBe(textAt(doc, to));
}

describe('diffParts', () => {
  it('a changed figure: the old one deleted by its deleter, the new one inserted by its writer', () => {
    const { doc, index, deletions, as } = editor();
    const fragment = doc.getXmlFragment('prosemirror');
    const text = new Y.XmlText();
    as('zhang', 1, () => {
      const p = new Y.XmlElement('paragraph');
      fragment.insert(0, [p]);
      p.insert(0, [text]);
      text.insert(0, '全年增长6.5%，好于预期。');
    });
    const submitted = Y.snapshot(doc);
    as('li', 2, () => {
      text.delete(4, 3);
      text.insert(4, '7.1');
    });
    const parts = diffParts(doc, submitted, Y.snapshot(doc), index, deletions);
    expect(parts.map((p) => [p.kind, p.text, p.record?.userId])).toEqual([
      ['equal', '全年增长', undefined],
      ['delete', '6.5', 'li'],
      ['insert', '7.1', 'li'],
      ['equal', '%，好于预期。', undefined],
    ]);
    expectConsistent(doc, submitted, Y.snapshot(doc), parts);
  });

  it('whole paragraphs inserted and deleted, line breaks with them; text typed and deleted in between is not shown', () => {
    const { doc, index, deletions, as } = editor();
    const fragment = doc.getXmlFragment('prosemirror');
    const para = (t: string) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(t)]);
      return p;
    };
    as('zhang', 1, () => fragment.insert(0, [para('第一段。'), para('第二段。'), para('第三段。')]));
    const from = Y.snapshot(doc);
    as('li', 2, () => fragment.delete(1, 1));
    as('wang', 3, () => fragment.insert(2, [para('新增的段落。')]));
    as('wang', 3, () => {
      const t = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      t.insert(3, '临时');
      t.delete(3, 2);
    });
    const to = Y.snapshot(doc);
    const parts = diffParts(doc, from, to, index, deletions);
    expectConsistent(doc, from, to, parts);
    expect(parts.filter((p) => p.kind === 'delete').map((p) => [p.text, p.record?.userId])).toEqual([['\n第二段。', 'li']]);
    expect(parts.filter((p) => p.kind === 'insert').map((p) => [p.text, p.record?.userId])).toEqual([['\n新增的段落。', 'wang']]);
    expect(parts.map((p) => p.text).join('')).not.toContain('临时');
  });

  it('random edits by three writers: the parts always rebuild both texts', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 20; round++) {
      const { doc, index, deletions, as } = editor();
      const fragment = doc.getXmlFragment('prosemirror');
      const snaps: Y.Snapshot[] = [];
      for (let step = 0; step < 30; step++) {
        const who = ['a', 'b', 'c'][rand(3)]!;
        as(who, 10 + rand(3), () => {
          const paragraphs = fragment.toArray() as Y.XmlElement[];
          const roll = rand(10);
          if (paragraphs.length === 0 || roll < 2) {
            const p = new Y.XmlElement('paragraph');
            p.insert(0, [new Y.XmlText('段' + step)]);
            fragment.insert(rand(paragraphs.length + 1), [p]);
          } else if (roll < 3 && paragraphs.length > 1) fragment.delete(rand(paragraphs.length), 1);
          else {
            const t = paragraphs[rand(paragraphs.length)]!.get(0) as Y.XmlText;
            if (roll < 7 || t.length === 0) t.insert(rand(t.length + 1), '字'.repeat(1 + rand(3)));
            else t.delete(rand(t.length), 1);
          }
        });
        snaps.push(Y.snapshot(doc));
      }
      for (let k = 0; k < 5; k++) {
        const i = rand(snaps.length);
        const j = i + rand(snaps.length - i);
        expectConsistent(doc, snaps[i]!, snaps[j]!, diffParts(doc, snaps[i]!, snaps[j]!, index, deletions));
      }
    }
  });
});

describe('DeletionIndex', () => {
  it('names the first update that deleted a clock, also when later updates repeat the deletion', () => {
    const doc = new Y.Doc({ gc: false });
    doc.clientID = 3;
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const t = doc.getText('t');
    t.insert(0, 'abcdefgh');
    t.delete(1, 2); // b, c
    t.delete(4, 2); // g, h (at 4..5 of adefgh)
    const index = new DeletionIndex();
    index.add(updates[0]!, { userId: 'writer', bureauId: null, at: 1 });
    index.add(updates[1]!, { userId: 'first', bureauId: null, at: 2 });
    index.add(updates[2]!, { userId: 'second', bureauId: null, at: 3 });
    // A resent whole delete set (as a reconnecting client's sync sends it) changes nothing.
    index.add(Y.encodeStateAsUpdate(doc), { userId: 'resent', bureauId: null, at: 4 });
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((clock) => index.find(3, clock)?.userId ?? null)).toEqual([null, 'first', 'first', null, null, null, 'second', 'second']);
    expect(index.find(9, 0)).toBeNull();
  });
});
