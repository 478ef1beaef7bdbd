import { sql } from 'kysely';
import type { Db } from '../db.js';

/**
 * Runs `text` with `?` placeholders on either engine (Kysely numbers them for PostgreSQL), for
 * tests that look at tables directly: the SQL must be what both engines speak.
 */
export async function rawQuery<T>(db: Db, text: string, params: readonly unknown[] = []): Promise<T[]> {
  const parts = text.split('?');
  if (parts.length !== params.length + 1) throw new Error(`rawQuery: ${parts.length - 1} placeholders, ${params.length} parameters`);
  const strings = Object.assign([...parts], { raw: [...parts] }) as unknown as TemplateStringsArray;
  return (await sql<T>(strings, ...params).execute(db.kysely)).rows;
}
