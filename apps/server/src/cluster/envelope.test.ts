import { describe, expect, it } from 'vitest';
import type { BusMessage } from './bus.js';
import { MAX_SEQ, decode, encode, encodeLost, isFrom, newEpoch, publisher } from './envelope.js';

/** The message a frame carries (undefined for a loss notice or garbage). */
function messageOf(frame: Uint8Array): BusMessage | undefined {
  const envelope = decode(frame);
  return envelope?.kind === 'message' ? envelope.message : undefined;
}

describe('bus envelope', () => {
  const from = publisher('app-1', '0123456789abcdef');

  it('carries a JSON value with the publisher and seq', () => {
    const frame = encode(from, 7, { type: 'access', sections: ['s1'], write: false, n: 1.5, none: null });
    expect(decode(frame)).toEqual({
      serverId: 'app-1',
      epoch: '0123456789abcdef',
      seq: 7,
      kind: 'message',
      message: { type: 'access', sections: ['s1'], write: false, n: 1.5, none: null },
    });
  });

  it('carries bytes as they are: 17 bytes plus the server id of header, no base64', () => {
    const update = new Uint8Array(1000).map((_, i) => i % 256);
    const frame = encode(from, 1, update);
    expect(frame.length).toBe(17 + 'app-1'.length + update.length);
    const message = messageOf(frame);
    expect(message).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(message as Uint8Array).equals(Buffer.from(update))).toBe(true);
  });

  it('keeps binary and JSON apart: a JSON string is not bytes, empty bytes stay bytes', () => {
    expect(messageOf(encode(from, 1, 'text'))).toBe('text');
    const empty = messageOf(encode(from, 2, new Uint8Array(0)));
    expect(empty).toBeInstanceOf(Uint8Array);
    expect((empty as Uint8Array).length).toBe(0);
  });

  it('handles a non-ASCII server id and the largest seq', () => {
    const id = publisher('区县服务器-2', newEpoch());
    const decoded = decode(encode(id, MAX_SEQ, [1, '二']));
    expect(decoded).toMatchObject({ serverId: '区县服务器-2', epoch: id.epoch, seq: MAX_SEQ, message: [1, '二'] });
  });

  it('carries a loss notice: no message, the first seq that may be lost', () => {
    const frame = encodeLost(from, 9, 4);
    expect(frame.length).toBe(17 + 'app-1'.length + 6);
    expect(decode(frame)).toEqual({ serverId: 'app-1', epoch: '0123456789abcdef', seq: 9, kind: 'lost', lostFrom: 4 });
    expect(isFrom(frame, from)).toBe(true);
    expect(() => encodeLost(from, 4, 4)).toThrow(RangeError);
    expect(decode(Buffer.concat([frame, Buffer.from([0])]))).toBeNull();
  });

  it('refuses what it cannot carry', () => {
    expect(() => encode(from, 1, undefined as never)).toThrow(TypeError);
    expect(() => encode(from, 0, 1)).toThrow(RangeError);
    expect(() => encode(from, MAX_SEQ + 1, 1)).toThrow(RangeError);
    expect(() => publisher('', newEpoch())).toThrow(RangeError);
    expect(() => publisher('x'.repeat(256), newEpoch())).toThrow(RangeError);
    expect(() => publisher('a', 'nothex')).toThrow(RangeError);
  });

  it('decodes foreign or damaged frames to null', () => {
    expect(decode(Buffer.from('hello'))).toBeNull();
    expect(decode(new Uint8Array(0))).toBeNull();
    const frame = encode(from, 3, { a: 1 });
    expect(decode(frame.subarray(0, 10))).toBeNull();
    const badJson = Buffer.from(frame);
    badJson[badJson.length - 1] = 0x7b; // '{'
    expect(decode(badJson)).toBeNull();
    const badKind = Buffer.from(frame);
    badKind[1] = 9;
    expect(decode(badKind)).toBeNull();
  });

  it('tells its own frames from others by the header', () => {
    const other = publisher('app-1', '1111111111111111');
    expect(isFrom(encode(from, 1, { a: 1 }), from)).toBe(true);
    expect(isFrom(encode(from, 2, new Uint8Array([1])), from)).toBe(true);
    expect(isFrom(encode(other, 1, { a: 1 }), from)).toBe(false);
    expect(isFrom(encode(publisher('app-2', from.epoch), 1, 1), from)).toBe(false);
  });
});
