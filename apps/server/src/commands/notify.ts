/**
 * Who hears about what: in-app notifications for the workflow (assigned, returned, approved),
 * for comments (mentioned, comment_reply) and for due dates (due_tomorrow, overdue). Builders
 * are pure and return rows. A command stores its rows in its own transaction (the step and its
 * notices commit or roll back together) and calls `announceNotifications` after the commit;
 * `notify` stores and announces on its own (the due reminders, which have no transaction).
 */
import { numberOutline, type Bureau, type OutlineNode, type Section, type SectionAction, type User } from '@hegao/domain';
import { createNotifications, getReport, listBureaus, listSections, listUsers, recordEvent, type Db, type NewNotification, type ReportRecord, type SectionRecord } from '@hegao/storage';
import type { AppContext } from '../context.js';

/** Stores notifications (reminders deduplicated by key) and publishes one 'notification' event per report; returns how many were new. */
export async function notify(ctx: AppContext, items: readonly NewNotification[]): Promise<number> {
  if (items.length === 0) return 0;
  const created = await createNotifications(ctx.db, items);
  if (created > 0) announceNotifications(ctx, items);
  return created;
}

/**
 * Tells open clients of each report concerned that notifications were created (for rows stored by
 * a command's own transaction; `notify` calls it itself). Not per user: subscribers of the report
 * refetch their own notifications.
 */
export function announceNotifications(ctx: AppContext, items: readonly Pick<NewNotification, 'reportId'>[]): void {
  const at = new Date().toISOString();
  for (const reportId of new Set(items.map((n) => n.reportId))) {
    if (reportId !== null) ctx.events.publish({ type: 'notification', reportId, at });
  }
}

/** Enabled editors of any of the bureaus. */
export function editorsOf(users: readonly User[], bureauIds: readonly string[]): User[] {
  const wanted = new Set(bureauIds);
  return users.filter((u) => !u.disabled && u.role === 'editor' && u.bureauId !== null && wanted.has(u.bureauId));
}

/** Enabled office secretaries. */
export function secretariesOf(users: readonly User[]): User[] {
  return users.filter((u) => !u.disabled && u.role === 'secretary');
}

/** A section as people name it in a sentence: “（二）疫情防控”. */
export function sectionLabel(number: string, title: string): string {
  return `“${number}${title}”`;
}

/**
 * A section named with its report, as every notification names it (several reports may be open
 * at once): 《2026年上半年工作总结》“（二）疫情防控”.
 */
export function reportSectionLabel(reportTitle: string, number: string, title: string): string {
  return `《${reportTitle}》${sectionLabel(number, title)}`;
}

/** The final draft as people name it: 《示例区…工作计划》合稿. */
export function finalDraftLabel(reportTitle: string): string {
  return `《${reportTitle}》合稿`;
}

/** `YYYY-MM-DD` → 2020年7月5日. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Who did it, as the subject of a sentence: the actor's bureau (办公室), or their name without one. */
export function actorLabel(actor: Pick<User, 'name' | 'bureauId'>, bureaus: ReadonlyMap<string, Pick<Bureau, 'name'>>): string {
  return (actor.bureauId !== null ? bureaus.get(actor.bureauId)?.name : undefined) ?? actor.name;
}

/** The official numbers of a report's sections by id. */
export function sectionNumbers(sections: readonly SectionRecord[]): Map<string, string> {
  return new Map(numberOutline(sections).map((n) => [n.id, n.number]));
}

/** The label of one section with its report, numbered within it (read through `db`, which may be a transaction). */
export async function labelOfSection(db: Db, section: SectionRecord): Promise<string> {
  const [report, sections] = await Promise.all([getReport(db, section.reportId), listSections(db, section.reportId)]);
  const numbers = sectionNumbers(sections);
  return reportSectionLabel(report?.title ?? '', numbers.get(section.id) ?? '', section.title);
}

/** What a workflow step notifies; pure. */
export interface SectionStepInput {
  action: SectionAction;
  actor: User;
  report: Pick<ReportRecord, 'id'>;
  section: Pick<SectionRecord, 'id' | 'bureauIds' | 'dueDate'>;
  /** Bureaus after the step (differs from `section.bureauIds` on assignment). */
  bureauIdsAfter: readonly string[];
  dueDateAfter: string | null;
  /** The section with its report (`reportSectionLabel`). */
  label: string;
  reason?: string;
  users: readonly User[];
  bureaus: ReadonlyMap<string, Pick<Bureau, 'name'>>;
}

/**
 * assigned → editors of the newly assigned bureaus; returned (with the reason) and approved →
 * editors of the section's bureaus; submit notifies nobody (the office sees it on its board).
 */
export function sectionStepNotifications(input: SectionStepInput): NewNotification[] {
  const { action, actor, report, section, label, users, bureaus } = input;
  const who = actorLabel(actor, bureaus);
  const base = { reportId: report.id, sectionId: section.id };
  const detail = { actorId: actor.id, actorName: actor.name };
  if (action === 'assign') {
    const before = new Set(section.bureauIds);
    const added = input.bureauIdsAfter.filter((b) => !before.has(b));
    const due = input.dueDateAfter ? `，请于${chineseDate(input.dueDateAfter)}前完成` : '';
    return editorsOf(users, added)
      .filter((u) => u.id !== actor.id)
      .map((u) => ({
        ...base,
        userId: u.id,
        type: 'assigned',
        message: `${who}将${label}分配给${bureaus.get(u.bureauId!)?.name ?? '您所在的部门'}${due}`,
        detail: { ...detail, dueDate: input.dueDateAfter },
      }));
  }
  if (action === 'return' || action === 'approve') {
    const reason = (input.reason ?? '').trim();
    return editorsOf(users, section.bureauIds)
      .filter((u) => u.id !== actor.id)
      .map((u) =>
        action === 'return'
          ? { ...base, userId: u.id, type: 'returned', message: `${who}退回了${label}：${reason}`, detail: { ...detail, reason } }
          : { ...base, userId: u.id, type: 'approved', message: `${who}审核通过了${label}`, detail },
      );
  }
  return [];
}

/** Section labels named in one report-created notification; more are summed up with 等. */
export const CREATED_LABELS_MAX = 3;

/** What creating a report notifies; pure. */
export interface ReportCreatedInput {
  actor: User;
  report: Pick<ReportRecord, 'id' | 'title'>;
  /** The new report's sections (its whole outline). */
  sections: readonly (OutlineNode & Pick<SectionRecord, 'dueDate' | 'title'> & { bureauIds: readonly string[] })[];
  users: readonly User[];
  /** Every bureau, in the order notifications are made (the 办公室 first). */
  bureaus: readonly Pick<Bureau, 'id' | 'name'>[];
}

/**
 * A report created from a template assigns many sections at once: each editor of a bureau that got
 * any is told once for the report, not once per section — 办公室新建了《…》，卫健局有2个章节待编写：
 * “（一）疫情防控”、“（一）常态化疫情防控”，请于2031年7月7日前完成. The notification points at the
 * bureau's first section (in outline order) and lists all of them in `detail.sectionIds`.
 */
export function reportCreatedNotifications(input: ReportCreatedInput): NewNotification[] {
  const { actor, report, sections, users, bureaus } = input;
  const names = new Map(bureaus.map((b) => [b.id, b]));
  const who = actorLabel(actor, names);
  const numbered = numberOutline(sections);
  const numbers = new Map(numbered.map((n) => [n.id, n.number]));
  const rank = new Map(numbered.map((n, i) => [n.id, i]));
  const inOrder = [...sections].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  const out: NewNotification[] = [];
  for (const bureau of bureaus) {
    const own = inOrder.filter((s) => s.bureauIds.includes(bureau.id));
    if (own.length === 0) continue;
    const labels = own.slice(0, CREATED_LABELS_MAX).map((s) => sectionLabel(numbers.get(s.id) ?? '', s.title));
    const more = own.length > CREATED_LABELS_MAX ? '等' : '';
    const dueDates = [...new Set(own.map((s) => s.dueDate).filter((d): d is string => d !== null))].sort();
    const dueDate = dueDates[0] ?? null;
    const due = dueDate ? `，请于${chineseDate(dueDate)}前完成` : '';
    const message = `${who}新建了《${report.title}》，${bureau.name}有${own.length}个章节待编写：${labels.join('、')}${more}${due}`;
    for (const u of editorsOf(users, [bureau.id])) {
      if (u.id === actor.id) continue;
      out.push({
        userId: u.id,
        type: 'assigned',
        reportId: report.id,
        sectionId: own[0]!.id,
        message,
        detail: { actorId: actor.id, actorName: actor.name, dueDate, sectionIds: own.map((s) => s.id), reportCreated: true },
      });
    }
  }
  return out;
}

/**
 * Inside the transaction that creates a report (from a template or an import): records a
 * `section.assign` event for every section that starts with bureaus (`origin` says how, e.g.
 * `{ template: true }`) and stores the bureaus' notifications. Returns the rows, for
 * `announceNotifications` once the transaction has committed.
 */
export async function storeReportCreatedAssignments(
  tx: Db,
  input: Omit<ReportCreatedInput, 'users'>,
  origin: Readonly<Record<string, unknown>>,
): Promise<NewNotification[]> {
  for (const s of input.sections.filter((x) => x.bureauIds.length > 0)) {
    await recordEvent(tx, {
      reportId: input.report.id,
      sectionId: s.id,
      actorId: input.actor.id,
      type: 'section.assign',
      detail: { from: 'not_started', to: 'drafting', bureauIds: s.bureauIds, ...origin },
    });
  }
  const notified = reportCreatedNotifications({ ...input, users: await listUsers(tx) });
  await createNotifications(tx, notified);
  return notified;
}

/**
 * Inside the transaction of a section step, after its write: builds the step's notifications and
 * stores them in that transaction, so a committed step always has its notices and a rolled-back
 * one has none (a failure here fails the step). Returns the rows, for `announceNotifications`
 * once the transaction has committed.
 */
export async function storeSectionStepNotifications(
  tx: Db,
  actor: User,
  action: SectionAction,
  before: SectionRecord,
  after: Pick<Section, 'bureauIds' | 'dueDate'>,
  reason?: string,
): Promise<NewNotification[]> {
  if (action === 'submit') return [];
  const users = await listUsers(tx);
  const bureauList = await listBureaus(tx);
  const items = sectionStepNotifications({
    action,
    actor,
    report: { id: before.reportId },
    section: before,
    bureauIdsAfter: after.bureauIds,
    dueDateAfter: after.dueDate ?? null,
    label: await labelOfSection(tx, before),
    ...(reason !== undefined ? { reason } : {}),
    users,
    bureaus: new Map(bureauList.map((b) => [b.id, b])),
  });
  await createNotifications(tx, items);
  return items;
}
