/**
 * Report events (the SSE streams of open pages) shared by the servers: every event published on
 * one server is delivered to the subscribers of all. After a gap the pages of this server are
 * told their report changed (`report.status` makes them refetch), so none shows stale state.
 */
import type { CollabLogger } from '@hegao/collab';
import type { ReportEvent, ReportEvents } from '../events/ReportEvents.js';
import type { Bus, JsonValue } from './bus.js';

export const EVENTS_CHANNEL = 'report-events';

export function shareReportEvents(events: ReportEvents, bus: Bus, logger: CollabLogger): { gap(): void; stop(): void } {
  events.forward = (event) => {
    bus.publish(EVENTS_CHANNEL, event as unknown as JsonValue).catch((err: unknown) => {
      logger.warn('report event not published to the other servers', { type: event.type, reportId: event.reportId, error: (err as Error).message });
    });
  };
  const unsubscribe = bus.subscribe(EVENTS_CHANNEL, (message) => {
    if (message instanceof Uint8Array || typeof message !== 'object' || message === null || Array.isArray(message)) return;
    const event = message as unknown as ReportEvent;
    if (typeof event.reportId !== 'string' || typeof event.type !== 'string') return;
    events.deliver(event);
  });
  return {
    gap() {
      const at = new Date().toISOString();
      for (const reportId of events.reportIds()) events.deliver({ type: 'report.status', reportId, at });
    },
    stop() {
      events.forward = null;
      unsubscribe();
    },
  };
}
