import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKED_VERSION_GUARD } from '../migrations.js';
import type { Db } from '../db.js';
import { dialects } from '../test/dialects.js';
import { createUser } from './organisation.js';
import { createReport, createSection, getReport } from './reports.js';
import { listEvents } from './events.js';
import { getVersion, lastDocSeq, listMergeSources, listVersions, lockVersion, recordMerge, undoMerge, unlockVersion } from './versions.js';

const hex64 = expect.stringMatching(/^[0-9a-f]{64}$/);

describe.each(dialects)('$name', ({ name, open }) => {
  /** The error code of a trigger's refusal. */
  const triggerCode = name === 'sqlite' ? 'SQLITE_CONSTRAINT_TRIGGER' : 'P0001';

  let db: Db;
  let reportId: string;
  let userId: string;
  let sectionIds: string[];
  beforeEach(async () => {
    db = await open();
    userId = (await createUser(db, { username: 'bgs', name: '李文静', role: 'secretary', bureauId: null, passwordHash: 'x' })).id;
    reportId = (await createReport(db, { title: '报告', period: '2020年上半年', kind: 'half_year', dueDate: null, createdBy: userId })).id;
    sectionIds = [];
    for (const [i, title] of ['疫情防控', '经济发展'].entries()) sectionIds.push((await createSection(db, { reportId, parentId: null, position: i, title })).id);
  });
  afterEach(async () => {
    await db.close();
  });

  const lock = (version: number, sha = 'a'.repeat(64)) =>
    lockVersion(db, { reportId, version, sha256: sha, contentJson: '{"type":"doc"}', state: new Uint8Array([0, 0]), lockedBy: userId, lockedAt: 1000 + version });

  describe('merge records', () => {
    it('sets the final document once, moves the status only from the expected one, and upserts sources', async () => {
      const [a, b] = sectionIds as [string, string];
      expect(await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'reviewing', to: 'merging', mergedAt: 5, sources: [] })).toBeNull();
      expect(await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'drafting', to: 'merging', mergedAt: 5, sources: [{ sectionId: a, sourceSeq: 3, text: '甲', blocks: '[1]' }, { sectionId: b, sourceSeq: 4, text: '乙' }] })).toBe(0);
      expect(await recordMerge(db, { reportId, finalDocName: 'final-other', from: 'merging', to: 'merging', mergedAt: 9, sources: [{ sectionId: a, sourceSeq: 7, text: '甲改', blocks: '[2]' }] })).toBe(0);
      expect(await getReport(db, reportId)).toMatchObject({ status: 'merging', finalDocName: 'final-x', mergedAt: 9 });
      const sources = (await listMergeSources(db, reportId)).sort((x, y) => x.text.localeCompare(y.text));
      expect(sources).toEqual(
        [
          { sectionId: a, mergedAt: 9, sourceSeq: 7, text: '甲改', blocks: '[2]' },
          { sectionId: b, mergedAt: 5, sourceSeq: 4, text: '乙', blocks: null },
        ].sort((x, y) => x.text.localeCompare(y.text)),
      );
    });

    it('refuses a merge planned on an older merge, and records its event with it', async () => {
      const [a] = sectionIds as [string];
      const event = { type: 'report.merge' as const, actorId: userId, detail: { from: 'drafting' as const, to: 'merging' as const, remerge: false } };
      expect(await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'drafting', to: 'merging', mergedAt: 5, previousMergedAt: 4, sources: [], event })).toBeNull();
      const id = await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'drafting', to: 'merging', mergedAt: 5, previousMergedAt: null, sources: [{ sectionId: a, sourceSeq: 1, text: '甲' }], event });
      expect(id).toBeGreaterThan(0);
      // A second request planned on the same state (no merge yet) lost: nothing of it is written.
      expect(await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'merging', to: 'merging', mergedAt: 6, previousMergedAt: null, sources: [{ sectionId: a, sourceSeq: 2, text: '乙' }], event })).toBeNull();
      expect(await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'merging', to: 'merging', mergedAt: 6, previousMergedAt: 5, sources: [], event })).toBeGreaterThan(id!);
      expect((await listEvents(db, reportId)).filter((e) => e.type === 'report.merge')).toHaveLength(2);
      expect((await listMergeSources(db, reportId)).map((s) => s.text)).toEqual(['甲']);
    });

    it('undoes a merge whose draft could not be written: report and section records as before, the undo recorded', async () => {
      const [a, b] = sectionIds as [string, string];
      await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'drafting', to: 'merging', mergedAt: 5, sources: [{ sectionId: a, sourceSeq: 3, text: '甲', blocks: '[1]' }] });
      const before = await listMergeSources(db, reportId);
      const event = { type: 'report.merge' as const, actorId: userId, detail: { from: 'merging' as const, to: 'merging' as const, remerge: true } };
      const eventId = (await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'merging', to: 'merging', mergedAt: 9, sources: [{ sectionId: a, sourceSeq: 7, text: '甲改' }, { sectionId: b, sourceSeq: 8, text: '乙' }], event }))!;
      const undo = { reportId, from: 'merging' as const, to: 'merging' as const, previous: { finalDocName: 'final-x', mergedAt: 5 }, sources: [{ sectionId: a, previous: before[0]! }, { sectionId: b, previous: null }], eventId };
      expect(await undoMerge(db, { ...undo, mergedAt: 8 })).toBe(false);
      expect(await undoMerge(db, { ...undo, mergedAt: 9 })).toBe(true);
      expect(await getReport(db, reportId)).toMatchObject({ status: 'merging', finalDocName: 'final-x', mergedAt: 5 });
      expect(await listMergeSources(db, reportId)).toEqual(before);
      // The history leaves the undone merge out; its event stays (the audit chain covers it), a second one says it was undone.
      expect((await listEvents(db, reportId)).filter((e) => e.type.startsWith('report.merge'))).toEqual([]);
      expect((await listEvents(db, reportId, { includeUndone: true })).filter((e) => e.type.startsWith('report.merge')).map((e) => [e.type, e.detail])).toEqual([
        ['report.merge', { from: 'merging', to: 'merging', remerge: true }],
        ['report.merge_undone', { eventId }],
      ]);
    });

    it('reads 0 as the last sequence number of a document without updates', async () => {
      expect(await lastDocSeq(db, 'section-none')).toBe(0);
    });
  });

  describe('locked versions', () => {
    it('lock only from merging at the next number; unlock records who and why and keeps the content', async () => {
      expect(await lock(1)).toBe(false); // still drafting
      await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'drafting', to: 'merging', mergedAt: 5, sources: [] });
      expect(await lock(2)).toBe(false); // not the next number
      expect(await lock(1)).toBe(true);
      expect(await getReport(db, reportId)).toMatchObject({ status: 'locked', version: 1 });
      expect(await lock(2)).toBe(false); // locked, not merging

      expect(await unlockVersion(db, { reportId, version: 2, unlockedBy: userId, unlockedAt: 2000, reason: '补充' })).toBe(false);
      expect(await unlockVersion(db, { reportId, version: 1, unlockedBy: userId, unlockedAt: 2000, reason: '补充' })).toBe(true);
      expect(await getReport(db, reportId)).toMatchObject({ status: 'merging', version: 1 });
      expect(await lock(2, 'b'.repeat(64))).toBe(true);

      expect(await listVersions(db, reportId)).toEqual([
        { reportId, version: 1, sha256: 'a'.repeat(64), lockedBy: userId, lockedAt: 1001, unlockedBy: userId, unlockedAt: 2000, unlockReason: '补充', chainHead: hex64, chainSeq: expect.any(Number) },
        { reportId, version: 2, sha256: 'b'.repeat(64), lockedBy: userId, lockedAt: 1002, unlockedBy: null, unlockedAt: null, unlockReason: null, chainHead: hex64, chainSeq: expect.any(Number) },
      ]);
      const v1 = (await getVersion(db, reportId, 1))!;
      expect(v1.contentJson).toBe('{"type":"doc"}');
      expect(v1.state).toEqual(new Uint8Array([0, 0]));
      expect(await getVersion(db, reportId, 3)).toBeNull();
    });

    it('records the lock and unlock events in the same transaction, and none for a refused one', async () => {
      await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'drafting', to: 'merging', mergedAt: 5, sources: [] });
      const event = (type: 'report.lock' | 'report.unlock') =>
        type === 'report.lock'
          ? { type, detail: { from: 'merging' as const, to: 'locked' as const, version: 1, sha256: 'ab' } }
          : { type, detail: { from: 'locked' as const, to: 'merging' as const, version: 1, reason: '补充' } };
      const lockInput = { reportId, sha256: 'a'.repeat(64), contentJson: '{"type":"doc"}', state: new Uint8Array([0, 0]), lockedBy: userId, lockedAt: 1001 };
      expect(await lockVersion(db, { ...lockInput, version: 2, event: event('report.lock') })).toBe(false);
      expect(await lockVersion(db, { ...lockInput, version: 1, event: event('report.lock') })).toBe(true);
      expect(await unlockVersion(db, { reportId, version: 1, unlockedBy: userId, unlockedAt: 2000, reason: '补充', event: event('report.unlock') })).toBe(true);
      expect(await unlockVersion(db, { reportId, version: 1, unlockedBy: userId, unlockedAt: 2001, reason: '再补充', event: event('report.unlock') })).toBe(false);
      const events = (await listEvents(db, reportId)).filter((e) => e.type.startsWith('report.'));
      expect(events.map((e) => [e.type, e.actorId, e.detail])).toEqual([
        ['report.lock', userId, { from: 'merging', to: 'locked', version: 1, sha256: 'ab' }],
        ['report.unlock', userId, { from: 'locked', to: 'merging', version: 1, reason: '补充' }],
      ]);
    });
  });

  describe('locked versions are guarded by the database (migration 0004)', () => {
    /** Locks version 1 (and, when asked, unlocks it) through the repository. */
    async function locked(unlocked = false): Promise<void> {
      await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'drafting', to: 'merging', mergedAt: 5, sources: [] });
      expect(await lock(1)).toBe(true);
      if (unlocked) expect(await unlockVersion(db, { reportId, version: 1, unlockedBy: userId, unlockedAt: 2000, reason: '补充' })).toBe(true);
    }
    const row = () => db.kysely.selectFrom('report_versions').selectAll().where('report_id', '=', reportId).executeTakeFirstOrThrow();
    const update = (set: Record<string, unknown>) =>
      db.kysely.updateTable('report_versions').set(set).where('report_id', '=', reportId).where('version', '=', 1).execute();

    it('refuses a direct UPDATE of anything that was locked', async () => {
      await locked();
      const before = await row();
      const changes: Record<string, unknown>[] = [
        { content_json: '{"type":"doc","content":[]}' },
        { sha256: 'f'.repeat(64) },
        { state: new Uint8Array([1]) },
        { version: 7 },
        { locked_by: userId, locked_at: 1 },
      ];
      for (const set of changes) await expect(update(set), JSON.stringify(set)).rejects.toThrow(LOCKED_VERSION_GUARD.update);
      // Raw SQL is refused the same way (RAISE(ABORT) / RAISE EXCEPTION in the trigger).
      await expect(sql`UPDATE report_versions SET content_json = '{}'`.execute(db.kysely)).rejects.toMatchObject({ code: triggerCode });
      expect(await row()).toEqual(before);
    });

    it('lets the unlock be recorded once, and refuses to change it afterwards', async () => {
      await locked(true);
      expect(await row()).toMatchObject({ unlocked_by: userId, unlocked_at: 2000, unlock_reason: '补充' });
      await expect(update({ unlock_reason: '改写理由' })).rejects.toThrow(LOCKED_VERSION_GUARD.update);
      await expect(update({ unlocked_by: null, unlocked_at: null, unlock_reason: null })).rejects.toThrow(LOCKED_VERSION_GUARD.update);
      expect(await row()).toMatchObject({ unlocked_by: userId, unlocked_at: 2000, unlock_reason: '补充' });
      // The next lock and its unlock still work.
      expect(await lock(2, 'b'.repeat(64))).toBe(true);
      expect(await unlockVersion(db, { reportId, version: 2, unlockedBy: userId, unlockedAt: 3000, reason: '再补充' })).toBe(true);
      expect((await listVersions(db, reportId)).map((v) => [v.version, v.unlockReason])).toEqual([
        [1, '补充'],
        [2, '再补充'],
      ]);
    });

    it('refuses a direct DELETE', async () => {
      await locked();
      await expect(db.kysely.deleteFrom('report_versions').execute()).rejects.toThrow(LOCKED_VERSION_GUARD.delete);
      await expect(sql`DELETE FROM report_versions WHERE version = 1`.execute(db.kysely)).rejects.toMatchObject({ code: triggerCode });
      if (name === 'postgres') await expect(sql`TRUNCATE report_versions CASCADE`.execute(db.kysely)).rejects.toThrow(LOCKED_VERSION_GUARD.delete);
      expect(await listVersions(db, reportId)).toHaveLength(1);
    });

    it('an update that changes nothing locked (a no-op) is allowed', async () => {
      await locked();
      await update({ unlocked_by: null });
      expect((await row()).unlocked_by).toBeNull();
    });
  });
});
