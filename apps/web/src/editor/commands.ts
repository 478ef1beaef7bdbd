// Editing commands behind the toolbar and the keymap: pure functions over an EditorState.
import { schema } from '@hegao/schema';
import { toggleMark } from 'prosemirror-commands';
import type { Attrs, Node as PMNode, NodeType } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import { TextSelection } from 'prosemirror-state';
import type { Command, EditorState } from 'prosemirror-state';
import {
  addColumnAfter,
  addColumnBefore,
  addRow,
  addRowAfter,
  addRowBefore,
  deleteColumn,
  deleteRow,
  deleteTable,
  goToNextCell,
  isInTable,
  selectedRect,
  TableMap,
} from 'prosemirror-tables';
import { redoCommand, undoCommand } from 'y-prosemirror';

const nodes = schema.nodes;
const marks = schema.marks;

/** Heading levels offered in the toolbar: 一级标题 is level 2, 二级标题 level 3 (level 1 is the report's own). */
export type ToolbarHeadingLevel = 2 | 3;

/** The two list types of the schema. */
export type ListKind = 'bullet_list' | 'ordered_list';

/** Toggles bold (`strong`) on the selection or the stored marks. */
export const toggleBold: Command = toggleMark(marks['strong']!);

/** Toggles italic (`em`). */
export const toggleItalic: Command = toggleMark(marks['em']!);

/** Toggles underline. */
export const toggleUnderline: Command = toggleMark(marks['underline']!);

/**
 * Sets the selected textblocks to `type` with `attrs`, as prosemirror-commands' setBlockType does, but
 * keeping each block's `source` (the section a block of the merged final draft came from), so changing
 * a block's type never cuts it loose from its section.
 */
export function setTextblockType(type: NodeType, attrs: Attrs = {}): Command {
  const attrsFor = (node: PMNode): Attrs => ({ ...attrs, source: node.attrs['source'] ?? null });
  return (state, dispatch) => {
    let applicable = false;
    for (const range of state.selection.ranges) {
      state.doc.nodesBetween(range.$from.pos, range.$to.pos, (node, pos) => {
        if (applicable) return false;
        if (!node.isTextblock || node.hasMarkup(type, attrsFor(node))) return true;
        const $pos = state.doc.resolve(pos);
        applicable = node.type === type || $pos.parent.canReplaceWith($pos.index(), $pos.index() + 1, type);
        return true;
      });
      if (applicable) break;
    }
    if (!applicable) return false;
    if (dispatch) {
      const tr = state.tr;
      for (const range of state.selection.ranges) tr.setBlockType(range.$from.pos, range.$to.pos, type, attrsFor);
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Turns the selected textblocks into body paragraphs (正文). */
export const setParagraph: Command = setTextblockType(nodes['paragraph']!);

/** Turns the selected textblocks into headings of `level`, or back into paragraphs when they already are. */
export function toggleHeading(level: number): Command {
  const heading = setTextblockType(nodes['heading']!, { level });
  return (state, dispatch, view) => {
    const { $from, $to } = state.selection;
    const parent = $from.parent;
    const alreadyHeading =
      parent.type === nodes['heading'] && parent.attrs['level'] === level && $from.sameParent($to);
    if (alreadyHeading) return setParagraph(state, dispatch, view);
    return heading(state, dispatch, view);
  };
}

/** The innermost list around the selection, with its depth, if the whole selection is inside it. */
export function findListAround(state: EditorState): { node: PMNode; depth: number; pos: number } | null {
  const { $from, $to } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type === nodes['bullet_list'] || node.type === nodes['ordered_list']) {
      if ($to.pos > $from.end(depth)) return null;
      return { node, depth, pos: $from.before(depth) };
    }
  }
  return null;
}

/**
 * Wraps the selection in a list of `kind`; inside such a list lifts the items out of it; inside a list of
 * the other kind switches that list's kind (项目符号 ↔ 编号).
 */
export function toggleList(kind: ListKind): Command {
  const listType: NodeType = nodes[kind]!;
  const wrap = wrapInList(listType);
  const lift = liftListItem(nodes['list_item']!);
  return (state, dispatch, view) => {
    const list = findListAround(state);
    if (!list) return wrap(state, dispatch, view);
    if (list.node.type === listType) return lift(state, dispatch, view);
    if (dispatch) dispatch(state.tr.setNodeMarkup(list.pos, listType).scrollIntoView());
    return true;
  };
}

/** A table of `rows` × `cols` empty cells. */
export function createTable(rows: number, cols: number): PMNode {
  const cell = (): PMNode => nodes['table_cell']!.createAndFill()!;
  const row = (): PMNode => nodes['table_row']!.create(null, Array.from({ length: cols }, cell));
  return nodes['table']!.create(null, Array.from({ length: rows }, row));
}

/**
 * Inserts an empty `rows` × `cols` table after the top-level block holding the selection (tables may not
 * nest in lists or cells), replacing that block when it is an empty paragraph, keeping a paragraph after
 * the table so the text can go on, and puts the cursor in the first cell.
 */
export function insertTable(rows = 3, cols = 3): Command {
  return (state, dispatch) => {
    if (rows < 1 || cols < 1) return false;
    if (!dispatch) return true;
    const { $from } = state.selection;
    const table = createTable(rows, cols);
    const tr = state.tr;
    let tablePos: number;
    if ($from.depth === 0) {
      tablePos = $from.pos;
      tr.insert(tablePos, table);
    } else {
      const block = $from.node(1);
      const start = $from.before(1);
      const end = $from.after(1);
      if (block.type === nodes['paragraph'] && block.content.size === 0) {
        tablePos = start;
        tr.replaceWith(start, end, table);
      } else {
        tablePos = end;
        tr.insert(tablePos, table);
      }
    }
    const after = tablePos + table.nodeSize;
    const next = tr.doc.resolve(after).nodeAfter;
    if (!next || next.type !== nodes['paragraph']) tr.insert(after, nodes['paragraph']!.create());
    tr.setSelection(TextSelection.near(tr.doc.resolve(tablePos + 1)));
    dispatch(tr.scrollIntoView());
    return true;
  };
}

/** Moves to the next table cell; from the last cell adds a row and moves into it (as Word's Tab does). */
export const nextCellOrNewRow: Command = (state, dispatch, view) => {
  if (!isInTable(state)) return false;
  if (goToNextCell(1)(state, dispatch, view)) return true;
  if (!dispatch) return true;
  const rect = selectedRect(state);
  const tr = addRow(state.tr, rect, rect.bottom);
  const table = tr.doc.nodeAt(rect.tableStart - 1);
  if (table) {
    const map = TableMap.get(table);
    if (rect.bottom < map.height) {
      const cellPos = rect.tableStart + map.positionAt(rect.bottom, 0, table);
      tr.setSelection(TextSelection.near(tr.doc.resolve(cellPos + 1)));
    }
  }
  dispatch(tr.scrollIntoView());
  return true;
};

/** Moves to the previous table cell. */
export const previousCell: Command = goToNextCell(-1);

/** Adds an empty row above the selected rows (在上方插入行); the cursor stays where it was. */
export const addTableRowBefore: Command = addRowBefore;

/** Adds an empty row below the selected rows (在下方插入行). */
export const addTableRowAfter: Command = addRowAfter;

/** Adds an empty column left of the selected columns (在左侧插入列). */
export const addTableColumnBefore: Command = addColumnBefore;

/** Adds an empty column right of the selected columns (在右侧插入列). */
export const addTableColumnAfter: Command = addColumnAfter;

/**
 * Deletes the selected rows (删除行). Not applicable when they are all the table's rows: prosemirror-tables
 * refuses that only once asked to dispatch, so the check is made here too, keeping the dry run (which
 * enables the toolbar button) in line with the real one. 删除表格 removes a whole table.
 */
export const deleteTableRow: Command = (state, dispatch) => {
  if (!isInTable(state)) return false;
  const rect = selectedRect(state);
  if (rect.top === 0 && rect.bottom === rect.map.height) return false;
  return deleteRow(state, dispatch);
};

/** Deletes the selected columns (删除列); not applicable when they are all the table's columns. */
export const deleteTableColumn: Command = (state, dispatch) => {
  if (!isInTable(state)) return false;
  const rect = selectedRect(state);
  if (rect.left === 0 && rect.right === rect.map.width) return false;
  return deleteColumn(state, dispatch);
};

/** Deletes the table around the selection (删除表格); an emptied document keeps one empty paragraph. */
export const deleteTableAround: Command = deleteTable;

/** Undoes the local user's last change (y-prosemirror's undo manager: remote changes are never undone). */
export const undo: Command = (state, dispatch) => Boolean(undoCommand(state, dispatch));

/** Redoes the local user's last undone change. */
export const redo: Command = (state, dispatch) => Boolean(redoCommand(state, dispatch));

/** Inserts a line break (hard_break) in place of the selection. */
export const insertHardBreak: Command = (state, dispatch) => {
  const br = nodes['hard_break']!;
  const { $from, $to } = state.selection;
  if (!$from.sameParent($to) || !$from.parent.canReplaceWith($from.index(), $to.index(), br)) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(br.create()).scrollIntoView());
  return true;
};
