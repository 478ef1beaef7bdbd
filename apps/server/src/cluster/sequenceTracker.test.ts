import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequenceTracker.js';

describe('SequenceTracker', () => {
  it('takes the first message of a publisher as its baseline', () => {
    const t = new SequenceTracker();
    expect(t.observe('a', 'e1', 41)).toEqual({ deliver: true, gap: null });
    expect(t.observe('a', 'e1', 42)).toEqual({ deliver: true, gap: null });
    expect(t.observe('b', 'e2', 1)).toEqual({ deliver: true, gap: null });
  });

  it('reports a jump once and moves on', () => {
    const t = new SequenceTracker();
    t.observe('a', 'e1', 1);
    expect(t.observe('a', 'e1', 5)).toEqual({
      deliver: true,
      gap: { reason: 'sequence', serverId: 'a', epoch: 'e1', expected: 2, received: 5 },
    });
    expect(t.observe('a', 'e1', 6)).toEqual({ deliver: true, gap: null });
  });

  it('drops duplicates and stale messages', () => {
    const t = new SequenceTracker();
    t.observe('a', 'e1', 1);
    t.observe('a', 'e1', 3);
    expect(t.observe('a', 'e1', 2)).toEqual({ deliver: false, gap: null });
    expect(t.observe('a', 'e1', 3)).toEqual({ deliver: false, gap: null });
  });

  it('reports a restart (new epoch of a known server) once, and does not flap while both run', () => {
    const t = new SequenceTracker();
    t.observe('a', 'e1', 10);
    expect(t.observe('a', 'e2', 1).gap).toEqual({ reason: 'publisher-restart', serverId: 'a', epoch: 'e2', previousEpoch: 'e1' });
    expect(t.observe('a', 'e1', 11)).toEqual({ deliver: true, gap: null });
    expect(t.observe('a', 'e2', 2)).toEqual({ deliver: true, gap: null });
  });

  it('turns a loss notice into a gap unless everything before it arrived', () => {
    const t = new SequenceTracker();
    t.observe('a', 'e1', 1);
    t.observe('a', 'e1', 2);
    // 3 and 4 failed at the publisher; 5 is the notice.
    expect(t.observeLoss('a', 'e1', 5, 3)).toEqual({ reason: 'publish-failed', serverId: 'a', epoch: 'e1', from: 3, to: 4 });
    expect(t.observe('a', 'e1', 6)).toEqual({ deliver: true, gap: null });
    // Failed at the publisher but delivered after all: no gap.
    t.observe('a', 'e1', 7);
    expect(t.observeLoss('a', 'e1', 8, 7)).toBeNull();
    expect(t.observe('a', 'e1', 9)).toEqual({ deliver: true, gap: null });
    // After a sequence jump that already reported the loss: the late notice is no second gap.
    expect(t.observe('a', 'e1', 11).gap?.reason).toBe('sequence');
    expect(t.observeLoss('a', 'e1', 12, 10)).toBeNull();
    // From a publisher not seen yet: a gap (the failed ones may have been meant for us).
    expect(t.observeLoss('b', 'e2', 3, 1)).toEqual({ reason: 'publish-failed', serverId: 'b', epoch: 'e2', from: 1, to: 2 });
    expect(t.observe('b', 'e2', 4)).toEqual({ deliver: true, gap: null });
  });

  it('starts over after reset', () => {
    const t = new SequenceTracker();
    t.observe('a', 'e1', 1);
    t.reset();
    expect(t.observe('a', 'e1', 9)).toEqual({ deliver: true, gap: null });
  });
});
