import { describe, expect, it } from 'vitest';
import type { SectionStatus } from '@hegao/domain';
import { reminderKey, reminderKind } from './dueReminders.js';

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
