import { useCallback, useMemo, useState } from 'react';
import type { OutlineSection } from '../../api/officeApi';
import { draftOf, sameDraft, savePlan, type AssignmentDraft, type SavePlan } from './assignmentDraft';

/** A section's assignment being edited: the draft, whether it differs, and how to save it. */
export interface AssignmentDraftState {
  draft: AssignmentDraft;
  setDraft: (draft: AssignmentDraft) => void;
  /** The requests that would save the draft; null when there is nothing to save. */
  plan: SavePlan;
  reset: () => void;
}

/**
 * Holds the edited bureaus, due date and 写作要求 of a section. When the server's copy changes
 * (a refetch after saving, or another secretary's edit) an untouched draft follows it; a draft
 * with unsaved changes is kept.
 */
export function useAssignmentDraft(section: Pick<OutlineSection, 'bureaus' | 'dueDate' | 'instruction'>): AssignmentDraftState {
  const fresh = draftOf(section);
  const [state, setState] = useState(() => ({ base: fresh, draft: fresh }));
  let current = state;
  if (!sameDraft(state.base, fresh)) {
    // Adjusting state during render when the input changes (React's documented pattern).
    current = { base: fresh, draft: sameDraft(state.draft, state.base) ? fresh : state.draft };
    setState(current);
  }
  const { base, draft } = current;
  const setDraft = useCallback((next: AssignmentDraft) => setState((s) => ({ ...s, draft: next })), []);
  const reset = useCallback(() => setState((s) => ({ ...s, draft: s.base })), []);
  const plan = useMemo(() => savePlan(base, draft), [base, draft]);
  return { draft, setDraft, plan, reset };
}
