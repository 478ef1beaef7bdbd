import { describe, expect, it } from 'vitest';
import { dialects } from '../test/dialects.js';
import { useReportDb } from '../test/reportDb.js';
import { createBureau } from './organisation.js';
import { listOutline, softDeleteSections } from './outline.js';
import { assignSection, createReport, createSection, getReport, getSection, getSectionAnyState, listSections, transitionReportStatus, updateSectionStatus } from './reports.js';

describe.each(dialects)('$name', (dialect) => {
  const t = useReportDb(dialect);

  describe('conditional section transitions', () => {
    it('moves a section only from the status the caller decided on', async () => {
      const s = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 0, title: '疫情防控', status: 'submitted' });
      expect(await updateSectionStatus(t.db, { id: s.id, from: 'submitted', to: 'returned', returnReason: '请补充数据' })).toBe(true);
      expect(await getSection(t.db, s.id)).toMatchObject({ status: 'returned', returnReason: '请补充数据' });

      // A second request decided on 'submitted' too; the status has moved since: nothing is written.
      expect(await updateSectionStatus(t.db, { id: s.id, from: 'submitted', to: 'approved', returnReason: null })).toBe(false);
      expect(await getSection(t.db, s.id)).toMatchObject({ status: 'returned', returnReason: '请补充数据' });
    });

    it('does not move a deleted or unknown section', async () => {
      const s = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 0, title: '已删除', status: 'submitted' });
      await softDeleteSections(t.db, [s.id]);
      expect(await updateSectionStatus(t.db, { id: s.id, from: 'submitted', to: 'approved', returnReason: null })).toBe(false);
      expect(await updateSectionStatus(t.db, { id: 'missing', from: 'submitted', to: 'approved', returnReason: null })).toBe(false);
    });

    it('assigns only from the status the caller decided on, writing nothing otherwise', async () => {
      const a = await createBureau(t.db, { name: '卫健局', color: '#c0392b' });
      const b = await createBureau(t.db, { name: '发改局', color: '#2980b9' });
      const s = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 0, title: '疫情防控', status: 'drafting', bureauIds: [a.id] });
      expect(await assignSection(t.db, s.id, { from: 'submitted', bureauIds: [b.id], status: 'submitted', dueDate: '2020-07-05' })).toBe(false);
      expect(await getSection(t.db, s.id)).toMatchObject({ status: 'drafting', bureauIds: [a.id], dueDate: null });
      expect(await assignSection(t.db, s.id, { from: 'drafting', bureauIds: [b.id], status: 'drafting', dueDate: '2020-07-05', instruction: '写明同比' })).toBe(true);
      expect(await getSection(t.db, s.id)).toMatchObject({ status: 'drafting', bureauIds: [b.id], dueDate: '2020-07-05', instruction: '写明同比' });
    });
  });

  describe('listOutline', () => {
    it("gives the live sections' places and numbering as listSections has them, and nothing else", async () => {
      const other = await createReport(t.db, { title: '另一份', period: '2020年', kind: 'custom', dueDate: null, createdBy: null });
      const top = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 0, title: '导语', status: 'drafting', numbered: false });
      const child = await createSection(t.db, { reportId: t.reportId, parentId: top.id, position: 1, title: '一、工作', status: 'drafting' });
      const gone = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 2, title: '已删除', status: 'drafting' });
      await createSection(t.db, { reportId: other.id, parentId: null, position: 0, title: '别的报告', status: 'drafting' });
      await softDeleteSections(t.db, [gone.id]);
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      const places = (await listOutline(t.db, t.reportId)).sort(byId);
      expect(places).toEqual(
        [
          { id: top.id, parentId: null, position: 0, numbered: false },
          { id: child.id, parentId: top.id, position: 1, numbered: true },
        ].sort(byId),
      );
      const full = (await listSections(t.db, t.reportId)).sort(byId);
      expect(full.map(({ id, parentId, position, numbered }) => ({ id, parentId, position, numbered }))).toEqual(places);
    });
  });

  describe('getSectionAnyState', () => {
    it('finds a live and a soft-deleted section, saying when it was deleted; null for an unknown id', async () => {
      const s = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 0, title: '安全生产', status: 'drafting' });
      expect(await getSectionAnyState(t.db, s.id)).toMatchObject({ id: s.id, title: '安全生产', deletedAt: null });
      await softDeleteSections(t.db, [s.id]);
      expect(await getSection(t.db, s.id)).toBeNull();
      const deleted = await getSectionAnyState(t.db, s.id);
      expect(deleted).toMatchObject({ id: s.id, title: '安全生产', docName: s.docName });
      expect(deleted?.deletedAt).toEqual(expect.any(Number));
      expect(await getSectionAnyState(t.db, 'missing')).toBeNull();
    });
  });

  describe('conditional report transitions', () => {
    it('moves a report only from the status the caller decided on', async () => {
      expect(await transitionReportStatus(t.db, { id: t.reportId, from: 'drafting', to: 'reviewing' })).toBe(true);
      expect((await getReport(t.db, t.reportId))!.status).toBe('reviewing');
      expect(await transitionReportStatus(t.db, { id: t.reportId, from: 'drafting', to: 'reviewing' })).toBe(false);
      expect(await transitionReportStatus(t.db, { id: t.reportId, from: 'merging', to: 'reviewing' })).toBe(false);
      expect((await getReport(t.db, t.reportId))!.status).toBe('reviewing');
    });
  });
});
