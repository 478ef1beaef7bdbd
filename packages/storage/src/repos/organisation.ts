/** The organisation: its name, its bureaus and its user accounts. Every change is recorded as an event (audit chain). */
import type { Bureau, Organisation, Role, User } from '@hegao/domain';
import type { Db } from '../db.js';
import { getSetting, setSetting } from './settings.js';
import type { BureauRow, UserRow } from '../schema.js';
import { newId } from '../ids.js';
import { withinTransaction } from '../audit.js';
import { recordEvent } from './events.js';

function toBureau(row: BureauRow): Bureau {
  return { id: row.id, name: row.name, isOffice: row.is_office === 1, color: row.color };
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role as Role,
    bureauId: row.bureau_id,
    disabled: row.disabled === 1,
  };
}

const ORGANISATION_NAME_KEY = 'organisation_name';

/** Shown until an office names its organisation (`hegao org rename …`). */
export const UNNAMED_ORGANISATION = '本单位';

/** The organisation using this installation. */
export async function getOrganisation(db: Db): Promise<Organisation> {
  return { name: (await getSetting(db, ORGANISATION_NAME_KEY)) ?? UNNAMED_ORGANISATION };
}

/** Renames the organisation (recorded as an event); the caller has validated the name (organisationNameProblem). */
export async function setOrganisationName(db: Db, name: string): Promise<void> {
  await withinTransaction(db, async (tx) => {
    await setSetting(tx, ORGANISATION_NAME_KEY, name.trim());
    await recordEvent(tx, { reportId: null, actorId: null, type: 'organisation.rename', detail: { name: name.trim() } });
  });
}

/** Creates a bureau; throws on a duplicate name (UNIQUE). */
export async function createBureau(db: Db, input: { name: string; isOffice?: boolean; color: string }): Promise<Bureau> {
  const row: BureauRow = { id: newId(), name: input.name, is_office: input.isOffice ? 1 : 0, color: input.color, created_at: Date.now() };
  await withinTransaction(db, async (tx) => {
    await tx.kysely.insertInto('bureaus').values(row).execute();
    await recordEvent(tx, { reportId: null, actorId: null, type: 'bureau.create', detail: { bureauId: row.id, name: row.name, isOffice: row.is_office === 1 } });
  });
  return toBureau(row);
}

/** All bureaus, the office first, then by name. */
export async function listBureaus(db: Db): Promise<Bureau[]> {
  const rows = await db.kysely.selectFrom('bureaus').selectAll().orderBy('is_office', 'desc').orderBy('created_at').execute();
  return rows.map(toBureau);
}

/** A bureau by id or by exact name. */
export async function findBureau(db: Db, idOrName: string): Promise<Bureau | null> {
  const row = await db.kysely
    .selectFrom('bureaus')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
  return row ? toBureau(row) : null;
}

/** Creates a user account with an already hashed password; throws on a duplicate username. */
export async function createUser(
  db: Db,
  input: { username: string; name: string; role: Role; bureauId: string | null; passwordHash: string },
): Promise<User> {
  const row: UserRow = {
    id: newId(),
    username: input.username,
    name: input.name,
    role: input.role,
    bureau_id: input.bureauId,
    password_hash: input.passwordHash,
    disabled: 0,
    created_at: Date.now(),
  };
  await withinTransaction(db, async (tx) => {
    await tx.kysely.insertInto('users').values(row).execute();
    const detail = { userId: row.id, username: row.username, name: row.name, role: row.role, bureauId: row.bureau_id };
    await recordEvent(tx, { reportId: null, actorId: null, type: 'account.create', detail });
  });
  return toUser(row);
}

/** A user with the stored password hash, by username (for login). */
export async function findUserForLogin(db: Db, username: string): Promise<{ user: User; passwordHash: string } | null> {
  const row = await db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

/** A user by id. */
export async function getUser(db: Db, id: string): Promise<User | null> {
  const row = await db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** All users. */
export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.kysely.selectFrom('users').selectAll().orderBy('created_at').execute();
  return rows.map(toUser);
}

/** Replaces a user's password hash; returns false when no such user. */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<boolean> {
  return withinTransaction(db, async (tx) => {
    const res = await tx.kysely.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await recordEvent(tx, { reportId: null, actorId: null, type: 'account.password', detail: { userId } });
    return true;
  });
}

/** Enables or disables an account. */
export async function setUserDisabled(db: Db, userId: string, disabled: boolean): Promise<void> {
  await withinTransaction(db, async (tx) => {
    const res = await tx.kysely.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', userId).executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) await recordEvent(tx, { reportId: null, actorId: null, type: disabled ? 'account.disable' : 'account.enable', detail: { userId } });
  });
}

/** Number of user accounts (0 means an empty database, to be seeded). */
export async function countUsers(db: Db): Promise<number> {
  const row = await db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
