import { describe, expect, it } from 'vitest';
import { INITIAL_FINAL_ACTIONS, errorOf, reduceFinalActions, type FinalActionsState } from './finalActionsState';

const merged = { finalDocName: 'final-r1', remerge: true, changed: [{ sectionId: 's1', title: '疫情防控', before: '旧', after: '新', officeText: null, resolution: null, paragraphs: null }] };

describe('reduceFinalActions', () => {
  it('runs one action at a time', () => {
    const busy = reduceFinalActions(INITIAL_FINAL_ACTIONS, { type: 'start', action: 'merge' });
    expect(busy.busy).toBe('merge');
    expect(reduceFinalActions(busy, { type: 'start', action: 'lock' })).toBe(busy);
  });

  it('keeps the merge answer until dismissed or locked', () => {
    let state: FinalActionsState = reduceFinalActions(INITIAL_FINAL_ACTIONS, { type: 'start', action: 'merge' });
    state = reduceFinalActions(state, { type: 'merged', result: merged });
    expect(state).toMatchObject({ busy: null, merged });
    expect(reduceFinalActions(state, { type: 'dismissMerge' }).merged).toBeNull();
    const locked = reduceFinalActions(reduceFinalActions(state, { type: 'start', action: 'lock' }), { type: 'locked', result: { version: 2, sha256: 'ab' } });
    expect(locked).toMatchObject({ busy: null, merged: null, locked: { version: 2, sha256: 'ab' } });
  });

  it('keeps the office’s edits a re-merge was refused for until merged or cancelled', () => {
    const edits = [{ sectionId: 's1', title: '疫情防控', before: '旧', after: '新', officeText: '旧（办公室润色）', paragraphs: null }];
    let state = reduceFinalActions(INITIAL_FINAL_ACTIONS, { type: 'start', action: 'merge' });
    state = reduceFinalActions(state, { type: 'officeEdits', message: '有1节在合稿后被办公室修改过', edits });
    expect(state).toMatchObject({ busy: null, error: null, merged: null, officeEdits: { message: '有1节在合稿后被办公室修改过', edits } });
    expect(reduceFinalActions(state, { type: 'cancelOfficeEdits' }).officeEdits).toBeNull();
    // A failure of the confirmed merge keeps the list beside the message.
    const failed = reduceFinalActions(reduceFinalActions(state, { type: 'start', action: 'merge' }), { type: 'failed', action: 'merge', message: '报告状态刚刚发生了变化，请刷新后重试' });
    expect(failed.officeEdits?.edits).toEqual(edits);
    expect(reduceFinalActions(state, { type: 'merged', result: merged })).toMatchObject({ merged, officeEdits: null });
    expect(reduceFinalActions(INITIAL_FINAL_ACTIONS, { type: 'cancelOfficeEdits' })).toBe(INITIAL_FINAL_ACTIONS);
  });

  it('forgets the lock once unlocked', () => {
    let state = reduceFinalActions(INITIAL_FINAL_ACTIONS, { type: 'locked', result: { version: 1, sha256: 'ab' } });
    state = reduceFinalActions(state, { type: 'unlocked', result: { version: 1, status: 'merging' } });
    expect(state.locked).toBeNull();
    expect(state.unlocked).toEqual({ version: 1, status: 'merging' });
  });

  it('records the failure of the action that failed, cleared by the next start', () => {
    let state = reduceFinalActions(INITIAL_FINAL_ACTIONS, { type: 'start', action: 'merge' });
    state = reduceFinalActions(state, { type: 'failed', action: 'merge', message: '还有1节未通过审核：“（二）疫情防控”，不能合稿' });
    expect(state.busy).toBeNull();
    expect(errorOf(state, 'merge')).toContain('未通过审核');
    expect(errorOf(state, 'lock')).toBe('');
    expect(errorOf(reduceFinalActions(state, { type: 'start', action: 'merge' }), 'merge')).toBe('');
    expect(reduceFinalActions(state, { type: 'clearError' }).error).toBeNull();
  });

  it('returns the same state when nothing changes', () => {
    expect(reduceFinalActions(INITIAL_FINAL_ACTIONS, { type: 'dismissMerge' })).toBe(INITIAL_FINAL_ACTIONS);
    expect(reduceFinalActions(INITIAL_FINAL_ACTIONS, { type: 'clearError' })).toBe(INITIAL_FINAL_ACTIONS);
  });
});
