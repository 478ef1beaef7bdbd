import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MAX_AWARENESS_STATE, decodeAwarenessUpdate, encodeAwarenessUpdate, type AwarenessEntry } from './awarenessCodec.js';
import { ProtocolError } from './protocol.js';

/** Writes an awareness update by hand: entries of [clientID, clock, raw JSON bytes]. */
function rawUpdate(entries: Array<[number, number, Uint8Array | string]>, count = entries.length): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, count);
  for (const [clientID, clock, json] of entries) {
    encoding.writeVarUint(e, clientID);
    encoding.writeVarUint(e, clock);
    if (typeof json === 'string') encoding.writeVarString(e, json);
    else encoding.writeVarUint8Array(e, json);
  }
  return encoding.toUint8Array(e);
}

function refused(update: Uint8Array, message?: RegExp): void {
  let thrown: unknown;
  try {
    decodeAwarenessUpdate(update);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ProtocolError);
  if (message) expect((thrown as Error).message).toMatch(message);
}

describe('awareness codec round trip', () => {
  it('encode then decode gives the same entries', () => {
    const entries: AwarenessEntry[] = [
      { clientID: 1, clock: 0, state: { cursor: { anchor: 1, head: 4 }, name: '张三' } },
      { clientID: 2 ** 32 - 1, clock: 123456, state: null },
      { clientID: 77, clock: 3, state: {} },
    ];
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries);
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate([]))).toEqual([]);
  });

  it('decodes what y-protocols encodes', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: '李四' }, cursor: null });
    awareness.setLocalStateField('cursor', { anchor: 5 });
    const decoded = decodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
    expect(decoded).toEqual([{ clientID: doc.clientID, clock: 2, state: { user: { name: '李四' }, cursor: { anchor: 5 } } }]);
    awareness.destroy();
  });

  it('y-protocols applies what the codec encodes (including a removal)', () => {
    const receiver = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(receiver, encodeAwarenessUpdate([{ clientID: 9, clock: 1, state: { cursor: 2 } }]), null);
    expect(receiver.getStates().get(9)).toEqual({ cursor: 2 });
    awarenessProtocol.applyAwarenessUpdate(receiver, encodeAwarenessUpdate([{ clientID: 9, clock: 2, state: null }]), null);
    expect(receiver.getStates().has(9)).toBe(false);
    receiver.destroy();
  });
});

describe('awareness codec refuses malformed updates', () => {
  const valid = encodeAwarenessUpdate([
    { clientID: 300, clock: 2, state: { cursor: { anchor: 1 }, note: '加强基层组织建设' } },
    { clientID: 301, clock: 9, state: null },
  ]);

  it('every strict prefix of a valid update', () => {
    expect(decodeAwarenessUpdate(valid)).toHaveLength(2);
    for (let len = 0; len < valid.length; len++) refused(valid.subarray(0, len));
  });

  it('a state length beyond the end', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 50);
    encoding.writeUint8Array(e, new TextEncoder().encode('{}'));
    refused(encoding.toUint8Array(e), /truncated/);
  });

  it('trailing bytes', () => {
    const longer = new Uint8Array(valid.length + 1);
    longer.set(valid);
    refused(longer, /trailing/);
  });

  it('states that are not a JSON object or null', () => {
    for (const json of ['123', '"text"', '[1,2]', 'true', '[]']) {
      refused(rawUpdate([[1, 1, json]]), /not an object/);
    }
    expect(decodeAwarenessUpdate(rawUpdate([[1, 1, 'null']]))).toEqual([{ clientID: 1, clock: 1, state: null }]);
  });

  it('invalid JSON and invalid UTF-8', () => {
    refused(rawUpdate([[1, 1, '{"a":']]));
    refused(rawUpdate([[1, 1, '']]));
    refused(rawUpdate([[1, 1, Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)]]));
  });

  it('a state larger than MAX_AWARENESS_STATE', () => {
    const fits = `{"p":"${'x'.repeat(MAX_AWARENESS_STATE - 8)}"}`;
    expect(new TextEncoder().encode(fits).length).toBe(MAX_AWARENESS_STATE);
    expect(decodeAwarenessUpdate(rawUpdate([[1, 1, fits]]))[0]!.state).toEqual({ p: 'x'.repeat(MAX_AWARENESS_STATE - 8) });
    const tooBig = `{"p":"${'x'.repeat(MAX_AWARENESS_STATE - 7)}"}`;
    refused(rawUpdate([[1, 1, tooBig]]), /too large/);
    // Counted in UTF-8 bytes, not characters.
    const wide = `{"p":"${'字'.repeat(Math.ceil(MAX_AWARENESS_STATE / 3))}"}`;
    expect(wide.length).toBeLessThan(MAX_AWARENESS_STATE);
    refused(rawUpdate([[1, 1, wide]]), /too large/);
  });

  it('too many entries', () => {
    refused(rawUpdate([], 1025), /too many/);
    const many = Array.from({ length: 1024 }, (_, i) => [i, 1, '{}'] as [number, number, string]);
    expect(decodeAwarenessUpdate(rawUpdate(many))).toHaveLength(1024);
  });

  it('never throws anything but ProtocolError on random bytes', () => {
    let seed = 99;
    const rand = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed >>> 16;
    };
    for (let i = 0; i < 3000; i++) {
      const data = new Uint8Array(rand() % 16);
      for (let j = 0; j < data.length; j++) data[j] = rand() & 0xff;
      if (data.length > 0) data[0] = data[0]! % 3;
      try {
        const entries = decodeAwarenessUpdate(data);
        for (const entry of entries) expect(entry.state === null || typeof entry.state === 'object').toBe(true);
      } catch (err) {
        expect(err).toBeInstanceOf(ProtocolError);
      }
    }
  });
});
