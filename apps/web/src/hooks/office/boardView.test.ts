import { describe, expect, it } from 'vitest';
import type { BoardRow } from '../../api/officeApi';
import { UNASSIGNED, ancestorNumbers, boardBureaus, countRows, describeRowDue, filterRows, sortRows, toggleSort } from './boardView';

const WJJ = { id: 'b-wjj', name: '卫健局' };
const FGJ = { id: 'b-fgj', name: '发改局' };

function row(id: string, fields: Partial<BoardRow> = {}): BoardRow {
  return { id, number: '', title: id, bureaus: [], status: 'drafting', chars: 0, placeholders: 0, lastEdit: null, dueDate: null, daysToDue: null, overdue: false, remindedAt: null, ...fields };
}

const ROWS = [
  row('intro', { bureaus: [FGJ], chars: 300, placeholders: 4, dueDate: '2020-07-05', daysToDue: 4 }),
  row('epidemic', { bureaus: [WJJ], chars: 1200, placeholders: 0, dueDate: '2020-06-28', daysToDue: -3, overdue: true }),
  row('both', { bureaus: [WJJ, FGJ], chars: 50, placeholders: 4, status: 'submitted', dueDate: '2020-06-28', daysToDue: -3 }),
  row('none', { status: 'not_started' }),
];

const ids = (rows: readonly BoardRow[]) => rows.map((r) => r.id);

describe('filterRows', () => {
  it('keeps all, one bureau (jointly assigned rows included) or the unassigned rows', () => {
    expect(ids(filterRows(ROWS, ''))).toEqual(['intro', 'epidemic', 'both', 'none']);
    expect(ids(filterRows(ROWS, 'b-wjj'))).toEqual(['epidemic', 'both']);
    expect(ids(filterRows(ROWS, 'b-fgj'))).toEqual(['intro', 'both']);
    expect(ids(filterRows(ROWS, UNASSIGNED))).toEqual(['none']);
    expect(ids(filterRows(ROWS, 'b-gone'))).toEqual([]);
  });
});

describe('sortRows', () => {
  it('keeps or reverses the outline order', () => {
    expect(ids(sortRows(ROWS, { key: 'outline', dir: 'asc' }))).toEqual(['intro', 'epidemic', 'both', 'none']);
    expect(ids(sortRows(ROWS, { key: 'outline', dir: 'desc' }))).toEqual(['none', 'both', 'epidemic', 'intro']);
  });

  it('sorts by numbers with ties in outline order', () => {
    expect(ids(sortRows(ROWS, { key: 'chars', dir: 'desc' }))).toEqual(['epidemic', 'intro', 'both', 'none']);
    expect(ids(sortRows(ROWS, { key: 'placeholders', dir: 'desc' }))).toEqual(['intro', 'both', 'epidemic', 'none']);
    expect(ids(sortRows(ROWS, { key: 'placeholders', dir: 'asc' }))).toEqual(['epidemic', 'none', 'intro', 'both']);
  });

  it('sorts by due date with undated rows last in both directions', () => {
    expect(ids(sortRows(ROWS, { key: 'due', dir: 'asc' }))).toEqual(['epidemic', 'both', 'intro', 'none']);
    expect(ids(sortRows(ROWS, { key: 'due', dir: 'desc' }))).toEqual(['intro', 'epidemic', 'both', 'none']);
  });

  it('does not change its input', () => {
    const copy = [...ROWS];
    sortRows(ROWS, { key: 'chars', dir: 'asc' });
    expect(ROWS).toEqual(copy);
  });
});

describe('toggleSort', () => {
  it('flips the same column and starts a new one in its natural direction', () => {
    expect(toggleSort({ key: 'outline', dir: 'asc' }, 'due')).toEqual({ key: 'due', dir: 'asc' });
    expect(toggleSort({ key: 'due', dir: 'asc' }, 'due')).toEqual({ key: 'due', dir: 'desc' });
    expect(toggleSort({ key: 'due', dir: 'asc' }, 'placeholders')).toEqual({ key: 'placeholders', dir: 'desc' });
  });
});

describe('countRows and boardBureaus', () => {
  it('counts states and overdue rows', () => {
    expect(countRows(ROWS)).toEqual({ not_started: 1, drafting: 2, submitted: 1, returned: 0, approved: 0, total: 4, overdue: 1 });
    expect(countRows([])).toMatchObject({ total: 0, overdue: 0, drafting: 0 });
  });

  it('lists each bureau once, in order of appearance', () => {
    expect(boardBureaus(ROWS)).toEqual([FGJ, WJJ]);
  });
});

describe('describeRowDue', () => {
  it('counts down, warns close to the date and turns red when overdue', () => {
    expect(describeRowDue({ dueDate: '2020-07-10', daysToDue: 9, overdue: false, status: 'drafting' })).toEqual({ dateText: '2020年7月10日', relative: '剩余9天', tone: 'normal' });
    expect(describeRowDue({ dueDate: '2020-07-04', daysToDue: 3, overdue: false, status: 'drafting' })).toMatchObject({ relative: '剩余3天', tone: 'soon' });
    expect(describeRowDue({ dueDate: '2020-07-01', daysToDue: 0, overdue: false, status: 'returned' })).toMatchObject({ relative: '今天截止', tone: 'soon' });
    expect(describeRowDue({ dueDate: '2020-06-28', daysToDue: -3, overdue: true, status: 'drafting' })).toMatchObject({ relative: '已逾期3天', tone: 'overdue' });
  });

  it('shows only the date once submitted or approved, and says when there is none', () => {
    expect(describeRowDue({ dueDate: '2020-06-28', daysToDue: -3, overdue: false, status: 'submitted' })).toEqual({ dateText: '2020年6月28日', relative: null, tone: 'muted' });
    expect(describeRowDue({ dueDate: null, daysToDue: null, overdue: false, status: 'drafting' })).toEqual({ dateText: '未设截止日期', relative: null, tone: 'muted' });
  });
});

describe('ancestorNumbers', () => {
  it('joins the numbers of every ancestor, and survives a parent cycle', () => {
    const sections = [
      { id: 'intro', parentId: null, number: '' },
      { id: 'a', parentId: null, number: '一、' },
      { id: 'a1', parentId: 'a', number: '（一）' },
      { id: 'a1x', parentId: 'a1', number: '1.' },
      { id: 'c1', parentId: 'c2', number: '（1）' },
      { id: 'c2', parentId: 'c1', number: '（2）' },
    ];
    const got = ancestorNumbers(sections);
    expect(got.get('intro')).toBe('');
    expect(got.get('a1')).toBe('一、');
    expect(got.get('a1x')).toBe('一、（一）');
    expect(got.get('c1')).toBe('（2）');
  });
});
