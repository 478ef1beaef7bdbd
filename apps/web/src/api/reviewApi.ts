// REST access for review (审核), comments (批注/批示) and notifications (docs/api.md). Requests go
// through ./request.ts, as in ./client.ts: JSON in and out, credentials of the page's origin, every
// failure an ApiError.
import {
  SECTION_VIEW,
  SECTION_WITH_WARNINGS,
  type AppNotification,
  type Comment,
  type NewCommentInput,
  type NewReplyInput,
  type NotificationList,
  type NotificationsReadAll,
  type SectionReturn,
  type SectionView,
  type SectionWithWarnings,
  type Thread,
} from '@hegao/contract';
import { api } from './api';
import { requestJson } from './request';

// The shapes are the contract's (packages/contract/src/review.ts); re-exported under the names the
// components use.
export type { AppNotification, Comment, CommentAnchor, CommentAuthor, NewCommentInput, NotificationList, NotificationType, Thread } from '@hegao/contract';

/** Typed access to the review, comment and notification endpoints. */
export interface ReviewApi {
  /** 通过: submitted → approved; resolves with the updated section (shown alone) and what the office will find missing. */
  approveSection(id: string): Promise<SectionWithWarnings>;
  /** 退回 (also 重新打开 of an approved section) with a required reason; resolves with the updated section (shown alone). */
  returnSection(id: string, reason: string): Promise<SectionView>;
  /** A section's threads, oldest first, resolved ones included. */
  listComments(sectionId: string, signal?: AbortSignal): Promise<Thread[]>;
  /** Starts a thread on a section. */
  createComment(sectionId: string, comment: NewCommentInput): Promise<Thread>;
  /** Replies to a thread (or to a reply, which joins its root's thread). */
  reply(commentId: string, body: string): Promise<Comment>;
  /** Marks a thread 已解决 (true) or reopens it (false); resolves with the thread. */
  setResolved(commentId: string, resolved: boolean): Promise<Thread>;
  /** The caller's notifications, newest first; `unreadOnly` lists unread ones only. */
  listNotifications(options?: { unreadOnly?: boolean; signal?: AbortSignal }): Promise<NotificationList>;
  /** Marks one notification read (reading again keeps the first `readAt`). */
  markNotificationRead(id: string): Promise<AppNotification>;
  /** Marks every notification of the caller read. */
  markAllNotificationsRead(): Promise<NotificationsReadAll>;
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

  /** A shape check for `accept`: true when `schema` parses the answer. */
  const matches = (schema: { safeParse(body: unknown): { success: boolean } }) => (body: unknown) => schema.safeParse(body).success;
  const section = (id: string) => `/api/sections/${encodeURIComponent(id)}`;
  const comment = (id: string) => `/api/comments/${encodeURIComponent(id)}`;

  return {
    approveSection: (id) => request<SectionWithWarnings>('POST', `${section(id)}/approve`, { accept: matches(SECTION_WITH_WARNINGS) }),
    returnSection: (id, reason) =>
      request<SectionView>('POST', `${section(id)}/return`, { body: { reason } satisfies SectionReturn, accept: matches(SECTION_VIEW) }),

    listComments: (sectionId, signal) =>
      request<Thread[]>('GET', `${section(sectionId)}/comments`, {
        signal,
        accept: (threads) => Array.isArray(threads) && threads.every((t) => Array.isArray(t?.replies)),
      }),
    createComment: (sectionId, input) => request('POST', `${section(sectionId)}/comments`, { body: input }),
    reply: (commentId, body) => request('POST', `${comment(commentId)}/replies`, { body: { body } satisfies NewReplyInput }),
    setResolved: (commentId, resolved) => request('POST', `${comment(commentId)}/${resolved ? 'resolve' : 'reopen'}`),

    listNotifications: ({ unreadOnly = false, signal } = {}) =>
      request<NotificationList>('GET', `/api/notifications${unreadOnly ? '?unread=1' : ''}`, {
        signal,
        accept: (list) => !!list && Array.isArray(list.items),
      }),
    markNotificationRead: (id) => request('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
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
