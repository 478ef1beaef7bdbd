import { describe, expect, it } from 'vitest';
import { dialects } from '../test/dialects.js';
import { useReportDb } from '../test/reportDb.js';
import { createReport } from './reports.js';
import { listEvents, recordEvent } from './events.js';

describe.each(dialects)('$name', (dialect) => {
  const t = useReportDb(dialect);

  describe('events', () => {
    it('lists a report’s events oldest or newest first, optionally of one section, with their detail', async () => {
      const other = (await createReport(t.db, { title: '另一份', period: '2020年', kind: 'custom', dueDate: null, createdBy: null })).id;
      await recordEvent(t.db, { reportId: t.reportId, actorId: null, type: 'report.create', detail: {} });
      await recordEvent(t.db, { reportId: t.reportId, sectionId: 's1', actorId: 'u1', type: 'section.submit', detail: { from: 'drafting', to: 'submitted' } });
      await recordEvent(t.db, { reportId: t.reportId, sectionId: 's2', actorId: 'u1', type: 'section.submit', detail: { to: 'submitted' } });
      await recordEvent(t.db, { reportId: t.reportId, sectionId: 's1', actorId: 'u2', type: 'section.return', detail: { from: 'submitted', to: 'returned', reason: '请补充数据' } });
      await recordEvent(t.db, { reportId: other, sectionId: 's1', actorId: 'u2', type: 'section.approve', detail: { from: 'submitted', to: 'approved' } });

      expect((await listEvents(t.db, t.reportId)).map((e) => e.type)).toEqual(['report.create', 'section.submit', 'section.submit', 'section.return']);
      const newest = await listEvents(t.db, t.reportId, { newestFirst: true });
      expect(newest.map((e) => e.type)).toEqual(['section.return', 'section.submit', 'section.submit', 'report.create']);
      expect(newest[0]).toMatchObject({ reportId: t.reportId, sectionId: 's1', actorId: 'u2', detail: { reason: '请补充数据' } });
      expect(newest.at(-1)!.detail).toEqual({});

      const s1 = await listEvents(t.db, t.reportId, { sectionId: 's1', newestFirst: true });
      expect(s1.map((e) => [e.type, e.actorId])).toEqual([
        ['section.return', 'u2'],
        ['section.submit', 'u1'],
      ]);
      expect(await listEvents(t.db, t.reportId, { sectionId: 'missing' })).toEqual([]);
    });
  });
});
