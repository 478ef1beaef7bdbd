import { describe, expect, it } from 'vitest';
import { signCollabToken, verifyCollabToken } from './tokens.js';

const secret = 'test-secret';

describe('collab tokens', () => {
  const token = signCollabToken(secret, { userId: 'u1', docName: 'section-a', exp: 2_000 });

  it('accepts a valid token for its document before expiry', () => {
    expect(verifyCollabToken(secret, token, 'section-a', 1_000)).toEqual({ ok: true, userId: 'u1' });
  });

  it('refuses expiry, another document, another secret, tampering and garbage', () => {
    expect(verifyCollabToken(secret, token, 'section-a', 2_000)).toEqual({ ok: false, problem: 'expired' });
    expect(verifyCollabToken(secret, token, 'section-b', 1_000)).toEqual({ ok: false, problem: 'wrong_document' });
    expect(verifyCollabToken('other', token, 'section-a', 1_000)).toEqual({ ok: false, problem: 'bad_signature' });
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'admin', d: 'section-a', e: 9e15 })).toString('base64url');
    expect(verifyCollabToken(secret, `${forged}.${mac}`, 'section-a', 1_000)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(verifyCollabToken(secret, `${body}`, 'section-a', 1_000)).toEqual({ ok: false, problem: 'malformed' });
    expect(verifyCollabToken(secret, 'a.b.c', 'section-a', 1_000)).toEqual({ ok: false, problem: 'malformed' });
  });
});
