// Merge, lock, unlock and locked versions of a report's final draft (docs/api.md, "Merge, lock and
// versions"). Requests go through ./request.ts, as in ./client.ts: same-origin cookie, JSON bodies,
// ApiError with the server's Chinese message on every failure.
import {
  LOCK_RESULT,
  MERGE_RESULT,
  UNLOCK_RESULT,
  VERSION_COMPARISON,
  VERSION_DETAIL,
  VERSION_LIST,
  parseOfficeEdits,
  type EditDecision,
  type EditResolution,
  type LockResult,
  type MergeChange,
  type MergeRequest,
  type MergeResult,
  type OfficeEdit,
  type ParagraphChoice,
  type ParagraphConflict,
  type ParagraphMergeView,
  type UnlockRequest,
  type UnlockResult,
  type Version,
  type VersionComparison,
  type VersionDetail,
  type VersionDiffPart,
  type VersionPerson,
  type VersionPoint,
} from '@hegao/contract';
import { ApiError } from './ApiError';
import { api } from './api';
import { requestJson } from './request';

/**
 * The answers' shapes — a merge's decisions and changes, the office's edits it would replace, lock
 * and unlock, versions, a comparison by author — are the contract's (@hegao/contract), and every
 * answer is checked against its schema.
 */
export type {
  EditDecision,
  EditResolution,
  LockResult,
  MergeChange,
  MergeResult,
  OfficeEdit,
  ParagraphChoice,
  ParagraphConflict,
  ParagraphMergeView,
  UnlockResult,
  Version,
  VersionComparison,
  VersionDetail,
  VersionDiffPart,
  VersionPerson,
  VersionPoint,
};

/** A re-merge refused because the office edited sections it would replace: decide for each and merge again. */
export class OfficeEditsError extends ApiError {
  readonly edits: OfficeEdit[];

  constructor(error: ApiError, edits: OfficeEdit[]) {
    super(error.status, error.code, error.message, error.body);
    this.name = 'OfficeEditsError';
    this.edits = edits;
  }
}

/** A contract schema, as far as checking an answer goes. */
interface AnswerSchema {
  safeParse(answer: unknown): { success: boolean };
}

/** Typed access to the final-draft endpoints; every failure rejects with an {@link ApiError}. */
export interface FinalApi {
  /**
   * Merges (or re-merges) the report's sections into the final draft (secretary). Rejects with an
   * {@link OfficeEditsError} when the office edited sections the re-merge would replace and `resolve`
   * does not say, for each, whether to replace or keep the office's version or merge by paragraph.
   */
  merge(reportId: string, resolve?: Readonly<Record<string, EditDecision>>): Promise<MergeResult>;
  /** Locks the final draft as the next version (secretary, report 合稿中). */
  lock(reportId: string): Promise<LockResult>;
  /** Unlocks a locked report with a reason (secretary, report 已定稿). */
  unlock(reportId: string, reason: string): Promise<UnlockResult>;
  /** Every locked version, oldest first. */
  listVersions(reportId: string, signal?: AbortSignal): Promise<Version[]>;
  /** One locked version with its content and whether it still verifies. */
  getVersion(reportId: string, version: number, signal?: AbortSignal): Promise<VersionDetail>;
  /** 第`from`版 against 第`to`版, or against the current final draft (`'final'`), by author. */
  compareVersions(reportId: string, from: number, to: VersionPoint, signal?: AbortSignal): Promise<VersionComparison>;
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
  const request = <T>(method: 'GET' | 'POST', path: string, schema: AnswerSchema, body?: unknown, signal?: AbortSignal) =>
    requestJson<T>(method, path, body, { fetch: options.fetch, onUnauthorized: options.onUnauthorized, signal, accept: (answer) => schema.safeParse(answer).success });

  const reportPath = (id: string) => `/api/reports/${encodeURIComponent(id)}`;

  return {
    merge: async (reportId, resolve) => {
      try {
        const body: MergeRequest | undefined = resolve ? { resolve } : undefined;
        return await request<MergeResult>('POST', `${reportPath(reportId)}/merge`, MERGE_RESULT, body);
      } catch (error) {
        const edits = error instanceof ApiError && error.code === 'office_edits' ? parseOfficeEdits(error.body) : null;
        throw edits ? new OfficeEditsError(error as ApiError, edits) : error;
      }
    },
    lock: (reportId) => request<LockResult>('POST', `${reportPath(reportId)}/lock`, LOCK_RESULT),
    unlock: (reportId, reason) => {
      const body: UnlockRequest = { reason };
      return request<UnlockResult>('POST', `${reportPath(reportId)}/unlock`, UNLOCK_RESULT, body);
    },
    listVersions: (reportId, signal) => request<Version[]>('GET', `${reportPath(reportId)}/versions`, VERSION_LIST, undefined, signal),
    getVersion: (reportId, version, signal) =>
      request<VersionDetail>('GET', `${reportPath(reportId)}/versions/${encodeURIComponent(String(version))}`, VERSION_DETAIL, undefined, signal),
    compareVersions: (reportId, from, to, signal) =>
      request<VersionComparison>(
        'GET',
        `${reportPath(reportId)}/versions/compare?from=${encodeURIComponent(String(from))}&to=${encodeURIComponent(String(to))}`,
        VERSION_COMPARISON,
        undefined,
        signal,
      ),
  };
}

/**
 * The application's final-draft API. A 401 is passed on to the shared client by an authenticated
 * request of its own, so the session store signs out with 登录已失效 exactly as for other pages.
 */
export const finalApi: FinalApi = createFinalApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});
