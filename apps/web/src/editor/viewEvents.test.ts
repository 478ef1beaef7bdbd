// @vitest-environment happy-dom
import { schema } from '@hegao/schema';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { subscribeToView, viewEventsPlugin } from './viewEvents';

let view: EditorView | null = null;
afterEach(() => {
  view?.destroy();
  view = null;
  document.body.innerHTML = '';
});

function mount(): EditorView {
  const state = EditorState.create({ schema, plugins: [viewEventsPlugin()] });
  view = new EditorView(document.body.appendChild(document.createElement('div')), { state });
  return view;
}

/** Pretends an IME composition is in progress (ProseMirror's own flag, set by compositionstart). */
function setComposing(v: EditorView, composing: boolean): void {
  (v as unknown as { input: { composing: boolean } }).input.composing = composing;
}

describe('viewEvents', () => {
  it('notifies subscribers after each update until they unsubscribe', () => {
    const v = mount();
    let calls = 0;
    const unsubscribe = subscribeToView(v, () => calls++);
    v.dispatch(v.state.tr.insertText('加强'));
    v.setProps({ editable: () => false });
    expect(calls).toBe(2);
    unsubscribe();
    v.dispatch(v.state.tr.insertText('建设'));
    expect(calls).toBe(2);
  });

  it('holds notifications back during IME composition and sends one after compositionend', async () => {
    const v = mount();
    let calls = 0;
    subscribeToView(v, () => calls++);
    setComposing(v, true);
    v.dispatch(v.state.tr.insertText('ji'));
    v.dispatch(v.state.tr.insertText('ans'));
    expect(calls).toBe(0);
    v.dom.dispatchEvent(new CompositionEvent('compositionend', { data: '建设' }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(v.composing).toBe(false);
    expect(calls).toBeGreaterThanOrEqual(1);
  });
});
