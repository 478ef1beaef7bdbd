// Who wrote which characters of a section or of a report's final draft (docs/api.md,
// `GET /api/sections/:id/authorship`, `GET /api/reports/:id/final/authorship`), for the 显示修改人 tint. Requests go through ./request.ts, as in ./historyApi.ts: same-origin cookie, every
// failure an ApiError with the server's Chinese message.
import { api } from './api';
import { requestJson } from './request';
import type { Id } from './types';

/** The writer of a run, with the colour the server gives that person everywhere (`personColor`). */
export interface AuthorshipUser {
  id: string;
  username: string;
  name: string;
  /** e.g. `hsl(6, 55%, 30%)`. */
  color: string;
}

/** One run of characters written by one person at about one time. */
export interface AuthorshipSpan {
  /** JavaScript string offsets into `text`, end exclusive. */
  start: number;
  end: number;
  user: AuthorshipUser;
  /** The writer's bureau when they wrote it; null for people outside a bureau (leaders). */
  bureau: { id: string; name: string } | null;
  /** ISO 8601: when the run was written. */
  at: string;
}

/** Characters deleted from a paragraph still there (`?deleted=1`): where they stood, who wrote and who deleted them. */
export interface AuthorshipDeleted {
  /** They stood just before character `offset` of `text`. */
  offset: number;
  text: string;
  user: AuthorshipUser;
  bureau: { id: string; name: string } | null;
  /** ISO 8601: when they were written. */
  at: string;
  deletedBy: { user: AuthorshipUser; bureau: { id: string; name: string } | null; at: string } | null;
}

/**
 * A section's plain text (exactly as `docToText` of @hegao/schema lays it out) and who wrote it: the
 * spans cover every character but line breaks exactly once, in order.
 */
export interface Authorship {
  text: string;
  spans: AuthorshipSpan[];
  /** With `deleted: true` only. */
  deleted?: AuthorshipDeleted[];
}

/** Options of {@link AuthorshipApi.getAuthorship}. */
export interface AuthorshipQuery {
  /** The section as it was at this time (ISO 8601); now when absent. */
  at?: string;
  /** Also list the deleted characters (`?deleted=1`). */
  deleted?: boolean;
  signal?: AbortSignal;
}

/** Typed access to the authorship endpoints; every failure rejects with an ApiError. */
export interface AuthorshipApi {
  /** A section's text and writers. */
  getAuthorship(sectionId: Id, query?: AuthorshipQuery): Promise<Authorship>;
  /** The final draft's (合稿) text and writers; merged text keeps its bureau writers. */
  getFinalAuthorship(reportId: Id, query?: Pick<AuthorshipQuery, 'signal'>): Promise<Authorship>;
}

/** Options for {@link createAuthorshipApi}. */
export interface AuthorshipApiOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request is answered 401 (the session expired). */
  onUnauthorized?: () => void;
}

/** A plausible answer: text and a list of spans with numeric offsets and a user each. */
function isAuthorship(value: Authorship): boolean {
  return (
    !!value &&
    typeof value.text === 'string' &&
    Array.isArray(value.spans) &&
    value.spans.every((s) => !!s && Number.isInteger(s.start) && Number.isInteger(s.end) && !!s.user && typeof s.user.id === 'string')
  );
}

/**
 * Creates the authorship API bound to the page's origin.
 *
 * @example
 * const { text, spans } = await createAuthorshipApi().getAuthorship('s1');
 */
export function createAuthorshipApi(options: AuthorshipApiOptions = {}): AuthorshipApi {
  const get = (path: string, signal: AbortSignal | undefined) =>
    requestJson<Authorship>('GET', path, undefined, { fetch: options.fetch, onUnauthorized: options.onUnauthorized, signal, accept: isAuthorship });
  return {
    getAuthorship(sectionId, query = {}) {
      const params = [query.at ? `at=${encodeURIComponent(query.at)}` : '', query.deleted ? 'deleted=1' : ''].filter(Boolean);
      const search = params.length > 0 ? `?${params.join('&')}` : '';
      return get(`/api/sections/${encodeURIComponent(String(sectionId))}/authorship${search}`, query.signal);
    },
    getFinalAuthorship: (reportId, query = {}) => get(`/api/reports/${encodeURIComponent(String(reportId))}/final/authorship`, query.signal),
  };
}

/**
 * The application's authorship API. A 401 is passed on to the shared client by an authenticated
 * request of its own, so the session store signs out with 登录已失效 exactly as for other pages.
 */
export const authorshipApi: AuthorshipApi = createAuthorshipApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});
