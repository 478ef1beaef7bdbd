import { useReportStream } from './useReportStream';
import type { ReportStreamEvent } from './reportStream';

/** One event of `GET /api/reports/:id/events` (docs/api.md); `reconnected` after a dropped stream. */
export type ReportEventMessage = ReportStreamEvent;

/**
 * Listens to a report's server-sent events through the tab's one shared stream per report
 * (hooks/reportStream.ts): pages refetch on each; `reconnected` means events may have been missed.
 */
export function useReportEvents(reportId: string, onEvent: (event: ReportEventMessage) => void): void {
  useReportStream(reportId, onEvent);
}
