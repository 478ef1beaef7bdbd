// @vitest-environment happy-dom
import { fragmentToText } from '@hegao/schema';
import type { EditorView } from 'prosemirror-view';
import { act, createElement, StrictMode } from 'react';
import { Awareness } from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setupTestRoot } from '../testRoot';
import { SectionEditor } from './SectionEditor';
import type { SectionEditorProps } from './SectionEditor';
import { Toolbar } from './Toolbar';

const testRoot = setupTestRoot();
const host = (): HTMLElement => testRoot.host()!;

/** Renders the editor and its toolbar the way the report page does, inside StrictMode. */
function render(props: Omit<SectionEditorProps, 'onView'>, views: Array<EditorView | null>) {
  let current: EditorView | null = null;
  const onView = (view: EditorView | null): void => {
    views.push(view);
    current = view;
  };
  const draw = (next: Omit<SectionEditorProps, 'onView'>): void => {
    testRoot.render(
      createElement(
        StrictMode,
        null,
        createElement(Toolbar, { view: current, editable: next.editable }),
        createElement(SectionEditor, { ...next, onView }),
      ),
    );
  };
  draw(props);
  draw(props); // second pass: the toolbar gets the view handed over by onView
  return { draw, view: () => current };
}

function section() {
  const ydoc = new Y.Doc();
  return { ydoc, fragment: ydoc.getXmlFragment('prosemirror'), awareness: new Awareness(ydoc) };
}

describe('SectionEditor', () => {
  it('creates exactly one bound view under StrictMode and destroys the others', () => {
    const { fragment, awareness } = section();
    const views: Array<EditorView | null> = [];
    const { view } = render({ fragment, awareness, editable: true, sectionId: 's1' }, views);

    expect(host().querySelectorAll('.ProseMirror')).toHaveLength(1);
    const live = view()!;
    expect(live.isDestroyed).toBe(false);
    // StrictMode mounted twice: view, null, view — the first view is gone.
    expect(views.filter((v) => v !== null)).toHaveLength(2);
    expect(views[0]!.isDestroyed).toBe(true);
    expect(views.at(-1)).toBe(live);
    expect(host().querySelector('.hg-editor')!.getAttribute('data-section-id')).toBe('s1');

    // One binding: typed text reaches Yjs once.
    act(() => live.dispatch(live.state.tr.insertText('加强基层组织建设', 1)));
    expect(fragmentToText(fragment)).toBe('加强基层组织建设');
    // A remote change renders once in the live view.
    act(() => {
      (fragment.get(0) as Y.XmlElement).insert(1, [new Y.XmlText('。')]);
    });
    expect(live.state.doc.textContent).toBe('加强基层组织建设。');
  });

  it('switches to read-only at once without recreating the view, and back', () => {
    const { fragment, awareness } = section();
    const views: Array<EditorView | null> = [];
    const props = { fragment, awareness, editable: true, sectionId: 's2', placeholder: '请在此撰写本章节内容' };
    const { draw, view } = render(props, views);
    const live = view()!;
    const dom = host().querySelector('.ProseMirror')!;
    expect(dom.getAttribute('contenteditable')).toBe('true');
    expect(dom.querySelector('p')!.getAttribute('data-placeholder')).toBe('请在此撰写本章节内容');
    const bold = (): HTMLButtonElement => host().querySelector('[data-command="bold"]')!;
    expect(bold().disabled).toBe(false);

    const created = views.length;
    draw({ ...props, editable: false });
    expect(view()).toBe(live);
    expect(views).toHaveLength(created);
    expect(dom.getAttribute('contenteditable')).toBe('false');
    expect(dom.getAttribute('aria-readonly')).toBe('true');
    expect(live.editable).toBe(false);
    expect(bold().disabled).toBe(true);
    expect([...host().querySelectorAll<HTMLButtonElement>('[data-testid=editor-toolbar] button')].every((b) => b.disabled)).toBe(true);

    draw({ ...props, editable: true });
    expect(dom.getAttribute('contenteditable')).toBe('true');
    expect(bold().disabled).toBe(false);
  });

  it('hands null to onView and stops listening when unmounted', () => {
    const { ydoc, fragment, awareness } = section();
    const views: Array<EditorView | null> = [];
    const { view } = render({ fragment, awareness, editable: true, sectionId: 's3' }, views);
    const live = view()!;
    testRoot.unmount();
    expect(views.at(-1)).toBeNull();
    expect(live.isDestroyed).toBe(true);
    expect(host().querySelector('.ProseMirror')).toBeNull();
    ydoc.transact(() => fragment.insert(0, [new Y.XmlElement('paragraph')]));
    expect(fragment.length).toBe(1);
  });
});

describe('Toolbar', () => {
  it('runs commands on the view and reflects the block type and bold state', () => {
    const { fragment, awareness } = section();
    const { view } = render({ fragment, awareness, editable: true, sectionId: 's4' }, []);
    const live = view()!;
    act(() => live.dispatch(live.state.tr.insertText('一、上半年工作完成情况', 1)));
    const button = (name: string): HTMLButtonElement => host().querySelector(`[data-command="${name}"]`)!;
    expect(button('paragraph').getAttribute('aria-pressed')).toBe('true');
    expect(button('undo').disabled).toBe(false);
    expect(button('redo').disabled).toBe(true);

    act(() => button('heading-2').click());
    expect(live.state.doc.firstChild!.type.name).toBe('heading');
    expect(fragment.toString()).toContain('<heading level="2">');
    expect(button('heading-2').getAttribute('aria-pressed')).toBe('true');
    expect(button('paragraph').getAttribute('aria-pressed')).toBe('false');

    act(() => button('bold').click());
    expect(button('bold').getAttribute('aria-pressed')).toBe('true');

    act(() => button('table').click());
    expect(live.state.doc.child(1).type.name).toBe('table');

    act(() => button('undo').click());
    expect(live.state.doc.childCount).toBe(1);
    expect(button('redo').disabled).toBe(false);
  });

  it('makes a toolbar command its own undo step, apart from the typing just before and after it', () => {
    const { fragment, awareness } = section();
    const { view } = render({ fragment, awareness, editable: true, sectionId: 's5' }, []);
    const live = view()!;
    const button = (name: string): HTMLButtonElement => host().querySelector(`[data-command="${name}"]`)!;
    // All within Yjs's half-second capture window, as a quick user does it.
    act(() => live.dispatch(live.state.tr.insertText('主要指标如下：', 1)));
    act(() => button('table').click());
    act(() => live.dispatch(live.state.tr.insertText('指标')));
    expect(fragment.toString()).toContain('<table>');
    expect(fragment.toString()).toContain('指标</paragraph>');

    act(() => button('undo').click());
    expect(fragment.toString()).toContain('<table>');
    expect(fragment.toString()).not.toContain('指标</paragraph>');
    act(() => button('undo').click());
    expect(fragment.toString()).not.toContain('<table>');
    expect(fragment.toString()).toContain('主要指标如下：');
  });

  it('makes a heading set by its shortcut (Ctrl+Alt+1) its own undo step too', () => {
    const { fragment, awareness } = section();
    const { view } = render({ fragment, awareness, editable: true, sectionId: 's5b' }, []);
    const live = view()!;
    const key = (init: KeyboardEventInit) => live.someProp('handleKeyDown', (f) => f(live, new KeyboardEvent('keydown', init)));
    act(() => live.dispatch(live.state.tr.insertText('主要指标', 1)));
    act(() => void key({ key: '1', code: 'Digit1', ctrlKey: true, altKey: true }));
    act(() => live.dispatch(live.state.tr.insertText('如下')));
    expect(fragment.toString()).toMatch(/<heading level="2">主要指标如下<\/heading>/);

    act(() => button('undo').click());
    expect(fragment.toString()).toMatch(/<heading level="2">主要指标<\/heading>/);
    act(() => button('undo').click());
    expect(fragment.toString()).toMatch(/<paragraph>主要指标<\/paragraph>/);

    function button(name: string): HTMLButtonElement {
      return host().querySelector(`[data-command="${name}"]`)!;
    }
  });

  it('edits tables through the 表格操作 menu, enabled only while the cursor is in a table', () => {
    const { fragment, awareness } = section();
    const { view } = render({ fragment, awareness, editable: true, sectionId: 's6' }, []);
    const live = view()!;
    act(() => live.dispatch(live.state.tr.insertText('主要经济指标：', 1)));
    const byTestId = (id: string): HTMLButtonElement | null => host().querySelector(`[data-testid="${id}"]`);
    const menu = () => byTestId('table-menu')!;
    const openMenu = () => act(() => menu().click());
    const tableButtons = [
      ['table-add-row-before', '在上方插入行'],
      ['table-add-row-after', '在下方插入行'],
      ['table-add-column-before', '在左侧插入列'],
      ['table-add-column-after', '在右侧插入列'],
      ['table-delete-row', '删除行'],
      ['table-delete-column', '删除列'],
      ['table-delete', '删除表格'],
    ] as const;
    // Outside a table the menu is disabled and its items are not in the toolbar at all.
    expect(menu().disabled).toBe(true);
    for (const [id] of tableButtons) expect(byTestId(id)).toBeNull();

    act(() => host().querySelector<HTMLButtonElement>('[data-command="table"]')!.click());
    expect(menu().disabled).toBe(false);
    openMenu();
    for (const [id, label] of tableButtons) {
      expect(byTestId(id)!.textContent).toBe(label);
      expect([id, byTestId(id)!.disabled]).toEqual([id, false]);
    }
    const tableNode = () => live.state.doc.child(1);

    act(() => byTestId('table-add-row-after')!.click());
    // A command closes the menu.
    expect(byTestId('table-menu-list')).toBeNull();
    expect(tableNode().childCount).toBe(4);
    openMenu();
    act(() => byTestId('table-add-column-before')!.click());
    expect(tableNode().firstChild!.childCount).toBe(4);
    expect(fragment.toString().match(/<table_cell/g)).toHaveLength(16);
    openMenu();
    act(() => byTestId('table-delete-column')!.click());
    openMenu();
    act(() => byTestId('table-delete-row')!.click());
    expect([tableNode().childCount, tableNode().firstChild!.childCount]).toEqual([3, 3]);

    // Escape closes it without doing anything.
    openMenu();
    act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    expect(byTestId('table-menu-list')).toBeNull();

    openMenu();
    act(() => byTestId('table-delete')!.click());
    expect(live.state.doc.toJSON().content.map((block: { type: string }) => block.type)).toEqual(['paragraph', 'paragraph']);
    expect(menu().disabled).toBe(true);
  });

  it('shows shortcuts in the tooltips', () => {
    const { fragment, awareness } = section();
    render({ fragment, awareness, editable: true, sectionId: 's5' }, []);
    const title = host().querySelector('[data-command="bold"]')!.getAttribute('title')!;
    expect(title).toMatch(/^加粗（(Ctrl\+B|⌘B)）$/);
  });
});
