import { describe, expect, it } from 'vitest';
import { cookieValue, parseTarget } from './upgrade.js';

describe('cookieValue', () => {
  it('reads and percent-decodes the named cookie', () => {
    expect(cookieValue('a=1; hegao_session=abc%2Bdef; b=2', 'hegao_session')).toBe('abc+def');
    expect(cookieValue('hegao_session=x=y', 'hegao_session')).toBe('x=y');
    expect(cookieValue('a=1', 'hegao_session')).toBeNull();
    expect(cookieValue(undefined, 'hegao_session')).toBeNull();
  });

  it('treats broken percent-encoding as no cookie instead of throwing', () => {
    for (const bad of ['%E0', '%', '%zz', 'abc%E0%A4', '%C0%80']) {
      expect(() => cookieValue(`hegao_session=${bad}`, 'hegao_session'), bad).not.toThrow();
      expect(cookieValue(`hegao_session=${bad}`, 'hegao_session'), bad).toBeNull();
    }
    // Another cookie's broken encoding does not matter.
    expect(cookieValue('other=%E0; hegao_session=ok', 'hegao_session')).toBe('ok');
  });
});

describe('parseTarget', () => {
  it('accepts origin-form targets only', () => {
    expect(parseTarget('/collab/x?token=t')?.searchParams.get('token')).toBe('t');
    expect(parseTarget('//evil/collab/x')).toBeNull();
    expect(parseTarget('http://x/collab/y')).toBeNull();
  });
});
