// A formatting or structure command as its own undo step, as in Word and WPS.
import type { Command, EditorState } from 'prosemirror-state';
import { yUndoPluginKey } from 'y-prosemirror';

function undoManagerOf(state: EditorState): { stopCapturing(): void } | undefined {
  return (yUndoPluginKey.getState(state) as { undoManager?: { stopCapturing(): void } } | undefined)?.undoManager;
}

/**
 * Wraps `command` so that what it changes is one undo step of its own: Ctrl+Z after 插入表格 or
 * Ctrl+Alt+1 takes back the table or the heading, not also the sentence typed just before it nor the
 * first words typed after it (Yjs's undo manager otherwise merges changes less than half a second
 * apart). The binding writes to Yjs synchronously on dispatch, so the step closes right after.
 */
export function asUndoStep(command: Command): Command {
  return (state, dispatch, view) => {
    if (!dispatch) return command(state, dispatch, view);
    const undoManager = undoManagerOf(state);
    undoManager?.stopCapturing();
    const done = command(state, dispatch, view);
    undoManager?.stopCapturing();
    return done;
  };
}
