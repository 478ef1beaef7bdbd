import { useCallback, useSyncExternalStore } from 'react';
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorView } from 'prosemirror-view';
import { subscribeToView } from '../../editor/viewEvents';

/** The editor's current document (a new object after each change), null without a live view. */
export function useEditorDoc(view: EditorView | null): PMNode | null {
  const subscribe = useCallback((listener: () => void) => (view ? subscribeToView(view, listener) : () => undefined), [view]);
  return useSyncExternalStore(
    subscribe,
    () => (view && !view.isDestroyed ? view.state.doc : null),
    () => null,
  );
}
