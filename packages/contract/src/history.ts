/**
 * Who changed what (docs/api.md "Reports" → history, "Authorship" and "Text history"): a report's
 * recorded events (`GET /api/reports/:id/history`), a section's stored text
 * (`GET /api/sections/:id/text`), who wrote each character of a section or of the final draft
 * (`GET /api/sections/:id/authorship`, `GET /api/reports/:id/final/authorship`), and a section's
 * text history — its timeline, the difference between two points and restoring one
 * (`GET /api/sections/:id/timeline`, `GET /api/sections/:id/diff`, `POST /api/sections/:id/restore`).
 * The server's presenters build exactly these types; the web reads them; the routes validate the
 * queries and the restore body with the schemas below, whose Chinese messages the API answers.
 *
 * A point of a section's history is an update's `seq` in the section's attributed update log
 * (0: before anything was written).
 */
import { z } from 'zod';
import { BUREAU_REF, MOMENT, WRITER } from './reports.js';

const count = z.number().int().nonnegative();
/** A point of a section's log: an update's seq, 0 before anything was written. */
const seq = z.number().int().nonnegative();

// ---------------------------------------------------------------------------------------------
// The report's history (audit log) and a section's stored text

/** Who did something, as the history names them. */
export const HISTORY_ACTOR = z.object({
  id: z.string(),
  /** Null when the account no longer exists. */
  name: z.string().nullable(),
  /** The user's current bureau; null for a user without one (a leader) or an unknown user. */
  bureau: BUREAU_REF.nullable(),
});

/**
 * One recorded event of the audit log. `type` and `detail` are one of the contract's audit events
 * (`AUDIT_EVENT_DETAIL`, auditEvents.ts); they are kept open here — an event recorded by an older
 * server may lack a later field, a newer server may record a type this client does not know — and
 * read with `readAuditEvent(entry.type, entry.detail)`, which types the detail by its type.
 */
export const HISTORY_ENTRY = z.object({
  /** The event's number, ascending in recording order (a number: the log's own sequence). */
  id: z.number().int().positive(),
  /** When it was recorded. */
  at: MOMENT,
  /** What was done, e.g. `section.submit`, `section.return`, `report.lock` (an `AuditEventType`). */
  type: z.string(),
  /** Who did it; null for events without an actor (the system). */
  actor: HISTORY_ACTOR.nullable(),
  /** The section it concerned; null for report-level events. */
  sectionId: z.string().nullable(),
  /**
   * The section's current title; for a deleted section the latest title its listed events recorded
   * (`section.add`, a rename, its `section.delete`); null when none did or without a section.
   */
  sectionTitle: z.string().nullable(),
  /** Why a section was returned (and the report reopened) or a report unlocked; null otherwise. */
  reason: z.string().nullable(),
  /** The stored detail as recorded; its shape depends on `type` (see `readAuditEvent`). */
  detail: z.record(z.string(), z.unknown()),
});

/** `GET /api/reports/:id/history`: every recorded event, newest first. */
export const REPORT_HISTORY = z.array(HISTORY_ENTRY);

/** A section's stored text, live or deleted (`GET /api/sections/:id/text`). */
export const SECTION_TEXT = z.object({
  id: z.string(),
  reportId: z.string(),
  /** The section's last title. */
  title: z.string(),
  /** When the section was deleted; null while it is live. */
  deletedAt: MOMENT.nullable(),
  /** Plain text as stored: one line per paragraph or heading, table cells separated by tabs (`docToText`). */
  text: z.string(),
  /** 字数 of `text` (`countChars`: no whitespace). */
  chars: count,
});

// ---------------------------------------------------------------------------------------------
// Authorship (显示修改人)

/** One run of characters written by one person for one bureau at about one time. */
export const AUTHORSHIP_SPAN = z.object({
  /** JavaScript string (UTF-16) offset into `text` where the run starts. */
  start: count,
  /** Where it ends, exclusive. A span never contains a line break. */
  end: count,
  /** Who wrote it, with their colour. */
  user: WRITER,
  /** The bureau the person wrote for at the time, by its current name; null for people without one (leaders). */
  bureau: BUREAU_REF.nullable(),
  /** When the run was written (its latest keystroke). */
  at: MOMENT,
});

/** Who deleted a run of characters, for which bureau, and when. */
export const AUTHORSHIP_DELETER = z.object({
  user: WRITER,
  bureau: BUREAU_REF.nullable(),
  /** The first stored update whose delete set covers the run. */
  at: MOMENT,
});

/** A run of characters deleted from a paragraph, heading or cell that is still there (`?deleted=1`). */
export const AUTHORSHIP_DELETED = z.object({
  /** The run stood just before character `offset` of `text`. */
  offset: count,
  text: z.string(),
  /** Who wrote it. */
  user: WRITER,
  bureau: BUREAU_REF.nullable(),
  /** When it was written. */
  at: MOMENT,
  /** Who deleted it; null when the log does not say. */
  deletedBy: AUTHORSHIP_DELETER.nullable(),
});

/**
 * Who wrote each character of a section's text (or of the final draft): the plain text exactly as
 * `GET /api/sections/:id/text` lays it out, and spans that cover every character but line breaks
 * exactly once, in order.
 */
export const AUTHORSHIP = z.object({
  text: z.string(),
  spans: z.array(AUTHORSHIP_SPAN),
  /** Only with `?deleted=1` (absent otherwise): deleted runs in document order. */
  deleted: z.array(AUTHORSHIP_DELETED).optional(),
});

// ---------------------------------------------------------------------------------------------
// A section's text history (修改记录)

/** One person's consecutive stored updates: nobody else's in between, at most 10 minutes apart, no step or comment in between. */
export const EDIT_SESSION = z.object({
  kind: z.literal('edit'),
  user: WRITER,
  /** The bureau the person wrote for; null for people without one. */
  bureau: BUREAU_REF.nullable(),
  /** When the first update was stored. */
  from: MOMENT,
  /** When the last update was stored. */
  to: MOMENT,
  /** The first update's seq. */
  fromSeq: seq,
  /** The last update's seq: the text after it is the text at the session's end. */
  toSeq: seq,
  /** Characters of text inserted. */
  added: count,
  /** What was deleted for the first time (characters, and the odd paragraph or mark). */
  removed: count,
});

/** What a restore brought back: the point, and the time of that update (null for seq 0). */
export const LOG_POINT = z.object({ seq, at: MOMENT.nullable() });

/**
 * A recorded workflow step: of the section (提交, 退回, 通过, 分配, 恢复 …) or one that concerns every
 * section of the report (`report.merge` 合稿, `report.lock` 定稿, `report.unlock`).
 */
export const TIMELINE_EVENT = z.object({
  kind: z.literal('event'),
  /** The audit event's type, e.g. `section.submit` (an `AuditEventType`; a newer server may send others). */
  type: z.string(),
  /** Who did it, without a bureau; null for the system. */
  user: WRITER.nullable(),
  at: MOMENT,
  /** The section's newest update at that moment: the text as it was then is `authorship?seq=<seq>`. */
  seq,
  /** The reason of a 退回 or an unlock; absent on steps without one. */
  reason: z.string().optional(),
  /** On `section.restore` only: the point it brought back. */
  restored: LOG_POINT.optional(),
});

/** A comment (批注) on the section. */
export const TIMELINE_COMMENT = z.object({
  kind: z.literal('comment'),
  /** The comment's id. */
  id: z.string(),
  user: WRITER,
  at: MOMENT,
  /** The section's newest update when it was written. */
  seq,
  /** The comment's body. */
  text: z.string(),
});

/** One entry of a section's timeline, keyed by `kind`. */
export const TIMELINE_ENTRY = z.discriminatedUnion('kind', [EDIT_SESSION, TIMELINE_EVENT, TIMELINE_COMMENT]);

/** `GET /api/sections/:id/timeline`: sessions, steps and comments, newest first. */
export const SECTION_TIMELINE = z.object({
  sectionId: z.string(),
  entries: z.array(TIMELINE_ENTRY),
});

/**
 * A part of a diff. Joining the `equal` and `delete` parts gives the earlier text, `equal` and
 * `insert` the later one. `user`, `bureau` and `at` name who wrote an insertion or deleted a
 * deletion, and when; they are absent on `equal` parts and on a change the log cannot attribute
 * (none in a healthy database).
 */
export const HISTORY_DIFF_PART = z.object({
  kind: z.enum(['equal', 'insert', 'delete']),
  text: z.string(),
  user: WRITER.optional(),
  bureau: BUREAU_REF.nullable().optional(),
  at: MOMENT.optional(),
});

/** `GET /api/sections/:id/diff`: what changed from one point of the log to another. */
export const SECTION_DIFF = z.object({
  /** The earlier point and the time of its update (null for seq 0). */
  from: LOG_POINT,
  /** The later point (now when `to` was omitted). */
  to: LOG_POINT,
  parts: z.array(HISTORY_DIFF_PART),
});

/** `POST /api/sections/:id/restore`: the point restored and the section's text now. */
export const RESTORE_RESULT = z.object({
  /** The seq that was restored (as sent). */
  seq,
  /** The section's plain text after the restore. */
  text: z.string(),
});

// ---------------------------------------------------------------------------------------------
// Requests: what the routes validate and the web sends

/** A seq as a query parameter: digits only. */
const SEQ_DIGITS = /^\d{1,15}$/;
/** ISO 8601 date-time with a zone (or Z), as `?at=` takes it. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const AT_MESSAGE = '时间格式不正确，应为 ISO 8601，例如 2026-12-03T14:05:00+08:00';

/**
 * A point of the log as a query parameter (`?seq=`, `?from=`, `?to=`), read as a number.
 * @example seqParam('from').parse('12') // 12
 */
export function seqParam(name: string, missing = `请给出参数 ${name}（修改记录中的序号）`) {
  return z
    .string({ message: missing })
    .regex(SEQ_DIGITS, { message: `参数 ${name} 应为非负整数（修改记录中的序号）` })
    .transform(Number);
}

/** `?at=`: a moment with its zone, e.g. 2026-12-03T14:05:00+08:00. */
export const AT_PARAM = z
  .string()
  .regex(ISO_DATE_TIME, { message: AT_MESSAGE })
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: AT_MESSAGE });

/**
 * The query of `GET /api/sections/:id/authorship`: the text now, at a moment (`at`) or after an
 * update (`seq`) — not both — and with `deleted=1` the deleted runs too. Empty parameters count
 * as absent (the route drops them before parsing).
 */
export const AUTHORSHIP_QUERY = z
  .object({
    seq: seqParam('seq').optional(),
    at: AT_PARAM.optional(),
    deleted: z.enum(['0', '1'], { message: 'deleted 只能为 0 或 1' }).optional(),
  })
  .refine((q) => q.seq === undefined || q.at === undefined, { message: 'at 与 seq 只能给出一个' });

/** The query of `GET /api/sections/:id/diff`: from a point of the log to another (`to` omitted: now). */
export const DIFF_RANGE = z.object({
  from: seqParam('from', '请给出对比的起点 from（修改记录中的序号）'),
  to: seqParam('to').optional(),
});

const RESTORE_SEQ_MESSAGE = '请给出要恢复到的时间点 seq（修改记录中的序号，非负整数）';

/** The body of `POST /api/sections/:id/restore`: the point whose text becomes the current text. */
export const RESTORE_REQUEST = z.object({
  seq: z
    .number({ message: RESTORE_SEQ_MESSAGE })
    .int({ message: RESTORE_SEQ_MESSAGE })
    .min(0, { message: RESTORE_SEQ_MESSAGE })
    .max(Number.MAX_SAFE_INTEGER, { message: RESTORE_SEQ_MESSAGE }),
});

export type HistoryActor = z.infer<typeof HISTORY_ACTOR>;
export type HistoryEntry = z.infer<typeof HISTORY_ENTRY>;
export type SectionText = z.infer<typeof SECTION_TEXT>;
export type AuthorshipSpan = z.infer<typeof AUTHORSHIP_SPAN>;
export type AuthorshipDeleter = z.infer<typeof AUTHORSHIP_DELETER>;
export type AuthorshipDeleted = z.infer<typeof AUTHORSHIP_DELETED>;
export type Authorship = z.infer<typeof AUTHORSHIP>;
export type EditSession = z.infer<typeof EDIT_SESSION>;
export type LogPoint = z.infer<typeof LOG_POINT>;
export type TimelineEvent = z.infer<typeof TIMELINE_EVENT>;
export type TimelineComment = z.infer<typeof TIMELINE_COMMENT>;
export type TimelineEntry = z.infer<typeof TIMELINE_ENTRY>;
export type SectionTimeline = z.infer<typeof SECTION_TIMELINE>;
export type HistoryDiffPart = z.infer<typeof HISTORY_DIFF_PART>;
export type SectionDiff = z.infer<typeof SECTION_DIFF>;
export type RestoreResult = z.infer<typeof RESTORE_RESULT>;
/** The authorship query as the URL carries it (strings), what the web sends. */
export type AuthorshipQueryParams = z.input<typeof AUTHORSHIP_QUERY>;
/** The diff range as the URL carries it (strings). */
export type DiffRangeParams = z.input<typeof DIFF_RANGE>;
export type RestoreRequest = z.infer<typeof RESTORE_REQUEST>;
