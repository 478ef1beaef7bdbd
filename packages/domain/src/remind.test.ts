import { describe, expect, it } from 'vitest';
import { REMIND_INTERVAL_MS, nextRemindAt, remindClock, remindTooSoonReason } from './remind.js';

const at = (iso: string) => Date.parse(iso);

describe('remind clock', () => {
  it('allows the next 催办 an hour later', () => {
    expect(REMIND_INTERVAL_MS).toBe(3_600_000);
    expect(nextRemindAt(at('2026-12-06T06:05:00Z'))).toBe(at('2026-12-06T07:05:00Z'));
  });

  it('says the time in Beijing, with the day when it is not today there', () => {
    expect(remindClock(at('2026-12-06T06:05:00Z'), at('2026-12-06T06:30:00Z'))).toBe('14:05');
    // 23:30 Beijing time; an hour later is the next day there.
    expect(remindClock(at('2026-12-06T16:30:00Z'), at('2026-12-06T15:40:00Z'))).toBe('12月7日 00:30');
  });

  it('words the refusal with both times', () => {
    expect(remindTooSoonReason(at('2026-12-06T06:05:00Z'), at('2026-12-06T06:30:00Z'))).toBe(
      '本章节已于14:05催办过，每小时只能催办一次，请于15:05后再催办',
    );
  });
});
