import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '../sqlite.js';
import { createBureau } from './organisation.js';
import { softDeleteSections } from './outline.js';
import { assignSection, createReport, createSection, getReport, getSection, transitionReportStatus, updateSectionStatus } from './reports.js';

let db: Db;
let reportId: string;

beforeEach(async () => {
  db = await openSqlite(':memory:');
  reportId = (await createReport(db, { title: '报告', period: '2020年上半年', kind: 'custom', dueDate: null, createdBy: null })).id;
});

afterEach(async () => {
  await db.close();
});

describe('conditional section transitions', () => {
  it('moves a section only from the status the caller decided on', async () => {
    const s = await createSection(db, { reportId, parentId: null, position: 0, title: '疫情防控', status: 'submitted' });
    expect(await updateSectionStatus(db, { id: s.id, from: 'submitted', to: 'returned', returnReason: '请补充数据' })).toBe(true);
    expect(await getSection(db, s.id)).toMatchObject({ status: 'returned', returnReason: '请补充数据' });

    // A second request decided on 'submitted' too; the status has moved since: nothing is written.
    expect(await updateSectionStatus(db, { id: s.id, from: 'submitted', to: 'approved', returnReason: null })).toBe(false);
    expect(await getSection(db, s.id)).toMatchObject({ status: 'returned', returnReason: '请补充数据' });
  });

  it('does not move a deleted or unknown section', async () => {
    const s = await createSection(db, { reportId, parentId: null, position: 0, title: '已删除', status: 'submitted' });
    await softDeleteSections(db, [s.id]);
    expect(await updateSectionStatus(db, { id: s.id, from: 'submitted', to: 'approved', returnReason: null })).toBe(false);
    expect(await updateSectionStatus(db, { id: 'missing', from: 'submitted', to: 'approved', returnReason: null })).toBe(false);
  });

  it('assigns only from the status the caller decided on, writing nothing otherwise', async () => {
    const a = await createBureau(db, { name: '卫健局', color: '#c0392b' });
    const b = await createBureau(db, { name: '发改局', color: '#2980b9' });
    const s = await createSection(db, { reportId, parentId: null, position: 0, title: '疫情防控', status: 'drafting', bureauIds: [a.id] });
    expect(await assignSection(db, s.id, { from: 'submitted', bureauIds: [b.id], status: 'submitted', dueDate: '2020-07-05' })).toBe(false);
    expect(await getSection(db, s.id)).toMatchObject({ status: 'drafting', bureauIds: [a.id], dueDate: null });
    expect(await assignSection(db, s.id, { from: 'drafting', bureauIds: [b.id], status: 'drafting', dueDate: '2020-07-05', instruction: '写明同比' })).toBe(true);
    expect(await getSection(db, s.id)).toMatchObject({ status: 'drafting', bureauIds: [b.id], dueDate: '2020-07-05', instruction: '写明同比' });
  });
});

describe('conditional report transitions', () => {
  it('moves a report only from the status the caller decided on', async () => {
    expect(await transitionReportStatus(db, { id: reportId, from: 'drafting', to: 'reviewing' })).toBe(true);
    expect((await getReport(db, reportId))!.status).toBe('reviewing');
    expect(await transitionReportStatus(db, { id: reportId, from: 'drafting', to: 'reviewing' })).toBe(false);
    expect(await transitionReportStatus(db, { id: reportId, from: 'merging', to: 'reviewing' })).toBe(false);
    expect((await getReport(db, reportId))!.status).toBe('reviewing');
  });
});
