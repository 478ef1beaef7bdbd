// Reports an editor's focus changes (for presence: which section a user is in).
import { Plugin, PluginKey } from 'prosemirror-state';

/**
 * Plugin calling `onChange(true)` when the editor gains focus and `onChange(false)` when it loses it,
 * including when the view is destroyed while focused (browsers send no blur for a removed node).
 */
export function focusTrackingPlugin(onChange: (focused: boolean) => void): Plugin {
  let focused = false;
  const set = (next: boolean): void => {
    if (focused === next) return;
    focused = next;
    onChange(next);
  };
  return new Plugin({
    key: new PluginKey('hegao-focus'),
    props: {
      handleDOMEvents: {
        focus: () => {
          set(true);
          return false;
        },
        blur: () => {
          set(false);
          return false;
        },
      },
    },
    view: () => ({ destroy: () => set(false) }),
  });
}
