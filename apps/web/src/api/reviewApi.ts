// REST access for review (审核), comments (批注/批示) and notifications (docs/api.md). Same request
// pattern as ./client.ts: JSON in and out, credentials of the page's origin, every failure an ApiError.
import { api } from './api';
import { ApiError, INVALID_RESPONSE_MESSAGE, NETWORK_ERROR_MESSAGE, fallbackMessage } from './ApiError';
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
export type NotificationType = 'assigned' | 'returned' | 'approved' | 'mentioned' | 'comment_reply' | 'due_tomorrow' | 'overdue';

/** One in-app notification of the signed-in user. */
export interface AppNotification {
  id: string;
  type: NotificationType | (string & {});
  reportId: Id | null;
  sectionId: Id | null;
  /** A whole Chinese sentence, ready to show. */
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

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** Creates the review API client bound to the page's origin. */
export function createReviewApi(options: ReviewApiOptions = {}): ReviewApi {
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (signal) init.signal = signal;
    if (method === 'POST') {
      // The server refuses state-changing requests that are not JSON (a CSRF guard).
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body ?? {});
    }
    let response: Response;
    try {
      response = await doFetch(path, init);
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE);
    }
    if (!response.ok) {
      const error = await readError(response);
      if (response.status === 401) options.onUnauthorized?.();
      throw error;
    }
    const text = response.status === 204 ? '' : await response.text();
    if (text === '') throw new ApiError(response.status, 'invalid_response', INVALID_RESPONSE_MESSAGE);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, 'invalid_response', INVALID_RESPONSE_MESSAGE);
    }
  }

  const section = (id: Id) => `/api/sections/${encodeURIComponent(String(id))}`;
  const comment = (id: Id) => `/api/comments/${encodeURIComponent(String(id))}`;

  return {
    approveSection: (id) => request(`${section(id)}/approve`, { method: 'POST' }),
    returnSection: (id, reason) => request(`${section(id)}/return`, { method: 'POST', body: { reason } }),

    async listComments(sectionId, signal) {
      const threads = await request<Thread[]>(`${section(sectionId)}/comments`, { signal });
      if (!Array.isArray(threads)) throw new ApiError(200, 'invalid_response', INVALID_RESPONSE_MESSAGE);
      return threads.map((t) => ({ ...t, replies: Array.isArray(t.replies) ? t.replies : [] }));
    },
    createComment: (sectionId, input) => request(`${section(sectionId)}/comments`, { method: 'POST', body: input }),
    reply: (commentId, body) => request(`${comment(commentId)}/replies`, { method: 'POST', body: { body } }),
    setResolved: (commentId, resolved) => request(`${comment(commentId)}/${resolved ? 'resolve' : 'reopen'}`, { method: 'POST' }),

    async listNotifications({ unreadOnly = false, signal } = {}) {
      const list = await request<NotificationList>(`/api/notifications${unreadOnly ? '?unread=1' : ''}`, { signal });
      if (!list || !Array.isArray(list.items)) throw new ApiError(200, 'invalid_response', INVALID_RESPONSE_MESSAGE);
      return list;
    },
    markNotificationRead: (id) => request(`/api/notifications/${encodeURIComponent(String(id))}/read`, { method: 'POST' }),
    markAllNotificationsRead: () => request('/api/notifications/read-all', { method: 'POST' }),
  };
}

/** Reads `{error, message}` from an error response, falling back to a Chinese message by status. */
async function readError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = fallbackMessage(response.status);
  try {
    const body: unknown = JSON.parse(await response.text());
    if (body && typeof body === 'object') {
      const { error, message: serverMessage } = body as { error?: unknown; message?: unknown };
      if (typeof error === 'string' && error !== '') code = error;
      if (typeof serverMessage === 'string' && serverMessage.trim() !== '') message = serverMessage;
    }
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): keep the fallback.
  }
  return new ApiError(response.status, code, message);
}

function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * The application's review client. A 401 here is confirmed through the main client (an
 * authenticated request there signs the user out with 登录已失效 when the session is really gone).
 */
export const reviewApi = createReviewApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});
