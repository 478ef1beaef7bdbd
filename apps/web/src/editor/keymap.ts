// The editor's key bindings: formatting, undo/redo, lists, table cells, then ProseMirror's base keymap.
import { schema } from '@hegao/schema';
import { baseKeymap, chainCommands } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import type { Plugin } from 'prosemirror-state';
import {
  insertHardBreak,
  nextCellOrNewRow,
  previousCell,
  redo,
  setParagraph,
  toggleBold,
  toggleHeading,
  toggleItalic,
  toggleUnderline,
  undo,
} from './commands';
import { SHORTCUTS } from './shortcuts';
import { asUndoStep } from './undoStep';

/**
 * Keymap plugins, most specific first. ProseMirror does not run key bindings while an IME composition is
 * in progress or while the view is read-only, so none of these can disturb composition or write to a
 * read-only section. Tab outside lists and tables is left to the browser (moves focus).
 */
export function editorKeymaps(): Plugin[] {
  const item = schema.nodes['list_item']!;
  return [
    keymap({
      [SHORTCUTS.undo]: undo,
      [SHORTCUTS.redo]: redo,
      [SHORTCUTS.redoAlt]: redo,
      // Formatting and block changes are undo steps of their own, as from the toolbar.
      [SHORTCUTS.bold]: asUndoStep(toggleBold),
      [SHORTCUTS.italic]: asUndoStep(toggleItalic),
      [SHORTCUTS.underline]: asUndoStep(toggleUnderline),
      [SHORTCUTS.paragraph]: asUndoStep(setParagraph),
      [SHORTCUTS.heading2]: asUndoStep(toggleHeading(2)),
      [SHORTCUTS.heading3]: asUndoStep(toggleHeading(3)),
      [SHORTCUTS.hardBreak]: insertHardBreak,
      'Mod-Enter': insertHardBreak,
      Enter: splitListItem(item),
      Tab: chainCommands(nextCellOrNewRow, sinkListItem(item)),
      'Shift-Tab': chainCommands(previousCell, liftListItem(item)),
    }),
    keymap(baseKeymap),
  ];
}
