// A section's text history (docs/api.md, "Section text history"): the timeline of editing sessions,
// workflow steps and comments, the text at a point of it, the diff between two points, and restore.
// Requests go through ./request.ts: same-origin cookie, every failure an ApiError with the server's
// Chinese message.
import {
  RESTORE_RESULT,
  SECTION_DIFF,
  TIMELINE_ENTRY,
  type BureauRef,
  type DiffRangeParams,
  type EditSession,
  type HistoryDiffPart,
  type RestoreRequest,
  type RestoreResult,
  type SectionDiff,
  type SectionTimeline,
  type TimelineComment,
  type TimelineEntry,
  type TimelineEvent,
} from '@hegao/contract';
import { api } from './api';
import { isAuthorship, type Authorship } from './authorshipApi';
import { requestJson } from './request';

// The answers' shapes are the contract's (packages/contract/src/history.ts): the timeline's entries
// are a union keyed by `kind`; diff parts name who wrote or deleted them.
export type { EditSession, HistoryDiffPart, RestoreResult, SectionDiff, SectionTimeline, TimelineComment, TimelineEntry, TimelineEvent };

/** A bureau as the history names it; null for people outside a bureau (leaders). */
export type HistoryBureau = BureauRef | null;

/** Typed access to the section history endpoints; every failure rejects with an ApiError. */
export interface SectionHistoryApi {
  getTimeline(sectionId: string, signal?: AbortSignal): Promise<SectionTimeline>;
  /** The text and its writers after update `seq` (0: empty). */
  getTextAt(sectionId: string, seq: number, signal?: AbortSignal): Promise<Authorship>;
  /** The changes from `from` to `to` (omitted: now). */
  getDiff(sectionId: string, from: number, to?: number | null, signal?: AbortSignal): Promise<SectionDiff>;
  /** Writes the text at `seq` back as a new change of the caller's. */
  restore(sectionId: string, seq: number): Promise<RestoreResult>;
}

/** Options for {@link createSectionHistoryApi}. */
export interface SectionHistoryApiOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request is answered 401 (the session expired). */
  onUnauthorized?: () => void;
}

/** A timeline's envelope; its entries are checked one by one (see getTimeline). */
function isTimeline(t: { entries?: unknown }): boolean {
  return !!t && Array.isArray(t.entries);
}

/**
 * The query string of a diff range, as the server reads it with `DIFF_RANGE`.
 * @example diffSearch(4, null) // 'from=4'
 */
export function diffSearch(from: number, to: number | null | undefined): string {
  const range: DiffRangeParams = { from: String(from), ...(to === undefined || to === null ? {} : { to: String(to) }) };
  return Object.entries(range)
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/**
 * Creates the section history API bound to the page's origin.
 *
 * @example
 * const { entries } = await createSectionHistoryApi().getTimeline('s1');
 */
export function createSectionHistoryApi(options: SectionHistoryApiOptions = {}): SectionHistoryApi {
  const base = (sectionId: string) => `/api/sections/${encodeURIComponent(sectionId)}`;
  const common = { fetch: options.fetch, onUnauthorized: options.onUnauthorized };
  return {
    async getTimeline(sectionId, signal) {
      const answer = await requestJson<{ sectionId: string; entries: unknown[] }>('GET', `${base(sectionId)}/timeline`, undefined, { ...common, signal, accept: isTimeline });
      // Entries of a kind (or shape) this client does not know are dropped, not refused.
      const entries = answer.entries.flatMap((e) => {
        const parsed = TIMELINE_ENTRY.safeParse(e);
        return parsed.success ? [parsed.data] : [];
      });
      return { sectionId: answer.sectionId, entries };
    },
    getTextAt: (sectionId, seq, signal) =>
      requestJson<Authorship>('GET', `${base(sectionId)}/authorship?seq=${seq}`, undefined, { ...common, signal, accept: isAuthorship }),
    getDiff: (sectionId, from, to, signal) =>
      requestJson<SectionDiff>('GET', `${base(sectionId)}/diff?${diffSearch(from, to)}`, undefined, { ...common, signal, accept: (d) => SECTION_DIFF.safeParse(d).success }),
    restore(sectionId, seq) {
      const body: RestoreRequest = { seq };
      return requestJson<RestoreResult>('POST', `${base(sectionId)}/restore`, body, { ...common, accept: (r) => RESTORE_RESULT.safeParse(r).success });
    },
  };
}

/**
 * The application's section history API. A 401 is passed on to the shared client by an
 * authenticated request of its own, so the session store signs out with 登录已失效.
 */
export const sectionHistoryApi: SectionHistoryApi = createSectionHistoryApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});
