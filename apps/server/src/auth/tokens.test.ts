import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sessionRef, signCollabToken, verifyCollabToken } from './tokens.js';

const secret = 'test-secret';

describe('collab tokens', () => {
  const session = sessionRef(secret, 'hash-of-session');
  const token = signCollabToken(secret, { userId: 'u1', docName: 'section-a', exp: 2_000, session });

  it('accepts a valid token for its document before expiry, naming the session it was issued under', () => {
    expect(verifyCollabToken(secret, token, 'section-a', 1_000)).toEqual({ ok: true, userId: 'u1', session });
  });

  it('refuses expiry, another document, another secret, tampering and garbage', () => {
    expect(verifyCollabToken(secret, token, 'section-a', 2_000)).toEqual({ ok: false, problem: 'expired' });
    expect(verifyCollabToken(secret, token, 'section-b', 1_000)).toEqual({ ok: false, problem: 'wrong_document' });
    expect(verifyCollabToken('other', token, 'section-a', 1_000)).toEqual({ ok: false, problem: 'bad_signature' });
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'admin', d: 'section-a', e: 9e15, s: session })).toString('base64url');
    expect(verifyCollabToken(secret, `${forged}.${mac}`, 'section-a', 1_000)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(verifyCollabToken(secret, `${body}`, 'section-a', 1_000)).toEqual({ ok: false, problem: 'malformed' });
    expect(verifyCollabToken(secret, 'a.b.c', 'section-a', 1_000)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('refuses a correctly signed token that names no session (as issued before tokens were bound to one)', () => {
    const body = Buffer.from(JSON.stringify({ u: 'u1', d: 'section-a', e: 2_000 })).toString('base64url');
    const mac = createHmac('sha256', secret).update(body).digest('base64url');
    expect(verifyCollabToken(secret, `${body}.${mac}`, 'section-a', 1_000)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('names a session without revealing its stored hash, differently per session and per secret', () => {
    expect(session).not.toContain('hash-of-session');
    expect(Buffer.from(token.split('.')[0]!, 'base64url').toString()).not.toContain('hash-of-session');
    expect(sessionRef(secret, 'hash-of-session')).toBe(session);
    expect(sessionRef(secret, 'hash-of-another-session')).not.toBe(session);
    expect(sessionRef('other-secret', 'hash-of-session')).not.toBe(session);
  });
});
