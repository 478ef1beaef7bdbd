import { schema } from '@hegao/schema';
import type { PMJSON } from '@hegao/schema';
import { EditorState, TextSelection } from 'prosemirror-state';
import { tableEditingKey } from 'prosemirror-tables';
import { ySyncPluginKey } from 'y-prosemirror';
import { describe, expect, it } from 'vitest';
import { isYjsChange, tableEditingPlugin } from './tables';

const cell = (text: string): PMJSON => ({ type: 'table_cell', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const row = (...cells: PMJSON[]): PMJSON => ({ type: 'table_row', content: cells });
const doc = (...content: PMJSON[]): PMJSON => ({ type: 'doc', content });

/** A state holding a 2 × 2 table, with the table plugin. */
function tableState(): EditorState {
  const node = schema.nodeFromJSON(doc({ type: 'table', content: [row(cell('A1'), cell('B1')), row(cell('A2'), cell('B2'))] }));
  return EditorState.create({ schema, doc: node, plugins: [tableEditingPlugin()], selection: TextSelection.create(node, 4) });
}

/** Removes the last cell of the last row (as a merge of two clients' row and column edits can leave it). */
function dropLastCell(state: EditorState, remote: boolean): EditorState {
  const tableNode = state.doc.firstChild!;
  const lastRow = tableNode.lastChild!;
  const rowEnd = tableNode.nodeSize - 1 - 1; // end of the last row's content
  const tr = state.tr.delete(rowEnd - lastRow.lastChild!.nodeSize, rowEnd);
  if (remote) tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
  return state.applyTransaction(tr).state;
}

const rowWidths = (state: EditorState): number[] => {
  const widths: number[] = [];
  state.doc.firstChild!.forEach((r) => widths.push(r.childCount));
  return widths;
};

describe('tableEditingPlugin', () => {
  it('is prosemirror-tables’ table editing plugin', () => {
    expect(tableEditingKey.getState(tableState())).toBeNull();
  });

  it('repairs a table malformed by a local edit', () => {
    expect(rowWidths(dropLastCell(tableState(), false))).toEqual([2, 2]);
  });

  it('leaves a table malformed by a change received through Yjs to the next local edit', () => {
    const received = dropLastCell(tableState(), true);
    expect(rowWidths(received)).toEqual([2, 1]);
    // Typing in the table repairs it.
    const typed = received.applyTransaction(received.tr.insertText('一', 4)).state;
    expect(rowWidths(typed)).toEqual([2, 2]);
    expect(typed.doc.firstChild!.firstChild!.firstChild!.textContent).toBe('一A1');
  });

  it('tells changes through Yjs from local ones', () => {
    const state = tableState();
    expect(isYjsChange(state.tr.setMeta(ySyncPluginKey, { isChangeOrigin: true }))).toBe(true);
    expect(isYjsChange(state.tr.setMeta(ySyncPluginKey, { isChangeOrigin: false }))).toBe(false);
    expect(isYjsChange(state.tr)).toBe(false);
  });
});
