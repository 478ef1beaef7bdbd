/** Session tokens (random, stored hashed) and short-lived collab tokens (HMAC-signed). */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random session token for the cookie. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The form of a session token kept in the database. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** What a collab token grants: one user, one document, until `exp` (ms since epoch). */
export interface CollabClaims {
  userId: string;
  docName: string;
  exp: number;
}

/** Signs collab claims: `base64url(json).base64url(hmac-sha256)`. */
export function signCollabToken(secret: string, claims: CollabClaims): string {
  const body = Buffer.from(JSON.stringify({ u: claims.userId, d: claims.docName, e: claims.exp })).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** Why a collab token was refused. */
export type TokenProblem = 'malformed' | 'bad_signature' | 'expired' | 'wrong_document';

/** Verifies a collab token for a document; returns the user id or the problem. */
export function verifyCollabToken(
  secret: string,
  token: string,
  docName: string,
  now = Date.now(),
): { ok: true; userId: string } | { ok: false; problem: TokenProblem } {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, problem: 'malformed' };
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'bad_signature' };
  let claims: { u?: unknown; d?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (typeof claims.u !== 'string' || typeof claims.d !== 'string' || typeof claims.e !== 'number') {
    return { ok: false, problem: 'malformed' };
  }
  if (claims.e <= now) return { ok: false, problem: 'expired' };
  if (claims.d !== docName) return { ok: false, problem: 'wrong_document' };
  return { ok: true, userId: claims.u };
}
