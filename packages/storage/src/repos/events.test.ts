import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '../sqlite.js';
import { createReport } from './reports.js';
import { listEvents, recordEvent } from './events.js';

let db: Db;
let reportId: string;

beforeEach(async () => {
  db = await openSqlite(':memory:');
  reportId = (await createReport(db, { title: '报告', period: '2020年上半年', kind: 'custom', dueDate: null, createdBy: null })).id;
});

afterEach(async () => {
  await db.close();
});

describe('events', () => {
  it('lists a report’s events oldest or newest first, optionally of one section, with their detail', async () => {
    const other = (await createReport(db, { title: '另一份', period: '2020年', kind: 'custom', dueDate: null, createdBy: null })).id;
    await recordEvent(db, { reportId, actorId: null, type: 'report.create' });
    await recordEvent(db, { reportId, sectionId: 's1', actorId: 'u1', type: 'section.submit', detail: { from: 'drafting', to: 'submitted' } });
    await recordEvent(db, { reportId, sectionId: 's2', actorId: 'u1', type: 'section.submit' });
    await recordEvent(db, { reportId, sectionId: 's1', actorId: 'u2', type: 'section.return', detail: { reason: '请补充数据' } });
    await recordEvent(db, { reportId: other, sectionId: 's1', actorId: 'u2', type: 'section.approve' });

    expect((await listEvents(db, reportId)).map((e) => e.type)).toEqual(['report.create', 'section.submit', 'section.submit', 'section.return']);
    const newest = await listEvents(db, reportId, { newestFirst: true });
    expect(newest.map((e) => e.type)).toEqual(['section.return', 'section.submit', 'section.submit', 'report.create']);
    expect(newest[0]).toMatchObject({ reportId, sectionId: 's1', actorId: 'u2', detail: { reason: '请补充数据' } });
    expect(newest.at(-1)!.detail).toEqual({});

    const s1 = await listEvents(db, reportId, { sectionId: 's1', newestFirst: true });
    expect(s1.map((e) => [e.type, e.actorId])).toEqual([
      ['section.return', 'u2'],
      ['section.submit', 'u1'],
    ]);
    expect(await listEvents(db, reportId, { sectionId: 'missing' })).toEqual([]);
  });
});
