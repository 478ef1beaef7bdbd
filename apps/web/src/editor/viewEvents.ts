// Change notifications from an EditorView for React subscribers (toolbar state), outside IME composition.
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

const listeners = new WeakMap<EditorView, Set<() => void>>();

function notify(view: EditorView): void {
  const set = listeners.get(view);
  if (set) for (const listener of [...set]) listener();
}

/** Calls `listener` after updates of `view` (state, editable); returns the unsubscribe function. */
export function subscribeToView(view: EditorView, listener: () => void): () => void {
  let set = listeners.get(view);
  if (!set) listeners.set(view, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

/**
 * Plugin that notifies `subscribeToView` listeners after each view update. While an IME composition is
 * in progress nothing is sent, so React does not re-render around a composing editor; one notification
 * follows compositionend.
 */
export function viewEventsPlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('hegao-view-events'),
    view: () => ({
      update: (view) => {
        if (!view.composing) notify(view);
      },
      destroy: () => {},
    }),
    props: {
      handleDOMEvents: {
        compositionend: (view) => {
          // ProseMirror clears `composing` in its own compositionend handler, which runs after this one.
          setTimeout(() => {
            if (!view.isDestroyed) notify(view);
          }, 0);
          return false;
        },
      },
    },
  });
}
