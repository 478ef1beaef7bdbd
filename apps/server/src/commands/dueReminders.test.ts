import { describe, expect, it } from 'vitest';
import type { SectionStatus } from '@hegao/domain';
import { addDays, localDate, reminderKey, reminderKind } from './dueReminders.js';

describe('localDate', () => {
  it('is the calendar day in Asia/Shanghai', () => {
    // 2020-06-30 16:30 UTC is already 1 July in Beijing.
    expect(localDate(new Date('2020-06-30T16:30:00Z'))).toBe('2020-07-01');
    expect(localDate(new Date('2020-06-30T15:59:59Z'))).toBe('2020-06-30');
    expect(localDate(new Date('2020-06-30T16:30:00Z'), 'UTC')).toBe('2020-06-30');
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2020-06-30', 1)).toBe('2020-07-01');
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
  });
});

describe('reminderKind', () => {
  const section = (dueDate: string | null, status: SectionStatus = 'drafting', bureauIds = ['wjj']) => ({ dueDate, status, bureauIds });
  const today = '2020-07-01';

  it('reminds the day before and after the due date', () => {
    expect(reminderKind(section('2020-07-02'), today)).toBe('due_tomorrow');
    expect(reminderKind(section('2020-06-30'), today)).toBe('overdue');
    expect(reminderKind(section('2019-12-31'), today)).toBe('overdue');
  });

  it('stays quiet on the due date itself and further ahead', () => {
    expect(reminderKind(section('2020-07-01'), today)).toBeNull();
    expect(reminderKind(section('2020-07-03'), today)).toBeNull();
    expect(reminderKind(section(null), today)).toBeNull();
  });

  it('only for sections still being written by some bureau', () => {
    expect(reminderKind(section('2020-06-30', 'returned'), today)).toBe('overdue');
    expect(reminderKind(section('2020-06-30', 'submitted'), today)).toBeNull();
    expect(reminderKind(section('2020-06-30', 'approved'), today)).toBeNull();
    expect(reminderKind(section('2020-06-30', 'drafting', []), today)).toBeNull();
  });

  it('keys a reminder by section and due date', () => {
    expect(reminderKey('overdue', 's1', '2020-06-30')).toBe('overdue:s1:2020-06-30');
  });
});
