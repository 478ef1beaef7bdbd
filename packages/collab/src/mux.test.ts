import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { MUX, decodeMuxFrame, encodeMuxClientFrame, encodeMuxClose, encodeMuxData, encodeMuxOpened } from './muxProtocol.js';

describe('mux frames', () => {
  it('round-trips client frames', () => {
    expect(decodeMuxFrame(encodeMuxClientFrame('section-a', 'open'))).toEqual({ docName: 'section-a', kind: 'open' });
    expect(decodeMuxFrame(encodeMuxClientFrame('section-a', 'close'))).toEqual({ docName: 'section-a', kind: 'close' });
    const data = decodeMuxFrame(encodeMuxClientFrame('文档', 'data', new Uint8Array([0, 1, 2])));
    expect(data).toEqual({ docName: '文档', kind: 'data', data: new Uint8Array([0, 1, 2]) });
  });

  it('encodes server frames with the document name first', () => {
    const close = decoding.createDecoder(encodeMuxClose('d', 4403, 'no'));
    expect([decoding.readVarString(close), decoding.readVarUint(close), decoding.readVarUint(close), decoding.readVarString(close)]).toEqual(['d', MUX.close, 4403, 'no']);
    const opened = decoding.createDecoder(encodeMuxOpened('d'));
    expect([decoding.readVarString(opened), decoding.readVarUint(opened)]).toEqual(['d', MUX.opened]);
    expect(encodeMuxData('d', new Uint8Array([9])).at(-1)).toBe(9);
  });

  it('refuses malformed frames: truncated, trailing bytes, unknown kinds, empty or long names', () => {
    const good = encodeMuxClientFrame('section-a', 'data', new Uint8Array([1, 2, 3]));
    for (let i = 0; i < good.length; i++) expect(() => decodeMuxFrame(good.subarray(0, i))).toThrow();
    expect(() => decodeMuxFrame(new Uint8Array([...good, 0]))).toThrow();
    expect(() => decodeMuxFrame(new Uint8Array([...encodeMuxClientFrame('x', 'open'), 0]))).toThrow();
    expect(() => decodeMuxFrame(new Uint8Array([1, 120, 9]))).toThrow(/kind/);
    expect(() => decodeMuxFrame(new Uint8Array([0, 0]))).toThrow();
    expect(() => decodeMuxFrame(encodeMuxClientFrame('x'.repeat(201), 'open'))).toThrow();
  });
});
