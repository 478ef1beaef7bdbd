/**
 * 催办: the office reminds a section's bureau by hand, at most once an hour per section. The
 * limit is decided by decide(…, 'section.remind', { remindedAt, now }); these are its clock.
 */
import { DUE_DATE_TIME_ZONE, calendarDate } from './calendar.js';

/** How long after a 催办 the same section may be reminded again: one hour. */
export const REMIND_INTERVAL_MS = 60 * 60_000;

/** When a section reminded at `remindedAt` (epoch ms) may be reminded again. */
export function nextRemindAt(remindedAt: number): number {
  return remindedAt + REMIND_INTERVAL_MS;
}

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: DUE_DATE_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * An instant as the office reads it in a sentence, Beijing time: 14:05 on the same day as `now`,
 * else 12月7日 14:05.
 * @example remindClock(Date.parse('2026-12-06T06:05:00Z'), Date.parse('2026-12-06T06:30:00Z')) // '14:05'
 */
export function remindClock(at: number, now: number): string {
  const time = clock.format(new Date(at));
  const day = calendarDate(new Date(at));
  if (day === calendarDate(new Date(now))) return time;
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日 ${time}`;
}

/** The refusal of a 催办 within the hour: when it was reminded and when it may be again. */
export function remindTooSoonReason(remindedAt: number, now: number): string {
  return `本章节已于${remindClock(remindedAt, now)}催办过，每小时只能催办一次，请于${remindClock(nextRemindAt(remindedAt), now)}后再催办`;
}
