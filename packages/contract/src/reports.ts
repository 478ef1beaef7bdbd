/**
 * Who is signed in, and the reports with their outlines (`GET /api/me`, `POST /api/auth/login`,
 * `GET /api/reports`, `GET /api/reports/:id`, a section alone): the server's presenters build
 * exactly these, and the web reads them. Identifiers are always strings. The request bodies the web
 * sends here (signing in, changing or assigning a section) are validated by the routes with the
 * schemas below, Chinese messages included.
 */
import { REPORT_STATUSES, ROLES, SECTION_STATUSES, TEMPLATE_KINDS, reasonProblem, type ReportStatus, type Role, type SectionStatus, type TemplateKind } from '@hegao/domain';
import { z } from 'zod';

/** A zod enum over one of the domain's lists (their element type names the union). */
function oneOf<T extends string>(values: readonly T[]) {
  return z.enum(values as [T, ...T[]]);
}

/** A section's state (the domain's state table). */
export const SECTION_STATUS = oneOf<SectionStatus>(SECTION_STATUSES);
/** A report's state (the domain's state table). */
export const REPORT_STATUS = oneOf<ReportStatus>(REPORT_STATUSES);
/** An account's role. */
export const ROLE = oneOf<Role>(ROLES);
/** The template a report was made from. */
export const REPORT_KIND = oneOf<TemplateKind>(TEMPLATE_KINDS);

/** A calendar day, YYYY-MM-DD. */
export const CALENDAR_DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** True for a YYYY-MM-DD string naming a real calendar day. */
function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A due date a request sets: YYYY-MM-DD, a day that exists (with the Chinese messages the API answers). */
export const DUE_DATE = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '截止日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDate, '截止日期无效：日历上没有这一天');

/** A moment, ISO 8601 in UTC (`Date#toISOString`). */
export const MOMENT = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

/** A bureau named where it is assigned or shown. */
export const BUREAU_REF = z.object({ id: z.string(), name: z.string() });

/** A person as authorship and history show them, with the colour the server gives them everywhere (`personColor`). */
export const WRITER = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  /** e.g. `hsl(6, 55%, 30%)`. */
  color: z.string(),
});

/** Who last changed a section's text, and when; `name` null for an account that no longer exists. */
export const LAST_EDIT = z.object({ userId: z.string(), name: z.string().nullable(), at: MOMENT });

/** The signed-in user (`GET /api/me`; `user` of `POST /api/auth/login`). */
export const ME = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: ROLE,
  /** 办公室秘书 / 部门撰稿人 / 领导. */
  roleLabel: z.string(),
  /** Null for an account outside the bureaus (a leader). */
  bureau: z.object({ id: z.string(), name: z.string(), color: z.string(), isOffice: z.boolean() }).nullable(),
  /** The government this installation serves, e.g. 示例区人民政府. */
  organisation: z.object({ name: z.string() }),
});

/** Body of `POST /api/auth/login`. */
export const LOGIN_REQUEST = z.object({
  /** Surrounding spaces are ignored. */
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** The answer of `POST /api/auth/login` (the session itself is the `hegao_session` cookie). */
export const LOGIN_ANSWER = z.object({ user: ME });

/** One section of an outline, in outline order. */
export const SECTION_VIEW = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  /** The official number (一、 / （一） …) from the outline; '' when unnumbered or shown alone. */
  number: z.string(),
  title: z.string(),
  /** Depth in the outline, 1 at the top; 0 for a section shown alone. */
  level: z.number().int().nonnegative(),
  /** False for an unnumbered block (导语, 结束语): `number` is then ''. */
  numbered: z.boolean(),
  bureaus: z.array(BUREAU_REF),
  status: SECTION_STATUS,
  /** 编写中, 已提交 … */
  statusLabel: z.string(),
  /** The name of the section's collaborative document (the WebSocket path's last part). */
  docName: z.string(),
  dueDate: CALENDAR_DAY.nullable(),
  /** 写作要求, '' when none. */
  instruction: z.string(),
  /** The office's reason when the section was returned (已退回). */
  returnReason: z.string().nullable(),
  lastEdit: LAST_EDIT.nullable(),
});

/**
 * The answer of `POST /api/sections/:id/submit` and `/approve`: the section after the step, and
 * what the office will find missing in its text (unfilled placeholders, length against the
 * instruction) as Chinese sentences; empty when there is nothing to say. The step was done anyway.
 */
export const SECTION_WITH_WARNINGS = SECTION_VIEW.extend({ warnings: z.array(z.string()) });

/**
 * Body of `PATCH /api/sections/:id` (the office edits the outline): only the fields sent change;
 * an unknown key is refused.
 */
export const SECTION_PATCH = z.strictObject({
  title: z.string().trim().min(1, '章节标题不能为空').max(100, '章节标题不能超过100个字').optional(),
  /** Null clears the section's own date (it is then due with the report). */
  dueDate: DUE_DATE.nullable().optional(),
  /** 写作要求; '' clears it. */
  instruction: z.string().max(2000, '写作要求不能超过2000个字').optional(),
  /** False makes the section an unnumbered block (导语, 结束语). */
  numbered: z.boolean().optional(),
});

/** Body of `PUT /api/sections/:id/assignment`: the bureaus that write the section (replacing the old ones). */
export const SECTION_ASSIGNMENT = z.object({
  bureauIds: z.array(z.string().min(1).max(64)).max(50),
  /** Left out: unchanged; null: due with the report. */
  dueDate: DUE_DATE.nullable().optional(),
  /** 写作要求; left out: unchanged. */
  instruction: z.string().max(2000).optional(),
});

/**
 * A free-text reason (a return's, an unlock's) checked by the domain's own rule — at most
 * REASON_MAX_LENGTH (500) characters after trimming, rare characters counting once — with the
 * domain's message (「退回理由不能超过500字」), so the body check and the command never disagree. An
 * empty reason is left to the command, which answers 「请填写退回理由」 (400 `invalid`).
 * @example z.object({ reason: reasonText('退回理由') })
 */
export function reasonText(what: string) {
  return z.string().superRefine((text, ctx) => {
    const problem = text.trim() === '' ? null : reasonProblem(text, what);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * Body of `POST /api/sections/:id/return` (退回 a submitted section, 重新打开 an approved one).
 * A missing reason, or one that is not text, is named by the route's field label (「请填写退回理由」,
 * 「退回理由应为文字」).
 */
export const SECTION_RETURN = z.object({
  /** Why the section goes back to its bureau; shown on it as `returnReason`. */
  reason: reasonText('退回理由'),
});

/** The fields of a report both in the list and in full. */
export const REPORT_HEAD = z.object({
  id: z.string(),
  title: z.string(),
  /** The period it reports on, e.g. 2020年上半年. */
  period: z.string(),
  kind: REPORT_KIND,
  /** 起草中 (drafting) → 审核中 (reviewing) → 合稿中 (merging) → 已定稿 (locked). */
  status: REPORT_STATUS,
  /** The state in Chinese (起草中 …). */
  statusLabel: z.string(),
  /** When every section is due unless it has its own date. */
  dueDate: CALENDAR_DAY.nullable(),
  /** How many versions were locked so far (第N版). */
  version: z.number().int().nonnegative(),
});

/** A section of the viewer's bureau, as the report list names it. */
export const MY_SECTION = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: SECTION_STATUS,
  /** The section's due date, or the report's when it has none. */
  dueDate: CALENDAR_DAY.nullable(),
});

/** One entry of `GET /api/reports`. */
export const REPORT_SUMMARY = REPORT_HEAD.extend({
  /** Sections that hold text (outline leaves). */
  sectionCount: z.number().int().nonnegative(),
  /** How many of those are in each state; every state is a key. */
  statusCounts: z.record(SECTION_STATUS, z.number().int().nonnegative()),
  /** The sections of the caller's bureau, in outline order; none for a user without one (a leader). */
  mySections: z.array(MY_SECTION),
});

/** A report in full (`GET /api/reports/:id`, and the answer of creating or importing one). */
export const REPORT_DETAIL = REPORT_HEAD.extend({
  /** The merged final draft's document, null before the first merge. */
  finalDocName: z.string().nullable(),
  /** Every section (headings included), in outline order. */
  sections: z.array(SECTION_VIEW),
});

export type Writer = z.infer<typeof WRITER>;
export type BureauRef = z.infer<typeof BUREAU_REF>;
export type LastEdit = z.infer<typeof LAST_EDIT>;
export type Me = z.infer<typeof ME>;
/** What the web sends to sign in. */
export type LoginRequest = z.input<typeof LOGIN_REQUEST>;
export type LoginAnswer = z.infer<typeof LOGIN_ANSWER>;
export type SectionWithWarnings = z.infer<typeof SECTION_WITH_WARNINGS>;
/** What the web sends to change a section (`PATCH /api/sections/:id`). */
export type SectionPatch = z.input<typeof SECTION_PATCH>;
/** What the web sends to assign a section (`PUT /api/sections/:id/assignment`). */
export type SectionAssignment = z.input<typeof SECTION_ASSIGNMENT>;
/** What the web sends to return or reopen a section (`POST /api/sections/:id/return`). */
export type SectionReturn = z.input<typeof SECTION_RETURN>;
export type SectionView = z.infer<typeof SECTION_VIEW>;
export type ReportHead = z.infer<typeof REPORT_HEAD>;
export type MySection = z.infer<typeof MY_SECTION>;
export type ReportSummary = z.infer<typeof REPORT_SUMMARY>;
export type ReportDetail = z.infer<typeof REPORT_DETAIL>;
