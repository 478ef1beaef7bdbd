import type { AssignmentInput, OutlineSection, SectionPatch } from '../../api/officeApi';

/** The assignment fields of a section as the editor holds them (`dueDate` '' when none). */
export interface AssignmentDraft {
  /** Bureau ids, sorted. */
  bureauIds: string[];
  dueDate: string;
  instruction: string;
}

/** The requests that save a draft: an assignment when the bureaus changed, else a patch of what changed. */
export type SavePlan = { kind: 'assign'; input: AssignmentInput } | { kind: 'patch'; patch: SectionPatch } | null;

/** The section's current assignment as a draft. */
export function draftOf(section: Pick<OutlineSection, 'bureaus' | 'dueDate' | 'instruction'>): AssignmentDraft {
  return {
    bureauIds: section.bureaus.map((b) => b.id).sort(),
    dueDate: section.dueDate ?? '',
    instruction: section.instruction,
  };
}

/** Whether two drafts hold the same assignment. */
export function sameDraft(a: AssignmentDraft, b: AssignmentDraft): boolean {
  return a.dueDate === b.dueDate && a.instruction === b.instruction && a.bureauIds.length === b.bureauIds.length && a.bureauIds.every((id, i) => id === b.bureauIds[i]);
}

/** The draft with one bureau added or removed. */
export function toggleBureau(draft: AssignmentDraft, bureauId: string, on: boolean): AssignmentDraft {
  const ids = new Set(draft.bureauIds);
  if (on) ids.add(bureauId);
  else ids.delete(bureauId);
  return { ...draft, bureauIds: [...ids].sort() };
}

/**
 * What to send to save `draft` over `base`. Changing the bureaus goes through
 * `PUT /api/sections/:id/assignment` (which moves write rights and starts a 未开始 section), with the
 * due date and 写作要求 alongside; otherwise only the changed fields are patched. Null when unchanged.
 */
export function savePlan(base: AssignmentDraft, draft: AssignmentDraft): SavePlan {
  if (sameDraft(base, draft)) return null;
  const instruction = draft.instruction.trim();
  const bureausChanged = base.bureauIds.length !== draft.bureauIds.length || base.bureauIds.some((id, i) => id !== draft.bureauIds[i]);
  if (bureausChanged) return { kind: 'assign', input: { bureauIds: draft.bureauIds, dueDate: draft.dueDate || null, instruction } };
  const patch: SectionPatch = {};
  if (draft.dueDate !== base.dueDate) patch.dueDate = draft.dueDate || null;
  if (instruction !== base.instruction) patch.instruction = instruction;
  return Object.keys(patch).length > 0 ? { kind: 'patch', patch } : null;
}
