/**
 * Comments (批注, and leaders' 批示) and in-app notifications (docs/api.md "Comments and
 * notifications"): the threads `GET|POST /api/sections/:id/comments`, `GET|POST
 * /api/reports/:id/final/comments` and `POST /api/comments/:id/replies|resolve|reopen` answer, the
 * bodies those routes validate (with their Chinese messages), and `GET /api/notifications` with
 * marking read. The server's presenters build exactly these; the web sends the inputs and reads
 * the answers. Identifiers are always strings.
 */
import { z } from 'zod';
import { BUREAU_REF, MOMENT, ROLE } from './reports.js';

/* ───────────── Comments ───────────── */

/** One end of a comment's range: base64 of `Y.encodeRelativePosition` on the comment's document. */
const ANCHOR_END = z.string().min(1, '批注位置不能为空').max(512, '批注位置编码不能超过 512 个字符');

/**
 * A comment's text range, as two Yjs relative positions (base64) that follow the text through
 * concurrent edits. Clients create and resolve them; the server only checks that they decode.
 */
export const COMMENT_ANCHOR = z.object({ from: ANCHOR_END, to: ANCHOR_END });

/** A comment's or reply's text: trimmed, 1–2000 characters. */
export const COMMENT_TEXT = z.string().trim().min(1, '批注内容不能为空').max(2000, '批注内容不能超过 2000 个字符');

/** Body of a new thread (`POST /api/sections/:id/comments`, `POST /api/reports/:id/final/comments`). */
export const NEW_COMMENT = z.object({
  body: COMMENT_TEXT,
  /** The range commented on; absent or null for a comment on the whole document. */
  anchor: COMMENT_ANCHOR.nullable().optional(),
  /** The text the anchor covered when commenting, shown when the range is gone. */
  quote: z.string().max(500, '引用的原文不能超过 500 个字符').optional(),
});

/** Body of a reply (`POST /api/comments/:id/replies`). */
export const NEW_REPLY = z.object({ body: COMMENT_TEXT });

/**
 * Body of the calls that take none — resolve, reopen, mark one or all notifications read: empty,
 * or any JSON object (its fields are ignored).
 */
export const NO_BODY = z.looseObject({});

/** Who wrote a comment. */
export const COMMENT_AUTHOR = z.object({
  id: z.string(),
  /** （已删除的用户） for an account that no longer exists. */
  name: z.string(),
  /** Null when the account no longer exists; a leader's comments are 批示. */
  role: ROLE.nullable(),
  /** The author's bureau; null for a leader or a deleted account. */
  bureau: BUREAU_REF.nullable(),
});

/** One comment or reply. */
export const COMMENT = z.object({
  id: z.string(),
  /** The thread's root comment for a reply; null for a root. */
  parentId: z.string().nullable(),
  reportId: z.string(),
  /** Null for a comment on the report's final draft. */
  sectionId: z.string().nullable(),
  /** The collaborative document the comment belongs to (the section's, or the final draft's). */
  docName: z.string(),
  /** The range commented on; null without one (always for a reply). */
  anchor: COMMENT_ANCHOR.nullable(),
  /** The text the anchor covered when commenting ('' without anchor): shown as 原文已删除 when the range is gone. */
  quote: z.string(),
  body: z.string(),
  author: COMMENT_AUTHOR,
  createdAt: MOMENT,
  /** Who marked the thread 已解决 (set on the root only); the name is （已删除的用户） for a deleted account. */
  resolvedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** When the thread was resolved; null while open. */
  resolvedAt: MOMENT.nullable(),
});

/** A thread: its root comment with the replies, oldest first. */
export const THREAD = COMMENT.extend({
  parentId: z.null(),
  replies: z.array(COMMENT),
});

/** A document's threads (`GET …/comments`), oldest first, resolved ones included. */
export const THREADS = z.array(THREAD);

/* ───────────── Notifications ───────────── */

/**
 * What a notification is about. The server stores only these (storage's `NotificationType` is this
 * type, so every notification the server creates is checked against it).
 */
export const NOTIFICATION_TYPES = ['assigned', 'returned', 'approved', 'mentioned', 'comment_reply', 'due_tomorrow', 'overdue', 'reminded'] as const;

/** A notification's kind (see {@link NOTIFICATION_TYPES}). */
export const NOTIFICATION_TYPE = z.enum(NOTIFICATION_TYPES);

/**
 * Machine-readable facts of a notification; which are present depends on `type` (docs/api.md's
 * table), and others may be added.
 */
export const NOTIFICATION_DETAIL = z.looseObject({
  /** Who did the step (assigned, returned, approved, reminded). */
  actorId: z.string().optional(),
  actorName: z.string().optional(),
  /** The due date concerned (assigned, reminded, due_tomorrow, overdue), YYYY-MM-DD or null. */
  dueDate: z.string().nullable().optional(),
  /** The office's 退回理由 (returned). */
  reason: z.string().optional(),
  /** Every section a new report gave the bureau, in outline order (assigned by creating a report). */
  sectionIds: z.array(z.string()).optional(),
  /** True for the one `assigned` notification of a newly created report. */
  reportCreated: z.boolean().optional(),
  /** The comment or reply (mentioned, comment_reply). */
  commentId: z.string().optional(),
  /** The thread to open: its root comment (mentioned, comment_reply). */
  threadId: z.string().optional(),
  /** The document commented on (mentioned, comment_reply). */
  docName: z.string().optional(),
  /** Who wrote the comment (mentioned, comment_reply). */
  authorId: z.string().optional(),
  authorName: z.string().optional(),
});

/** One in-app notification of the signed-in user. */
export const NOTIFICATION = z.object({
  /** A decimal number, as a string. */
  id: z.string().regex(/^\d+$/),
  type: NOTIFICATION_TYPE,
  /** The report it is about; null for none. */
  reportId: z.string().nullable(),
  /**
   * The report's current title (null without a report): messages stored before they named their
   * report, or before a rename, are told apart by it.
   */
  reportTitle: z.string().nullable(),
  /** The section it is about (for a new report, the bureau's first); null for none. */
  sectionId: z.string().nullable(),
  /** A whole Chinese sentence, ready to show, naming the report (《…》). */
  message: z.string(),
  detail: NOTIFICATION_DETAIL,
  createdAt: MOMENT,
  /** When it was first read; null while unread. */
  readAt: MOMENT.nullable(),
});

/** `GET /api/notifications`: the caller's newest (at most 100) and the count of all unread. */
export const NOTIFICATION_LIST = z.object({
  /** All the caller's unread notifications, also those beyond the list. */
  unread: z.number().int().nonnegative(),
  /** Newest first. */
  items: z.array(NOTIFICATION),
});

/** `POST /api/notifications/read-all`. */
export const NOTIFICATIONS_READ_ALL = z.object({
  unread: z.literal(0),
  /** How many were unread until now. */
  updated: z.number().int().nonnegative(),
});

export type CommentAnchor = z.infer<typeof COMMENT_ANCHOR>;
export type CommentAuthor = z.infer<typeof COMMENT_AUTHOR>;
export type Comment = z.infer<typeof COMMENT>;
export type Thread = z.infer<typeof THREAD>;
/** What a client sends to start a thread. */
export type NewCommentInput = z.input<typeof NEW_COMMENT>;
/** A new thread as the route reads it (text trimmed). */
export type NewComment = z.infer<typeof NEW_COMMENT>;
/** What a client sends to reply. */
export type NewReplyInput = z.input<typeof NEW_REPLY>;
/** What a client sends to resolve, reopen or mark read. */
export type NoBodyInput = z.input<typeof NO_BODY>;
export type NotificationType = z.infer<typeof NOTIFICATION_TYPE>;
export type NotificationDetail = z.infer<typeof NOTIFICATION_DETAIL>;
/** One notification (named so as not to hide the DOM's `Notification`). */
export type AppNotification = z.infer<typeof NOTIFICATION>;
export type NotificationList = z.infer<typeof NOTIFICATION_LIST>;
export type NotificationsReadAll = z.infer<typeof NOTIFICATIONS_READ_ALL>;
