import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db.js';
import { dialects } from '../test/dialects.js';
import { createUser } from './organisation.js';
import {
  countUnreadNotifications,
  createNotifications,
  getNotification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications.js';

describe.each(dialects)('$name', ({ open }) => {
  let dir: string;
  let db: Db;
  let alice: string;
  let bob: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hegao-notify-'));
    db = await open(join(dir, 'hegao.db'));
    alice = (await createUser(db, { username: 'alice', name: '甲', role: 'editor', bureauId: null, passwordHash: 'x' })).id;
    bob = (await createUser(db, { username: 'bob', name: '乙', role: 'editor', bureauId: null, passwordHash: 'x' })).id;
  });

  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('notifications', () => {
    it('skips a second row with the same user and dedupe key, but not for another user', async () => {
      const note = (userId: string) => ({ userId, type: 'overdue' as const, reportId: 'r1', sectionId: 's1', message: '已逾期', dedupeKey: 'overdue:s1:2020-07-01' });
      expect(await createNotifications(db, [note(alice), note(bob)])).toBe(2);
      expect(await createNotifications(db, [note(alice), note(bob)])).toBe(0);
      expect(await createNotifications(db, [note(alice), { ...note(alice), dedupeKey: 'overdue:s1:2020-07-02' }])).toBe(1);
      expect((await listNotifications(db, alice)).length).toBe(2);
      expect((await listNotifications(db, bob)).length).toBe(1);
    });

    it('never dedupes rows without a key', async () => {
      const note = { userId: alice, type: 'mentioned' as const, reportId: 'r1', message: '提到了您' };
      expect(await createNotifications(db, [note, note, note])).toBe(3);
    });

    it('lists newest first, filters unread, and keeps users apart', async () => {
      await createNotifications(db, [{ userId: alice, type: 'assigned', reportId: 'r1', message: '一', detail: { n: 1 } }]);
      await createNotifications(db, [{ userId: alice, type: 'approved', reportId: 'r1', message: '二' }]);
      await createNotifications(db, [{ userId: bob, type: 'approved', reportId: 'r1', message: '三' }]);
      const list = await listNotifications(db, alice);
      expect(list.map((n) => n.message)).toEqual(['二', '一']);
      expect(list[1]!.detail).toEqual({ n: 1 });
      expect(await countUnreadNotifications(db, alice)).toBe(2);

      const read = await markNotificationRead(db, alice, list[1]!.id, 1000);
      expect(read?.readAt).toBe(1000);
      // Reading again keeps the first read time.
      expect((await markNotificationRead(db, alice, list[1]!.id, 2000))?.readAt).toBe(1000);
      expect((await listNotifications(db, alice, { unreadOnly: true })).map((n) => n.message)).toEqual(['二']);

      const bobs = (await listNotifications(db, bob))[0]!;
      expect(await markNotificationRead(db, alice, bobs.id)).toBeNull();
      expect(await getNotification(db, alice, bobs.id)).toBeNull();
      expect((await getNotification(db, bob, bobs.id))?.readAt).toBeNull();

      expect(await markAllNotificationsRead(db, alice)).toBe(1);
      expect(await countUnreadNotifications(db, alice)).toBe(0);
      expect(await countUnreadNotifications(db, bob)).toBe(1);
    });

    it('limits the list', async () => {
      await createNotifications(db, Array.from({ length: 250 }, (_, i) => ({ userId: alice, type: 'mentioned' as const, reportId: null, message: `#${i}` })));
      const list = await listNotifications(db, alice, { limit: 100 });
      expect(list.length).toBe(100);
      expect(list[0]!.message).toBe('#249');
    });
  });
});
