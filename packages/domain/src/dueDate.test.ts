import { describe, expect, it } from 'vitest';
import { effectiveDueDate } from './dueDate.js';

describe('effectiveDueDate', () => {
  it('is the section’s own date when it has one, even if later than the report’s', () => {
    expect(effectiveDueDate({ dueDate: '2020-07-05' }, { dueDate: '2020-07-10' })).toBe('2020-07-05');
    expect(effectiveDueDate({ dueDate: '2020-07-12' }, { dueDate: '2020-07-10' })).toBe('2020-07-12');
  });

  it('falls back to the report’s date, and is null only when neither has one', () => {
    expect(effectiveDueDate({ dueDate: null }, { dueDate: '2020-07-10' })).toBe('2020-07-10');
    expect(effectiveDueDate({ dueDate: null }, { dueDate: null })).toBeNull();
  });
});
