import { describe, expect, it } from 'vitest';
import { draftOf, sameDraft, savePlan, toggleBureau } from './assignmentDraft';

const base = draftOf({ bureaus: [{ id: 'b2', name: '发改局' }, { id: 'b1', name: '卫健局' }], dueDate: '2020-07-05', instruction: '不超过800字' });

describe('draftOf and toggleBureau', () => {
  it('sorts bureau ids and turns a missing due date into ""', () => {
    expect(base).toEqual({ bureauIds: ['b1', 'b2'], dueDate: '2020-07-05', instruction: '不超过800字' });
    expect(draftOf({ bureaus: [], dueDate: null, instruction: '' })).toEqual({ bureauIds: [], dueDate: '', instruction: '' });
  });

  it('adds and removes bureaus, keeping the order stable', () => {
    expect(toggleBureau(base, 'b0', true).bureauIds).toEqual(['b0', 'b1', 'b2']);
    expect(toggleBureau(base, 'b1', true).bureauIds).toEqual(['b1', 'b2']);
    expect(toggleBureau(base, 'b1', false).bureauIds).toEqual(['b2']);
    expect(sameDraft(toggleBureau(toggleBureau(base, 'b3', true), 'b3', false), base)).toBe(true);
  });
});

describe('savePlan', () => {
  it('is null while nothing changed', () => {
    expect(savePlan(base, { ...base })).toBeNull();
  });

  it('assigns with every field when the bureaus changed', () => {
    expect(savePlan(base, { ...toggleBureau(base, 'b2', false), dueDate: '' })).toEqual({
      kind: 'assign',
      input: { bureauIds: ['b1'], dueDate: null, instruction: '不超过800字' },
    });
  });

  it('patches only the changed due date or 写作要求 otherwise', () => {
    expect(savePlan(base, { ...base, dueDate: '2020-07-06' })).toEqual({ kind: 'patch', patch: { dueDate: '2020-07-06' } });
    expect(savePlan(base, { ...base, dueDate: '' })).toEqual({ kind: 'patch', patch: { dueDate: null } });
    expect(savePlan(base, { ...base, instruction: '  不超过600字 ' })).toEqual({ kind: 'patch', patch: { instruction: '不超过600字' } });
  });

  it('is null when only whitespace around the 写作要求 changed', () => {
    expect(savePlan(base, { ...base, instruction: '不超过800字  ' })).toBeNull();
  });
});
