/** Loads the bureau and user maps presenters use to name ids. */
import { listBureaus, listUsers, type Db } from '@hegao/storage';
import type { Lookups } from './report.js';

/** All bureaus and users by id. */
export async function lookups(db: Db): Promise<Lookups> {
  const [bureaus, users] = await Promise.all([listBureaus(db), listUsers(db)]);
  return { bureaus: new Map(bureaus.map((b) => [b.id, b])), users: new Map(users.map((u) => [u.id, u])) };
}
