/**
 * Due-date reminders: a section that is still being written (not submitted or approved) and is
 * due tomorrow gets a 'due_tomorrow' notification for its bureaus' editors; one past its due date
 * gets an 'overdue' one for them and for every secretary. Runs at server start and every 10
 * minutes; idempotent through the notifications' (user, dedupe_key) index, the key naming the
 * section and its due date — so each reminder comes once per due date, and moving the date re-arms it.
 * A section without its own due date is due on the report's (`effectiveDueDate`).
 * Dates are calendar days in Asia/Shanghai, the zone the due dates are written in.
 */
import { DUE_DATE_TIME_ZONE, REPORT_STATE, addDays, calendarDate, effectiveDueDate, isStillWriting, type User } from '@hegao/domain';
import { listBureaus, listReports, listSections, listUsers, type NewNotification, type SectionRecord } from '@hegao/storage';
import type { AppContext } from '../context.js';
import { startPeriodic, type PeriodicJob } from '../jobs/periodic.js';
import { chineseDate, editorsOf, notify, reportSectionLabel, secretariesOf, sectionNumbers } from './notify.js';

/** Time zone of due dates. */
export const REMINDER_TIME_ZONE = DUE_DATE_TIME_ZONE;

/** How often reminders are checked. */
export const REMINDER_INTERVAL_MS = 10 * 60_000;

/** Which reminder a section is due, if any. */
export type ReminderKind = 'due_tomorrow' | 'overdue';


/**
 * The reminder a section is due on `today`: 'overdue' after its due date, 'due_tomorrow' the day
 * before it; null when it has no due date or bureau, or is already submitted or approved.
 */
export function reminderKind(section: Pick<SectionRecord, 'status' | 'dueDate' | 'bureauIds'>, today: string): ReminderKind | null {
  if (!section.dueDate || section.bureauIds.length === 0 || !isStillWriting(section.status)) return null;
  if (section.dueDate < today) return 'overdue';
  if (section.dueDate === addDays(today, 1)) return 'due_tomorrow';
  return null;
}

/** The key that makes a reminder idempotent per user. */
export function reminderKey(kind: ReminderKind, sectionId: string, dueDate: string): string {
  return `${kind}:${sectionId}:${dueDate}`;
}

/** Creates the reminders due at `now` that were not sent yet; returns how many were new. */
export async function dueReminders(ctx: AppContext, now = new Date(), timeZone = REMINDER_TIME_ZONE): Promise<number> {
  const today = calendarDate(now, timeZone);
  const [reports, users, bureauList] = await Promise.all([listReports(ctx.db), listUsers(ctx.db), listBureaus(ctx.db)]);
  const bureaus = new Map(bureauList.map((b) => [b.id, b]));
  let created = 0;
  for (const report of reports) {
    // Where the report's state closes the sections (merging, locked), nobody can act on a reminder.
    if (REPORT_STATE[report.status].sectionWork !== true) continue;
    const sections = await listSections(ctx.db, report.id);
    const parents = new Set(sections.map((s) => s.parentId));
    const numbers = sectionNumbers(sections);
    const items: NewNotification[] = [];
    for (const record of sections) {
      // A heading with sub-sections is not written itself.
      if (parents.has(record.id)) continue;
      // A section without its own date is due with the report.
      const section = { ...record, dueDate: effectiveDueDate(record, report) };
      const kind = reminderKind(section, today);
      if (!kind) continue;
      const due = chineseDate(section.dueDate!);
      const label = reportSectionLabel(report.title, numbers.get(section.id) ?? '', section.title);
      const base = { type: kind, reportId: report.id, sectionId: section.id, dedupeKey: reminderKey(kind, section.id, section.dueDate!), detail: { dueDate: section.dueDate } };
      const to = (list: readonly User[], message: string) => list.forEach((u) => items.push({ ...base, userId: u.id, message }));
      if (kind === 'due_tomorrow') {
        to(editorsOf(users, section.bureauIds), `${label}将于明天（${due}）截止，请按时提交`);
      } else {
        to(editorsOf(users, section.bureauIds), `${label}已超过截止日期（${due}），尚未提交，请尽快完成`);
        const owners = section.bureauIds.map((b) => bureaus.get(b)?.name).filter(Boolean).join('、');
        to(secretariesOf(users), `${owners}承办的${label}已超过截止日期（${due}），尚未提交`);
      }
    }
    created += await notify(ctx, items);
  }
  return created;
}

/** A running reminder timer. */
export type ReminderTimer = PeriodicJob;

/** Runs the reminders once (resolving when done) and then every `intervalMs`; the timer does not keep the process alive. */
export function startDueReminders(ctx: AppContext, intervalMs = REMINDER_INTERVAL_MS): Promise<ReminderTimer> {
  return startPeriodic({ name: 'due reminders', intervalMs, logger: ctx.logger, runAtStart: true }, async () => {
    const created = await dueReminders(ctx);
    if (created > 0) ctx.logger.info('due reminders', { created });
  });
}
