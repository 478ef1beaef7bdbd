// A hint shown in an empty, writable section ("请在此撰写本章节内容").
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** Whether the document is a single empty paragraph. */
export function isDocEmpty(state: EditorState): boolean {
  const { doc } = state;
  const only = doc.firstChild;
  return doc.childCount === 1 && only !== null && only.type.name === 'paragraph' && only.content.size === 0;
}

/**
 * Shows `getText()` in an empty document. It is a class and a `data-placeholder` attribute on the empty
 * paragraph (drawn by CSS `::before`), not a widget: widgets next to the caret disturb IME composition
 * in Chrome (ProseMirror issue #1500). editor.css hides it while the view is read-only.
 */
export function emptyHintPlugin(getText: () => string | undefined): Plugin {
  return new Plugin({
    key: new PluginKey('hegao-empty-hint'),
    props: {
      decorations(state) {
        const text = getText();
        if (!text || !isDocEmpty(state)) return null;
        const paragraph = state.doc.firstChild!;
        return DecorationSet.create(state.doc, [
          Decoration.node(0, paragraph.nodeSize, { class: 'hg-editor__empty', 'data-placeholder': text }),
        ]);
      },
    },
  });
}
