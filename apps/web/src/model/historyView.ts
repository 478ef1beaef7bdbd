// The history list as the page shows it: filtered by section and kind, grouped by day (12月2日),
// each line with its HH:mm. Pure; local time, like the other times of the app.
import type { HistoryEntry } from '../api/historyApi';
import { kindOf, type HistoryKind } from './historySentence';

/** The kind filter: every event, or one kind. */
export type KindFilter = 'all' | Exclude<HistoryKind, 'other'>;

/** The kind filter's choices, in order. */
export const KIND_FILTERS: readonly { value: KindFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'workflow', label: '流程' },
  { value: 'outline', label: '大纲' },
  { value: 'comments', label: '批注' },
  { value: 'final', label: '定稿' },
];

/** What the list is narrowed to; `sectionId` '' for every section. */
export interface HistoryFilter {
  sectionId: string;
  kind: KindFilter;
}

/** One day of the list. */
export interface HistoryDay {
  /** `YYYY-MM-DD` (local), stable as a React key. */
  key: string;
  /** e.g. 12月2日, 2019年12月31日 in an earlier year, with 今天 / 昨天 after it. */
  label: string;
  entries: HistoryEntry[];
}

/** An entry of the section filter. */
export interface SectionOption {
  id: string;
  label: string;
  deleted: boolean;
}

/** Entries kept by the filter, in the order given. */
export function filterHistory(entries: readonly HistoryEntry[], filter: HistoryFilter): HistoryEntry[] {
  return entries.filter(
    (e) => (filter.sectionId === '' || e.sectionId === filter.sectionId) && (filter.kind === 'all' || kindOf(e.type) === filter.kind),
  );
}

/** How many entries each kind filter would show (for the counts on the filter buttons). */
export function countKinds(entries: readonly HistoryEntry[]): Record<KindFilter, number> {
  const counts: Record<KindFilter, number> = { all: entries.length, workflow: 0, outline: 0, comments: 0, final: 0 };
  for (const e of entries) {
    const kind = kindOf(e.type);
    if (kind !== 'other') counts[kind] += 1;
  }
  return counts;
}

/**
 * Groups entries (newest first, as the server sends them) by their local day, keeping the order.
 *
 * @example
 * groupByDay(entries, new Date())[0] // { key: '2020-12-02', label: '12月2日 今天', entries: [...] }
 */
export function groupByDay(entries: readonly HistoryEntry[], now: Date): HistoryDay[] {
  const days: HistoryDay[] = [];
  for (const e of entries) {
    const date = new Date(e.at);
    const key = Number.isNaN(date.getTime()) ? 'unknown' : dayKey(date);
    const last = days.at(-1);
    if (last && last.key === key) last.entries.push(e);
    else days.push({ key, label: key === 'unknown' ? '时间不详' : dayLabel(date, now), entries: [e] });
  }
  return days;
}

/** The day heading: 12月2日, with the year when it is not this year's, and 今天 / 昨天 when it applies. */
export function dayLabel(date: Date, now: Date): string {
  const day = `${date.getMonth() + 1}月${date.getDate()}日`;
  const label = date.getFullYear() === now.getFullYear() ? day : `${date.getFullYear()}年${day}`;
  const diff = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (diff === 0) return `${label} 今天`;
  if (diff === 1) return `${label} 昨天`;
  return label;
}

/** `HH:mm` of an ISO time (local); '' when unreadable. */
export function timeOfDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The section filter's entries: the live sections in outline order (number and title), then the
 * sections the history names that no longer exist, marked （已删除）.
 */
export function sectionOptions(live: readonly { id: string; number: string; title: string }[], entries: readonly HistoryEntry[]): SectionOption[] {
  const options: SectionOption[] = live.map((s) => ({ id: s.id, label: `${s.number}${s.title}`, deleted: false }));
  const known = new Set(live.map((s) => s.id));
  for (const e of entries) {
    if (e.sectionId === null || known.has(e.sectionId)) continue;
    known.add(e.sectionId);
    options.push({ id: e.sectionId, label: `${e.sectionTitle ?? '未命名章节'}（已删除）`, deleted: true });
  }
  return options;
}

/** The ids of the sections a `section.delete` entry removed (itself first), or [] for other entries. */
export function deletedIds(entry: HistoryEntry): string[] {
  if (entry.type !== 'section.delete') return [];
  const ids = entry.detail['deletedIds'];
  const list = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  if (entry.sectionId !== null && !list.includes(entry.sectionId)) list.unshift(entry.sectionId);
  return list;
}

/** The office's text a `report.merge` entry replaced in the final draft, per section (its title as then); [] for other entries. */
export function replacedEdits(entry: HistoryEntry): { sectionId: string; title: string; text: string }[] {
  if (entry.type !== 'report.merge') return [];
  const list = entry.detail['replacedEdits'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const { sectionId, title, text } = item as Record<string, unknown>;
    return typeof sectionId === 'string' && typeof text === 'string' ? [{ sectionId, title: typeof title === 'string' ? title : '', text }] : [];
  });
}

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}
