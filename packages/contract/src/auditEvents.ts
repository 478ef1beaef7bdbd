/**
 * The recorded events of the audit log (`report_events`: `GET /api/reports/:id/history`,
 * `HistoryEntry.type` and `.detail` in docs/api.md), as one union keyed by `type`. The server
 * records them through storage's `recordEvent`, which only takes an `AuditEvent`; the web reads
 * them back with `parseAuditEvent`, so neither side guesses a detail's shape.
 *
 * Details are loose objects: events recorded by an older server may lack a field added later
 * (those fields are optional), and a newer server may add fields this client does not know.
 */
import { REPORT_STATUSES, SECTION_STATUSES, type ReportStatus, type SectionStatus } from '@hegao/domain';
import { z } from 'zod';

const sectionStatus = z.enum(SECTION_STATUSES as readonly SectionStatus[] as [SectionStatus, ...SectionStatus[]]);
const reportStatus = z.enum(REPORT_STATUSES as readonly ReportStatus[] as [ReportStatus, ...ReportStatus[]]);
const count = z.number().int().nonnegative();

/** A field's old and new value, as recorded when a request changed it. */
function change<T extends z.ZodType>(value: T) {
  return z.object({ from: value, to: value });
}

/** 分配 / 提交 / 通过 / 退回 (and 催办): the section's state before and after, and why. */
const sectionStep = z.looseObject({
  from: sectionStatus.optional(),
  to: sectionStatus,
  reason: z.string().optional(),
});

/** A report step that followed a section step or was the office's own: its state before and after. */
const reportStep = z.looseObject({
  from: reportStatus,
  to: reportStatus,
  reason: z.string().optional(),
});

const comment = z.looseObject({
  commentId: z.string().optional(),
  threadId: z.string().optional(),
  docName: z.string(),
  body: z.string(),
});

const account = z.looseObject({ userId: z.string() });

/** The detail of each event type. */
export const AUDIT_EVENT_DETAIL = {
  'report.create': z.looseObject({
    template: z.string().optional(),
    templateId: z.string().optional(),
    sections: count.optional(),
    /** The demo seed's file, for the demo report. */
    seed: z.string().optional(),
  }),
  'report.import': z.looseObject({ sourceName: z.string().nullable(), sourceSha256: z.string().nullable(), sections: count, chars: count }),
  'report.review': reportStep,
  'report.reopen': reportStep,
  'report.merge': z.looseObject({
    from: reportStatus,
    to: reportStatus,
    finalDocName: z.string().optional(),
    /** A merge after the first: only the sections that changed were taken again. */
    remerge: z.boolean().optional(),
    sections: z.array(z.string()).optional(),
    removed: z.array(z.string()).optional(),
    kept: z.array(z.string()).optional(),
    /** The office's text a re-merge replaced. */
    replacedEdits: z.array(z.looseObject({ sectionId: z.string(), title: z.string(), text: z.string().nullable() })).optional(),
    /** Sections merged paragraph by paragraph (逐段合并). */
    merged: z.array(z.string()).optional(),
    /** For each of them: the office's text before, and the conflicts settled with the bureau's paragraph (by number). */
    mergedEdits: z
      .array(z.looseObject({ sectionId: z.string(), title: z.string(), text: z.string().nullable(), bureauChosen: z.array(z.number().int()) }))
      .optional(),
  }),
  'report.merge_undone': z.looseObject({ eventId: z.number().int() }),
  'report.lock': z.looseObject({ from: reportStatus, to: reportStatus, version: z.number().int().positive(), sha256: z.string() }),
  'report.unlock': z.looseObject({ from: reportStatus, to: reportStatus, version: z.number().int().positive(), reason: z.string() }),
  'section.assign': sectionStep.extend({
    bureauIds: z.array(z.string()).readonly().optional(),
    previousBureauIds: z.array(z.string()).readonly().optional(),
    dueDate: change(z.string().nullable()).optional(),
    instruction: change(z.string()).optional(),
  }),
  'section.submit': sectionStep,
  'section.approve': sectionStep,
  'section.return': sectionStep,
  /** 催办 by the office: the bureaus reminded, the writers told, the due date then. */
  'section.remind': z.looseObject({ bureauIds: z.array(z.string()), notified: z.array(z.string()), dueDate: z.string().nullable() }),
  'section.add': z.looseObject({ title: z.string(), parentId: z.string().nullable(), position: z.number(), numbered: z.boolean().optional() }),
  'section.update': z.looseObject({
    title: change(z.string()).optional(),
    dueDate: change(z.string().nullable()).optional(),
    instruction: change(z.string()).optional(),
    numbered: change(z.boolean()).optional(),
  }),
  'section.move': z.looseObject({
    from: z.object({ parentId: z.string().nullable(), position: z.number() }),
    to: z.object({ parentId: z.string().nullable(), position: z.number() }),
  }),
  'section.delete': z.looseObject({
    title: z.string(),
    deletedIds: z.array(z.string()),
    docNames: z.array(z.string()).optional(),
    chars: count.optional(),
    confirmed: z.boolean().optional(),
  }),
  'section.restore': z.looseObject({ seq: z.number().int(), at: z.union([z.string(), z.number()]).nullable() }),
  'comment.add': comment.extend({ quote: z.string().optional(), leader: z.boolean().optional() }),
  'comment.reply': comment,
  'comment.resolve': comment,
  'comment.reopen': comment,
  'organisation.rename': z.looseObject({ name: z.string() }),
  'bureau.create': z.looseObject({ bureauId: z.string(), name: z.string(), isOffice: z.boolean() }),
  'account.create': z.looseObject({ userId: z.string(), username: z.string(), name: z.string(), role: z.string(), bureauId: z.string().nullable() }),
  'account.password': account,
  'account.disable': account,
  'account.enable': account,
} as const;

/** Every recorded event type. */
export type AuditEventType = keyof typeof AUDIT_EVENT_DETAIL;

/** Every recorded event type, for lists and checks. */
export const AUDIT_EVENT_TYPES = Object.keys(AUDIT_EVENT_DETAIL) as readonly AuditEventType[];

/** The detail of one event type. */
export type AuditDetail<T extends AuditEventType> = z.infer<(typeof AUDIT_EVENT_DETAIL)[T]>;

/** A recorded event: its type and the detail that type carries. */
export type AuditEvent = { [T in AuditEventType]: { type: T; detail: AuditDetail<T> } }[AuditEventType];

/** True if `type` is an event type this contract knows. */
export function isAuditEventType(type: string): type is AuditEventType {
  return Object.hasOwn(AUDIT_EVENT_DETAIL, type);
}

/**
 * The event as its type says it is, or null when the type is unknown (a newer server) or the
 * detail does not have that type's shape; the caller then shows it generically.
 * @example parseAuditEvent('section.return', { from: 'submitted', to: 'returned', reason: '请补充数据' })?.detail.reason // '请补充数据'
 */
export function parseAuditEvent(type: string, detail: unknown): AuditEvent | null {
  if (!isAuditEventType(type)) return null;
  const parsed = AUDIT_EVENT_DETAIL[type].safeParse(detail);
  return parsed.success ? ({ type, detail: parsed.data } as AuditEvent) : null;
}

/**
 * A recorded event as read back for display: its type's fields, each of them optional — an event
 * recorded by an older server may lack any field — but each one present of its right type.
 */
export type RecordedAuditEvent = { [T in AuditEventType]: { type: T; detail: Partial<AuditDetail<T>> } }[AuditEventType];

/**
 * An event read back tolerantly (see RecordedAuditEvent), or null when the type is unknown or a
 * field it has is of the wrong type; the caller then shows it generically.
 * @example readAuditEvent('report.lock', {})?.detail.version // undefined: 定稿 of an unknown version
 */
export function readAuditEvent(type: string, detail: unknown): RecordedAuditEvent | null {
  if (!isAuditEventType(type)) return null;
  // Every detail schema is an object schema; the union of their types has no common partial().
  const schema = AUDIT_EVENT_DETAIL[type] as z.ZodObject;
  const parsed = schema.partial().safeParse(detail ?? {});
  return parsed.success ? ({ type, detail: parsed.data } as RecordedAuditEvent) : null;
}
