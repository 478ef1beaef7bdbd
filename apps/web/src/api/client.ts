// The signed-in user, the report list, a report and the submit of a section: answers checked
// against the contract's schemas (packages/contract/src/reports.ts), so a server answering another
// shape rejects as 无法识别 instead of breaking a page later.
import { LOGIN_ANSWER, ME, REPORT_DETAIL, REPORT_SUMMARY, SECTION_WITH_WARNINGS, type LoginAnswer, type LoginRequest } from '@hegao/contract';
import { ApiError } from './ApiError';
import { invalidResponse, requestJson } from './request';
import type { Me, ReportDetail, ReportSummary, SectionWithWarnings } from './types';

const REPORT_LIST = REPORT_SUMMARY.array();

/** A shape check for `accept`: true when `schema` parses the answer. */
const matches = (schema: { safeParse(body: unknown): { success: boolean } }) => (body: unknown) => schema.safeParse(body).success;

/** Options for {@link createApiClient}. */
export interface ApiClientOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
}

/** Typed access to the REST API. Every failure rejects with an {@link ApiError}. */
export interface ApiClient {
  /** Signs in and returns the user; 401 rejects with the server's 用户名或密码错误. */
  login(username: string, password: string): Promise<Me>;
  /** Ends the session; resolves also when the session had already expired. */
  logout(): Promise<void>;
  /** The signed-in user, or null when there is no valid session. */
  me(signal?: AbortSignal): Promise<Me | null>;
  /** Reports visible to the signed-in user. */
  listReports(signal?: AbortSignal): Promise<ReportSummary[]>;
  /** One report with its outline. */
  getReport(id: string, signal?: AbortSignal): Promise<ReportDetail>;
  /** Submits a section for review (编写中/已退回 → 已提交); resolves with the updated section and what the office will find missing. */
  submitSection(id: string): Promise<SectionWithWarnings>;
  /** Called whenever an authenticated request is answered 401 (the session expired). */
  onUnauthorized(listener: () => void): () => void;
}

/**
 * Creates an API client bound to the page's origin.
 *
 * @example
 * const api = createApiClient();
 * const me = await api.login('bgs', 'hegao-demo');
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const unauthorizedListeners = new Set<() => void>();
  const notifyUnauthorized = () => {
    for (const listener of [...unauthorizedListeners]) listener();
  };

  /** `authenticated: false` where a 401 is not an expired session (a wrong password, nobody signed in). */
  function request<T>(
    method: 'GET' | 'POST',
    path: string,
    { body, signal, authenticated = true, accept }: { body?: unknown; signal?: AbortSignal | undefined; authenticated?: boolean; accept?: (body: T) => boolean } = {},
  ): Promise<T> {
    return requestJson<T>(method, path, body, {
      fetch: options.fetch,
      signal,
      onUnauthorized: authenticated ? notifyUnauthorized : undefined,
      allowEmpty: true,
      accept,
    });
  }

  return {
    async login(username, password) {
      const body: LoginRequest = { username, password };
      const result = await request<LoginAnswer | undefined>('POST', '/api/auth/login', { body, authenticated: false });
      if (!LOGIN_ANSWER.safeParse(result).success) throw invalidResponse();
      return result!.user;
    },

    async logout() {
      try {
        await request<void>('POST', '/api/auth/logout', { authenticated: false });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return;
        throw error;
      }
    },

    async me(signal) {
      try {
        return await request<Me>('GET', '/api/me', { signal, authenticated: false, accept: matches(ME) });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },

    listReports: (signal) => request<ReportSummary[]>('GET', '/api/reports', { signal, accept: matches(REPORT_LIST) }),

    getReport: (id, signal) => request<ReportDetail>('GET', `/api/reports/${encodeURIComponent(id)}`, { signal, accept: matches(REPORT_DETAIL) }),

    submitSection: (id) => request<SectionWithWarnings>('POST', `/api/sections/${encodeURIComponent(id)}/submit`, { accept: matches(SECTION_WITH_WARNINGS) }),

    onUnauthorized(listener) {
      unauthorizedListeners.add(listener);
      return () => unauthorizedListeners.delete(listener);
    },
  };
}
