import { useEffect, useRef } from 'react';
import { subscribeReportStream, type ReportStreamEvent } from './reportStream';

/** Calls `onEvent` for each event of the report's shared stream (and `reconnected`); none without a report. */
export function useReportStream(reportId: string | null, onEvent: (event: ReportStreamEvent) => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    if (reportId === null) return;
    return subscribeReportStream(reportId, (event) => handler.current(event));
  }, [reportId]);
}
