// One shared EventSource per report for all its events (workflow, outline, edits, comments,
// notifications), however many components listen (the page, every section card, the bell).
import { REPORT_EVENT_TYPES, parseReportEvent, type ReportEvent, type ReportEventType } from '@hegao/contract';

/**
 * What this stream tells its listeners: an event of `GET /api/reports/:id/events` as the contract
 * defines it (@hegao/contract's ReportEvent, keyed by `type`), or `reconnected`: the stream is open
 * (again) and events sent before it opened may have been missed, so refetch. `reconnected` is sent
 * on the first `ready` too (`first`): a page that fetched while the stream was still connecting
 * would otherwise miss what happened in between; and for an event this client cannot read (a
 * newer server), which is as good as missed.
 */
export type ReportStreamEvent = ReportEvent | { type: 'reconnected'; first: boolean };

/** Event types the server streams (the contract's, docs/api.md). */
export const REPORT_STREAM_EVENT_TYPES = REPORT_EVENT_TYPES;

/** One of {@link REPORT_STREAM_EVENT_TYPES}. */
export type ReportStreamEventType = ReportEventType;

/** A listener of {@link subscribeReportStream}. */
export type ReportStreamListener = (event: ReportStreamEvent) => void;

/** The EventSource constructor (tests pass a fake). */
export type EventSourceFactory = (url: string) => EventSource;

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** How long a hidden tab keeps its stream. */
const HIDDEN_PAUSE_MS = 10_000;

interface Stream {
  listeners: Set<ReportStreamListener>;
  close: () => void;
}

const streams = new Map<string, Stream>();
let createSource: EventSourceFactory | null = null;

/** Why a report's stream is refused, per report (null: it is not); see subscribeStreamNotice. */
const notices = new Map<string, string | null>();
const noticeListeners = new Map<string, Set<(notice: string | null) => void>>();

function setNotice(reportId: string, notice: string | null): void {
  if ((notices.get(reportId) ?? null) === notice) return;
  notices.set(reportId, notice);
  for (const l of [...(noticeListeners.get(reportId) ?? [])]) l(notice);
}

/**
 * Tells `listener` (at once and on every change) why the report's live updates are refused, in
 * Chinese for the page, or null while they work: the server answers 429 `too_many_streams` when
 * one user has too many pages open (docs/api.md, "Limits"). An EventSource cannot read an error's
 * status, so a closed stream is asked once by fetch.
 */
export function subscribeStreamNotice(reportId: string, listener: (notice: string | null) => void): () => void {
  let set = noticeListeners.get(reportId);
  if (!set) noticeListeners.set(reportId, (set = new Set()));
  set.add(listener);
  listener(notices.get(reportId) ?? null);
  const current = set;
  return () => {
    current.delete(listener);
  };
}

/** Fallback wording when the 429 carries no message. */
export const TOO_MANY_STREAMS_NOTICE = '打开的页面过多，实时更新已暂停：请关闭其他窗口或标签页后刷新本页';

/** The reason a closed stream's URL is refused now, or null (another failure: a restart, offline). */
async function refusal(url: string): Promise<string | null> {
  if (typeof fetch !== 'function') return null;
  const ctrl = new AbortController();
  try {
    const res = await fetch(url, { credentials: 'include', signal: ctrl.signal, headers: { accept: 'text/event-stream' } });
    if (res.status !== 429) return null;
    const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
    return typeof body?.message === 'string' ? `${body.message}（实时更新已暂停）` : TOO_MANY_STREAMS_NOTICE;
  } catch {
    return null;
  } finally {
    // A stream that did open is not kept: the EventSource's retry takes it.
    ctrl.abort();
  }
}

/** Replaces how event sources are created (tests); null restores the browser's EventSource. */
export function setEventSourceFactory(factory: EventSourceFactory | null): void {
  createSource = factory;
}

/**
 * Listens to a report's events; returns the remover. The first listener
 * opens the stream and the last one closes it. A source the browser gave up on (an HTTP error while
 * the server restarts) is reopened with backoff, and a tab hidden for 10 s closes it until shown
 * again; every `ready`, the first included, is forwarded as `reconnected` (refetch: events sent
 * before the stream opened were missed).
 */
export function subscribeReportStream(reportId: string, listener: ReportStreamListener): () => void {
  if (!createSource && typeof EventSource === 'undefined') return () => undefined;
  let stream = streams.get(reportId);
  if (!stream) {
    stream = openStream(reportId);
    streams.set(reportId, stream);
  }
  stream.listeners.add(listener);
  const current = stream;
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0 && streams.get(reportId) === current) {
      streams.delete(reportId);
      current.close();
    }
  };
}

function openStream(reportId: string): Stream {
  const listeners = new Set<ReportStreamListener>();
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;
  let delay = RETRY_MIN_MS;
  let firstOpen = true;
  let stopped = false;

  const emit = (event: ReportStreamEvent) => {
    for (const l of [...listeners]) l(event);
  };

  const open = () => {
    if (stopped || source) return;
    const url = `/api/reports/${encodeURIComponent(reportId)}/events`;
    const opened = createSource ? createSource(url) : new EventSource(url, { withCredentials: true });
    source = opened;
    opened.addEventListener('ready', () => {
      delay = RETRY_MIN_MS;
      setNotice(reportId, null);
      emit({ type: 'reconnected', first: firstOpen });
      firstOpen = false;
    });
    for (const type of REPORT_STREAM_EVENT_TYPES) {
      opened.addEventListener(type, (event) => {
        const parsed = parseReportEvent((event as MessageEvent<string>).data);
        emit(parsed !== null && parsed.type === type ? parsed : { type: 'reconnected', first: false });
      });
    }
    opened.onerror = () => {
      if (source !== opened || opened.readyState !== 2 /* CLOSED */) return;
      source = null;
      retryTimer = setTimeout(open, delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
      void refusal(url).then((notice) => {
        if (!stopped) setNotice(reportId, notice);
      });
    };
  };

  const closeSource = () => {
    clearTimeout(retryTimer);
    source?.close();
    source = null;
  };

  // A hidden tab lets its stream go after a while: browsers allow only six connections per server
  // over HTTP/1.1, shared by all tabs. Coming back reopens it; its `ready` then reports `reconnected`.
  const onVisibility = () => {
    clearTimeout(pauseTimer);
    if (document.visibilityState === 'hidden') {
      pauseTimer = setTimeout(() => {
        closeSource();
      }, HIDDEN_PAUSE_MS);
    } else {
      open();
    }
  };
  const watchVisibility = typeof document !== 'undefined';
  if (watchVisibility) document.addEventListener('visibilitychange', onVisibility);
  // Back online: reconnect now rather than after the backoff (which may have grown to 30 s offline).
  // A source that still looks open is replaced too: events the server sent while the network was
  // gone never arrived (the connection may be half-open, and the server keeps no log to replay
  // from), so only a fresh stream's `ready` → `reconnected` makes the page refetch (issue 16).
  const onOnline = () => {
    if (watchVisibility && document.visibilityState === 'hidden' && !source) return;
    closeSource();
    delay = RETRY_MIN_MS;
    open();
  };
  const watchOnline = typeof window !== 'undefined' && typeof window.addEventListener === 'function';
  if (watchOnline) window.addEventListener('online', onOnline);

  open();
  return {
    listeners,
    close() {
      stopped = true;
      setNotice(reportId, null);
      clearTimeout(pauseTimer);
      if (watchVisibility) document.removeEventListener('visibilitychange', onVisibility);
      if (watchOnline) window.removeEventListener('online', onOnline);
      closeSource();
    },
  };
}
