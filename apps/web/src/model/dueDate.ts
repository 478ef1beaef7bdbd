import { calendarDate, daysBetween } from '@hegao/domain';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How a due date should look: calm, close, or overdue (red). */
export type DueTone = 'normal' | 'soon' | 'overdue' | 'muted';

/** A due date ready to render. */
export interface DueInfo {
  /** e.g. 2020年7月10日, or 未设截止日期. */
  dateText: string;
  /** e.g. 剩余5天 / 今天截止 / 已逾期3天; null when there is no countdown to show. */
  relative: string | null;
  tone: DueTone;
}

/** Days left within which a due date counts as close. */
export const SOON_DAYS = 3;

/** Parses `YYYY-MM-DD` into its parts, or null when it is not a real calendar date. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** Formats `YYYY-MM-DD` as 2020年7月10日; anything unparseable is returned unchanged. */
export function formatDate(value: string): string {
  const parts = parseIsoDate(value);
  return parts ? `${parts.year}年${parts.month}月${parts.day}日` : value;
}

/**
 * Whole calendar days from `today` until `due` (`YYYY-MM-DD`): positive ahead, 0 on the day,
 * negative when past; null for an invalid date. Today is the date in China (the zone due dates
 * are written in, as the server's board and reminders count them), whatever zone this browser is in.
 */
export function daysUntil(due: string, today: Date): number | null {
  if (!parseIsoDate(due)) return null;
  return daysBetween(calendarDate(today), due);
}

/**
 * Describes a due date relative to today. When the work is `finished` (section submitted or
 * approved, report locked) the date is shown without a countdown.
 */
export function describeDue(due: string | null, today: Date, finished = false): DueInfo {
  if (due === null || due === '') return { dateText: '未设截止日期', relative: null, tone: 'muted' };
  const dateText = formatDate(due);
  const days = daysUntil(due, today);
  if (days === null || finished) return { dateText, relative: null, tone: 'muted' };
  if (days < 0) return { dateText, relative: `已逾期${-days}天`, tone: 'overdue' };
  if (days === 0) return { dateText, relative: '今天截止', tone: 'soon' };
  return { dateText, relative: `剩余${days}天`, tone: days <= SOON_DAYS ? 'soon' : 'normal' };
}
