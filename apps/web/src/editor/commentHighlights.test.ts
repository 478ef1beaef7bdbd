// @vitest-environment happy-dom
import type { EditorView } from 'prosemirror-view';
import { Awareness } from 'y-protocols/awareness';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ValueStore } from '../collab/ValueStore';
import { decodeRelative, encodeAnchor, encodeRelative, quoteOf, resolveAnchor, type EncodedAnchor } from './commentAnchors';
import { commentHighlightsPlugin, highlightRanges, threadAt, type HighlightData } from './commentHighlights';
import { createSectionView } from './editorView';

const views: EditorView[] = [];

afterEach(() => {
  for (const view of views.splice(0)) {
    view.dom.parentElement?.remove();
    view.destroy();
  }
});

/** A section editor on its own Y.Doc with the highlight plugin, as the report page mounts it. */
function editor(doc = new Y.Doc(), onOpen?: (id: string) => void) {
  const source = new ValueStore<HighlightData>({ anchors: [], activeId: null });
  const place = document.body.appendChild(document.createElement('div'));
  const view = createSectionView(place, {
    fragment: doc.getXmlFragment('prosemirror'),
    awareness: new Awareness(doc),
    isEditable: () => true,
    extraPlugins: [commentHighlightsPlugin({ source, ...(onOpen ? { onOpen } : {}) })],
  });
  views.push(view);
  return { doc, view, source };
}

/** The text each highlighted thread covers now, by id. */
function highlighted(view: EditorView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, range] of highlightRanges(view.state)) out[id] = view.state.doc.textBetween(range.from, range.to, '\n');
  return out;
}

/** Exchanges all updates between two documents (both directions). */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** Position of `text` in the first paragraph (content starts at 1). */
function positionOf(view: EditorView, text: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  view.state.doc.descendants((node, pos) => {
    if (found || !node.isText) return !found;
    const index = node.text!.indexOf(text);
    if (index >= 0) found = { from: pos + index, to: pos + index + text.length };
    return false;
  });
  if (!found) throw new Error(`${text} not in document`);
  return found;
}

describe('comment anchors', () => {
  it('round-trips a relative position through base64', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, '疫情防控');
    const rel = Y.createRelativePositionFromTypeIndex(text, 2, -1);
    const back = decodeRelative(encodeRelative(rel))!;
    expect(Y.encodeRelativePosition(back)).toEqual(Y.encodeRelativePosition(rel));
    expect(Y.createAbsolutePositionFromRelativePosition(back, doc)?.index).toBe(2);
    expect(decodeRelative('不是base64')).toBeNull();
  });

  it('resolves to the same text after concurrent inserts before it, in both documents', () => {
    const a = editor();
    a.view.dispatch(a.view.state.tr.insertText('加强基层组织建设，推进党建工作。', 1));
    const b = editor(new Y.Doc());
    sync(a.doc, b.doc);
    expect(b.view.state.doc.textContent).toBe('加强基层组织建设，推进党建工作。');

    const range = positionOf(a.view, '基层组织');
    const anchor = encodeAnchor(a.view.state, range.from, range.to)!;
    expect(anchor).not.toBeNull();
    expect(quoteOf(a.view.state, range.from, range.to)).toBe('基层组织');
    a.source.set({ anchors: [{ id: 't1', anchor }], activeId: null });
    b.source.set({ anchors: [{ id: 't1', anchor }], activeId: 't1' });
    expect(highlighted(a.view)).toEqual({ t1: '基层组织' });
    expect(a.view.dom.querySelector('.hg-comment-mark')!.textContent).toBe('基层组织');

    // Concurrently: A types before the range; B types at the start and adds a paragraph above.
    a.view.dispatch(a.view.state.tr.insertText('要', 1));
    b.view.dispatch(b.view.state.tr.insertText('今年', 1));
    const fragmentB = b.doc.getXmlFragment('prosemirror');
    const intro = new Y.XmlElement('paragraph');
    intro.insert(0, [new Y.XmlText('上半年工作总体平稳。')]);
    fragmentB.insert(0, [intro]);
    sync(a.doc, b.doc);

    expect(a.view.state.doc.textContent).toBe(b.view.state.doc.textContent);
    expect(a.view.state.doc.childCount).toBe(2);
    expect(highlighted(a.view)).toEqual({ t1: '基层组织' });
    expect(highlighted(b.view)).toEqual({ t1: '基层组织' });
    expect(b.view.dom.querySelector('.hg-comment-mark--active')!.textContent).toBe('基层组织');
    expect(resolveAnchor(b.view.state, anchor)).toEqual(positionOf(b.view, '基层组织'));
  });

  it('keeps text typed right after the range outside it, also when resolved again from Yjs', () => {
    const a = editor();
    a.view.dispatch(a.view.state.tr.insertText('推进乡村振兴', 1));
    const b = editor(new Y.Doc());
    sync(a.doc, b.doc);
    const range = positionOf(a.view, '乡村');
    const anchor = encodeAnchor(a.view.state, range.from, range.to)!;
    a.source.set({ anchors: [{ id: 't', anchor }], activeId: null });

    a.view.dispatch(a.view.state.tr.insertText('全面', range.to));
    expect(a.view.state.doc.textContent).toBe('推进乡村全面振兴');
    expect(highlighted(a.view)).toEqual({ t: '乡村' });
    // A remote edit makes the binding re-render: the range is recomputed from the relative positions.
    sync(a.doc, b.doc);
    b.view.dispatch(b.view.state.tr.insertText('。', b.view.state.doc.content.size - 1));
    sync(a.doc, b.doc);
    expect(a.view.state.doc.textContent).toBe('推进乡村全面振兴。');
    expect(highlighted(a.view)).toEqual({ t: '乡村' });
  });

  it('drops the highlight when the anchored text is deleted remotely', () => {
    const a = editor();
    a.view.dispatch(a.view.state.tr.insertText('民生事业稳步发展', 1));
    const b = editor(new Y.Doc());
    sync(a.doc, b.doc);
    const anchor = encodeAnchor(a.view.state, ...(Object.values(positionOf(a.view, '稳步')) as [number, number]))!;
    a.source.set({ anchors: [{ id: 't', anchor }], activeId: null });
    const gone = positionOf(b.view, '稳步');
    b.view.dispatch(b.view.state.tr.delete(gone.from, gone.to));
    sync(a.doc, b.doc);
    expect(a.view.state.doc.textContent).toBe('民生事业发展');
    expect(highlighted(a.view)).toEqual({});
    expect(resolveAnchor(a.view.state, anchor)).toBeNull();
  });

  it('shows drafts without making them clickable, and reports clicks on threads', () => {
    const onOpen = vi.fn();
    const a = editor(new Y.Doc(), onOpen);
    a.view.dispatch(a.view.state.tr.insertText('文化旅游融合发展', 1));
    const thread = positionOf(a.view, '文化旅游');
    const draft = positionOf(a.view, '发展');
    const anchors: { id: string; anchor: EncodedAnchor; draft?: boolean }[] = [
      { id: 't', anchor: encodeAnchor(a.view.state, thread.from, thread.to)! },
      { id: 'draft', anchor: encodeAnchor(a.view.state, draft.from, draft.to)!, draft: true },
    ];
    a.source.set({ anchors, activeId: null });
    expect(a.view.dom.querySelector('.hg-comment-mark--draft')!.textContent).toBe('发展');
    expect(highlighted(a.view)).toEqual({ t: '文化旅游' });
    expect(threadAt(a.view.state, thread.from + 1)).toBe('t');
    expect(threadAt(a.view.state, draft.from + 1)).toBeNull();
    a.view.someProp('handleClick', (f) => f(a.view, thread.from + 1, new MouseEvent('click')));
    expect(onOpen).toHaveBeenCalledWith('t');
  });

  it('does not encode an empty range', () => {
    const a = editor();
    a.view.dispatch(a.view.state.tr.insertText('经济发展', 1));
    expect(encodeAnchor(a.view.state, 2, 2)).toBeNull();
  });
});
