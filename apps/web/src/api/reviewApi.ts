// REST access for review (审核), comments (批注/批示) and notifications (docs/api.md). Requests go
// through ./request.ts, as in ./client.ts: JSON in and out, credentials of the page's origin, every
// failure an ApiError.
import { api } from './api';
import { requestJson } from './request';
import type { Id, ReportSection, Role } from './types';

/** A comment's range: base64 of `Y.encodeRelativePosition` for each end. */
export interface CommentAnchor {
  from: string;
  to: string;
}

/** Who wrote a comment. */
export interface CommentAuthor {
  id: Id;
  name: string;
  /** Null when the account no longer exists. */
  role: Role | null;
  bureau: { id: Id; name: string } | null;
}

/** One comment or reply (`Comment` of docs/api.md). */
export interface Comment {
  id: string;
  parentId: string | null;
  reportId: Id;
  /** Null on the final draft. */
  sectionId: Id | null;
  docName: string;
  anchor: CommentAnchor | null;
  /** The text the anchor covered when commenting ('' without anchor). */
  quote: string;
  body: string;
  author: CommentAuthor;
  /** ISO 8601. */
  createdAt: string;
  resolvedBy: { id: Id; name: string } | null;
  resolvedAt: string | null;
}

/** A thread: its root comment with the replies, oldest first. */
export interface Thread extends Comment {
  replies: Comment[];
}

/** Body of a new thread. */
export interface NewComment {
  body: string;
  anchor?: CommentAnchor | null;
  quote?: string;
}

/** Notification kinds the server sends; others may come from a newer server. */
export type NotificationType = 'assigned' | 'returned' | 'approved' | 'mentioned' | 'comment_reply' | 'due_tomorrow' | 'overdue' | 'reminded';

/** One in-app notification of the signed-in user. */
export interface AppNotification {
  id: string;
  type: NotificationType | (string & {});
  reportId: Id | null;
  /** The report's current title (null without a report; absent from an older server). */
  reportTitle?: string | null;
  sectionId: Id | null;
  /** A whole Chinese sentence, ready to show; names the report (《…》) since issue 16. */
  message: string;
  detail: { threadId?: string; commentId?: string; [key: string]: unknown };
  /** ISO 8601. */
  createdAt: string;
  readAt: string | null;
}

/** `GET /api/notifications`: the newest (at most 100) and the count of all unread. */
export interface NotificationList {
  unread: number;
  items: AppNotification[];
}

/** Typed access to the review, comment and notification endpoints. */
export interface ReviewApi {
  /** 通过: submitted → approved; resolves with the updated section. */
  approveSection(id: Id): Promise<Partial<ReportSection>>;
  /** 退回 (also 重新打开 of an approved section) with a required reason. */
  returnSection(id: Id, reason: string): Promise<Partial<ReportSection>>;
  /** A section's threads, oldest first, resolved ones included. */
  listComments(sectionId: Id, signal?: AbortSignal): Promise<Thread[]>;
  /** Starts a thread on a section. */
  createComment(sectionId: Id, comment: NewComment): Promise<Thread>;
  /** Replies to a thread (or to a reply, which joins its root's thread). */
  reply(commentId: Id, body: string): Promise<Comment>;
  /** Marks a thread 已解决 (true) or reopens it (false); resolves with the thread. */
  setResolved(commentId: Id, resolved: boolean): Promise<Thread>;
  /** The caller's notifications, newest first; `unreadOnly` lists unread ones only. */
  listNotifications(options?: { unreadOnly?: boolean; signal?: AbortSignal }): Promise<NotificationList>;
  /** Marks one notification read (reading again keeps the first `readAt`). */
  markNotificationRead(id: Id): Promise<AppNotification>;
  /** Marks every notification of the caller read. */
  markAllNotificationsRead(): Promise<{ unread: number; updated: number }>;
}

/** Options for {@link createReviewApi}. */
export interface ReviewApiOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request is answered 401 (the session may have expired). */
  onUnauthorized?: () => void;
}

/** Creates the review API client bound to the page's origin. */
export function createReviewApi(options: ReviewApiOptions = {}): ReviewApi {
  const request = <T>(method: 'GET' | 'POST', path: string, { body, signal, accept }: { body?: unknown; signal?: AbortSignal | undefined; accept?: (answer: T) => boolean } = {}) =>
    requestJson<T>(method, path, body, { fetch: options.fetch, onUnauthorized: options.onUnauthorized, signal, accept });

  const section = (id: Id) => `/api/sections/${encodeURIComponent(String(id))}`;
  const comment = (id: Id) => `/api/comments/${encodeURIComponent(String(id))}`;

  return {
    approveSection: (id) => request('POST', `${section(id)}/approve`),
    returnSection: (id, reason) => request('POST', `${section(id)}/return`, { body: { reason } }),

    async listComments(sectionId, signal) {
      const threads = await request<Thread[]>('GET', `${section(sectionId)}/comments`, { signal, accept: Array.isArray });
      return threads.map((t) => ({ ...t, replies: Array.isArray(t.replies) ? t.replies : [] }));
    },
    createComment: (sectionId, input) => request('POST', `${section(sectionId)}/comments`, { body: input }),
    reply: (commentId, body) => request('POST', `${comment(commentId)}/replies`, { body: { body } }),
    setResolved: (commentId, resolved) => request('POST', `${comment(commentId)}/${resolved ? 'resolve' : 'reopen'}`),

    listNotifications: ({ unreadOnly = false, signal } = {}) =>
      request<NotificationList>('GET', `/api/notifications${unreadOnly ? '?unread=1' : ''}`, {
        signal,
        accept: (list) => !!list && Array.isArray(list.items),
      }),
    markNotificationRead: (id) => request('POST', `/api/notifications/${encodeURIComponent(String(id))}/read`),
    markAllNotificationsRead: () => request('POST', '/api/notifications/read-all'),
  };
}

/**
 * The application's review client. A 401 here is confirmed through the main client (an
 * authenticated request there signs the user out with 登录已失效 when the session is really gone).
 */
export const reviewApi = createReviewApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});
