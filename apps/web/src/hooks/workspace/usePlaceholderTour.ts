import { useCallback, useRef, type MutableRefObject } from 'react';
import type { EditorView } from 'prosemirror-view';
import type { ReportSection } from '../../api/types';
import type { SectionSession } from '../../collab/SectionSession';
import { selectPlaceholder } from '../../editor/placeholders';
import { stepPlaceholderTour, type TourStop } from '../../model/placeholderTour';

/**
 * The report-wide 待填数据 button: each call selects the next unfilled placeholder of the report,
 * section after section in outline order (model/placeholderTour.ts), wrapping at the end.
 */
export function usePlaceholderTour(
  leaves: readonly ReportSection[],
  sessions: ReadonlyMap<string, SectionSession> | null | undefined,
  views: MutableRefObject<Map<string, EditorView>>,
): () => void {
  const stop = useRef<TourStop | null>(null);
  return useCallback(() => {
    if (!sessions) return;
    const counts = leaves.map((s) => ({ id: s.id, count: sessions.get(s.id)?.counter.store.get().placeholders ?? 0 }));
    const next = stepPlaceholderTour(counts, stop.current);
    stop.current = next;
    const view = next && views.current.get(next.sectionId);
    if (view && !view.isDestroyed) selectPlaceholder(view, next.index);
  }, [leaves, sessions, views]);
}
