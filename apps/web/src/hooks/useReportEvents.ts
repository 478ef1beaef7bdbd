import { useEffect, useRef } from 'react';

/** One event of `GET /api/reports/:id/events` (docs/api.md); `ready` is sent on every (re)connect. */
export interface ReportEventMessage {
  type: string;
  sectionId?: string;
  userId?: string;
  at?: string;
}

/** Event names the server streams; the page refetches the report on each. */
export const REPORT_EVENT_TYPES = [
  'ready',
  'section.status',
  'section.assignment',
  'section.edit',
  'report.status',
  'report.outline',
] as const;

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * Listens to a report's server-sent events. EventSource retries dropped connections by itself,
 * but gives up after an HTTP error (e.g. while the server restarts), so a closed source is
 * reopened with backoff. `ready` arrives after each (re)connect: refetch then, since events may
 * have been missed in between.
 */
export function useReportEvents(reportId: string, onEvent: (event: ReportEventMessage) => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let delay = RETRY_MIN_MS;
    let stopped = false;

    const open = () => {
      if (stopped) return;
      source = new EventSource(`/api/reports/${encodeURIComponent(reportId)}/events`, { withCredentials: true });
      for (const type of REPORT_EVENT_TYPES) {
        source.addEventListener(type, (event) => {
          if (type === 'ready') delay = RETRY_MIN_MS;
          handler.current({ ...parse((event as MessageEvent<string>).data), type });
        });
      }
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return;
        source = null;
        retryTimer = setTimeout(open, delay);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      };
    };

    // Back online: reconnect now rather than after the backoff.
    const handleOnline = () => {
      if (source) return;
      clearTimeout(retryTimer);
      delay = RETRY_MIN_MS;
      open();
    };

    open();
    window.addEventListener('online', handleOnline);
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      window.removeEventListener('online', handleOnline);
      source?.close();
    };
  }, [reportId]);
}

function parse(data: string): Omit<ReportEventMessage, 'type'> {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === 'object' ? (value as Omit<ReportEventMessage, 'type'>) : {};
  } catch {
    return {};
  }
}
