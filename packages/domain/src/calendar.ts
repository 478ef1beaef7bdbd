/**
 * Calendar days of due dates. A due date (YYYY-MM-DD) is a day in China, so "today", "due
 * tomorrow" and "overdue by N days" are counted in Asia/Shanghai on the server (board,
 * reminders) and in every browser alike, whatever zone the machine is set to.
 */

/** The zone due dates are written in. */
export const DUE_DATE_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone (Asia/Shanghai by default). */
export function calendarDate(at: Date, timeZone = DUE_DATE_TIME_ZONE): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(at);
}

/** A YYYY-MM-DD date moved by whole days. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from one YYYY-MM-DD date to another: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Milliseconds from `at` until the next calendar day begins in the zone (for timers that refresh "today"). */
export function msUntilNextDay(at: Date, timeZone = DUE_DATE_TIME_ZONE): number {
  const today = calendarDate(at, timeZone);
  // The last instant of today: step forward in hours, minutes, seconds, milliseconds while the
  // date stays the same (at most ~24+60+60+1000 probes); the next millisecond is the new day.
  let t = at.getTime();
  for (const step of [3_600_000, 60_000, 1_000, 1]) {
    while (calendarDate(new Date(t + step), timeZone) === today) t += step;
  }
  return t + 1 - at.getTime();
}
