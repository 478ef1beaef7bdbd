// @vitest-environment happy-dom
import { findPlaceholders, schema } from '@hegao/schema';
import type { PMJSON } from '@hegao/schema';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { findPlaceholderRanges, nextPlaceholder, selectNextPlaceholder, textblockMaskRanges } from './placeholders';

const t = (text: string, ...marks: string[]): PMJSON =>
  marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const p = (...content: PMJSON[]): PMJSON => ({ type: 'paragraph', content });
const br: PMJSON = { type: 'hard_break' };
const doc = (...content: PMJSON[]): PMJSON => ({ type: 'doc', content });

// Seed text: 1-5月份，完成一般公共预算收入X亿，增长X%；…
const fixture = doc(
  { type: 'heading', attrs: { level: 2 }, content: [t('一、20XX年上半年工作完成情况')] },
  p(t('地区生产总值预计完成'), t('X', 'strong'), t('亿元，同比增长X.X%；X区')),
  p(t('公共财政预算收入增长X'), br, t('X亿元')),
  {
    type: 'bullet_list',
    content: [{ type: 'list_item', content: [p(t('落实资金'), t('XX', 'em', 'underline'), t('万元'))] }],
  },
  {
    type: 'table',
    content: [
      {
        type: 'table_row',
        content: [
          { type: 'table_cell', attrs: { colspan: 1, rowspan: 1 }, content: [p(t('增速'))] },
          { type: 'table_cell', attrs: { colspan: 1, rowspan: 1 }, content: [p(t('X%'))] },
        ],
      },
    ],
  },
);

describe('findPlaceholderRanges', () => {
  const docNode = schema.nodeFromJSON(fixture);
  const ranges = findPlaceholderRanges(docNode);

  it('finds each placeholder of every textblock, in document order', () => {
    expect(ranges.map((r) => r.match)).toEqual(['20XX', 'X', 'X.X', 'X', 'X', 'XX', 'X']);
  });

  it('maps every match to exactly the document text it came from', () => {
    for (const range of ranges) expect(docNode.textBetween(range.from, range.to)).toBe(range.match);
  });

  it('agrees with findPlaceholders on each block’s text, across marks and hard breaks', () => {
    // The bold X and the plain 亿元 form one run of text: the placeholder is the X alone.
    const bold = ranges[1]!;
    expect(docNode.rangeHasMark(bold.from, bold.to, schema.marks['strong']!)).toBe(true);
    // X<br>X is two placeholders, not one run.
    const [beforeBreak, afterBreak] = [ranges[3]!, ranges[4]!];
    expect(afterBreak.from - beforeBreak.to).toBe(1);
    expect(docNode.nodeAt(beforeBreak.to)!.type.name).toBe('hard_break');
    expect(findPlaceholders('公共财政预算收入增长X\nX亿元')).toHaveLength(2);
  });

  it('leaves the masked names out, which textblockMaskRanges tells apart', () => {
    const block = docNode.child(1);
    const masks = textblockMaskRanges(block, docNode.resolve(ranges[1]!.from).before());
    expect(masks.map((m) => `${m.match}:${m.kind}`)).toEqual(['X:number', 'X.X:number', 'X:name']);
    expect(docNode.textBetween(masks[2]!.from, masks[2]!.to + 1)).toBe('X区');
    expect(ranges.map((r) => r.from)).not.toContain(masks[2]!.from);
  });

  it('finds nothing in a document without placeholders', () => {
    expect(findPlaceholderRanges(schema.nodeFromJSON(doc(p(t('XX市坚持以人民为中心')))))).toEqual([]);
    expect(findPlaceholderRanges(schema.nodeFromJSON(doc({ type: 'paragraph' })))).toEqual([]);
  });
});

describe('nextPlaceholder', () => {
  const ranges = [
    { from: 5, to: 6, match: 'X' },
    { from: 10, to: 12, match: 'XX' },
  ];
  it('picks the first at or after the position and wraps around', () => {
    expect(nextPlaceholder(ranges, 0)).toBe(ranges[0]);
    expect(nextPlaceholder(ranges, 5)).toBe(ranges[0]);
    expect(nextPlaceholder(ranges, 6)).toBe(ranges[1]);
    expect(nextPlaceholder(ranges, 12)).toBe(ranges[0]);
    expect(nextPlaceholder([], 3)).toBeNull();
  });
});

describe('selectNextPlaceholder', () => {
  let view: EditorView | null = null;
  afterEach(() => {
    view?.destroy();
    view = null;
    document.body.innerHTML = '';
  });

  function mount(editable: boolean): EditorView {
    const docNode = schema.nodeFromJSON(fixture);
    const state = EditorState.create({ schema, doc: docNode, selection: TextSelection.atStart(docNode) });
    view = new EditorView(document.body.appendChild(document.createElement('div')), { state, editable: () => editable });
    return view;
  }

  it('selects the placeholders one after another and wraps to the first', () => {
    const v = mount(true);
    const ranges = findPlaceholderRanges(v.state.doc);
    const visited: string[] = [];
    for (let i = 0; i <= ranges.length; i++) {
      expect(selectNextPlaceholder(v)).toBe(true);
      const { from, to } = v.state.selection;
      visited.push(`${from}-${to}`);
    }
    const expected = ranges.map((r) => `${r.from}-${r.to}`);
    expect(visited).toEqual([...expected, expected[0]]);
  });

  it('starts from the cursor', () => {
    const v = mount(true);
    const ranges = findPlaceholderRanges(v.state.doc);
    v.dispatch(v.state.tr.setSelection(TextSelection.create(v.state.doc, ranges[2]!.to)));
    selectNextPlaceholder(v);
    expect(v.state.selection.from).toBe(ranges[3]!.from);
  });

  it('also selects in a read-only editor, and reports when there is nothing to select', () => {
    const v = mount(false);
    expect(selectNextPlaceholder(v)).toBe(true);
    expect(v.state.doc.textBetween(v.state.selection.from, v.state.selection.to)).toBe('20XX');
    const empty = EditorState.create({ schema, doc: schema.nodeFromJSON(doc(p(t('已全部填写')))) });
    v.updateState(empty);
    expect(selectNextPlaceholder(v)).toBe(false);
  });
});
