import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCursor, readRelativePosition, sanitizeAwarenessState } from './awarenessState.js';

const ROOTS: ReadonlySet<string> = new Set(['prosemirror']);

describe('readRelativePosition', () => {
  it('keeps what Y.relativePositionToJSON writes, for every kind of position', () => {
    const doc = new Y.Doc();
    const frag = doc.getXmlFragment('prosemirror');
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText('文字');
    p.insert(0, [t]);
    frag.insert(0, [p]);
    const positions = [
      Y.createRelativePositionFromTypeIndex(t, 1), // an item
      Y.createRelativePositionFromTypeIndex(t, 2), // end of a nested type: its item's ID
      Y.createRelativePositionFromTypeIndex(frag, 1), // end of the root: its name
      Y.createRelativePositionFromTypeIndex(t, 1, -1),
    ];
    for (const pos of positions) {
      const json = JSON.parse(JSON.stringify(Y.relativePositionToJSON(pos))) as unknown;
      const read = readRelativePosition(json, ROOTS);
      expect(read).toEqual(json);
      // and Yjs resolves it
      expect(Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(read), doc)).not.toBeNull();
    }
  });

  it('refuses what would make Y.createRelativePositionFromJSON or its resolution throw, or misbehave', () => {
    const bad: unknown[] = [
      undefined,
      null,
      1,
      'x',
      [],
      {},
      { assoc: 0 },
      { item: null, tname: null, type: null },
      { item: {} },
      { item: { client: 1 } },
      { item: { client: '1', clock: 2 } },
      { item: { client: 1, clock: -2 } },
      { item: { client: 1.5, clock: 2 } },
      { item: { client: 2 ** 60, clock: 2 } },
      { type: { client: 1, clock: 'x' } },
      { tname: 5 },
      { tname: '' },
      { tname: 'meta' },
      { item: { client: 1, clock: 2 }, assoc: 'left' },
      { item: { client: 1, clock: 2 }, assoc: Infinity },
    ];
    for (const value of bad) expect(readRelativePosition(value, ROOTS), JSON.stringify(value)).toBeNull();
    // Without a root list any short name goes.
    expect(readRelativePosition({ tname: 'meta' })).toEqual({ tname: 'meta' });
    expect(readRelativePosition({ tname: 'x'.repeat(101) })).toBeNull();
  });

  it('copies only the known fields', () => {
    expect(readRelativePosition({ item: { client: 1, clock: 2, extra: 'x' }, assoc: 0, evil: {} })).toEqual({ item: { client: 1, clock: 2 }, assoc: 0 });
  });
});

describe('readCursor', () => {
  it('needs both ends', () => {
    const end = { item: { client: 1, clock: 2 } };
    expect(readCursor({ anchor: end, head: end })).toEqual({ anchor: end, head: end });
    for (const bad of [{}, { anchor: end }, { head: end }, { anchor: null, head: end }, { anchor: end, head: {} }, null, 'x', [end, end]]) {
      expect(readCursor(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('sanitizeAwarenessState', () => {
  it('keeps a boolean focus and the cursor (null when malformed), drops everything else', () => {
    const end = { tname: 'prosemirror', assoc: -1 };
    expect(sanitizeAwarenessState({ focus: true, cursor: { anchor: end, head: end }, user: { name: 'x' }, blob: 'x'.repeat(10_000) }, ROOTS)).toEqual({
      focus: true,
      cursor: { anchor: end, head: end },
    });
    expect(sanitizeAwarenessState({ focus: 'yes', cursor: {} }, ROOTS)).toEqual({ cursor: null });
    expect(sanitizeAwarenessState({ cursor: { anchor: null } }, ROOTS)).toEqual({ cursor: null });
    expect(sanitizeAwarenessState({ cursor: null }, ROOTS)).toEqual({ cursor: null });
    expect(sanitizeAwarenessState({}, ROOTS)).toEqual({});
  });
});
