import { ApiError, INVALID_RESPONSE_MESSAGE, NETWORK_ERROR_MESSAGE, fallbackMessage } from './ApiError';
import type { Id, Me, ReportDetail, ReportSection, ReportSummary } from './types';

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
  getReport(id: Id, signal?: AbortSignal): Promise<ReportDetail>;
  /** Submits a section for review (编写中/已退回 → 已提交); resolves with the updated section. */
  submitSection(id: Id): Promise<Partial<ReportSection>>;
  /** Called whenever an authenticated request is answered 401 (the session expired). */
  onUnauthorized(listener: () => void): () => void;
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** A 401 here means the session expired (not a wrong password), so listeners are told. */
  authenticated?: boolean;
}

/**
 * Creates an API client bound to the page's origin.
 *
 * @example
 * const api = createApiClient();
 * const me = await api.login('bgs', 'hegao-demo');
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  // Calling an unbound `window.fetch` throws "Illegal invocation", hence the wrapper.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const unauthorizedListeners = new Set<() => void>();

  async function request<T>(path: string, { method = 'GET', body, signal, authenticated = true }: RequestOptions = {}): Promise<T> {
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
      if (response.status === 401 && authenticated) {
        for (const listener of [...unauthorizedListeners]) listener();
      }
      throw error;
    }
    if (response.status === 204) return undefined as T;

    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, 'invalid_response', INVALID_RESPONSE_MESSAGE);
    }
  }

  return {
    async login(username, password) {
      const result = await request<{ user?: Me }>('/api/auth/login', {
        method: 'POST',
        body: { username, password },
        authenticated: false,
      });
      if (!result || typeof result !== 'object' || !result.user) {
        throw new ApiError(200, 'invalid_response', INVALID_RESPONSE_MESSAGE);
      }
      return result.user;
    },

    async logout() {
      try {
        await request<void>('/api/auth/logout', { method: 'POST', authenticated: false });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return;
        throw error;
      }
    },

    async me(signal) {
      try {
        return await request<Me>('/api/me', { signal, authenticated: false });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },

    async listReports(signal) {
      const reports = await request<ReportSummary[]>('/api/reports', { signal });
      if (!Array.isArray(reports)) throw new ApiError(200, 'invalid_response', INVALID_RESPONSE_MESSAGE);
      return reports;
    },

    async getReport(id, signal) {
      const report = await request<ReportDetail>(`/api/reports/${encodeURIComponent(String(id))}`, { signal });
      if (!report || !Array.isArray(report.sections)) {
        throw new ApiError(200, 'invalid_response', INVALID_RESPONSE_MESSAGE);
      }
      return report;
    },

    async submitSection(id) {
      return request<Partial<ReportSection>>(`/api/sections/${encodeURIComponent(String(id))}/submit`, { method: 'POST' });
    },

    onUnauthorized(listener) {
      unauthorizedListeners.add(listener);
      return () => unauthorizedListeners.delete(listener);
    },
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
