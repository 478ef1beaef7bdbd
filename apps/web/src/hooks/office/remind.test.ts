import { describe, expect, it } from 'vitest';
import type { Me } from '../../api/types';
import { mayRemind, remindedLabel } from './remind';

const secretary = { id: 'u1', role: 'secretary', bureau: { id: 'office', name: '办公室' } } as Pick<Me, 'id' | 'role' | 'bureau'>;
const editor = { id: 'u2', role: 'editor', bureau: { id: 'wjj', name: '卫健局' } } as Pick<Me, 'id' | 'role' | 'bureau'>;
const row = (status: 'drafting' | 'submitted' | 'returned', bureaus = [{ id: 'wjj', name: '卫健局' }]) => ({ status, bureaus });

describe('mayRemind', () => {
  it('offers 催办 to the office on a section its bureau is still writing', () => {
    expect(mayRemind(secretary, 'drafting', row('drafting'))).toBe(true);
    expect(mayRemind(secretary, 'reviewing', row('returned'))).toBe(true);
  });

  it('not to an editor, not on a submitted or unassigned section, not once the report is merging', () => {
    expect(mayRemind(editor, 'drafting', row('drafting'))).toBe(false);
    expect(mayRemind(secretary, 'drafting', row('submitted'))).toBe(false);
    expect(mayRemind(secretary, 'drafting', row('drafting', []))).toBe(false);
    expect(mayRemind(secretary, 'merging', row('drafting'))).toBe(false);
  });
});

describe('remindedLabel', () => {
  it('says when, in Beijing time', () => {
    expect(remindedLabel('2026-12-06T06:05:00.000Z', Date.parse('2026-12-06T07:00:00Z'))).toBe('已催办 14:05');
    expect(remindedLabel(null, 0)).toBeNull();
    expect(remindedLabel(undefined, 0)).toBeNull();
  });
});
