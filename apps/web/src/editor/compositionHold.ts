// IME composition (拼音 → 汉字) with colleagues typing: while a composition is open the editor is
// briefly "offline". Its own changes are not written to Yjs (so no pinyin reaches the server or the
// others), and remote updates are held back by the session (so re-rendering the paragraph never
// tears the browser's composition apart, which left the pinyin in the text). When the composition
// ends, the composed text is written first, then the held updates are applied and merged by Yjs.
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Node as PMNode } from 'prosemirror-model';
import { ySyncPluginKey } from 'y-prosemirror';

/** The part of y-prosemirror's binding this plugin uses. */
interface SyncBinding {
  _prosemirrorChanged: (doc: PMNode) => void;
  mux: (fn: () => void) => void;
}

/** After compositionend, ProseMirror reads the final text within 20 ms (its `endComposition`). */
const SETTLE_MS = 40;
/** How often a held sync checks that the composition is still open. */
const WATCHDOG_MS = 1000;

function bindingOf(view: EditorView): SyncBinding | null {
  const state = ySyncPluginKey.getState(view.state) as { binding?: SyncBinding } | undefined;
  return state?.binding ?? null;
}

/**
 * Holds both directions of the Yjs sync while `view.composing`. `hold(true)` is called at
 * compositionstart and `hold(false)` once the composed text is in Yjs; the session applies the
 * remote updates it held at that moment. Goes after y-prosemirror's sync plugin.
 */
export function compositionHoldPlugin(hold: (held: boolean) => void): Plugin {
  return new Plugin({
    key: new PluginKey('hegao-composition-hold'),
    view(view) {
      let holding = false;
      let pendingLocal = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // A composition whose end event never comes (focus lost mid-word) must not hold forever.
      let watchdog: ReturnType<typeof setInterval> | undefined;
      const binding = bindingOf(view);
      const original = binding ? binding._prosemirrorChanged.bind(binding) : null;
      if (binding && original) {
        binding._prosemirrorChanged = (doc) => {
          if (view.composing) {
            pendingLocal = true;
            return;
          }
          pendingLocal = false;
          original(doc);
        };
      }

      // ProseMirror still thinks a composition is open that the browser has ended — its
      // compositionend went elsewhere (seen on a loaded machine: every later keystroke stayed out of
      // Yjs). Close it as the browser would have.
      const unstick = () => {
        if (view.isDestroyed || !view.composing) return;
        view.dom.dispatchEvent(new CompositionEvent('compositionend', { data: '' }));
      };
      const settle = () => {
        timer = undefined;
        if (view.isDestroyed || view.composing) return;
        if (pendingLocal && binding && original) {
          pendingLocal = false;
          // As y-prosemirror does it: inside its mutex, so the write does not echo back into the view.
          binding.mux(() => original(view.state.doc));
        }
        if (holding) {
          holding = false;
          clearInterval(watchdog);
          hold(false);
        }
      };
      const onStart = () => {
        clearTimeout(timer);
        if (holding) return;
        holding = true;
        hold(true);
        watchdog = setInterval(() => {
          if (!view.composing) settle();
        }, WATCHDOG_MS);
      };
      const onEnd = () => {
        clearTimeout(timer);
        timer = setTimeout(settle, SETTLE_MS);
      };
      // A real key pressed outside any composition proves the composition is over…
      const onKeyDown = (event: KeyboardEvent) => {
        if (view.composing && !event.isComposing && event.keyCode !== 229) unstick();
      };
      // …and so does the editor losing focus (the browser commits a composition on blur).
      let blurTimer: ReturnType<typeof setTimeout> | undefined;
      const onFocusOut = () => {
        clearTimeout(blurTimer);
        blurTimer = setTimeout(() => {
          if (!view.dom.contains(view.dom.ownerDocument.activeElement)) unstick();
        }, SETTLE_MS);
      };
      view.dom.addEventListener('compositionstart', onStart);
      view.dom.addEventListener('compositionend', onEnd);
      view.dom.addEventListener('keydown', onKeyDown, true);
      view.dom.addEventListener('focusout', onFocusOut);
      return {
        destroy() {
          clearTimeout(timer);
          clearTimeout(blurTimer);
          clearInterval(watchdog);
          view.dom.removeEventListener('compositionstart', onStart);
          view.dom.removeEventListener('compositionend', onEnd);
          view.dom.removeEventListener('keydown', onKeyDown, true);
          view.dom.removeEventListener('focusout', onFocusOut);
          if (holding) hold(false);
        },
      };
    },
  });
}
