import { schema } from '@hegao/schema';
import type { PMJSON } from '@hegao/schema';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import type { Command } from 'prosemirror-state';
import { CellSelection } from 'prosemirror-tables';
import { describe, expect, it } from 'vitest';
import {
  addTableColumnAfter,
  addTableColumnBefore,
  addTableRowAfter,
  addTableRowBefore,
  createTable,
  deleteTableAround,
  deleteTableColumn,
  deleteTableRow,
  insertHardBreak,
  insertTable,
  nextCellOrNewRow,
  previousCell,
  setParagraph,
  toggleBold,
  toggleHeading,
  toggleList,
} from './commands';
import { getToolbarState } from './toolbarState';
import { posOf } from './testPositions';

const t = (text: string, ...marks: string[]): PMJSON =>
  marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const p = (...content: PMJSON[]): PMJSON => (content.length ? { type: 'paragraph', content } : { type: 'paragraph' });
const h = (level: number, text: string): PMJSON => ({ type: 'heading', attrs: { level }, content: [t(text)] });
const li = (...content: PMJSON[]): PMJSON => ({ type: 'list_item', content });
const ul = (...items: PMJSON[]): PMJSON => ({ type: 'bullet_list', content: items });
const ol = (...items: PMJSON[]): PMJSON => ({ type: 'ordered_list', attrs: { order: 1 }, content: items });
const cell = (...content: PMJSON[]): PMJSON => ({ type: 'table_cell', attrs: { colspan: 1, rowspan: 1 }, content });
const row = (...cells: PMJSON[]): PMJSON => ({ type: 'table_row', content: cells });
const table = (...rows: PMJSON[]): PMJSON => ({ type: 'table', content: rows });
/** Doc JSON as ProseMirror writes it (default attributes filled in), so comparisons follow the schema. */
const doc = (...content: PMJSON[]): PMJSON => schema.nodeFromJSON({ type: 'doc', content }).toJSON() as PMJSON;
const emptyCell = cell(p());


/** A state over `json` with the cursor at `anchor` (or a text range anchor..head). */
function stateAt(json: PMJSON, select: (doc: PMNode) => [number, number?]): EditorState {
  const docNode = schema.nodeFromJSON(json);
  const [anchor, head] = select(docNode);
  return EditorState.create({ schema, doc: docNode, selection: TextSelection.create(docNode, anchor, head ?? anchor) });
}

/** Applies `command` and returns the new state (failing the test when it does not apply). */
function apply(state: EditorState, command: Command): EditorState {
  let next: EditorState | null = null;
  const applied = command(state, (tr) => {
    next = state.apply(tr);
  });
  expect(applied).toBe(true);
  expect(next).not.toBeNull();
  next!.doc.check();
  return next!;
}

const text = '上半年预计X区实现地区生产总值X亿元';

describe('toggleBold', () => {
  it('bolds the selected range and unbolds it again', () => {
    const state = stateAt(doc(p(t(text))), (d) => [posOf(d, '地区'), posOf(d, '地区', 6)]);
    const bold = apply(state, toggleBold);
    expect(bold.doc.toJSON()).toEqual(doc(p(t('上半年预计X区实现'), t('地区生产总值', 'strong'), t('X亿元'))));
    expect(getToolbarState(bold, true).bold).toBe(true);
    const plain = apply(bold, toggleBold);
    expect(plain.doc.toJSON()).toEqual(doc(p(t(text))));
  });

  it('sets a stored mark at an empty cursor, which the toolbar shows as active', () => {
    const state = stateAt(doc(p(t(text))), (d) => [posOf(d, '实现')]);
    expect(getToolbarState(state, true).bold).toBe(false);
    const next = apply(state, toggleBold);
    expect(next.storedMarks?.map((m) => m.type.name)).toEqual(['strong']);
    expect(getToolbarState(next, true).bold).toBe(true);
  });
});

describe('headings and paragraphs', () => {
  it('turns a paragraph into a level-2 heading, then back into a paragraph', () => {
    const state = stateAt(doc(p(t('一、上半年工作完成情况'))), (d) => [posOf(d, '上半年')]);
    const heading = apply(state, toggleHeading(2));
    expect(heading.doc.toJSON()).toEqual(doc(h(2, '一、上半年工作完成情况')));
    expect(getToolbarState(heading, true).block).toBe('heading-2');
    expect(apply(heading, toggleHeading(2)).doc.toJSON()).toEqual(doc(p(t('一、上半年工作完成情况'))));
    expect(apply(heading, toggleHeading(3)).doc.toJSON()).toEqual(doc(h(3, '一、上半年工作完成情况')));
  });

  it('sets headings back to body text with setParagraph', () => {
    const state = stateAt(doc(h(3, '（一）深入实施'), p(t('正文'))), (d) => [posOf(d, '深入'), posOf(d, '正文', 1)]);
    const next = apply(state, setParagraph);
    expect(next.doc.toJSON()).toEqual(doc(p(t('（一）深入实施')), p(t('正文'))));
    expect(getToolbarState(next, true).block).toBe('other'); // two blocks selected
  });

  it('keeps the source of final-draft blocks when changing their type', () => {
    const sourced: PMJSON = { type: 'paragraph', attrs: { source: 's7' }, content: [t('（一）深入实施')] };
    const state = stateAt(doc(sourced), (d) => [posOf(d, '深入')]);
    const heading = apply(state, toggleHeading(3));
    expect(heading.doc.firstChild!.attrs).toEqual({ level: 3, source: 's7' });
    const back = apply(heading, setParagraph);
    expect(back.doc.firstChild!.attrs).toEqual({ source: 's7' });
    // Already a paragraph (whatever its source): nothing to do.
    expect(setParagraph(back)).toBe(false);
  });

  it('cannot make a heading of a list item’s first paragraph', () => {
    const state = stateAt(doc(ul(li(p(t('一是'))))), (d) => [posOf(d, '是')]);
    expect(toggleHeading(2)(state)).toBe(false);
    expect(getToolbarState(state, true).canHeading2).toBe(false);
  });
});

describe('toggleList', () => {
  it('wraps paragraphs in a bullet list and lifts them out again', () => {
    const state = stateAt(doc(p(t('一是加大调度力度')), p(t('二是强化用地保障'))), (d) => [
      posOf(d, '一是'),
      posOf(d, '二是', 1),
    ]);
    const listed = apply(state, toggleList('bullet_list'));
    expect(listed.doc.toJSON()).toEqual(doc(ul(li(p(t('一是加大调度力度'))), li(p(t('二是强化用地保障'))))));
    expect(getToolbarState(listed, true).list).toBe('bullet_list');
    const lifted = apply(listed, toggleList('bullet_list'));
    expect(lifted.doc.toJSON()).toEqual(doc(p(t('一是加大调度力度')), p(t('二是强化用地保障'))));
    expect(getToolbarState(lifted, true).list).toBeNull();
  });

  it('switches a bullet list to a numbered list and back, keeping its items', () => {
    const state = stateAt(doc(ul(li(p(t('一是'))), li(p(t('二是'))))), (d) => [posOf(d, '二是')]);
    const numbered = apply(state, toggleList('ordered_list'));
    expect(numbered.doc.toJSON()).toEqual(doc(ol(li(p(t('一是'))), li(p(t('二是'))))));
    expect(getToolbarState(numbered, true).list).toBe('ordered_list');
    expect(apply(numbered, toggleList('bullet_list')).doc.toJSON()).toEqual(doc(ul(li(p(t('一是'))), li(p(t('二是'))))));
  });
});

describe('insertTable', () => {
  const table3x3 = table(row(emptyCell, emptyCell, emptyCell), row(emptyCell, emptyCell, emptyCell), row(emptyCell, emptyCell, emptyCell));

  it('builds a valid table of empty cells', () => {
    const node = createTable(2, 4);
    node.check();
    expect(node.childCount).toBe(2);
    expect(node.firstChild!.childCount).toBe(4);
  });

  it('inserts after the current paragraph, adds a paragraph after it and puts the cursor in the first cell', () => {
    const state = stateAt(doc(p(t('主要经济指标完成情况：'))), (d) => [posOf(d, '指标')]);
    const next = apply(state, insertTable());
    expect(next.doc.toJSON()).toEqual(doc(p(t('主要经济指标完成情况：')), table3x3, p()));
    const $cursor = next.selection.$from;
    expect($cursor.node(-1).type.name).toBe('table_cell');
    expect($cursor.index(-2)).toBe(0); // first cell of …
    expect($cursor.index(-3)).toBe(0); // … the first row
  });

  it('replaces an empty paragraph and reuses the paragraph after it', () => {
    const state = stateAt(doc(p(t('前文')), p(), p(t('后文'))), (d) => [posOf(d, '前文', 2) + 2]);
    const next = apply(state, insertTable());
    expect(next.doc.toJSON()).toEqual(doc(p(t('前文')), table3x3, p(t('后文'))));
  });

  it('goes after the list or table around the cursor, since tables do not nest', () => {
    const inList = stateAt(doc(ul(li(p(t('一是'))))), (d) => [posOf(d, '是')]);
    expect(apply(inList, insertTable(1, 1)).doc.toJSON()).toEqual(doc(ul(li(p(t('一是')))), table(row(emptyCell)), p()));
    const inTable = stateAt(doc(table(row(cell(p(t('指标'))))), p(t('后文'))), (d) => [posOf(d, '指标')]);
    expect(apply(inTable, insertTable(1, 2)).doc.toJSON()).toEqual(
      doc(table(row(cell(p(t('指标'))))), table(row(emptyCell, emptyCell)), p(t('后文'))),
    );
  });
});

describe('table cell navigation', () => {
  const grid = doc(table(row(cell(p(t('A1'))), cell(p(t('B1')))), row(cell(p(t('A2'))), cell(p(t('B2'))))), p(t('后文')));

  it('moves to the next and previous cell', () => {
    const state = stateAt(grid, (d) => [posOf(d, 'A1')]);
    const next = apply(state, nextCellOrNewRow);
    expect(next.doc.textBetween(next.selection.from, next.selection.to)).toBe('B1');
    const back = apply(next, previousCell);
    expect(back.doc.textBetween(back.selection.from, back.selection.to)).toBe('A1');
  });

  it('adds a row from the last cell and moves into its first cell', () => {
    const state = stateAt(grid, (d) => [posOf(d, 'B2', 2)]);
    const next = apply(state, nextCellOrNewRow);
    const tableNode = next.doc.firstChild!;
    expect(tableNode.childCount).toBe(3);
    expect(next.selection.$from.index(-3)).toBe(2); // the new row
    expect(next.selection.$from.index(-2)).toBe(0);
  });

  it('does nothing outside a table', () => {
    const state = stateAt(grid, (d) => [posOf(d, '后文')]);
    expect(nextCellOrNewRow(state)).toBe(false);
    expect(previousCell(state)).toBe(false);
  });
});

describe('table rows and columns', () => {
  const c = (text: string): PMJSON => cell(p(t(text)));
  const grid = doc(p(t('前文')), table(row(c('A1'), c('B1')), row(c('A2'), c('B2'))), p(t('后文')));
  const at = (needle: string): EditorState => stateAt(grid, (d) => [posOf(d, needle, 1)]);
  /** The cursor's cell text after a command: the cursor stays in the cell it was in. */
  const cursorCell = (state: EditorState): string => state.selection.$from.node(-1).textContent;

  it('inserts an empty row above or below the cursor’s row', () => {
    const above = apply(at('A2'), addTableRowBefore);
    expect(above.doc.toJSON()).toEqual(doc(p(t('前文')), table(row(c('A1'), c('B1')), row(emptyCell, emptyCell), row(c('A2'), c('B2'))), p(t('后文'))));
    expect(cursorCell(above)).toBe('A2');
    const below = apply(at('A1'), addTableRowAfter);
    expect(below.doc.toJSON()).toEqual(doc(p(t('前文')), table(row(c('A1'), c('B1')), row(emptyCell, emptyCell), row(c('A2'), c('B2'))), p(t('后文'))));
    expect(cursorCell(below)).toBe('A1');
  });

  it('inserts an empty column left or right of the cursor’s column', () => {
    const left = apply(at('B1'), addTableColumnBefore);
    expect(left.doc.toJSON()).toEqual(doc(p(t('前文')), table(row(c('A1'), emptyCell, c('B1')), row(c('A2'), emptyCell, c('B2'))), p(t('后文'))));
    expect(cursorCell(left)).toBe('B1');
    const right = apply(at('B2'), addTableColumnAfter);
    expect(right.doc.toJSON()).toEqual(doc(p(t('前文')), table(row(c('A1'), c('B1'), emptyCell), row(c('A2'), c('B2'), emptyCell)), p(t('后文'))));
    expect(cursorCell(right)).toBe('B2');
  });

  it('deletes the cursor’s row or column', () => {
    expect(apply(at('B1'), deleteTableRow).doc.toJSON()).toEqual(doc(p(t('前文')), table(row(c('A2'), c('B2'))), p(t('后文'))));
    expect(apply(at('B1'), deleteTableColumn).doc.toJSON()).toEqual(doc(p(t('前文')), table(row(c('A1')), row(c('A2'))), p(t('后文'))));
  });

  it('deletes the rows and columns of a cell selection', () => {
    const three = doc(table(row(c('A1'), c('B1'), c('C1')), row(c('A2'), c('B2'), c('C2')), row(c('A3'), c('B3'), c('C3'))));
    const select = (state: EditorState, from: string, to: string): EditorState => {
      const $anchor = state.doc.resolve(posOf(state.doc, from) - 2);
      const $head = state.doc.resolve(posOf(state.doc, to) - 2);
      return state.apply(state.tr.setSelection(new CellSelection($anchor, $head)));
    };
    const base = stateAt(three, (d) => [posOf(d, 'A1')]);
    expect(apply(select(base, 'A1', 'B2'), deleteTableRow).doc.toJSON()).toEqual(doc(table(row(c('A3'), c('B3'), c('C3')))));
    expect(apply(select(base, 'B1', 'C3'), deleteTableColumn).doc.toJSON()).toEqual(doc(table(row(c('A1')), row(c('A2')), row(c('A3')))));
    // Every row (or every column) selected: nothing to delete but the whole table, which 删除表格 does.
    expect(deleteTableRow(select(base, 'A1', 'A3'))).toBe(false);
    expect(deleteTableColumn(select(base, 'A1', 'C1'))).toBe(false);
  });

  it('does not delete the last row or column, also in a dry run', () => {
    const single = doc(table(row(c('A1'), c('B1'))), p(t('后文')));
    const inRow = stateAt(single, (d) => [posOf(d, 'A1')]);
    expect(deleteTableRow(inRow)).toBe(false);
    expect(deleteTableRow(inRow, () => expect.unreachable())).toBe(false);
    expect(apply(inRow, deleteTableColumn).doc.toJSON()).toEqual(doc(table(row(c('B1'))), p(t('后文'))));
    const column = stateAt(doc(table(row(c('A1')), row(c('A2')))), (d) => [posOf(d, 'A1')]);
    expect(deleteTableColumn(column)).toBe(false);
    expect(deleteTableColumn(column, () => expect.unreachable())).toBe(false);
  });

  it('deletes the whole table, leaving an empty paragraph when nothing else is left', () => {
    expect(apply(at('B2'), deleteTableAround).doc.toJSON()).toEqual(doc(p(t('前文')), p(t('后文'))));
    const alone = stateAt(doc(table(row(c('A1')))), (d) => [posOf(d, 'A1')]);
    expect(apply(alone, deleteTableAround).doc.toJSON()).toEqual(doc(p()));
  });

  it('does nothing outside a table', () => {
    const outside = at('后文');
    for (const command of [addTableRowBefore, addTableRowAfter, addTableColumnBefore, addTableColumnAfter, deleteTableRow, deleteTableColumn, deleteTableAround]) {
      expect(command(outside)).toBe(false);
    }
  });

  it('enables the table buttons only inside a table and only while editable', () => {
    const keys = ['canAddRowBefore', 'canAddRowAfter', 'canAddColumnBefore', 'canAddColumnAfter', 'canDeleteRow', 'canDeleteColumn', 'canDeleteTable'] as const;
    const inside = getToolbarState(at('A1'), true);
    expect(inside.inTable).toBe(true);
    for (const key of keys) expect([key, inside[key]]).toEqual([key, true]);
    const outside = getToolbarState(at('前文'), true);
    expect(outside.inTable).toBe(false);
    for (const key of keys) expect([key, outside[key]]).toEqual([key, false]);
    const readOnly = getToolbarState(at('A1'), false);
    for (const key of keys) expect([key, readOnly[key]]).toEqual([key, false]);
    // A 1 × 1 table: rows and columns can be added, not deleted.
    const tiny = getToolbarState(stateAt(doc(table(row(c('A1')))), (d) => [posOf(d, 'A1')]), true);
    expect(tiny).toMatchObject({ canAddRowAfter: true, canAddColumnAfter: true, canDeleteRow: false, canDeleteColumn: false, canDeleteTable: true });
  });
});

describe('insertHardBreak', () => {
  it('replaces the selection with a line break', () => {
    const state = stateAt(doc(p(t('上半年完成'))), (d) => [posOf(d, '完成')]);
    expect(apply(state, insertHardBreak).doc.toJSON()).toEqual(doc(p(t('上半年'), { type: 'hard_break' }, t('完成'))));
  });
});

describe('getToolbarState', () => {
  it('disables every action when the view is not editable', () => {
    const state = stateAt(doc(p(t(text))), (d) => [posOf(d, '实现')]);
    const editable = getToolbarState(state, true);
    expect(editable).toMatchObject({ editable: true, block: 'paragraph', canBold: true, canParagraph: true, canInsertTable: true });
    // Without y-prosemirror's undo plugin there is nothing to undo.
    expect(editable.canUndo).toBe(false);
    const readOnly = getToolbarState(state, false);
    for (const [key, value] of Object.entries(readOnly)) {
      if (key.startsWith('can') || key === 'editable') expect([key, value]).toEqual([key, false]);
    }
    expect(readOnly.block).toBe('paragraph');
  });
});
