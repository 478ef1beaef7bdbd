// A report's recorded history and the stored text of its (possibly deleted) sections (docs/api.md,
// `GET /api/reports/:id/history` and `GET /api/sections/:id/text`). Requests go through ./request.ts,
// as in ./client.ts: same-origin cookie, every failure an ApiError with the server's Chinese message.
import { REPORT_HISTORY, SECTION_TEXT, type HistoryActor, type HistoryEntry, type SectionText } from '@hegao/contract';
import { api } from './api';
import { requestJson } from './request';

// The answers' shapes are the contract's (packages/contract/src/history.ts); `HistoryEntry.detail`
// is read with the contract's `readAuditEvent`.
export type { HistoryActor, HistoryEntry, SectionText };

/** Typed access to the history endpoints; every failure rejects with an ApiError. */
export interface HistoryApi {
  /** Every recorded event of a report, newest first. */
  listHistory(reportId: string, signal?: AbortSignal): Promise<HistoryEntry[]>;
  /** The stored text of a section, deleted ones included. */
  getSectionText(sectionId: string, signal?: AbortSignal): Promise<SectionText>;
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
      get<HistoryEntry[]>(`/api/reports/${encodeURIComponent(reportId)}/history`, (a) => REPORT_HISTORY.safeParse(a).success, signal),
    getSectionText: (sectionId, signal) =>
      get<SectionText>(`/api/sections/${encodeURIComponent(sectionId)}/text`, (t) => SECTION_TEXT.safeParse(t).success, signal),
  };
}

/**
 * The application's history API. A 401 is passed on to the shared client by an authenticated
 * request of its own, so the session store signs out with 登录已失效 exactly as for other pages.
 */
export const historyApi: HistoryApi = createHistoryApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});
