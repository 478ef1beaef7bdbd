// prosemirror-tables' table editing (cell selections, cell-aware keys) made safe for a Yjs-shared document.
import { Plugin } from 'prosemirror-state';
import type { PluginSpec, Transaction } from 'prosemirror-state';
import { tableEditing } from 'prosemirror-tables';
import { ySyncPluginKey } from 'y-prosemirror';

/** Whether `tr` is y-prosemirror rendering a change that came through Yjs (another client, or undo/redo). */
export function isYjsChange(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
}

/**
 * prosemirror-tables' `tableEditing()`: cell selections (drag across cells, Shift+arrows, drawn with the
 * `selectedCell` class), arrow keys that move between cells, Backspace/Delete clearing selected cells, and
 * pasting cells into a table. Column resizing is not used: cells carry no widths.
 *
 * The plugin also repairs malformed tables (a row short of cells, overlapping spans) by appending a
 * transaction. Every client would run that repair on the same change received through Yjs, and the
 * concurrent repairs merge into yet another malformed table, which the clients repair again — tables then
 * grow without end (prosemirror-tables issue #249: one user adding columns while another adds rows). So
 * here the repair runs only after this client's own edits: a table made malformed by merging two clients'
 * changes is repaired by the next local edit that touches it, at the pace of a person typing.
 */
export function tableEditingPlugin(): Plugin {
  const base = tableEditing();
  const append = base.spec.appendTransaction;
  const spec: PluginSpec<unknown> = {
    ...base.spec,
    appendTransaction: (transactions, oldState, newState) =>
      !append || transactions.some(isYjsChange) ? null : append.call(base, transactions, oldState, newState),
  };
  return new Plugin(spec);
}
