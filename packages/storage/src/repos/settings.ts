/** Key/value server settings. */
import type { Db } from '../sqlite.js';

/** Returns the setting, creating it with `make()` the first time. */
export async function getOrCreateSetting(db: Db, key: string, make: () => string): Promise<string> {
  const row = await db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (row) return row.value;
  await db.kysely.insertInto('settings').values({ key, value: make() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const again = await db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return again.value;
}
