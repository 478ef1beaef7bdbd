import { describe, expect, it } from 'vitest';
import { translucent } from './translucent.js';

describe('translucent', () => {
  it('adds 20 % opacity to hex and hsl colours', () => {
    expect(translucent('#c0392b')).toBe('#c0392b33');
    expect(translucent('hsl(6, 55%, 30%)')).toBe('hsla(6, 55%, 30%, 0.2)');
  });
});
