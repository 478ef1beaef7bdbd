// One shared EventSource per report for the events of comments and notifications, however many
// components listen (every section card, the notification bell).

/** An event of `GET /api/reports/:id/events` that this stream forwards. */
export interface ReportStreamEvent {
  /** `comment`, `notification`, or `reconnected` (events may have been missed: refetch). */
  type: 'comment' | 'notification' | 'reconnected';
  sectionId?: string;
  userId?: string;
  at?: string;
}

/** A listener of {@link subscribeReportStream}. */
export type ReportStreamListener = (event: ReportStreamEvent) => void;

/** The EventSource constructor (tests pass a fake). */
export type EventSourceFactory = (url: string) => EventSource;

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

interface Stream {
  listeners: Set<ReportStreamListener>;
  close: () => void;
}

const streams = new Map<string, Stream>();
let createSource: EventSourceFactory | null = null;

/** Replaces how event sources are created (tests); null restores the browser's EventSource. */
export function setEventSourceFactory(factory: EventSourceFactory | null): void {
  createSource = factory;
}

/**
 * Listens to a report's `comment` and `notification` events; returns the remover. The first listener
 * opens the stream and the last one closes it. A source the browser gave up on (an HTTP error while
 * the server restarts) is reopened with backoff; every `ready` after the first is forwarded as
 * `reconnected`.
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
  let delay = RETRY_MIN_MS;
  let readyCount = 0;
  let stopped = false;

  const emit = (event: ReportStreamEvent) => {
    for (const l of [...listeners]) l(event);
  };

  const open = () => {
    if (stopped) return;
    const url = `/api/reports/${encodeURIComponent(reportId)}/events`;
    source = createSource ? createSource(url) : new EventSource(url, { withCredentials: true });
    source.addEventListener('ready', () => {
      delay = RETRY_MIN_MS;
      readyCount += 1;
      if (readyCount > 1) emit({ type: 'reconnected' });
    });
    for (const type of ['comment', 'notification'] as const) {
      source.addEventListener(type, (event) => emit({ ...parse((event as MessageEvent<string>).data), type }));
    }
    source.onerror = () => {
      if (!source || source.readyState !== 2 /* CLOSED */) return;
      source = null;
      retryTimer = setTimeout(open, delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    };
  };

  open();
  return {
    listeners,
    close() {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
      source = null;
    },
  };
}

function parse(data: string): Omit<ReportStreamEvent, 'type'> {
  try {
    const value: unknown = JSON.parse(data);
    if (!value || typeof value !== 'object') return {};
    const { sectionId, userId, at } = value as Record<string, unknown>;
    return {
      ...(sectionId !== undefined && sectionId !== null ? { sectionId: String(sectionId) } : {}),
      ...(typeof userId === 'string' ? { userId } : {}),
      ...(typeof at === 'string' ? { at } : {}),
    };
  } catch {
    return {};
  }
}
