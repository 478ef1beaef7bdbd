// @vitest-environment happy-dom
import { fragmentToText } from '@hegao/schema';
import type { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { compositionHoldPlugin } from './compositionHold';
import { createSectionView } from './editorView';

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
  document.body.innerHTML = '';
});

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function setup() {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('prosemirror');
  const holds: boolean[] = [];
  const view = createSectionView(document.body.appendChild(document.createElement('div')), {
    fragment,
    awareness: new Awareness(doc),
    isEditable: () => true,
    extraPlugins: [compositionHoldPlugin((held) => holds.push(held))],
  });
  views.push(view);
  return { view, fragment, holds };
}

describe('compositionHoldPlugin', () => {
  it('keeps the editor’s own changes out of Yjs while composing and writes them once it ends', async () => {
    const { view, fragment, holds } = setup();
    view.dispatch(view.state.tr.insertText('已有文字', 1));
    expect(fragmentToText(fragment)).toBe('已有文字');

    view.dom.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    expect(view.composing).toBe(true);
    expect(holds).toEqual([true]);
    // What ProseMirror dispatches while the pinyin is being typed.
    view.dispatch(view.state.tr.insertText('wei', view.state.doc.content.size - 1));
    expect(fragmentToText(fragment)).toBe('已有文字');

    view.dom.dispatchEvent(new CompositionEvent('compositionend', { data: '卫' }));
    expect(view.composing).toBe(false);
    // The composed text replaces the pinyin (ProseMirror's final read of the DOM).
    const end = view.state.doc.content.size - 1;
    view.dispatch(view.state.tr.insertText('卫', end - 3, end));
    await wait(80);
    expect(fragmentToText(fragment)).toBe('已有文字卫');
    expect(holds).toEqual([true, false]);
  });

  it('releases when the view goes away mid-composition', () => {
    const { view, holds } = setup();
    view.dom.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    view.destroy();
    views.splice(views.indexOf(view), 1);
    expect(holds).toEqual([true, false]);
  });

  it('closes a composition whose end never came once the editor loses focus', async () => {
    const { view, fragment, holds } = setup();
    view.focus();
    view.dom.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    view.dispatch(view.state.tr.insertText('卫生', 1));
    // Focus goes elsewhere; the compositionend went to some other element, or never came.
    const other = document.body.appendChild(document.createElement('input'));
    other.focus();
    view.dom.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    await wait(150);
    expect(view.composing).toBe(false);
    expect(fragmentToText(fragment)).toBe('卫生');
    expect(holds).toEqual([true, false]);
  });

  it('takes a key pressed outside any composition as proof the composition is over', async () => {
    const { view, fragment, holds } = setup();
    view.dom.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    view.dispatch(view.state.tr.insertText('离线时写的', 1));
    // No compositionend ever comes; the next key is an ordinary one.
    view.dom.dispatchEvent(new KeyboardEvent('keydown', { key: '一', keyCode: 49, bubbles: true }));
    expect(view.composing).toBe(false);
    await wait(80);
    expect(fragmentToText(fragment)).toBe('离线时写的');
    expect(holds).toEqual([true, false]);
  });

  it('leaves a composition alone while the browser is still composing', async () => {
    const { view, fragment, holds } = setup();
    view.dom.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    view.dom.dispatchEvent(new CompositionEvent('compositionupdate', { data: 'wei' }));
    view.dom.dispatchEvent(new KeyboardEvent('keydown', { key: 'Process', keyCode: 229, bubbles: true }));
    view.dispatch(view.state.tr.insertText('wei', 1));
    await wait(80);
    expect(view.composing).toBe(true);
    expect(fragmentToText(fragment)).toBe('');
    expect(holds).toEqual([true]);
  });
});
