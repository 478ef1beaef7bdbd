import { describe, expect, it } from 'vitest';
import { MAX_MUX_DOCUMENTS } from '@hegao/collab';
import { EARLY_FRAME_LIMITS, EARLY_MUX_FRAME_LIMITS, EarlyFrames } from './earlyFrames.js';

describe('EarlyFrames', () => {
  it('keeps frames in order up to the frame limit, then refuses and drops them all', () => {
    const early = new EarlyFrames({ frames: 3, bytes: 1000 });
    for (let i = 0; i < 3; i++) expect(early.push(Buffer.from([i]), true)).toBe(true);
    expect(early.overflow).toBeNull();
    expect(early.push(Buffer.from([3]), true)).toBe(false);
    expect(early.overflow).toBe('more than 3 frames before authentication');
    expect(early.size).toBe(0);
    // Nothing is kept after an overflow.
    expect(early.push(Buffer.from([4]), true)).toBe(false);
    expect(early.take()).toEqual([]);
  });

  it('refuses the frame that would pass the byte limit', () => {
    const early = new EarlyFrames({ frames: 100, bytes: 10 });
    expect(early.push(Buffer.alloc(6), true)).toBe(true);
    expect(early.push(Buffer.alloc(4), false)).toBe(true);
    expect(early.push(Buffer.alloc(1), true)).toBe(false);
    expect(early.overflow).toBe('more than 10 bytes before authentication');
  });

  it('hands the kept frames over once, in order, with their kind', () => {
    const early = new EarlyFrames();
    early.push(Buffer.from('a'), true);
    early.push(Buffer.from('b'), false);
    expect(early.take().map(([d, binary]) => [d.toString(), binary])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(early.take()).toEqual([]);
  });

  it('defaults: 64 frames or 4 MiB on a document socket; the mux socket may subscribe all its documents first', () => {
    expect(EARLY_FRAME_LIMITS).toEqual({ frames: 64, bytes: 4 * 1024 * 1024 });
    expect(EARLY_MUX_FRAME_LIMITS.frames).toBeGreaterThanOrEqual(2 * MAX_MUX_DOCUMENTS);
    const early = new EarlyFrames();
    for (let i = 0; i < 2; i++) expect(early.push(Buffer.alloc(2 * 1024 * 1024), true)).toBe(true);
    expect(early.push(Buffer.alloc(1), true)).toBe(false);
  });
});
