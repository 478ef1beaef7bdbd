// State of the office's actions on the final draft (合稿, 定稿, 解锁): which one runs, the last
// outcome of each, and the server's message when one failed. Pure; see useFinalActions.
import type { LockResult, MergeResult, OfficeEdit, UnlockResult } from '../../api/finalApi';

/** An action of the final-draft page that goes to the server. */
export type FinalAction = 'merge' | 'lock' | 'unlock';

/** Everything the page shows about its actions; replaced, never mutated. */
export interface FinalActionsState {
  /** The action under way (buttons are disabled meanwhile). */
  busy: FinalAction | null;
  /** The last failure, with the server's Chinese message. */
  error: { action: FinalAction; message: string } | null;
  /** The last merge's answer (its changed sections are shown until dismissed or another action). */
  merged: MergeResult | null;
  /**
   * A re-merge the server refused because the office edited sections it would replace: the
   * server's message and those sections, shown until the secretary decides and merges again, or
   * cancels.
   */
  officeEdits: { message: string; edits: OfficeEdit[] } | null;
  /** The last lock's answer, shown before the refetched report and versions arrive. */
  locked: LockResult | null;
  /** The last unlock's answer. */
  unlocked: UnlockResult | null;
}

/** Something that happened to an action. */
export type FinalActionEvent =
  | { type: 'start'; action: FinalAction }
  | { type: 'merged'; result: MergeResult }
  | { type: 'locked'; result: LockResult }
  | { type: 'unlocked'; result: UnlockResult }
  | { type: 'failed'; action: FinalAction; message: string }
  | { type: 'officeEdits'; message: string; edits: OfficeEdit[] }
  | { type: 'dismissMerge' }
  | { type: 'cancelOfficeEdits' }
  | { type: 'clearError' };

/** Nothing done yet. */
export const INITIAL_FINAL_ACTIONS: FinalActionsState = { busy: null, error: null, merged: null, officeEdits: null, locked: null, unlocked: null };

/**
 * Applies one event. A start while another action runs is ignored (returns the same state), so a
 * double click sends one request.
 */
export function reduceFinalActions(state: FinalActionsState, event: FinalActionEvent): FinalActionsState {
  switch (event.type) {
    case 'start':
      if (state.busy !== null) return state;
      return { ...state, busy: event.action, error: null };
    case 'merged':
      return { ...state, busy: null, error: null, merged: event.result, officeEdits: null, locked: null, unlocked: null };
    case 'officeEdits':
      return { ...state, busy: null, error: null, merged: null, officeEdits: { message: event.message, edits: event.edits } };
    case 'locked':
      // Merge changes belong to the draft before this version: once locked they are history.
      return { ...state, busy: null, error: null, merged: null, officeEdits: null, locked: event.result, unlocked: null };
    case 'unlocked':
      return { ...state, busy: null, error: null, locked: null, unlocked: event.result };
    case 'failed':
      return { ...state, busy: null, error: { action: event.action, message: event.message } };
    case 'dismissMerge':
      return state.merged === null ? state : { ...state, merged: null };
    case 'cancelOfficeEdits':
      return state.officeEdits === null ? state : { ...state, officeEdits: null };
    case 'clearError':
      return state.error === null ? state : { ...state, error: null };
  }
}

/** The failure message of one action ('' when that action did not fail last). */
export function errorOf(state: FinalActionsState, action: FinalAction): string {
  return state.error?.action === action ? state.error.message : '';
}
