// Merge, lock, unlock and locked versions of a report's final draft (docs/api.md, "Merge, lock and
// versions"). Requests go through ./request.ts, as in ./client.ts: same-origin cookie, JSON bodies,
// ApiError with the server's Chinese message on every failure.
import {
  parseOfficeEdits,
  type EditDecision,
  type EditResolution,
  type MergeChange,
  type OfficeEdit,
  type ParagraphChoice,
  type ParagraphConflict,
  type ParagraphMergeView,
} from '@hegao/contract';
import type { PMJSON } from '@hegao/schema';
import { ApiError } from './ApiError';
import { api } from './api';
import type { AuthorshipUser } from './authorshipApi';
import { requestJson } from './request';
import type { Id } from './types';

/** A re-merge's shapes — decisions, the office's edits it would replace, what it changed — are the contract's (@hegao/contract). */
export type { EditDecision, EditResolution, MergeChange, OfficeEdit, ParagraphChoice, ParagraphConflict, ParagraphMergeView };

/** A re-merge refused because the office edited sections it would replace: decide for each and merge again. */
export class OfficeEditsError extends ApiError {
  readonly edits: OfficeEdit[];

  constructor(error: ApiError, edits: OfficeEdit[]) {
    super(error.status, error.code, error.message, error.body);
    this.name = 'OfficeEditsError';
    this.edits = edits;
  }
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
  /** The audit chain's head (SHA-256, hex) when the version was locked; null when locked before the chain existed. */
  chainHead?: string | null;
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

/** One side of a comparison: a version number, or the current final draft (当前合稿). */
export type VersionPoint = number | 'final';

/**
 * One part of a comparison of two versions. Insertions name who wrote them, deletions who deleted
 * them, with their bureau and when; `merge` marks text a (re-)merge wrote or removed (the
 * secretary who merged is named).
 */
export interface VersionDiffPart {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
  user?: AuthorshipUser;
  bureau?: { id: string; name: string } | null;
  /** ISO 8601. */
  at?: string;
  merge?: true;
}

/**
 * `GET /api/reports/:id/versions/compare`: joining equal+delete parts gives `from`'s text,
 * equal+insert parts `to`'s (lines joined by '\n').
 */
export interface VersionComparison {
  from: { version: VersionPoint; lockedAt: string | null };
  to: { version: VersionPoint; lockedAt: string | null };
  parts: VersionDiffPart[];
}

/** A plausible comparison: both sides and a list of parts of a known kind with text. */
function isComparison(c: VersionComparison): boolean {
  return (
    !!c &&
    !!c.from &&
    !!c.to &&
    Array.isArray(c.parts) &&
    c.parts.every((p) => !!p && typeof p.text === 'string' && (p.kind === 'equal' || p.kind === 'insert' || p.kind === 'delete'))
  );
}

/** Typed access to the final-draft endpoints; every failure rejects with an {@link ApiError}. */
export interface FinalApi {
  /**
   * Merges (or re-merges) the report's sections into the final draft (secretary). Rejects with an
   * {@link OfficeEditsError} when the office edited sections the re-merge would replace and `resolve`
   * does not say, for each, whether to replace or keep the office's version or merge by paragraph.
   */
  merge(reportId: Id, resolve?: Readonly<Record<string, EditDecision>>): Promise<MergeResult>;
  /** Locks the final draft as the next version (secretary, report 合稿中). */
  lock(reportId: Id): Promise<LockResult>;
  /** Unlocks a locked report with a reason (secretary, report 已定稿). */
  unlock(reportId: Id, reason: string): Promise<UnlockResult>;
  /** Every locked version, oldest first. */
  listVersions(reportId: Id, signal?: AbortSignal): Promise<Version[]>;
  /** One locked version with its content and whether it still verifies. */
  getVersion(reportId: Id, version: number, signal?: AbortSignal): Promise<VersionDetail>;
  /** 第`from`版 against 第`to`版, or against the current final draft (`'final'`), by author. */
  compareVersions(reportId: Id, from: number, to: VersionPoint, signal?: AbortSignal): Promise<VersionComparison>;
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
  const request = <T>(method: 'GET' | 'POST', path: string, accept: (answer: T) => boolean, body?: unknown, signal?: AbortSignal) =>
    requestJson<T>(method, path, body, { fetch: options.fetch, onUnauthorized: options.onUnauthorized, signal, accept });

  const reportPath = (id: Id) => `/api/reports/${encodeURIComponent(String(id))}`;

  return {
    merge: async (reportId, resolve) => {
      try {
        return await request<MergeResult>(
          'POST',
          `${reportPath(reportId)}/merge`,
          (r) => !!r && typeof r.finalDocName === 'string' && Array.isArray(r.changed),
          resolve ? { resolve } : undefined,
        );
      } catch (error) {
        const edits = error instanceof ApiError && error.code === 'office_edits' ? parseOfficeEdits(error.body) : null;
        throw edits ? new OfficeEditsError(error as ApiError, edits) : error;
      }
    },
    lock: (reportId) =>
      request<LockResult>('POST', `${reportPath(reportId)}/lock`, (r) => !!r && typeof r.version === 'number' && typeof r.sha256 === 'string'),
    unlock: (reportId, reason) =>
      request<UnlockResult>('POST', `${reportPath(reportId)}/unlock`, (r) => !!r && typeof r.version === 'number', { reason }),
    listVersions: (reportId, signal) => request<Version[]>('GET', `${reportPath(reportId)}/versions`, Array.isArray, undefined, signal),
    getVersion: (reportId, version, signal) =>
      request<VersionDetail>(
        'GET',
        `${reportPath(reportId)}/versions/${encodeURIComponent(String(version))}`,
        (r) => !!r && typeof r.sha256 === 'string' && typeof r.verified === 'boolean',
        undefined,
        signal,
      ),
    compareVersions: (reportId, from, to, signal) =>
      request<VersionComparison>(
        'GET',
        `${reportPath(reportId)}/versions/compare?from=${encodeURIComponent(String(from))}&to=${encodeURIComponent(String(to))}`,
        isComparison,
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
