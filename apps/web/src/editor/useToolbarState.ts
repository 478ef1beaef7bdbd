// React hook: the toolbar state of an editor view, re-read after each view update.
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { EditorView } from 'prosemirror-view';
import { getToolbarState, sameToolbarState } from './toolbarState';
import type { ToolbarState } from './toolbarState';
import { subscribeToView } from './viewEvents';

const noop = (): void => {};

/** The toolbar state of `view` (null without a view); the same object while nothing the toolbar shows changed. */
export function useToolbarState(view: EditorView | null): ToolbarState | null {
  const last = useRef<ToolbarState | null>(null);
  const subscribe = useCallback((onChange: () => void) => (view ? subscribeToView(view, onChange) : noop), [view]);
  const getSnapshot = useCallback((): ToolbarState | null => {
    if (!view || view.isDestroyed) return null;
    const next = getToolbarState(view.state, view.editable);
    if (last.current && sameToolbarState(last.current, next)) return last.current;
    last.current = next;
    return next;
  }, [view]);
  return useSyncExternalStore(subscribe, getSnapshot, () => null);
}
