import { useSyncExternalStore } from 'react';
import type { SectionSession } from '../collab/SectionSession';
import type { SectionState } from '../collab/sectionState';
import type { TextMeasures } from '@hegao/schema';

/** Connection, access and sync state of one section; re-renders only that section. */
export function useSectionSession(session: SectionSession): SectionState {
  return useSyncExternalStore(session.state.subscribe, session.state.get);
}

/** 字数 and placeholder counts of one section (recomputed at most every 300 ms). */
export function useSectionCounts(session: SectionSession): TextMeasures {
  return useSyncExternalStore(session.counter.store.subscribe, session.counter.store.get);
}
