// The initial EditorState of a section editor: the fragment's content and the plugins bound to it.
import { schema } from '@hegao/schema';
import { EditorState } from 'prosemirror-state';
import type { Plugin } from 'prosemirror-state';
import { initProseMirrorDoc, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { emptyHintPlugin } from './emptyHint';
import { editorKeymaps } from './keymap';
import { pastePlugin } from './paste';
import { placeholderMarksPlugin } from './placeholderMarks';
import { buildRemoteCursor, buildRemoteSelection, showRemoteCursor } from './remoteCursor';
import { tableEditingPlugin } from './tables';
import { viewEventsPlugin } from './viewEvents';

/** What a section editor binds to. */
export interface EditorStateOptions {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  /** The hint shown in an empty document, read on each state update. */
  getPlaceholder?: () => string | undefined;
  /** More plugins (e.g. comment highlights), after the built-in ones so they can read the sync plugin's state. */
  extraPlugins?: readonly Plugin[];
}

/**
 * Creates the state for one new EditorView: plugins hold per-view state (the Yjs binding, the undo
 * manager), so never reuse a state for a second view. Plugin order matters: the sync plugin comes first
 * (the cursor and undo plugins read its state). The cursor plugin publishes the local selection in the
 * awareness field `cursor`; y-prosemirror's undo manager tracks only this client's changes.
 *
 * A non-empty fragment is read up front (`initProseMirrorDoc`) so the view starts with its content and
 * the binding's node mapping instead of re-rendering after mount. An empty fragment (a new section, or
 * one whose content has not synced yet) starts as one empty paragraph, which writes nothing to Yjs.
 * Tables get prosemirror-tables' editing plugin (cell selections, cell-aware keys; see ./tables).
 * Unfilled data placeholders (X亿元) are marked and select on click (./placeholderMarks).
 */
export function createEditorState(options: EditorStateOptions): EditorState {
  let doc = schema.topNodeType.createAndFill()!;
  let syncOptions: Parameters<typeof ySyncPlugin>[1] = {};
  if (options.fragment.length > 0) {
    const initial = initProseMirrorDoc(options.fragment, schema);
    if (schema.topNodeType.validContent(initial.doc.content)) {
      doc = initial.doc;
      syncOptions = { mapping: initial.mapping };
    }
  }
  const plugins: Plugin[] = [
    ySyncPlugin(options.fragment, syncOptions) as Plugin,
    yCursorPlugin(options.awareness, {
      awarenessStateFilter: showRemoteCursor,
      cursorBuilder: buildRemoteCursor,
      selectionBuilder: buildRemoteSelection,
    }) as Plugin,
    yUndoPlugin() as unknown as Plugin,
    // Before the keymaps, as prosemirror-tables expects: its arrow-key and Backspace/Delete handling
    // of cell selections must run before the base keymap's.
    tableEditingPlugin(),
    ...editorKeymaps(),
    pastePlugin(),
    emptyHintPlugin(options.getPlaceholder ?? (() => undefined)),
    viewEventsPlugin(),
    ...(options.extraPlugins ?? []),
    // Last: its click handler takes clicks on placeholders, after the extra plugins (comment highlights
    // open their thread on a click and let it through).
    placeholderMarksPlugin(),
  ];
  return EditorState.create({ schema, doc, plugins });
}
