// @vitest-environment happy-dom
import { fragmentToText, jsonToFragment } from '@hegao/schema';
import type { EditorView } from 'prosemirror-view';
import { TextSelection } from 'prosemirror-state';
import { undo, redo } from 'y-prosemirror';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSectionView } from './editorView';

/** Two clients of one section: `a` has the editor, `b` is another bureau's browser; updates flow both ways. */
function twoClients() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'network') Y.applyUpdate(b, update, 'network');
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'network') Y.applyUpdate(a, update, 'network');
  });
  return { a, b, fragA: a.getXmlFragment('prosemirror'), fragB: b.getXmlFragment('prosemirror') };
}

const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
  document.body.innerHTML = '';
});

function mount(fragment: Y.XmlFragment, awareness = new Awareness(fragment.doc!)): EditorView {
  const view = createSectionView(document.body.appendChild(document.createElement('div')), {
    fragment,
    awareness,
    isEditable: () => true,
  });
  views.push(view);
  return view;
}

/** Types `text` at the end of the first paragraph, as a keystroke would. */
function typeAtEndOfFirstParagraph(view: EditorView, text: string): void {
  const end = 1 + view.state.doc.firstChild!.content.size;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, end)).insertText(text));
}

describe('editor ↔ Yjs binding', () => {
  it('writes typed text into the Y.XmlFragment, which the other client receives', () => {
    const { fragA, fragB } = twoClients();
    const view = mount(fragA);
    typeAtEndOfFirstParagraph(view, '加强基层组织建设');
    expect(fragmentToText(fragA)).toBe('加强基层组织建设');
    expect(fragmentToText(fragB)).toBe('加强基层组织建设');
    expect(fragA.toString()).toBe('<paragraph>加强基层组织建设</paragraph>');
  });

  it('starts with content already in the fragment and shows remote changes', () => {
    const { fragA, fragB } = twoClients();
    jsonToFragment(
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '同比增长X%' }] }] },
      fragB,
    );
    const view = mount(fragA);
    expect(view.state.doc.textContent).toBe('同比增长X%');
    ((fragB.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(4, '约');
    expect(view.state.doc.textContent).toBe('同比增长约X%');
  });

  it('does not write an empty section to Yjs just by opening it', () => {
    const { a, fragA } = twoClients();
    let updates = 0;
    a.on('update', () => updates++);
    const view = mount(fragA);
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 1)));
    expect(updates).toBe(0);
    expect(fragA.length).toBe(0);
  });

  it('undoes only the local user’s change; a concurrent remote change stays', () => {
    const { b, fragA, fragB } = twoClients();
    const view = mount(fragA);
    typeAtEndOfFirstParagraph(view, '本局数据X亿元');
    // Another bureau appends a paragraph from its own Y.Doc.
    b.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('他局补充内容')]);
      fragB.insert(fragB.length, [paragraph]);
    });
    expect(fragmentToText(fragA)).toBe('本局数据X亿元\n他局补充内容');
    expect(view.state.doc.childCount).toBe(2);

    // The local paragraph (created by the first keystroke) goes; the remote one stays, here and there.
    expect(undo(view.state)).toBe(true);
    expect(fragmentToText(fragA)).toBe('他局补充内容');
    expect(fragmentToText(fragB)).toBe('他局补充内容');
    expect(view.state.doc.textContent).toBe('他局补充内容');
    // Nothing of the remote change is on the local undo stack.
    expect(undo(view.state)).toBe(false);
    expect(fragmentToText(fragA)).toBe('他局补充内容');

    expect(redo(view.state)).toBe(true);
    expect(fragmentToText(fragB)).toBe('本局数据X亿元\n他局补充内容');
  });

  it('releases the fragment and the awareness cursor when the view is destroyed', async () => {
    const { a, b, fragA, fragB } = twoClients();
    const awareness = new Awareness(a);
    const view = mount(fragA, awareness);
    typeAtEndOfFirstParagraph(view, '草稿');
    awareness.setLocalStateField('cursor', { anchor: null, head: null });
    view.destroy();
    expect(awareness.getLocalState()?.['cursor']).toBeNull();
    await nextTick(); // the cursor plugin's pending redraw must not dispatch into the destroyed view
    // Remote changes after destroy reach the Y.Doc without touching the dead view.
    b.transact(() => (fragB.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('新')]));
    expect(fragmentToText(fragA)).toBe('新草稿');
    expect(view.state.doc.textContent).toBe('草稿');
  });
});

describe('remote carets', () => {
  it('labels another user’s caret 姓名（局名） in their colour, and the name alone for leaders', async () => {
    const { a, b, fragA, fragB } = twoClients();
    const awarenessA = new Awareness(a);
    const view = mount(fragA, awarenessA);
    typeAtEndOfFirstParagraph(view, '上半年工作完成情况');

    const remote = new Awareness(b);
    const text = (fragB.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 3));
    remote.setLocalState({
      user: { id: 'u7', name: '张伟', bureau: '发改局', bureauId: 'b2', color: '#2980b9', colorLight: '#2980b933' },
      cursor: { anchor: at, head: at },
    });
    applyAwarenessUpdate(awarenessA, encodeAwarenessUpdate(remote, [b.clientID]), 'network');
    await nextTick(); // y-prosemirror redraws carets from a timer

    const caret = view.dom.querySelector<HTMLElement>('.ProseMirror-yjs-cursor');
    expect(caret).not.toBeNull();
    expect(caret!.textContent).toContain('张伟（发改局）');
    expect(caret!.getAttribute('data-user-id')).toBe('u7');
    expect(caret!.style.borderColor).toBe('#2980b9');

    // A leader (no bureau) in a third browser.
    const leader = new Awareness(new Y.Doc());
    leader.setLocalState({ user: { id: 'u1', name: '李书记', bureau: null, color: '#c0392b' }, cursor: { anchor: at, head: at } });
    applyAwarenessUpdate(awarenessA, encodeAwarenessUpdate(leader, [leader.clientID]), 'network');
    // A state the server has not stamped yet gets no caret.
    const anonymous = new Awareness(new Y.Doc());
    anonymous.setLocalState({ cursor: { anchor: at, head: at } });
    applyAwarenessUpdate(awarenessA, encodeAwarenessUpdate(anonymous, [anonymous.clientID]), 'network');
    await nextTick();
    const labels = [...view.dom.querySelectorAll('.ProseMirror-yjs-cursor__label')].map((el) => el.textContent);
    expect(labels.sort()).toEqual(['张伟（发改局）', '李书记'].sort());
    // The widget sits in the text: view.state.doc is unchanged.
    expect(view.state.doc.textContent).toBe('上半年工作完成情况');
  });

  it('ignores malformed cursors from other clients (an old or foreign server may relay them) instead of throwing', async () => {
    const { a, fragA, fragB } = twoClients();
    const awarenessA = new Awareness(a);
    const view = mount(fragA, awarenessA);
    typeAtEndOfFirstParagraph(view, '上半年工作完成情况');
    const text = (fragB.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 3));
    const user = (name: string) => ({ id: name, name, bureau: '发改局', color: '#2980b9' });
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    try {
      const garbage: unknown[] = [{}, { anchor: null }, { anchor: at }, { anchor: { item: { client: 'x', clock: 1 } }, head: at }, { anchor: { assoc: 0 }, head: { assoc: 0 } }, 'cursor'];
      garbage.forEach((cursor, i) => {
        const other = new Awareness(new Y.Doc());
        other.setLocalState({ user: user(`坏${i}`), cursor });
        expect(() => applyAwarenessUpdate(awarenessA, encodeAwarenessUpdate(other, [other.clientID]), 'network')).not.toThrow();
      });
      const good = new Awareness(new Y.Doc());
      good.setLocalState({ user: user('张伟'), cursor: { anchor: at, head: at } });
      applyAwarenessUpdate(awarenessA, encodeAwarenessUpdate(good, [good.clientID]), 'network');
      await nextTick();
      expect(() => view.dispatch(view.state.tr.insertText('！', 1))).not.toThrow();
      await nextTick();
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).toEqual([]);
    const labels = [...view.dom.querySelectorAll('.ProseMirror-yjs-cursor__label')].map((el) => el.textContent);
    expect(labels).toEqual(['张伟（发改局）']);
  });
});
