// A section's text history (docs/api.md, "Section text history"): the timeline of editing sessions,
// workflow steps and comments, the text at a point of it, the diff between two points, and restore.
// Requests go through ./request.ts: same-origin cookie, every failure an ApiError with the server's
// Chinese message.
import { api } from './api';
import type { Authorship, AuthorshipUser } from './authorshipApi';
import { requestJson } from './request';
import type { Id } from './types';

/** A bureau as the history names it; null for people outside a bureau (leaders). */
export type HistoryBureau = { id: string; name: string } | null;

/** One person's consecutive stored updates (nobody else's in between, gaps of at most 10 minutes). */
export interface EditSession {
  kind: 'edit';
  user: AuthorshipUser;
  bureau: HistoryBureau;
  /** ISO 8601 of the first and last update. */
  from: string;
  to: string;
  /** Log seqs of the first and last update; the text after `toSeq` is the text at the session's end. */
  fromSeq: number;
  toSeq: number;
  /** Characters of text added and removed. */
  added: number;
  removed: number;
}

/** A recorded workflow step on the section (提交, 退回, 通过, 合稿, 恢复…). */
export interface TimelineEvent {
  kind: 'event';
  /** e.g. `section.submit`; unknown types may come from a newer server. */
  type: string;
  user: AuthorshipUser | null;
  at: string;
  /** The section log's last seq at that moment. */
  seq: number;
  /** The reason of a 退回. */
  reason?: string;
}

/** A comment on the section. */
export interface TimelineComment {
  kind: 'comment';
  id: string;
  user: AuthorshipUser;
  at: string;
  seq: number;
  text: string;
}

/** One entry of the timeline. */
export type TimelineEntry = EditSession | TimelineEvent | TimelineComment;

/** `GET /api/sections/:id/timeline`: entries newest first. */
export interface SectionTimeline {
  sectionId: string;
  entries: TimelineEntry[];
}

/** One part of a diff; insert and delete parts name who wrote or deleted them, and when. */
export interface HistoryDiffPart {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
  user?: AuthorshipUser;
  bureau?: HistoryBureau;
  at?: string;
}

/** `GET /api/sections/:id/diff`: joining equal+delete gives the text at `from`, equal+insert at `to`. */
export interface SectionDiff {
  from: { seq: number; at: string | null };
  to: { seq: number; at: string | null };
  parts: HistoryDiffPart[];
}

/** `POST /api/sections/:id/restore`: the seq of the new change and the text now. */
export interface RestoreResult {
  seq: number;
  text: string;
}

/** Typed access to the section history endpoints; every failure rejects with an ApiError. */
export interface SectionHistoryApi {
  getTimeline(sectionId: Id, signal?: AbortSignal): Promise<SectionTimeline>;
  /** The text and its writers after update `seq` (0: empty). */
  getTextAt(sectionId: Id, seq: number, signal?: AbortSignal): Promise<Authorship>;
  /** The changes from `from` to `to` (omitted: now). */
  getDiff(sectionId: Id, from: number, to?: number | null, signal?: AbortSignal): Promise<SectionDiff>;
  /** Writes the text at `seq` back as a new change of the caller's. */
  restore(sectionId: Id, seq: number): Promise<RestoreResult>;
}

/** Options for {@link createSectionHistoryApi}. */
export interface SectionHistoryApiOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request is answered 401 (the session expired). */
  onUnauthorized?: () => void;
}

const isSeq = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
const isUser = (u: unknown): boolean => !!u && typeof (u as AuthorshipUser).id === 'string';

/** A plausible timeline entry of a known kind (others are dropped, not refused). */
function isEntry(e: TimelineEntry): boolean {
  if (!e || typeof e !== 'object') return false;
  switch (e.kind) {
    case 'edit':
      return isUser(e.user) && isSeq(e.fromSeq) && isSeq(e.toSeq) && typeof e.from === 'string' && typeof e.to === 'string';
    case 'event':
      return typeof e.type === 'string' && isSeq(e.seq) && typeof e.at === 'string';
    case 'comment':
      return isSeq(e.seq) && typeof e.at === 'string' && typeof e.text === 'string';
    default:
      return false;
  }
}

function isTimeline(t: SectionTimeline): boolean {
  return !!t && Array.isArray(t.entries);
}

function isAuthorship(a: Authorship): boolean {
  return !!a && typeof a.text === 'string' && Array.isArray(a.spans) && a.spans.every((s) => !!s && Number.isInteger(s.start) && Number.isInteger(s.end) && isUser(s.user));
}

function isDiff(d: SectionDiff): boolean {
  return !!d && Array.isArray(d.parts) && d.parts.every((p) => !!p && typeof p.text === 'string' && ['equal', 'insert', 'delete'].includes(p.kind));
}

/**
 * Creates the section history API bound to the page's origin.
 *
 * @example
 * const { entries } = await createSectionHistoryApi().getTimeline('s1');
 */
export function createSectionHistoryApi(options: SectionHistoryApiOptions = {}): SectionHistoryApi {
  const base = (sectionId: Id) => `/api/sections/${encodeURIComponent(String(sectionId))}`;
  const common = { fetch: options.fetch, onUnauthorized: options.onUnauthorized };
  return {
    async getTimeline(sectionId, signal) {
      const answer = await requestJson<SectionTimeline>('GET', `${base(sectionId)}/timeline`, undefined, { ...common, signal, accept: isTimeline });
      return { ...answer, entries: answer.entries.filter(isEntry) };
    },
    getTextAt: (sectionId, seq, signal) =>
      requestJson<Authorship>('GET', `${base(sectionId)}/authorship?seq=${seq}`, undefined, { ...common, signal, accept: isAuthorship }),
    getDiff(sectionId, from, to, signal) {
      const query = `from=${from}${to === undefined || to === null ? '' : `&to=${to}`}`;
      return requestJson<SectionDiff>('GET', `${base(sectionId)}/diff?${query}`, undefined, { ...common, signal, accept: isDiff });
    },
    restore: (sectionId, seq) =>
      requestJson<RestoreResult>('POST', `${base(sectionId)}/restore`, { seq }, { ...common, accept: (r) => !!r && isSeq(r.seq) }),
  };
}

/**
 * The application's section history API. A 401 is passed on to the shared client by an
 * authenticated request of its own, so the session store signs out with 登录已失效.
 */
export const sectionHistoryApi: SectionHistoryApi = createSectionHistoryApi({
  onUnauthorized: () => void api.listReports().catch(() => undefined),
});
