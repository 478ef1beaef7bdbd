import { describe, expect, it } from 'vitest';
import { formatEditTime } from './lastEdit';

const now = new Date(2020, 6, 8, 15, 30, 0);
const at = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).toISOString();

describe('formatEditTime', () => {
  it.each([
    [new Date(2020, 6, 8, 15, 29, 30).toISOString(), '刚刚'],
    [at(2020, 7, 8, 15, 5), '25分钟前'],
    [at(2020, 7, 8, 9, 5), '今天 09:05'],
    [at(2020, 7, 7, 23, 59), '昨天 23:59'],
    [at(2020, 6, 30, 8, 0), '6月30日 08:00'],
    [at(2019, 12, 31, 16, 0), '2019年12月31日 16:00'],
  ])('%s → %s', (iso, text) => {
    expect(formatEditTime(iso, now)).toBe(text);
  });

  it('is empty for an unreadable time', () => {
    expect(formatEditTime('nope', now)).toBe('');
  });
});
