import { SECTION_STATUSES, isHandedIn } from '@hegao/domain';
import type { BoardRow } from '../../api/officeApi';
import type { SectionStatus } from '../../api/types';
import { formatDate } from '../../model/dueDate';

/** Filter value for rows no bureau is assigned to. */
export const UNASSIGNED = '__unassigned';

/** Which rows to show: '' for all, {@link UNASSIGNED}, or a bureau id. */
export type BoardFilterValue = string;

/** Columns the board can be sorted by; `outline` is the report's own order. */
export type BoardSortKey = 'outline' | 'chars' | 'placeholders' | 'due';

/** A sort of the board. */
export interface BoardSort {
  key: BoardSortKey;
  /** Ascending: fewest characters, fewest placeholders, earliest due date first. */
  dir: 'asc' | 'desc';
}

/** Counts by section state, plus how many are overdue. */
export type BoardCounts = Record<SectionStatus, number> & { total: number; overdue: number };

/** A due date ready to render: `截止 7月5日` with 剩余3天 / 今天截止 / 已逾期2天. */
export interface BoardDue {
  dateText: string;
  relative: string | null;
  tone: 'normal' | 'soon' | 'overdue' | 'muted';
}

/** Days left within which a due date is shown as close. */
const SOON_DAYS = 3;

/** The rows of one bureau (or the unassigned ones, or all). */
export function filterRows(rows: readonly BoardRow[], filter: BoardFilterValue): BoardRow[] {
  if (filter === '') return [...rows];
  if (filter === UNASSIGNED) return rows.filter((r) => r.bureaus.length === 0);
  return rows.filter((r) => r.bureaus.some((b) => b.id === filter));
}

/**
 * Sorts rows; ties and the `outline` key keep the report's order. Rows without a due date go last
 * whichever the direction, since there is nothing to compare.
 */
export function sortRows(rows: readonly BoardRow[], sort: BoardSort): BoardRow[] {
  const position = new Map(rows.map((r, i) => [r.id, i]));
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byOutline = (a: BoardRow, b: BoardRow) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0);
  return [...rows].sort((a, b) => {
    switch (sort.key) {
      case 'outline':
        return sign * byOutline(a, b);
      case 'chars':
        return sign * (a.chars - b.chars) || byOutline(a, b);
      case 'placeholders':
        return sign * (a.placeholders - b.placeholders) || byOutline(a, b);
      case 'due': {
        if (a.dueDate === b.dueDate) return byOutline(a, b);
        if (a.dueDate === null) return 1;
        if (b.dueDate === null) return -1;
        return sign * (a.dueDate < b.dueDate ? -1 : 1);
      }
    }
  });
}

/** The next sort after clicking a column: a new column starts in its natural direction, the same one flips. */
export function toggleSort(current: BoardSort, key: BoardSortKey): BoardSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  // Most placeholders and earliest deadlines are what the office looks for first.
  return { key, dir: key === 'placeholders' ? 'desc' : 'asc' };
}

/** How many rows are in each state, and overdue. */
export function countRows(rows: readonly BoardRow[]): BoardCounts {
  const counts = Object.fromEntries(SECTION_STATUSES.map((s) => [s, 0])) as Record<SectionStatus, number>;
  let overdue = 0;
  for (const r of rows) {
    if (Object.hasOwn(counts, r.status)) counts[r.status]++;
    if (r.overdue) overdue++;
  }
  return { ...counts, total: rows.length, overdue };
}

/** The bureaus that appear on the board, in the order they first appear (for the filter). */
export function boardBureaus(rows: readonly BoardRow[]): { id: string; name: string }[] {
  const seen = new Map<string, { id: string; name: string }>();
  for (const r of rows) for (const b of r.bureaus) if (!seen.has(b.id)) seen.set(b.id, { id: b.id, name: b.name });
  return [...seen.values()];
}

/**
 * Describes a row's deadline from the server's day count (calendar days in Asia/Shanghai, so every
 * viewer sees the same). A submitted or approved section shows only its date.
 */
export function describeRowDue(row: Pick<BoardRow, 'dueDate' | 'daysToDue' | 'overdue' | 'status'>): BoardDue {
  if (!row.dueDate) return { dateText: '未设截止日期', relative: null, tone: 'muted' };
  const dateText = formatDate(row.dueDate);
  const days = row.daysToDue;
  if (days === null || isHandedIn(row.status)) return { dateText, relative: null, tone: 'muted' };
  if (row.overdue || days < 0) return { dateText, relative: `已逾期${Math.abs(days)}天`, tone: 'overdue' };
  if (days === 0) return { dateText, relative: '今天截止', tone: 'soon' };
  return { dateText, relative: `剩余${days}天`, tone: days <= SOON_DAYS ? 'soon' : 'normal' };
}

/**
 * The numbers of each section's ancestors, e.g. `一、` for （四） under 一、, so rows that share a
 * number under different headings can be told apart (also once sorted). Sections without a
 * numbered ancestor get ''.
 */
export function ancestorNumbers(sections: readonly { id: string; parentId: string | null; number: string }[]): Map<string, string> {
  const byId = new Map(sections.map((s) => [s.id, s]));
  const out = new Map<string, string>();
  for (const s of sections) {
    const parts: string[] = [];
    const seen = new Set<string>([s.id]);
    let parent = s.parentId === null ? undefined : byId.get(s.parentId);
    while (parent && !seen.has(parent.id)) {
      seen.add(parent.id);
      parts.unshift(parent.number);
      parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
    }
    out.set(s.id, parts.join(''));
  }
  return out;
}
