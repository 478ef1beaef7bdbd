/**
 * Seeding an empty database once, however many servers start on it at the same time: on
 * PostgreSQL a transaction-scoped advisory lock, taken before the seed's transaction looks again
 * whether the database is empty, makes a second server wait until the first committed and then
 * find it seeded. (SQLite has one writer at a time; its IMMEDIATE transactions serialise already.)
 */
import { sql } from 'kysely';
import type { Db } from './db.js';

/** Advisory lock key of the seed (beside the chain's 4_610_721 and the migrations' 4_610_722). */
const PG_SEED_LOCK = 4_610_723;

/** Call first inside the seed's transaction. */
export async function lockForSeeding(tx: Db): Promise<void> {
  if (tx.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PG_SEED_LOCK})`.execute(tx.kysely);
}
