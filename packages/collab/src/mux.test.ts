import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import {
  MAX_MUX_CLOSE_REASON,
  MAX_MUX_DOCUMENTS,
  MAX_MUX_DOC_NAME,
  MUX,
  MUX_OPEN_RATE,
  decodeMuxClientFrame,
  decodeMuxServerFrame,
  encodeMuxClientFrame,
  encodeMuxClose,
  encodeMuxData,
  encodeMuxOpened,
} from './mux.js';
import { ProtocolError } from './protocol.js';

/** A frame as written by hand, for shapes the encoders never produce. */
function rawFrame(docName: string, kind: number, write?: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, docName);
  encoding.writeVarUint(encoder, kind);
  write?.(encoder);
  return encoding.toUint8Array(encoder);
}

describe('client frames (client → server)', () => {
  it('round-trip', () => {
    expect(decodeMuxClientFrame(encodeMuxClientFrame('section-a', 'open'))).toEqual({ docName: 'section-a', kind: 'open' });
    expect(decodeMuxClientFrame(encodeMuxClientFrame('section-a', 'close'))).toEqual({ docName: 'section-a', kind: 'close' });
    const data = decodeMuxClientFrame(encodeMuxClientFrame('文档', 'data', new Uint8Array([0, 1, 2])));
    expect(data).toEqual({ docName: '文档', kind: 'data', data: new Uint8Array([0, 1, 2]) });
    expect(decodeMuxClientFrame(encodeMuxClientFrame('a', 'data'))).toEqual({ docName: 'a', kind: 'data', data: new Uint8Array() });
  });

  it('are the document name, the kind and the payload, byte for byte', () => {
    expect([...encodeMuxClientFrame('a', 'open')]).toEqual([1, 97, MUX.open]);
    expect([...encodeMuxClientFrame('a', 'close')]).toEqual([1, 97, MUX.close]);
    expect([...encodeMuxClientFrame('a', 'data', new Uint8Array([7, 8]))]).toEqual([1, 97, MUX.data, 2, 7, 8]);
  });

  it('refuse malformed frames: truncated, trailing bytes, unknown kinds, empty or long names', () => {
    const good = encodeMuxClientFrame('section-a', 'data', new Uint8Array([1, 2, 3]));
    for (let i = 0; i < good.length; i++) expect(() => decodeMuxClientFrame(good.subarray(0, i))).toThrow();
    expect(() => decodeMuxClientFrame(new Uint8Array([...good, 0]))).toThrow(ProtocolError);
    expect(() => decodeMuxClientFrame(new Uint8Array([...encodeMuxClientFrame('x', 'open'), 0]))).toThrow(/trailing/);
    expect(() => decodeMuxClientFrame(new Uint8Array([1, 120, 9]))).toThrow(/kind/);
    expect(() => decodeMuxClientFrame(rawFrame('x', MUX.opened))).toThrow(/kind/); // OPENED is the server's
    expect(() => decodeMuxClientFrame(new Uint8Array([0, 0]))).toThrow(/name/);
    expect(decodeMuxClientFrame(encodeMuxClientFrame('x'.repeat(MAX_MUX_DOC_NAME), 'open')).docName).toHaveLength(MAX_MUX_DOC_NAME);
    expect(() => decodeMuxClientFrame(encodeMuxClientFrame('x'.repeat(MAX_MUX_DOC_NAME + 1), 'open'))).toThrow(/name/);
  });
});

describe('server frames (server → client)', () => {
  it('carry the document name first', () => {
    const close = decoding.createDecoder(encodeMuxClose('d', 4403, 'no'));
    expect([decoding.readVarString(close), decoding.readVarUint(close), decoding.readVarUint(close), decoding.readVarString(close)]).toEqual(['d', MUX.close, 4403, 'no']);
    const opened = decoding.createDecoder(encodeMuxOpened('d'));
    expect([decoding.readVarString(opened), decoding.readVarUint(opened)]).toEqual(['d', MUX.opened]);
    expect(encodeMuxData('d', new Uint8Array([9])).at(-1)).toBe(9);
  });

  it('round-trip through the client decoder', () => {
    expect(decodeMuxServerFrame(encodeMuxOpened('章节'))).toEqual({ docName: '章节', kind: 'opened' });
    expect(decodeMuxServerFrame(encodeMuxData('a', new Uint8Array([0, 2, 5])))).toEqual({ docName: 'a', kind: 'data', data: new Uint8Array([0, 2, 5]) });
    expect(decodeMuxServerFrame(encodeMuxClose('a', 4403, 'forbidden'))).toEqual({ docName: 'a', kind: 'close', code: 4403, reason: 'forbidden' });
    expect(decodeMuxServerFrame(new Uint8Array([1, 97, 3]))).toEqual({ docName: 'a', kind: 'opened' });
  });

  it('cut a long close reason', () => {
    const frame = decodeMuxServerFrame(encodeMuxClose('a', 4400, 'x'.repeat(500)));
    expect(frame).toEqual({ docName: 'a', kind: 'close', code: 4400, reason: 'x'.repeat(MAX_MUX_CLOSE_REASON) });
  });

  it('decode to null when malformed, never throwing', () => {
    const garbage = [
      new Uint8Array(),
      new Uint8Array([0xff, 0xff, 0xff]),
      new Uint8Array([50, 97]), // name longer than the frame
      rawFrame('a', 9), // unknown kind
      rawFrame('a', MUX.open), // a client's kind
      rawFrame('a', MUX.opened, (e) => encoding.writeUint8(e, 1)), // trailing byte
      rawFrame('a', MUX.data, (e) => encoding.writeVarUint(e, 5)), // truncated data
      rawFrame('a', MUX.close, (e) => encoding.writeVarUint(e, 4403)), // no reason
      rawFrame('a', MUX.close, (e) => {
        encoding.writeVarUint(e, 4403);
        encoding.writeVarString(e, 'no');
        encoding.writeUint8(e, 0); // trailing byte
      }),
      rawFrame('', MUX.opened),
    ];
    for (const frame of garbage) expect(decodeMuxServerFrame(frame)).toBeNull();
    for (const good of [encodeMuxOpened('abc'), encodeMuxData('abc', new Uint8Array([1, 2])), encodeMuxClose('abc', 4404, 'gone')]) {
      for (let i = 0; i < good.length; i++) expect(decodeMuxServerFrame(good.subarray(0, i))).toBeNull();
    }
  });
});

describe('limits', () => {
  it('let a page open every document of a report twice over at once', () => {
    expect(MAX_MUX_DOCUMENTS).toBe(500);
    expect(MUX_OPEN_RATE).toEqual({ burst: 2 * MAX_MUX_DOCUMENTS, perSecond: 20 });
  });
});
