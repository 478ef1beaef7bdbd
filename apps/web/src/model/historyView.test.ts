import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../api/historyApi';
import { countKinds, dayLabel, deletedIds, filterHistory, groupByDay, replacedEdits, sectionOptions, timeOfDay } from './historyView';

/** An entry at a local time (so the test holds in any time zone). */
function entry(id: number, type: string, at: Date, fields: Partial<HistoryEntry> = {}): HistoryEntry {
  return { id, at: at.toISOString(), type, actor: null, sectionId: null, sectionTitle: null, reason: null, detail: {}, ...fields };
}

const now = new Date(2020, 11, 2, 18, 0);
const entries = [
  entry(5, 'section.delete', new Date(2020, 11, 2, 16, 30), { sectionId: 'gone', sectionTitle: '安全生产', detail: { deletedIds: ['gone', 'child'] } }),
  entry(4, 'section.return', new Date(2020, 11, 2, 9, 5), { sectionId: 's1' }),
  entry(3, 'report.lock', new Date(2020, 11, 1, 23, 59)),
  entry(2, 'section.submit', new Date(2020, 10, 28, 8, 0), { sectionId: 's1' }),
  entry(1, 'comment.add', new Date(2019, 11, 31, 8, 0), { sectionId: 's1' }),
];

describe('groupByDay', () => {
  it('groups newest-first entries by local day, keeping their order, with Chinese day headings', () => {
    const days = groupByDay(entries, now);
    expect(days.map((d) => [d.key, d.label, d.entries.map((e) => e.id)])).toEqual([
      ['2020-12-02', '12月2日 今天', [5, 4]],
      ['2020-12-01', '12月1日 昨天', [3]],
      ['2020-11-28', '11月28日', [2]],
      ['2019-12-31', '2019年12月31日', [1]],
    ]);
  });

  it('puts an unreadable time under 时间不详', () => {
    expect(groupByDay([entry(1, 'x', now, { at: 'nonsense' })], now)[0]).toMatchObject({ key: 'unknown', label: '时间不详' });
  });
});

describe('timeOfDay and dayLabel', () => {
  it('formats HH:mm and day headings', () => {
    expect(timeOfDay(new Date(2020, 11, 2, 9, 5).toISOString())).toBe('09:05');
    expect(timeOfDay('nonsense')).toBe('');
    expect(dayLabel(new Date(2020, 6, 5, 12), now)).toBe('7月5日');
  });
});

describe('filterHistory and countKinds', () => {
  it('filters by section and kind', () => {
    const ids = (f: Parameters<typeof filterHistory>[1]) => filterHistory(entries, f).map((e) => e.id);
    expect(ids({ sectionId: '', kind: 'all' })).toEqual([5, 4, 3, 2, 1]);
    expect(ids({ sectionId: 's1', kind: 'all' })).toEqual([4, 2, 1]);
    expect(ids({ sectionId: '', kind: 'workflow' })).toEqual([4, 2]);
    expect(ids({ sectionId: '', kind: 'outline' })).toEqual([5]);
    expect(ids({ sectionId: '', kind: 'final' })).toEqual([3]);
    expect(ids({ sectionId: 's1', kind: 'outline' })).toEqual([]);
    expect(ids({ sectionId: '', kind: 'comments' })).toEqual([1]);
    expect(countKinds(entries)).toEqual({ all: 5, workflow: 2, outline: 1, comments: 1, final: 1 });
  });
});

describe('sectionOptions', () => {
  it('lists live sections in outline order, then deleted ones the history names', () => {
    const live = [
      { id: 'pre', number: '', title: '导语' },
      { id: 's1', number: '（一）', title: '疫情防控' },
    ];
    const extra = entry(6, 'section.submit', now, { sectionId: 'child' });
    expect(sectionOptions(live, [...entries, extra])).toEqual([
      { id: 'pre', label: '导语', deleted: false },
      { id: 's1', label: '（一）疫情防控', deleted: false },
      { id: 'gone', label: '安全生产（已删除）', deleted: true },
      { id: 'child', label: '未命名章节（已删除）', deleted: true },
    ]);
  });
});

describe('deletedIds', () => {
  it('lists what a deletion removed, the section itself first', () => {
    expect(deletedIds(entries[0]!)).toEqual(['gone', 'child']);
    expect(deletedIds(entry(7, 'section.delete', now, { sectionId: 'x', detail: {} }))).toEqual(['x']);
    expect(deletedIds(entries[1]!)).toEqual([]);
  });
});

describe('replacedEdits', () => {
  it('reads the office’s text a re-merge replaced, skipping what cannot be read', () => {
    const merge = entry(8, 'report.merge', now, {
      detail: { remerge: true, replacedEdits: [{ sectionId: 's1', title: '疫情防控', text: '（一）疫情防控\n办公室润色过的一段。' }, { sectionId: 7 }, null] },
    });
    expect(replacedEdits(merge)).toEqual([{ sectionId: 's1', title: '疫情防控', text: '（一）疫情防控\n办公室润色过的一段。' }]);
    expect(replacedEdits(entry(9, 'report.merge', now, { detail: { remerge: false } }))).toEqual([]);
    expect(replacedEdits(entries[0]!)).toEqual([]);
  });
});
