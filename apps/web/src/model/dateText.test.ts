import { describe, expect, it } from 'vitest';
import { dateTextProblem, parseDateText } from './dateText';

describe('parseDateText', () => {
  it('reads the ISO day and the Chinese one, whatever the separators', () => {
    expect(parseDateText('2026-12-06')).toBe('2026-12-06');
    expect(parseDateText('2026-12-6')).toBe('2026-12-06');
    expect(parseDateText(' 2026/12/6 ')).toBe('2026-12-06');
    expect(parseDateText('2026.1.5')).toBe('2026-01-05');
    expect(parseDateText('2026年12月6日')).toBe('2026-12-06');
    expect(parseDateText('2026 年 1 月 5 号')).toBe('2026-01-05');
    expect(parseDateText('２０２６年１２月６日')).toBe('2026-12-06');
  });

  it('empty is no date; a day that does not exist or another order is refused', () => {
    expect(parseDateText('  ')).toBe('');
    expect(parseDateText('2026-02-30')).toBeNull();
    expect(parseDateText('12/06/2026')).toBeNull();
    expect(parseDateText('明天')).toBeNull();
    expect(dateTextProblem('12/06/2026')).toBe('日期格式不对，请填写如 2026-12-06 或 2026年12月6日');
    expect(dateTextProblem('2026年12月6日')).toBeNull();
  });
});
