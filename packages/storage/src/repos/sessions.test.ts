import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db.js';
import { dialects } from '../test/dialects.js';
import { createUser } from './organisation.js';
import { createSession, deleteSession, deleteUserSessions, findSessionUserId, liveSessionHashes, liveSessionHashesOf, purgeExpiredSessions } from './sessions.js';

describe.each(dialects)('$name', ({ open }) => {
  let db: Db;
  let wjj: string;
  let fgj: string;
  const NOW = 1_000_000;

  beforeEach(async () => {
    db = await open();
    wjj = (await createUser(db, { username: 'wjj', name: '张卫民', role: 'editor', bureauId: null, passwordHash: 'x' })).id;
    fgj = (await createUser(db, { username: 'fgj', name: '陈发展', role: 'editor', bureauId: null, passwordHash: 'x' })).id;
    await createSession(db, 'wjj-laptop', wjj, NOW + 1000);
    await createSession(db, 'wjj-phone', wjj, NOW + 1000);
    await createSession(db, 'wjj-expired', wjj, NOW);
    await createSession(db, 'fgj-laptop', fgj, NOW + 1000);
  });
  afterEach(async () => {
    await db.close();
  });

  describe('live sessions', () => {
    it('lists the unexpired sessions of one user', async () => {
      expect((await liveSessionHashesOf(db, wjj, NOW)).sort()).toEqual(['wjj-laptop', 'wjj-phone']);
      await deleteSession(db, 'wjj-phone');
      expect(await liveSessionHashesOf(db, wjj, NOW)).toEqual(['wjj-laptop']);
      await deleteUserSessions(db, wjj);
      expect(await liveSessionHashesOf(db, wjj, NOW)).toEqual([]);
      expect(await liveSessionHashesOf(db, fgj, NOW)).toEqual(['fgj-laptop']);
    });

    it('tells which of many sessions still live: not deleted, not expired, not unknown', async () => {
      await deleteSession(db, 'wjj-phone');
      const asked = ['wjj-laptop', 'wjj-phone', 'wjj-expired', 'fgj-laptop', 'never-existed'];
      expect([...(await liveSessionHashes(db, asked, NOW))].sort()).toEqual(['fgj-laptop', 'wjj-laptop']);
      expect((await liveSessionHashes(db, [], NOW)).size).toBe(0);
      // More than one chunk of the IN list.
      const many = [...Array.from({ length: 1200 }, (_, i) => `unknown-${i}`), 'fgj-laptop'];
      expect([...(await liveSessionHashes(db, many, NOW))]).toEqual(['fgj-laptop']);
    });
  });

  describe('purgeExpiredSessions', () => {
    it('removes the expired sessions and keeps the live ones', async () => {
      const count = async () => Number((await db.kysely.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect(await count()).toBe(4);
      expect(await purgeExpiredSessions(db, NOW)).toBe(1);
      expect(await count()).toBe(3);
      expect(await findSessionUserId(db, 'wjj-laptop', NOW)).toBe(wjj);
      expect(await purgeExpiredSessions(db, NOW)).toBe(0);
      expect(await purgeExpiredSessions(db, NOW + 1000)).toBe(3);
      expect(await count()).toBe(0);
    });
  });
});
