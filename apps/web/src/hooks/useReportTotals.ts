import { useSyncExternalStore } from 'react';
import type { ConnectionStatus } from '../collab/connectionStatus';
import type { ReportSession } from '../collab/ReportSession';

const noop = () => () => undefined;

/** The report's overall connection status (connecting until its session exists). */
export function useConnectionStatus(session: ReportSession | null): ConnectionStatus {
  return useSyncExternalStore(session?.status.subscribe ?? noop, session?.status.get ?? (() => 'connecting' as const));
}

/** The report's 字数: the sum over its sections. */
export function useReportChars(session: ReportSession | null): number {
  return useSyncExternalStore(session?.chars.subscribe ?? noop, session?.chars.get ?? (() => 0));
}

/** The report's unfilled data placeholders: the sum over its sections. */
export function useReportPlaceholders(session: ReportSession | null): number {
  return useSyncExternalStore(session?.placeholders.subscribe ?? noop, session?.placeholders.get ?? (() => 0));
}
