// @vitest-environment happy-dom
import { findPlaceholders, schema } from '@hegao/schema';
import type { PMJSON } from '@hegao/schema';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { Awareness } from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSectionView } from './editorView';
import { handlePlaceholderClick, maskedNameMarkRanges, placeholderMarkRanges, placeholderMarksPlugin } from './placeholderMarks';
import { findPlaceholderRanges, textblockMaskRanges } from './placeholders';
import { posOf } from './testPositions';

const t = (text: string, ...marks: string[]): PMJSON =>
  marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const p = (...content: PMJSON[]): PMJSON => ({ type: 'paragraph', content });
const doc = (...content: PMJSON[]): PMJSON => ({ type: 'doc', content });

const sample = '实现地区生产总值X亿元，同比增长X%，XXX区';

function stateOf(json: PMJSON): EditorState {
  return EditorState.create({ schema, doc: schema.nodeFromJSON(json), plugins: [placeholderMarksPlugin()] });
}

/** The marked ranges as `from-to:match`, to compare with a fresh scan of the document. */
const marked = (state: EditorState): string[] => placeholderMarkRanges(state).map((r) => `${r.from}-${r.to}:${r.match}`);
const scanned = (node: PMNode): string[] => findPlaceholderRanges(node).map((r) => `${r.from}-${r.to}:${r.match}`);
/** The marked masked names, and a fresh scan of the document's masked names, in the same form. */
const markedNames = (state: EditorState): string[] => maskedNameMarkRanges(state).map((r) => `${r.from}-${r.to}:${r.match}`);
function scannedNames(node: PMNode): string[] {
  const names: string[] = [];
  node.descendants((block, pos) => {
    if (!block.isTextblock) return true;
    for (const r of textblockMaskRanges(block, pos)) if (r.kind === 'name') names.push(`${r.from}-${r.to}:${r.match}`);
    return false;
  });
  return names;
}


const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
  document.body.innerHTML = '';
});

function mount(json: PMJSON, editable = true): EditorView {
  const view = new EditorView(document.body.appendChild(document.createElement('div')), {
    state: stateOf(json),
    editable: () => editable,
  });
  views.push(view);
  return view;
}

const markElements = (view: EditorView): HTMLElement[] => [...view.dom.querySelectorAll<HTMLElement>('[data-testid=placeholder-mark]')];
const nameElements = (view: EditorView): HTMLElement[] => [...view.dom.querySelectorAll<HTMLElement>('[data-testid=masked-name-mark]')];

/** A left click as ProseMirror hands it to handleClick; `target` is the element under the pointer. */
const click = (target: Element | null, init: MouseEventInit = {}): MouseEvent => {
  const event = new MouseEvent('click', { button: 0, ...init });
  Object.defineProperty(event, 'target', { value: target });
  return event;
};

describe('placeholder marks', () => {
  it('cover exactly the placeholders findPlaceholders finds, not the place name XXX区', () => {
    const state = stateOf(doc(p(t(sample))));
    const expected = findPlaceholders(sample).map((found) => `${1 + found.index}-${1 + found.index + found.length}:${found.match}`);
    expect(expected).toHaveLength(2);
    expect(marked(state)).toEqual(expected);
    expect(placeholderMarkRanges(state).map((r) => state.doc.textBetween(r.from, r.to))).toEqual(['X', 'X']);
    expect(state.doc.textBetween(placeholderMarkRanges(state)[1]!.to, placeholderMarkRanges(state)[1]!.to + 1)).toBe('%');
  });

  it('renders a titled span around each placeholder', () => {
    const view = mount(doc(p(t(sample))));
    const spans = markElements(view);
    expect(spans.map((span) => span.textContent)).toEqual(['X', 'X']);
    for (const span of spans) {
      expect(span.className).toBe('placeholder-mark');
      expect(span.getAttribute('title')).toBe('待填数据，点击选中');
    }
    expect(view.dom.textContent).toBe(sample);
  });

  it('mark masked names apart and lightly: 待确认名称, not placeholders', () => {
    const text = '打造以“工业博物馆—X古镇—X庙”为主线，加快海雅X缤纷城项目，对X县X乡X个村投资X万元';
    const view = mount(doc(p(t(text))));
    expect(maskedNameMarkRanges(view.state).map((r) => view.state.doc.textBetween(r.from - 1, r.to + 1))).toEqual([
      '—X古',
      '—X庙',
      '雅X缤',
      '对X县',
      '县X乡',
    ]);
    expect(placeholderMarkRanges(view.state).map((r) => view.state.doc.textBetween(r.from, r.to + 1))).toEqual(['X个', 'X万']);
    const names = nameElements(view);
    expect(names.map((span) => span.textContent)).toEqual(['X', 'X', 'X', 'X', 'X']);
    for (const span of names) {
      expect(span.className).toBe('masked-name-mark');
      expect(span.getAttribute('title')).toBe('待确认名称');
    }
    expect(markElements(view)).toHaveLength(2);
    expect(view.dom.textContent).toBe(text);
  });

  it('marks placeholders in headings, lists and table cells, across marks', () => {
    const json = doc(
      { type: 'heading', attrs: { level: 2 }, content: [t('一、20XX年上半年工作')] },
      p(t('完成'), t('X', 'strong'), t('.X亿元')),
      { type: 'bullet_list', content: [{ type: 'list_item', content: [p(t('落实资金XX万元'))] }] },
      { type: 'table', content: [{ type: 'table_row', content: [{ type: 'table_cell', content: [p(t('X%'))] }] }] },
    );
    const state = stateOf(json);
    expect(placeholderMarkRanges(state).map((r) => r.match)).toEqual(['20XX', 'X.X', 'XX', 'X']);
    expect(marked(state)).toEqual(scanned(state.doc));
  });

  it('follow edits: filled placeholders lose their mark, new ones get one', () => {
    const view = mount(doc(p(t(sample)), p(t('后文'))));
    const [first] = placeholderMarkRanges(view.state);
    // Typing over the selected placeholder fills it.
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, first!.from, first!.to)));
    view.dispatch(view.state.tr.insertText('5.6'));
    expect(view.state.doc.firstChild!.textContent).toBe('实现地区生产总值5.6亿元，同比增长X%，XXX区');
    expect(placeholderMarkRanges(view.state).map((r) => r.match)).toEqual(['X']);
    expect(marked(view.state)).toEqual(scanned(view.state.doc));
    expect(markElements(view).map((span) => span.textContent)).toEqual(['X']);

    // Replacing 区 by 万元 turns the place name into a placeholder; text typed elsewhere shifts the marks.
    expect(maskedNameMarkRanges(view.state).map((r) => r.match)).toEqual(['XXX']);
    const qu = posOf(view.state.doc, 'XXX区', 3);
    view.dispatch(view.state.tr.insertText('万元', qu, qu + 1));
    view.dispatch(view.state.tr.insertText('上半年', 1));
    view.dispatch(view.state.tr.insertText('，增长X.X个百分点', posOf(view.state.doc, '后文', 2)));
    expect(placeholderMarkRanges(view.state).map((r) => r.match)).toEqual(['X', 'XXX', 'X.X']);
    expect(maskedNameMarkRanges(view.state)).toEqual([]);
    expect(marked(view.state)).toEqual(scanned(view.state.doc));
    expect(markElements(view).map((span) => span.textContent)).toEqual(['X', 'XXX', 'X.X']);
    expect(nameElements(view)).toEqual([]);

    // Splitting and joining paragraphs: the X left alone at the end of a clause reads as a name.
    view.dispatch(view.state.tr.split(posOf(view.state.doc, 'XXX', 1)));
    expect(marked(view.state)).toEqual(scanned(view.state.doc));
    expect(markedNames(view.state)).toEqual(scannedNames(view.state.doc));
    expect(placeholderMarkRanges(view.state).map((r) => r.match)).toEqual(['X', 'XX', 'X.X']);
    expect(maskedNameMarkRanges(view.state).map((r) => r.match)).toEqual(['X']);
    view.dispatch(view.state.tr.join(posOf(view.state.doc, 'XX') - 1));
    expect(placeholderMarkRanges(view.state).map((r) => r.match)).toEqual(['X', 'XXX', 'X.X']);
    expect(maskedNameMarkRanges(view.state)).toEqual([]);
  });

  it('stay equal to a full scan through many random edits', () => {
    let state = stateOf(doc(p(t(sample)), p(t('增长XX%')), p(t('X县X乡'))));
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['X', 'XX', '5', '.', '%', '区', '亿元', 'A', '，', '古镇', '第', ' '];
    for (let i = 0; i < 300; i++) {
      const size = state.doc.content.size;
      const tr = state.tr;
      const pos = TextSelection.near(state.doc.resolve(1 + random(size - 1))).from;
      const action = random(4);
      if (action === 0) tr.insertText(pieces[random(pieces.length)]!, pos);
      else if (action === 1) tr.delete(pos, Math.min(TextSelection.atEnd(state.doc).from, pos + 1 + random(3)));
      else if (action === 2 && state.doc.resolve(pos).parent.isTextblock) tr.split(pos);
      else tr.insertText(pieces[random(pieces.length)]!, pos, pos + random(2));
      state = state.apply(tr);
      expect(marked(state)).toEqual(scanned(state.doc));
      expect(markedNames(state)).toEqual(scannedNames(state.doc));
    }
  });

  it('follow changes received through Yjs in a section editor', () => {
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment('prosemirror');
    const view = createSectionView(document.body.appendChild(document.createElement('div')), {
      fragment,
      awareness: new Awareness(ydoc),
      isEditable: () => true,
    });
    views.push(view);
    view.dispatch(view.state.tr.insertText('同比增长X%', 1));
    expect(markElements(view).map((span) => span.textContent)).toEqual(['X']);
    // Another client fills the placeholder: X → 8.
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    ydoc.transact(() => {
      text.delete(4, 1);
      text.insert(4, '8');
    }, 'network');
    expect(view.state.doc.textContent).toBe('同比增长8%');
    expect(markElements(view)).toHaveLength(0);
    expect(placeholderMarkRanges(view.state)).toEqual([]);
  });
});

describe('clicking a placeholder', () => {
  it('selects exactly the placeholder, so typing replaces it', () => {
    const view = mount(doc(p(t(sample))));
    const [, second] = markElements(view);
    const range = placeholderMarkRanges(view.state)[1]!;
    expect(handlePlaceholderClick(view, range.from + 1, click(second!))).toBe(true);
    expect([view.state.selection.from, view.state.selection.to]).toEqual([range.from, range.to]);
    view.dispatch(view.state.tr.insertText('6.5'));
    expect(view.state.doc.textContent).toBe('实现地区生产总值X亿元，同比增长6.5%，XXX区');
    // The plugin hands the view's clicks to it.
    const first = placeholderMarkRanges(view.state)[0]!;
    expect(view.someProp('handleClick', (f) => f(view, first.from, click(markElements(view)[0]!)))).toBe(true);
    expect([view.state.selection.from, view.state.selection.to]).toEqual([first.from, first.to]);
  });

  it('takes only clicks on the placeholder itself, not beside it', () => {
    const view = mount(doc(p(t('同比增长X%'))));
    const range = placeholderMarkRanges(view.state)[0]!;
    // A click on the left half of % is reported at the placeholder's end, as one on the right half of X.
    expect(handlePlaceholderClick(view, range.to, click(view.dom.querySelector('p')))).toBe(false);
    expect(view.state.selection.empty).toBe(true);
    expect(handlePlaceholderClick(view, range.to, click(markElements(view)[0]!))).toBe(true);
    expect(view.state.doc.textBetween(view.state.selection.from, view.state.selection.to)).toBe('X');
  });

  it('works from the position alone for an event without a target', () => {
    const view = mount(doc(p(t(sample))));
    const range = placeholderMarkRanges(view.state)[0]!;
    expect(handlePlaceholderClick(view, range.to, click(null))).toBe(true);
    expect([view.state.selection.from, view.state.selection.to]).toEqual([range.from, range.to]);
  });

  it('leaves other clicks to ProseMirror', () => {
    const view = mount(doc(p(t(sample))));
    const before = view.state.selection;
    const paragraph = view.dom.querySelector('p')!;
    const range = placeholderMarkRanges(view.state)[0]!;
    // On other text, with Shift (extending the selection) or another modifier, or another button.
    expect(handlePlaceholderClick(view, posOf(view.state.doc, '生产'), click(paragraph))).toBe(false);
    expect(handlePlaceholderClick(view, posOf(view.state.doc, 'XXX区', 1), click(null))).toBe(false);
    // On a masked name, which is to be confirmed, not typed over.
    expect(handlePlaceholderClick(view, posOf(view.state.doc, 'XXX区', 1), click(nameElements(view)[0]!))).toBe(false);
    const mark = markElements(view)[0]!;
    expect(handlePlaceholderClick(view, range.from, click(mark, { shiftKey: true }))).toBe(false);
    expect(handlePlaceholderClick(view, range.from, click(mark, { ctrlKey: true }))).toBe(false);
    expect(handlePlaceholderClick(view, range.from, click(mark, { button: 2 }))).toBe(false);
    expect(view.state.selection.eq(before)).toBe(true);
    // A second click on the selected placeholder puts the caret where it lands.
    expect(handlePlaceholderClick(view, range.from, click(mark))).toBe(true);
    expect(handlePlaceholderClick(view, range.from, click(mark))).toBe(false);
  });

  it('selects in a read-only editor too, in the browser selection as well', () => {
    const view = mount(doc(p(t(sample))), false);
    expect(markElements(view)).toHaveLength(2);
    const range = placeholderMarkRanges(view.state)[1]!;
    expect(handlePlaceholderClick(view, range.from, click(markElements(view)[1]!))).toBe(true);
    expect([view.state.selection.from, view.state.selection.to]).toEqual([range.from, range.to]);
    expect(document.getSelection()!.toString()).toBe('X');
    expect(view.state.doc.textContent).toBe(sample);
  });
});
