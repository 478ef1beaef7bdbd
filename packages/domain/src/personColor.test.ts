import { describe, expect, it } from 'vitest';
import { LEADER_COLOR, personColor } from './personColor.js';

describe('personColor', () => {
  it('keeps the bureau’s hue and is stable per person', () => {
    const a = personColor('user-a', '#c0392b');
    expect(a).toMatch(/^hsl\(6, \d+%, \d+%\)$/);
    expect(personColor('user-a', '#c0392b')).toBe(a);
    expect(personColor('user-a', '#2980b9')).toMatch(/^hsl\(204, /);
  });

  it('gives different people of one bureau different shades (most of the time)', () => {
    const colors = new Set(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'].map((id) => personColor(id, '#27ae60')));
    expect(colors.size).toBeGreaterThanOrEqual(3);
  });

  it('people without a bureau take the leaders’ hue; a malformed colour falls back to hue 0', () => {
    expect(personColor('leader', null)).toBe(personColor('leader', LEADER_COLOR));
    expect(personColor('x', 'red')).toMatch(/^hsl\(0, /);
  });
});
