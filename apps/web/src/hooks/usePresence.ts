import { useCallback, useSyncExternalStore } from 'react';
import type { PresenceUser } from '../collab/presence';
import type { ReportSession } from '../collab/ReportSession';

const NO_ONE: readonly PresenceUser[] = [];
const noop = () => () => undefined;

/** Everyone else who has the report open, with the section they are in (throttled to ~10/s). */
export function usePresence(session: ReportSession | null): readonly PresenceUser[] {
  return useSyncExternalStore(session?.presence.subscribe ?? noop, session?.presence.get ?? (() => NO_ONE));
}

/** Others whose focus is in one section; re-renders that section only when its list changes. */
export function useSectionPresence(session: ReportSession, sectionId: string): readonly PresenceUser[] {
  const get = useCallback(() => session.presenceIn(sectionId), [session, sectionId]);
  return useSyncExternalStore(session.presence.subscribe, get);
}
