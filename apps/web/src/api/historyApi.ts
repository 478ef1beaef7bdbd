// A report's recorded history and the stored text of its (possibly deleted) sections (docs/api.md,
// `GET /api/reports/:id/history` and `GET /api/sections/:id/text`). Requests go through ./request.ts,
// as in ./client.ts: same-origin cookie, every failure an ApiError with the server's Chinese message.
import { api } from './api';
import { requestJson } from './request';
import type { Id } from './types';

/** Who did something, as the history names them. */
export interface HistoryActor {
  id: string;
  /** Null when the account no longer exists. */
  name: string | null;
  /** Null for a user without a bureau (a leader); absent on older servers. */
  bureau?: { id: string; name: string } | null;
}

/** One recorded workflow event (`HistoryEntry` of docs/api.md). */
export interface HistoryEntry {
  /** Ascending in recording order. */
  id: number;
  /** ISO 8601. */
  at: string;
  /** e.g. `section.submit`, `report.lock`; unknown types may come from a newer server. */
  type: string;
  /** Null for events without an actor. */
  actor: HistoryActor | null;
  /** Null for report-level events. */
  sectionId: string | null;
  /** Current title; for a deleted section the last recorded one; null when unknown. */
  sectionTitle: string | null;
  /** Why a section was returned or a report unlocked/reopened. */
  reason: string | null;
  /** The stored detail as recorded (its shape depends on `type`). */
  detail: Record<string, unknown>;
}

/** A section's stored text, live or deleted (`SectionText` of docs/api.md). */
export interface SectionText {
  id: string;
  reportId: string;
  title: string;
  /** ISO 8601 of the deletion; null while the section is live. */
  deletedAt: string | null;
  /** Plain text, one line per paragraph. */
  text: string;
  /** 字数 (no whitespace). */
  chars: number;
}

/** Typed access to the history endpoints; every failure rejects with an ApiError. */
export interface HistoryApi {
  /** Every recorded event of a report, newest first. */
  listHistory(reportId: Id, signal?: AbortSignal): Promise<HistoryEntry[]>;
  /** The stored text of a section, deleted ones included. */
  getSectionText(sectionId: Id, signal?: AbortSignal): Promise<SectionText>;
}

/** Options for {@link createHistoryApi}. */
export interface HistoryApiOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request is answered 401 (the session expired). */
  onUnauthorized?: () => void;
}

/**
 * Creates the history API bound to the page's origin.
 *
 * @example
 * const entries = await createHistoryApi().listHistory('r1');
 */
export function createHistoryApi(options: HistoryApiOptions = {}): HistoryApi {
  const get = <T>(path: string, accept: (answer: T) => boolean, signal?: AbortSignal) =>
    requestJson<T>('GET', path, undefined, { fetch: options.fetch, onUnauthorized: options.onUnauthorized, signal, accept });
  return {
    listHistory: (reportId, signal) =>
      get<HistoryEntry[]>(`/api/reports/${encodeURIComponent(String(reportId))}/history`, Array.isArray, signal),
    getSectionText: (sectionId, signal) =>
      get<SectionText>(
        `/api/sections/${encodeURIComponent(String(sectionId))}/text`,
        (t) => !!t && typeof t.text === 'string' && typeof t.title === 'string',
        signal,
      ),
  };
}

/**
 * The application's history API. A 401 is passed on to the shared client by an authenticated
 * request of its own, so the session store signs out with 登录已失效 exactly as for other pages.
 */
export const historyApi: HistoryApi = createHistoryApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});
