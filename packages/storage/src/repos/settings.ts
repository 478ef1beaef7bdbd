/** Key/value server settings. */
import type { Db } from '../db.js';

/** Returns the setting, creating it with `make()` the first time. */
export async function getOrCreateSetting(db: Db, key: string, make: () => string): Promise<string> {
  const row = await db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (row) return row.value;
  await db.kysely.insertInto('settings').values({ key, value: make() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const again = await db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return again.value;
}

/** The setting's value, or null when it was never set. */
export async function getSetting(db: Db, key: string): Promise<string | null> {
  const row = await db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

/** Sets (inserts or replaces) a setting. */
export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db.kysely
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
