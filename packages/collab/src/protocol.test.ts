import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  CLOSE,
  MESSAGE_ACCESS,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  ProtocolError,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  decodeAccessPayload,
  decodeClientMessage,
  encodeAccess,
  encodeFlush,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './protocol.js';

/** A document with some text, so updates and state vectors are non-trivial. */
function sampleDoc(text = '加强基层组织建设。'): Y.Doc {
  const doc = new Y.Doc();
  const t = new Y.XmlText();
  doc.getXmlFragment('prosemirror').insert(0, [t]);
  t.insert(0, text);
  return doc;
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function expectProtocolError(data: Uint8Array, message?: RegExp): void {
  let thrown: unknown;
  try {
    decodeClientMessage(data);
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `frame [${[...data].join(',')}] should be refused`).toBeInstanceOf(ProtocolError);
  if (message) expect((thrown as Error).message).toMatch(message);
}

describe('decodeClientMessage round trips', () => {
  const doc = sampleDoc();
  const update = Y.encodeStateAsUpdate(doc);
  const stateVector = Y.encodeStateVector(doc);

  it('sync step 1', () => {
    const msg = decodeClientMessage(encodeSyncStep1(stateVector));
    expect(msg).toEqual({ type: 'sync-step1', stateVector });
  });

  it('sync step 2', () => {
    const msg = decodeClientMessage(encodeSyncStep2(update));
    expect(msg).toEqual({ type: 'sync-step2', update });
  });

  it('update', () => {
    const msg = decodeClientMessage(encodeUpdate(update));
    expect(msg).toEqual({ type: 'update', update });
  });

  it('update with an empty payload', () => {
    expect(decodeClientMessage(encodeUpdate(new Uint8Array(0)))).toEqual({ type: 'update', update: new Uint8Array(0) });
  });

  it('awareness', () => {
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ cursor: { anchor: 3 } });
    const payload = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    awareness.destroy();
    expect(decodeClientMessage(encodeAwareness(payload))).toEqual({ type: 'awareness', update: payload });
  });

  it('query awareness', () => {
    expect(decodeClientMessage(Uint8Array.of(MESSAGE_QUERY_AWARENESS))).toEqual({ type: 'query-awareness' });
  });

  it('auth (clients have nothing to say; the payload is ignored)', () => {
    expect(decodeClientMessage(Uint8Array.of(MESSAGE_AUTH))).toEqual({ type: 'auth' });
    expect(decodeClientMessage(encodePermissionDenied('随便'))).toEqual({ type: 'auth' });
  });

  it('decodes frames written by y-protocols the way the stock client writes them', () => {
    const step1 = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(decodeClientMessage(step1)).toEqual({ type: 'sync-step1', stateVector });

    const step2 = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep2(e, doc, new Uint8Array([0]));
    });
    const decoded2 = decodeClientMessage(step2);
    expect(decoded2.type).toBe('sync-step2');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (decoded2 as { update: Uint8Array }).update);
    expect(copy.getXmlFragment('prosemirror').toString()).toBe(doc.getXmlFragment('prosemirror').toString());

    const upd = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, update);
    });
    expect(decodeClientMessage(upd)).toEqual({ type: 'update', update });
  });
});

describe('server frames are readable by the stock client (y-protocols)', () => {
  it('sync step 1 from the server is answered by readSyncMessage with step 2', () => {
    const server = sampleDoc('服务端');
    const client = new Y.Doc();
    const decoder = decoding.createDecoder(encodeSyncStep1(Y.encodeStateVector(client)));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
    const reply = encoding.createEncoder();
    const sub = syncProtocol.readSyncMessage(decoder, reply, server, null);
    expect(sub).toBe(SYNC_STEP1);
    const replyDecoder = decoding.createDecoder(encoding.toUint8Array(reply));
    expect(decoding.readVarUint(replyDecoder)).toBe(SYNC_STEP2);
    Y.applyUpdate(client, decoding.readVarUint8Array(replyDecoder));
    expect(client.getXmlFragment('prosemirror').toString()).toContain('服务端');
    expect(client.getXmlFragment('prosemirror').toString()).toBe(server.getXmlFragment('prosemirror').toString());
  });

  it('step 2 and update frames apply to the client document', () => {
    const server = sampleDoc('第一段');
    for (const [encode, expectedSub] of [
      [encodeSyncStep2, SYNC_STEP2],
      [encodeUpdate, SYNC_UPDATE],
    ] as const) {
      const client = new Y.Doc();
      const decoder = decoding.createDecoder(encode(Y.encodeStateAsUpdate(server)));
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
      const sub = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), client, null);
      expect(sub).toBe(expectedSub);
      expect(client.getXmlFragment('prosemirror').toString()).toBe(server.getXmlFragment('prosemirror').toString());
    }
  });

  it('awareness frames carry a y-protocols awareness update', () => {
    const doc = new Y.Doc();
    const sender = new awarenessProtocol.Awareness(doc);
    sender.setLocalState({ cursor: 7 });
    const receiver = new awarenessProtocol.Awareness(new Y.Doc());
    const decoder = decoding.createDecoder(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(sender, [doc.clientID])));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
    awarenessProtocol.applyAwarenessUpdate(receiver, decoding.readVarUint8Array(decoder), null);
    expect(receiver.getStates().get(doc.clientID)).toEqual({ cursor: 7 });
    sender.destroy();
    receiver.destroy();
  });

  it('permission denied is a y-protocols auth message with the reason', () => {
    const decoder = decoding.createDecoder(encodePermissionDenied('本节已提交，只读'));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AUTH);
    const reasons: string[] = [];
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => reasons.push(reason));
    expect(reasons).toEqual(['本节已提交，只读']);
    expect(decoder.pos).toBe(decoder.arr.length);
  });

  it('access frame: [100, varString(JSON)] round trips through decodeAccessPayload', () => {
    for (const state of [
      { mode: 'read', reason: '已提交，等待审核' },
      { mode: 'write', reason: '' },
    ] as const) {
      const data = encodeAccess(state);
      const decoder = decoding.createDecoder(data);
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE_ACCESS);
      expect(decodeAccessPayload(decoder)).toEqual(state);
      expect(decoder.pos).toBe(data.length);
    }
    const raw = encodeAccess({ mode: 'read', reason: '只读' });
    const d = decoding.createDecoder(raw);
    decoding.readVarUint(d);
    expect(JSON.parse(decoding.readVarString(d))).toEqual({ mode: 'read', reason: '只读' });
  });

  it('flush frame: [101, varUint(id)] decodes as a flush with its id; a truncated one is refused', () => {
    expect(decodeClientMessage(encodeFlush(0))).toEqual({ type: 'flush', id: 0 });
    expect(decodeClientMessage(encodeFlush(300_000))).toEqual({ type: 'flush', id: 300_000 });
    expect(Array.from(encodeFlush(5))).toEqual([101, 5]);
    expect(() => decodeClientMessage(Uint8Array.of(101))).toThrow();
    expect(() => decodeClientMessage(Uint8Array.of(101, 1, 2))).toThrow(/trailing/);
  });

  it('decodeAccessPayload normalises unexpected payloads to read', () => {
    const payload = (json: string) => {
      const d = decoding.createDecoder(frame((e) => encoding.writeVarString(e, json)));
      return decodeAccessPayload(d);
    };
    expect(payload('{"mode":"admin"}')).toEqual({ mode: 'read', reason: '' });
    expect(payload('{"mode":"write","reason":5}')).toEqual({ mode: 'write', reason: '5' });
  });
});

describe('decodeClientMessage refuses malformed frames', () => {
  // Long enough that its length prefix takes two varint bytes.
  const update = Y.encodeStateAsUpdate(sampleDoc('同比增长X%。'.repeat(20)));
  const updateFrame = encodeUpdate(update);

  it('uses a payload with a multi-byte length prefix', () => {
    expect(update.length).toBeGreaterThan(127);
    expect(updateFrame[2]! & 0x80).toBe(0x80);
  });

  it('every strict prefix of a valid update frame', () => {
    for (let len = 0; len < updateFrame.length; len++) {
      expectProtocolError(updateFrame.subarray(0, len));
    }
    expect(decodeClientMessage(updateFrame).type).toBe('update');
  });

  it('every strict prefix of step 1, step 2 and awareness frames', () => {
    const doc = sampleDoc();
    const awareness = new awarenessProtocol.Awareness(doc);
    const frames = [
      encodeSyncStep1(Y.encodeStateVector(doc)),
      encodeSyncStep2(Y.encodeStateAsUpdate(doc)),
      encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])),
    ];
    awareness.destroy();
    for (const f of frames) {
      for (let len = 0; len < f.length; len++) expectProtocolError(f.subarray(0, len));
    }
  });

  it('a length prefix that claims more than the frame holds', () => {
    expectProtocolError(Uint8Array.of(MESSAGE_SYNC, SYNC_UPDATE, 5, 1, 2, 3), /truncated/);
    expectProtocolError(Uint8Array.of(MESSAGE_AWARENESS, 2, 1), /truncated/);
  });

  it('unknown message types', () => {
    expectProtocolError(Uint8Array.of(4), /unknown message type/);
    expectProtocolError(Uint8Array.of(42, 0), /unknown message type/);
    // The access message is server → client only.
    expectProtocolError(encodeAccess({ mode: 'write', reason: '' }), /unknown message type/);
    // A multi-byte varint type.
    expectProtocolError(Uint8Array.of(0x80, 0x01), /unknown message type/);
  });

  it('unknown sync sub-types', () => {
    expectProtocolError(Uint8Array.of(MESSAGE_SYNC, 3, 0), /unknown sync message type/);
    expectProtocolError(Uint8Array.of(MESSAGE_SYNC, 99, 1, 0), /unknown sync message type/);
  });

  it('trailing bytes', () => {
    for (const f of [
      encodeUpdate(update),
      encodeSyncStep1(Uint8Array.of(0)),
      encodeSyncStep2(update),
      encodeAwareness(Uint8Array.of(0)),
      Uint8Array.of(MESSAGE_QUERY_AWARENESS),
    ]) {
      const longer = new Uint8Array(f.length + 1);
      longer.set(f);
      expectProtocolError(longer, /trailing/);
    }
  });

  it('an out-of-range varint', () => {
    expectProtocolError(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f));
  });

  it('never throws anything but ProtocolError on random frames', () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let i = 0; i < 3000; i++) {
      const data = new Uint8Array(rand() % 12);
      for (let j = 0; j < data.length; j++) data[j] = rand() & 0xff;
      if (data.length > 0) data[0] = data[0]! % 5; // mostly known types, so the payload paths run
      try {
        const msg = decodeClientMessage(data);
        expect(['sync-step1', 'sync-step2', 'update', 'awareness', 'query-awareness', 'auth']).toContain(msg.type);
      } catch (err) {
        expect(err).toBeInstanceOf(ProtocolError);
      }
    }
  });
});

describe('close codes', () => {
  it('are distinct and valid for a server to send', () => {
    const codes: number[] = Object.values(CLOSE);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      // RFC 6455: 1000-1014 protocol codes a server may send, 4000-4999 private use.
      expect((code >= 1000 && code <= 1014 && code !== 1005 && code !== 1006) || (code >= 4000 && code <= 4999)).toBe(true);
    }
    expect(CLOSE).toMatchObject({ badMessage: 4400, unknownDoc: 4404, clientIdTaken: 4409, storeFailed: 1011 });
  });
});
