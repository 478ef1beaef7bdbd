// Creating the EditorView of a section: the state from ./editorState plus the view-level props.
import { EditorView } from 'prosemirror-view';
import type { Plugin, Transaction } from 'prosemirror-state';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { createEditorState } from './editorState';
import { focusTrackingPlugin } from './focusTracking';

/** What a section view needs; the functions are read on every update, so they may return changing values. */
export interface SectionViewOptions {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  isEditable: () => boolean;
  getPlaceholder?: () => string | undefined;
  onFocusChange?: (focused: boolean) => void;
  /** Plugins appended to the state's (see EditorStateOptions.extraPlugins). */
  extraPlugins?: readonly Plugin[];
}

/**
 * Dispatches unless the view is gone. y-prosemirror's cursor plugin dispatches awareness changes from a
 * timer and its guard (`binding.isDestroyed`) never trips, so a remote caret moving just before unmount
 * (or StrictMode's first unmount) would otherwise dispatch into a destroyed view and throw.
 */
function dispatchUnlessDestroyed(this: EditorView, tr: Transaction): void {
  if (this.isDestroyed) return;
  this.updateState(this.state.apply(tr));
}

/** Creates a section editor's view inside `place` (appended to it; `view.destroy()` removes it again). */
export function createSectionView(place: HTMLElement, options: SectionViewOptions): EditorView {
  return new EditorView(place, {
    state: createEditorState({
      fragment: options.fragment,
      awareness: options.awareness,
      ...(options.getPlaceholder ? { getPlaceholder: options.getPlaceholder } : {}),
      ...(options.extraPlugins ? { extraPlugins: options.extraPlugins } : {}),
    }),
    // Direct plugins: their views live exactly as long as this EditorView.
    plugins: options.onFocusChange ? [focusTrackingPlugin(options.onFocusChange)] : [],
    dispatchTransaction: dispatchUnlessDestroyed,
    editable: () => options.isEditable(),
    attributes: () => ({
      class: 'hg-editor__doc',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': '章节正文',
      'aria-readonly': String(!options.isEditable()),
      lang: 'zh-CN',
      spellcheck: 'false',
    }),
  });
}
