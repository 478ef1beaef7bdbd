import { describe, expect, it } from 'vitest';
import { formatDateTime, personName } from './formatTime';

describe('formatDateTime', () => {
  it('formats local date and time in Chinese', () => {
    expect(formatDateTime(new Date(2020, 6, 5, 14, 5).toISOString())).toBe('2020年7月5日 14:05');
  });

  it('returns nothing for missing or unreadable times', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });
});

describe('personName', () => {
  it('names deleted accounts', () => {
    expect(personName({ name: '王秘书' })).toBe('王秘书');
    expect(personName({ name: null })).toBe('已删除的用户');
    expect(personName(null)).toBe('已删除的用户');
  });
});
