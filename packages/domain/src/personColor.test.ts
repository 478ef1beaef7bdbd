import { describe, expect, it } from 'vitest';
import { LEADER_COLOR, personColor } from './personColor.js';

describe('personColor', () => {
  it('keeps the bureau’s hue and is stable per person', () => {
    const a = personColor('user-a', '#c0392b');
    expect(a).toMatch(/^hsl\(6, \d+%, \d+%\)$/);
    expect(personColor('user-a', '#c0392b')).toBe(a);
    expect(personColor('user-a', '#2980b9')).toMatch(/^hsl\(204, /);
  });

  it('gives up to eight people of one bureau eight different shades, whatever their ids', () => {
    const peers = ['zz', 'u2', 'a7', 'u4', 'k5', 'u6', 'b7', 'u8'];
    expect(new Set(peers.map((id) => personColor(id, '#27ae60', peers))).size).toBe(8);
    // The place among the peers decides, not who else asks.
    expect(personColor('a7', '#27ae60', peers)).toBe(personColor('a7', '#27ae60', [...peers].reverse()));
    // Without peers: a hash of the id, stable.
    expect(personColor('a7', '#27ae60')).toBe(personColor('a7', '#27ae60'));
  });

  it('people without a bureau take the leaders’ hue; a malformed colour falls back to hue 0', () => {
    expect(personColor('leader', null)).toBe(personColor('leader', LEADER_COLOR));
    expect(personColor('x', 'red')).toMatch(/^hsl\(0, /);
  });
});
