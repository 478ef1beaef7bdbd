import { useCallback, useEffect, useReducer, useRef } from 'react';
import { toApiError } from '../../api/ApiError';
import { OfficeEditsError, finalApi, type EditDecision, type FinalApi } from '../../api/finalApi';
import { INITIAL_FINAL_ACTIONS, reduceFinalActions, type FinalActionsState } from './finalActionsState';

/** The final-draft actions of one report, with their state. */
export interface FinalActions {
  state: FinalActionsState;
  /**
   * 合稿 / 重新合稿; `resolve` carries the secretary's decision for each section the office edited
   * (after the server listed them in `state.officeEdits`).
   */
  merge: (resolve?: Readonly<Record<string, EditDecision>>) => Promise<void>;
  /** 定稿. */
  lock: () => Promise<void>;
  /** 解锁 with a reason; resolves true when the server accepted it. */
  unlock: (reason: string) => Promise<boolean>;
  /** Hides the re-merge's list of changed sections. */
  dismissMerge: () => void;
  /** Closes the list of the office's edits without merging. */
  cancelOfficeEdits: () => void;
  /** Forgets the last failure (e.g. when its dialog is closed). */
  clearError: () => void;
}

/**
 * Merge, lock and unlock for a report. After each success `onChanged` runs (refetch the report and
 * its versions); a failure keeps the server's Chinese message in the state. One action at a time.
 */
export function useFinalActions(reportId: string, onChanged: () => void, client: FinalApi = finalApi): FinalActions {
  const [state, dispatch] = useReducer(reduceFinalActions, INITIAL_FINAL_ACTIONS);
  // Read through refs, so the returned functions stay stable and a double click sends one request.
  const busy = useRef(false);
  const changed = useRef(onChanged);
  const mounted = useRef(true);
  useEffect(() => {
    changed.current = onChanged;
  });
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async <T,>(action: 'merge' | 'lock' | 'unlock', call: () => Promise<T>, done: (result: T) => void): Promise<boolean> => {
      if (busy.current) return false;
      busy.current = true;
      dispatch({ type: 'start', action });
      try {
        const result = await call();
        if (mounted.current) done(result);
        changed.current();
        return true;
      } catch (error) {
        // A re-merge refused for the office's edits lists them for a decision; other failures show the message.
        if (mounted.current) {
          dispatch(
            error instanceof OfficeEditsError
              ? { type: 'officeEdits', message: error.message, edits: error.edits }
              : { type: 'failed', action, message: toApiError(error).message },
          );
        }
        // The state may have moved on (e.g. someone else locked): show the current one.
        changed.current();
        return false;
      } finally {
        busy.current = false;
      }
    },
    [],
  );

  const merge = useCallback(
    async (resolve?: Readonly<Record<string, EditDecision>>) => {
      await run('merge', () => client.merge(reportId, resolve), (result) => dispatch({ type: 'merged', result }));
    },
    [run, client, reportId],
  );
  const lock = useCallback(async () => {
    await run('lock', () => client.lock(reportId), (result) => dispatch({ type: 'locked', result }));
  }, [run, client, reportId]);
  const unlock = useCallback(
    (reason: string) => run('unlock', () => client.unlock(reportId, reason), (result) => dispatch({ type: 'unlocked', result })),
    [run, client, reportId],
  );
  const dismissMerge = useCallback(() => dispatch({ type: 'dismissMerge' }), []);
  const cancelOfficeEdits = useCallback(() => dispatch({ type: 'cancelOfficeEdits' }), []);
  const clearError = useCallback(() => dispatch({ type: 'clearError' }), []);

  return { state, merge, lock, unlock, dismissMerge, cancelOfficeEdits, clearError };
}
