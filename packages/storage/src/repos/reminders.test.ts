import { describe, expect, it } from 'vitest';
import { dialects } from '../test/dialects.js';
import { useReportDb } from '../test/reportDb.js';
import { createSection } from './reports.js';
import { markSectionReminded, sectionRemindedAt, sectionsRemindedAt } from './reminders.js';

const HOUR = 3_600_000;

describe.each(dialects)('$name', (dialect) => {
  const t = useReportDb(dialect);

  it('records a 催办 once per hour per section: within the hour the write changes nothing', async () => {
    const s = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 0, title: '导语', status: 'drafting', bureauIds: [] });
    const other = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 1, title: '民生', status: 'drafting', bureauIds: [] });
    expect(await sectionRemindedAt(t.db, s.id)).toBeNull();
    const at = 1_800_000_000_000;
    expect(await markSectionReminded(t.db, { id: s.id, status: 'drafting', at, notAfter: at - HOUR })).toBe(true);
    expect(await sectionRemindedAt(t.db, s.id)).toBe(at);
    // A second press 10 minutes later: refused, the first time stays.
    const later = at + 600_000;
    expect(await markSectionReminded(t.db, { id: s.id, status: 'drafting', at: later, notAfter: later - HOUR })).toBe(false);
    expect(await sectionRemindedAt(t.db, s.id)).toBe(at);
    // Another section is not limited by it.
    expect(await markSectionReminded(t.db, { id: other.id, status: 'drafting', at: later, notAfter: later - HOUR })).toBe(true);
    expect(await sectionsRemindedAt(t.db, t.reportId)).toEqual(new Map([[s.id, at], [other.id, later]]));
    // An hour after the first, it may again.
    expect(await markSectionReminded(t.db, { id: s.id, status: 'drafting', at: at + HOUR, notAfter: at })).toBe(true);
    expect(await sectionRemindedAt(t.db, s.id)).toBe(at + HOUR);
  });

  it('of two simultaneous presses exactly one is recorded', async () => {
    const s = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 0, title: '导语', status: 'returned', bureauIds: [] });
    const at = 1_800_000_000_000;
    const results = await Promise.all([1, 2, 3].map((i) => markSectionReminded(t.db, { id: s.id, status: 'returned', at: at + i, notAfter: at - HOUR })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('writes nothing when the section moved on from the state decided on', async () => {
    const s = await createSection(t.db, { reportId: t.reportId, parentId: null, position: 0, title: '导语', status: 'submitted', bureauIds: [] });
    expect(await markSectionReminded(t.db, { id: s.id, status: 'drafting', at: 1, notAfter: 0 })).toBe(false);
    expect(await sectionRemindedAt(t.db, s.id)).toBeNull();
  });
});
