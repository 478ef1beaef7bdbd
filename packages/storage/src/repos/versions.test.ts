import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '../sqlite.js';
import { createUser } from './organisation.js';
import { createReport, createSection, getReport } from './reports.js';
import { listEvents } from './events.js';
import { getVersion, lastDocSeq, listMergeSources, listVersions, lockVersion, recordMerge, unlockVersion } from './versions.js';

let db: Db;
let reportId: string;
let userId: string;
let sectionIds: string[];
beforeEach(async () => {
  db = await openSqlite(':memory:');
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
    expect(await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'reviewing', to: 'merging', mergedAt: 5, sources: [] })).toBe(false);
    expect(await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'drafting', to: 'merging', mergedAt: 5, sources: [{ sectionId: a, sourceSeq: 3, text: '甲' }, { sectionId: b, sourceSeq: 4, text: '乙' }] })).toBe(true);
    expect(await recordMerge(db, { reportId, finalDocName: 'final-other', from: 'merging', to: 'merging', mergedAt: 9, sources: [{ sectionId: a, sourceSeq: 7, text: '甲改' }] })).toBe(true);
    expect(await getReport(db, reportId)).toMatchObject({ status: 'merging', finalDocName: 'final-x', mergedAt: 9 });
    const sources = (await listMergeSources(db, reportId)).sort((x, y) => x.text.localeCompare(y.text));
    expect(sources).toEqual(
      [
        { sectionId: a, mergedAt: 9, sourceSeq: 7, text: '甲改' },
        { sectionId: b, mergedAt: 5, sourceSeq: 4, text: '乙' },
      ].sort((x, y) => x.text.localeCompare(y.text)),
    );
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
      { reportId, version: 1, sha256: 'a'.repeat(64), lockedBy: userId, lockedAt: 1001, unlockedBy: userId, unlockedAt: 2000, unlockReason: '补充' },
      { reportId, version: 2, sha256: 'b'.repeat(64), lockedBy: userId, lockedAt: 1002, unlockedBy: null, unlockedAt: null, unlockReason: null },
    ]);
    const v1 = (await getVersion(db, reportId, 1))!;
    expect(v1.contentJson).toBe('{"type":"doc"}');
    expect(v1.state).toEqual(new Uint8Array([0, 0]));
    expect(await getVersion(db, reportId, 3)).toBeNull();
  });

  it('records the lock and unlock events in the same transaction, and none for a refused one', async () => {
    await recordMerge(db, { reportId, finalDocName: 'final-x', from: 'drafting', to: 'merging', mergedAt: 5, sources: [] });
    const event = (type: string) => ({ type, detail: { version: 1 } });
    const lockInput = { reportId, sha256: 'a'.repeat(64), contentJson: '{"type":"doc"}', state: new Uint8Array([0, 0]), lockedBy: userId, lockedAt: 1001 };
    expect(await lockVersion(db, { ...lockInput, version: 2, event: event('report.lock') })).toBe(false);
    expect(await lockVersion(db, { ...lockInput, version: 1, event: event('report.lock') })).toBe(true);
    expect(await unlockVersion(db, { reportId, version: 1, unlockedBy: userId, unlockedAt: 2000, reason: '补充', event: event('report.unlock') })).toBe(true);
    expect(await unlockVersion(db, { reportId, version: 1, unlockedBy: userId, unlockedAt: 2001, reason: '再补充', event: event('report.unlock') })).toBe(false);
    const events = (await listEvents(db, reportId)).filter((e) => e.type.startsWith('report.'));
    expect(events.map((e) => [e.type, e.actorId, e.detail])).toEqual([
      ['report.lock', userId, { version: 1 }],
      ['report.unlock', userId, { version: 1 }],
    ]);
  });
});
