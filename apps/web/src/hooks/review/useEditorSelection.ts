import { useCallback, useSyncExternalStore } from 'react';
import type { EditorView } from 'prosemirror-view';
import { subscribeToView } from '../../editor/viewEvents';

/** The editor's selection as a string key `from:to` ('' without a view), stable between changes. */
function selectionKey(view: EditorView | null): string {
  if (!view || view.isDestroyed) return '';
  const { from, to } = view.state.selection;
  return `${from}:${to}`;
}

/**
 * Whether the editor has a non-empty selection, following the view (read-only views included:
 * ProseMirror reads the browser selection there too).
 */
export function useHasSelection(view: EditorView | null): boolean {
  const subscribe = useCallback((listener: () => void) => (view ? subscribeToView(view, listener) : () => undefined), [view]);
  const key = useSyncExternalStore(subscribe, () => selectionKey(view), () => '');
  if (key === '') return false;
  const [from, to] = key.split(':').map(Number);
  return from !== to;
}
