/** Login sessions, stored by the SHA-256 of their token. */
import type { Db } from '../db.js';

/** Stores a new session. */
export async function createSession(db: Db, tokenHash: string, userId: string, expiresAt: number): Promise<void> {
  await db.kysely.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, created_at: Date.now(), expires_at: expiresAt }).execute();
}

/** The user id of a live session, or null when unknown or expired. */
export async function findSessionUserId(db: Db, tokenHash: string, now = Date.now()): Promise<string | null> {
  const row = await db.kysely
    .selectFrom('sessions')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Ends one session. */
export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user (after a password reset). */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** The stored hashes of a user's sessions that have not expired. */
export async function liveSessionHashesOf(db: Db, userId: string, now = Date.now()): Promise<string[]> {
  const rows = await db.kysely.selectFrom('sessions').select('token_hash').where('user_id', '=', userId).where('expires_at', '>', now).execute();
  return rows.map((r) => r.token_hash);
}

/** Which of the given session hashes belong to sessions that still exist and have not expired. */
export async function liveSessionHashes(db: Db, tokenHashes: readonly string[], now = Date.now()): Promise<Set<string>> {
  const live = new Set<string>();
  // Bounded chunks keep the statement under SQLite's variable limit.
  for (let i = 0; i < tokenHashes.length; i += 500) {
    const chunk = tokenHashes.slice(i, i + 500);
    const rows = await db.kysely.selectFrom('sessions').select('token_hash').where('token_hash', 'in', chunk).where('expires_at', '>', now).execute();
    for (const r of rows) live.add(r.token_hash);
  }
  return live;
}

/** Removes expired sessions; returns how many. */
export async function purgeExpiredSessions(db: Db, now = Date.now()): Promise<number> {
  const res = await db.kysely.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(res.numDeletedRows);
}
