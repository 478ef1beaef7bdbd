// Who wrote which characters of a section or of a report's final draft (docs/api.md,
// `GET /api/sections/:id/authorship`, `GET /api/reports/:id/final/authorship`), for the 显示修改人 tint. Requests go through ./request.ts, as in ./historyApi.ts: same-origin cookie, every
// failure an ApiError with the server's Chinese message.
import type { Authorship, AuthorshipDeleted, AuthorshipQueryParams, AuthorshipSpan, Writer } from '@hegao/contract';
import { api } from './api';
import { requestJson } from './request';

// The answer's shape is the contract's (packages/contract/src/history.ts): the text, spans that
// cover every character but line breaks exactly once, and with `deleted: true` the deleted runs.
export type { Authorship, AuthorshipDeleted, AuthorshipSpan };

/** The writer of a run, with the colour the server gives that person everywhere (the contract's `Writer`). */
export type AuthorshipUser = Writer;

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
  getAuthorship(sectionId: string, query?: AuthorshipQuery): Promise<Authorship>;
  /** The final draft's (合稿) text and writers; merged text keeps its bureau writers. */
  getFinalAuthorship(reportId: string, query?: Pick<AuthorshipQuery, 'signal'>): Promise<Authorship>;
}

/** Options for {@link createAuthorshipApi}. */
export interface AuthorshipApiOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request is answered 401 (the session expired). */
  onUnauthorized?: () => void;
}

/**
 * A plausible answer: text and spans with integer offsets and a writer each. Lighter than parsing
 * with the contract's `AUTHORSHIP` (a long final draft has thousands of spans, read again on every
 * refresh of 显示修改人); the server builds exactly that type.
 */
export function isAuthorship(value: Authorship): boolean {
  return (
    !!value &&
    typeof value.text === 'string' &&
    Array.isArray(value.spans) &&
    value.spans.every((s) => !!s && Number.isInteger(s.start) && Number.isInteger(s.end) && !!s.user && typeof s.user.id === 'string')
  );
}

/**
 * The query string the server reads with `AUTHORSHIP_QUERY`: `at` (a moment with its zone) and
 * `deleted=1`, in that order; '' without either.
 * @example authorshipSearch({ deleted: true }) // '?deleted=1'
 */
export function authorshipSearch(query: Pick<AuthorshipQuery, 'at' | 'deleted'>): string {
  const params: AuthorshipQueryParams = { ...(query.at ? { at: query.at } : {}), ...(query.deleted ? { deleted: '1' as const } : {}) };
  const pairs = Object.entries(params).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/**
 * Creates the authorship API bound to the page's origin.
 *
 * @example
 * const { text, spans } = await createAuthorshipApi().getAuthorship('s1');
 */
export function createAuthorshipApi(options: AuthorshipApiOptions = {}): AuthorshipApi {
  const get = (path: string, signal: AbortSignal | undefined) =>
    requestJson<Authorship>('GET', path, undefined, {
      fetch: options.fetch,
      onUnauthorized: options.onUnauthorized,
      signal,
      accept: isAuthorship,
    });
  return {
    getAuthorship: (sectionId, query = {}) => get(`/api/sections/${encodeURIComponent(sectionId)}/authorship${authorshipSearch(query)}`, query.signal),
    getFinalAuthorship: (reportId, query = {}) => get(`/api/reports/${encodeURIComponent(reportId)}/final/authorship`, query.signal),
  };
}

/**
 * The application's authorship API. A 401 is passed on to the shared client by an authenticated
 * request of its own, so the session store signs out with 登录已失效 exactly as for other pages.
 */
export const authorshipApi: AuthorshipApi = createAuthorshipApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});
