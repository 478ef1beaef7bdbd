// Merge, lock, unlock and locked versions of a report's final draft (docs/api.md, "Merge, lock and
// versions"). Same request pattern as ./client.ts: same-origin cookie, JSON bodies, ApiError with the
// server's Chinese message on every failure.
import type { PMJSON } from '@hegao/schema';
import { ApiError, INVALID_RESPONSE_MESSAGE, NETWORK_ERROR_MESSAGE, fallbackMessage } from './ApiError';
import { api } from './api';
import type { Id } from './types';

/** One section a re-merge replaced, with its plain text before and after. */
export interface MergeChange {
  sectionId: Id;
  title: string;
  before: string;
  after: string;
}

/** Answer of `POST /api/reports/:id/merge`. */
export interface MergeResult {
  finalDocName: string;
  /** False on the first merge (which composes the whole draft). */
  remerge: boolean;
  /** Sections whose text changed since the previous merge (empty on the first merge). */
  changed: MergeChange[];
}

/** Answer of `POST /api/reports/:id/lock`. */
export interface LockResult {
  version: number;
  sha256: string;
}

/** Answer of `POST /api/reports/:id/unlock`; `version` is the one unlocked. */
export interface UnlockResult {
  version: number;
  status: 'merging';
}

/** A person as named in a version record (null name: the account no longer exists). */
export interface VersionPerson {
  id: Id;
  name: string | null;
}

/** One locked version (定稿) of a report, from `GET /api/reports/:id/versions`. */
export interface Version {
  version: number;
  sha256: string;
  lockedBy: VersionPerson | null;
  /** ISO 8601. */
  lockedAt: string;
  unlockedBy: VersionPerson | null;
  unlockedAt: string | null;
  unlockReason: string | null;
}

/** One version with its content, from `GET /api/reports/:id/versions/:n`. */
export interface VersionDetail extends Version {
  /** The stored ProseMirror JSON; null when the stored text could not be parsed. */
  content: PMJSON | null;
  /** Plain text, one line per paragraph or heading. */
  text: string;
  /** The server recomputed the SHA-256 from the stored content and it matched. */
  verified: boolean;
}

/** Typed access to the final-draft endpoints; every failure rejects with an {@link ApiError}. */
export interface FinalApi {
  /** Merges (or re-merges) the report's sections into the final draft (secretary). */
  merge(reportId: Id): Promise<MergeResult>;
  /** Locks the final draft as the next version (secretary, report 合稿中). */
  lock(reportId: Id): Promise<LockResult>;
  /** Unlocks a locked report with a reason (secretary, report 已定稿). */
  unlock(reportId: Id, reason: string): Promise<UnlockResult>;
  /** Every locked version, oldest first. */
  listVersions(reportId: Id, signal?: AbortSignal): Promise<Version[]>;
  /** One locked version with its content and whether it still verifies. */
  getVersion(reportId: Id, version: number, signal?: AbortSignal): Promise<VersionDetail>;
}

/** Options for {@link createFinalApi}. */
export interface FinalApiOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request is answered 401 (the session expired). */
  onUnauthorized?: () => void;
}

/**
 * Creates the final-draft API bound to the page's origin.
 *
 * @example
 * const final = createFinalApi();
 * const { version, sha256 } = await final.lock('r1');
 */
export function createFinalApi(options: FinalApiOptions = {}): FinalApi {
  // Calling an unbound `window.fetch` throws "Illegal invocation", hence the wrapper.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(path: string, method: 'GET' | 'POST', body?: unknown, signal?: AbortSignal): Promise<T> {
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
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, 'invalid_response', INVALID_RESPONSE_MESSAGE);
    }
  }

  const reportPath = (id: Id) => `/api/reports/${encodeURIComponent(String(id))}`;

  return {
    async merge(reportId) {
      const result = await request<MergeResult>(`${reportPath(reportId)}/merge`, 'POST');
      if (!result || typeof result.finalDocName !== 'string' || !Array.isArray(result.changed)) throw invalid();
      return result;
    },
    async lock(reportId) {
      const result = await request<LockResult>(`${reportPath(reportId)}/lock`, 'POST');
      if (!result || typeof result.version !== 'number' || typeof result.sha256 !== 'string') throw invalid();
      return result;
    },
    async unlock(reportId, reason) {
      const result = await request<UnlockResult>(`${reportPath(reportId)}/unlock`, 'POST', { reason });
      if (!result || typeof result.version !== 'number') throw invalid();
      return result;
    },
    async listVersions(reportId, signal) {
      const result = await request<Version[]>(`${reportPath(reportId)}/versions`, 'GET', undefined, signal);
      if (!Array.isArray(result)) throw invalid();
      return result;
    },
    async getVersion(reportId, version, signal) {
      const result = await request<VersionDetail>(`${reportPath(reportId)}/versions/${encodeURIComponent(String(version))}`, 'GET', undefined, signal);
      if (!result || typeof result.sha256 !== 'string' || typeof result.verified !== 'boolean') throw invalid();
      return result;
    },
  };
}

/**
 * The application's final-draft API. A 401 is passed on to the shared client by an authenticated
 * request of its own, so the session store signs out with 登录已失效 exactly as for other pages.
 */
export const finalApi: FinalApi = createFinalApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});

function invalid(): ApiError {
  return new ApiError(200, 'invalid_response', INVALID_RESPONSE_MESSAGE);
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
