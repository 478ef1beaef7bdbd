/**
 * SectionEditor: the rich-text editor of one report section, bound to that section's Yjs document.
 *
 * Props contract
 * - `fragment`: the section Y.Doc's text, `ydoc.getXmlFragment('prosemirror')` (the name @hegao/schema
 *   and the server use). Its node and mark names are those of `@hegao/schema`'s `schema`.
 * - `awareness`: the awareness of the same Y.Doc's provider (one per section document). The editor
 *   sets only the local field `cursor` (y-prosemirror relative positions while focused, null otherwise
 *   and on unmount). Remote carets are labelled from the server-stamped field `user`
 *   (`{ id, name, bureau, color, colorLight }`); states without a stamped user show no caret.
 * - `editable`: applied to the live view at once (`contenteditable` follows); false also disables key
 *   bindings, paste and the toolbar. Use it when the server downgrades the section.
 * - `sectionId`: written to the wrapper's `data-section-id`.
 * - `onView`: receives the EditorView after mount and null before it is destroyed; hand it to `Toolbar`
 *   and to `selectNextPlaceholder` (./placeholders).
 * - `onFocusChange`: true when the editor gains focus, false when it loses it (or unmounts focused).
 * - `placeholder`: hint shown while the section is empty and writable.
 * - `extraPlugins`: more ProseMirror plugins (e.g. comment highlights), read when the view is created;
 *   changing the array later does not recreate the view, so pass stable instances that take their
 *   data from outside (a store) rather than new plugins per render.
 *
 * One EditorView per mount, created in an effect and destroyed in its cleanup, so StrictMode's double
 * mount leaves exactly one binding. A new `fragment` or `awareness` creates a new view; the other props
 * apply to the live view. Styles come with the component (./editor.css).
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { createSectionView } from './editorView';
import './editor.css';

/** Props of {@link SectionEditor}; see the contract at the top of this file. */
export interface SectionEditorProps {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  editable: boolean;
  sectionId: string;
  onView?: (view: EditorView | null) => void;
  onFocusChange?: (focused: boolean) => void;
  placeholder?: string;
  extraPlugins?: readonly Plugin[];
}

/** The collaborative editor of one section (ProseMirror bound to Yjs through y-prosemirror). */
export function SectionEditor(props: SectionEditorProps) {
  const { fragment, awareness, editable, sectionId, placeholder } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  // Callbacks and live props are read through a ref so that changing them never recreates the view.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const view = createSectionView(container, {
      fragment,
      awareness,
      isEditable: () => latest.current.editable,
      getPlaceholder: () => latest.current.placeholder,
      onFocusChange: (focused) => latest.current.onFocusChange?.(focused),
      ...(latest.current.extraPlugins ? { extraPlugins: latest.current.extraPlugins } : {}),
    });
    viewRef.current = view;
    latest.current.onView?.(view);
    return () => {
      viewRef.current = null;
      latest.current.onView?.(null);
      view.destroy();
    };
  }, [fragment, awareness]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view || view.isDestroyed) return;
    // Also re-reads `placeholder` and the aria attributes: setProps always redraws decorations.
    view.setProps({ editable: () => editable });
  }, [editable, placeholder]);

  return <div ref={containerRef} className="hg-editor" data-section-id={sectionId} />;
}
