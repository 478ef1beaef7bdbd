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

/**
 * What a collab token grants: one user, one document, until `exp` (ms since epoch), and only
 * while the session it was issued under lives (`session`: see `sessionRef`).
 */
export interface CollabClaims {
  userId: string;
  docName: string;
  exp: number;
  session: string;
}

/**
 * How a collab token names its session: an HMAC of the session's stored hash under the token
 * secret, so the token (which travels in a URL) reveals neither the session token nor the key
 * it is stored under.
 */
export function sessionRef(secret: string, sessionHash: string): string {
  return createHmac('sha256', secret).update(`collab-session:${sessionHash}`).digest('base64url');
}

/** Signs collab claims: `base64url(json).base64url(hmac-sha256)`. */
export function signCollabToken(secret: string, claims: CollabClaims): string {
  const body = Buffer.from(JSON.stringify({ u: claims.userId, d: claims.docName, e: claims.exp, s: claims.session })).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** Why a collab token was refused. */
export type TokenProblem = 'malformed' | 'bad_signature' | 'expired' | 'wrong_document';

/**
 * Verifies a collab token for a document; returns the user id and session reference, or the
 * problem. Whether that session still lives is for the caller to check (it needs the database).
 */
export function verifyCollabToken(
  secret: string,
  token: string,
  docName: string,
  now = Date.now(),
): { ok: true; userId: string; session: string } | { ok: false; problem: TokenProblem } {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, problem: 'malformed' };
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'bad_signature' };
  let claims: { u?: unknown; d?: unknown; e?: unknown; s?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  // A token without a session (issued before tokens were bound to one) is malformed.
  if (typeof claims.u !== 'string' || typeof claims.d !== 'string' || typeof claims.e !== 'number' || typeof claims.s !== 'string') {
    return { ok: false, problem: 'malformed' };
  }
  if (claims.e <= now) return { ok: false, problem: 'expired' };
  if (claims.d !== docName) return { ok: false, problem: 'wrong_document' };
  return { ok: true, userId: claims.u, session: claims.s };
}
