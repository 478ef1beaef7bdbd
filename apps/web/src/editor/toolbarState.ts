// What the toolbar shows for an editor state: active marks, the current block type and what can be done.
import { schema } from '@hegao/schema';
import type { EditorState } from 'prosemirror-state';
import { yUndoPluginKey } from 'y-prosemirror';
import { isInTable } from 'prosemirror-tables';
import {
  addTableColumnAfter,
  addTableColumnBefore,
  addTableRowAfter,
  addTableRowBefore,
  deleteTableAround,
  deleteTableColumn,
  deleteTableRow,
  findListAround,
  insertTable,
  setParagraph,
  toggleBold,
  toggleHeading,
  toggleList,
} from './commands';

/** The block type at the selection: a paragraph, a heading of some level, or something else (mixed). */
export type BlockKind = 'paragraph' | 'heading-1' | 'heading-2' | 'heading-3' | 'heading-4' | 'other';

/** Everything the toolbar renders; plain data so equal states compare equal field by field. */
export interface ToolbarState {
  /** The editor accepts input (the section is writable and not showing a snapshot). */
  editable: boolean;
  bold: boolean;
  block: BlockKind;
  list: 'bullet_list' | 'ordered_list' | null;
  canBold: boolean;
  canParagraph: boolean;
  canHeading2: boolean;
  canHeading3: boolean;
  canBulletList: boolean;
  canOrderedList: boolean;
  canInsertTable: boolean;
  /** The selection is inside a table (the table buttons apply to it). */
  inTable: boolean;
  canAddRowBefore: boolean;
  canAddRowAfter: boolean;
  canAddColumnBefore: boolean;
  canAddColumnAfter: boolean;
  canDeleteRow: boolean;
  canDeleteColumn: boolean;
  canDeleteTable: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

/** Whether `mark` is active: in the stored marks or at the cursor when empty, anywhere in the selection otherwise. */
function isMarkActive(state: EditorState, markName: string): boolean {
  const type = schema.marks[markName];
  if (!type) return false;
  const { from, to, empty, $from } = state.selection;
  if (empty) return Boolean(type.isInSet(state.storedMarks ?? $from.marks()));
  return state.doc.rangeHasMark(from, to, type);
}

function blockKind(state: EditorState): BlockKind {
  const { $from, $to } = state.selection;
  if (!$from.sameParent($to) || !$from.parent.isTextblock) return 'other';
  const parent = $from.parent;
  if (parent.type === schema.nodes['paragraph']) return 'paragraph';
  if (parent.type === schema.nodes['heading']) {
    const level = Number(parent.attrs['level']);
    if (level >= 1 && level <= 4) return `heading-${level}` as BlockKind;
  }
  return 'other';
}

/**
 * Reads the toolbar state off an editor state. `editable` is the view's; undo and redo availability
 * comes from y-prosemirror's undo manager when the undo plugin is installed.
 */
export function getToolbarState(state: EditorState, editable: boolean): ToolbarState {
  const list = findListAround(state);
  const block = blockKind(state);
  const undoManager = yUndoPluginKey.getState(state)?.undoManager;
  return {
    editable,
    bold: isMarkActive(state, 'strong'),
    block,
    list: list ? (list.node.type.name as ToolbarState['list']) : null,
    canBold: editable && toggleBold(state),
    canParagraph: editable && (block === 'paragraph' || setParagraph(state)),
    canHeading2: editable && toggleHeading(2)(state),
    canHeading3: editable && toggleHeading(3)(state),
    canBulletList: editable && toggleList('bullet_list')(state),
    canOrderedList: editable && toggleList('ordered_list')(state),
    canInsertTable: editable && insertTable()(state),
    inTable: isInTable(state),
    canAddRowBefore: editable && addTableRowBefore(state),
    canAddRowAfter: editable && addTableRowAfter(state),
    canAddColumnBefore: editable && addTableColumnBefore(state),
    canAddColumnAfter: editable && addTableColumnAfter(state),
    canDeleteRow: editable && deleteTableRow(state),
    canDeleteColumn: editable && deleteTableColumn(state),
    canDeleteTable: editable && deleteTableAround(state),
    canUndo: editable && Boolean(undoManager?.canUndo()),
    canRedo: editable && Boolean(undoManager?.canRedo()),
  };
}

/** Whether two toolbar states render the same. */
export function sameToolbarState(a: ToolbarState, b: ToolbarState): boolean {
  for (const key of Object.keys(a) as Array<keyof ToolbarState>) if (a[key] !== b[key]) return false;
  return true;
}
