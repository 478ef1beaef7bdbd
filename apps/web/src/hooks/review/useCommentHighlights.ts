import { useEffect, useRef, useState } from 'react';
import type { Plugin } from 'prosemirror-state';
import { ValueStore } from '../../collab/ValueStore';
import type { EncodedAnchor } from '../../editor/commentAnchors';
import { commentHighlightsPlugin, type HighlightAnchor, type HighlightData } from '../../editor/commentHighlights';

/** Id of the draft range among the highlights. */
export const DRAFT_HIGHLIGHT_ID = '__draft';

/**
 * The highlight plugin of one section editor (a stable array for SectionEditor's `extraPlugins`), fed
 * with the open threads' anchors, the draft being written and the active thread. `onOpen` receives a
 * thread id when its highlighted text is clicked.
 */
export function useCommentHighlights(
  anchors: readonly HighlightAnchor[],
  draft: EncodedAnchor | null,
  activeId: string | null,
  onOpen: (id: string) => void,
): readonly Plugin[] {
  const openRef = useRef(onOpen);
  useEffect(() => {
    openRef.current = onOpen;
  });
  const [setup] = useState(() => {
    const source = new ValueStore<HighlightData>({ anchors: [], activeId: null });
    const plugins = [commentHighlightsPlugin({ source, onOpen: (id) => openRef.current(id) })] as const;
    return { source, plugins };
  });
  useEffect(() => {
    const all = draft ? [...anchors, { id: DRAFT_HIGHLIGHT_ID, anchor: draft, draft: true }] : anchors;
    setup.source.set({ anchors: all, activeId });
  }, [setup, anchors, draft, activeId]);
  return setup.plugins;
}
