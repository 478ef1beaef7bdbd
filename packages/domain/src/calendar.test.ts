import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, daysBetween, msUntilNextDay } from './calendar.js';

describe('calendarDate', () => {
  it('is the date in Asia/Shanghai, not in the machine zone', () => {
    expect(calendarDate(new Date('2020-06-30T16:30:00Z'))).toBe('2020-07-01');
    expect(calendarDate(new Date('2020-06-30T15:59:59Z'))).toBe('2020-06-30');
    expect(calendarDate(new Date('2020-06-30T16:30:00Z'), 'UTC')).toBe('2020-06-30');
  });
});

describe('addDays / daysBetween', () => {
  it('move across months and years and count back', () => {
    expect(addDays('2020-06-30', 1)).toBe('2020-07-01');
    expect(addDays('2020-01-01', -1)).toBe('2019-12-31');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
    expect(daysBetween('2019-12-31', '2020-01-01')).toBe(1);
    expect(daysBetween('2020-06-30', '2020-07-10')).toBe(10);
    expect(daysBetween('2020-07-10', '2020-06-30')).toBe(-10);
    expect(daysBetween('2020-07-10', '2020-07-10')).toBe(0);
  });
});

describe('msUntilNextDay', () => {
  it('reaches midnight in Shanghai', () => {
    const at = new Date('2020-06-30T15:00:00Z'); // 23:00 in Shanghai
    const ms = msUntilNextDay(at);
    expect(ms).toBe(3_600_000);
    expect(calendarDate(new Date(at.getTime() + ms))).toBe('2020-07-01');
    expect(calendarDate(new Date(at.getTime() + ms - 1_000))).toBe('2020-06-30');
    expect(msUntilNextDay(new Date('2020-06-30T16:00:00.500Z'))).toBe(24 * 3_600_000 - 500);
  });
});
