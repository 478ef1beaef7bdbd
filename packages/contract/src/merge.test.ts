import { describe, expect, it } from 'vitest';
import { EDIT_DECISION, parseOfficeEdits } from './merge.js';

const edit = { sectionId: 's1', title: '疫情防控', before: '甲', after: '乙', officeText: '甲（办公室润色）' };

describe('a re-merge', () => {
  it('reads the office edits of a 409 office_edits, 逐段合并 offered or not', () => {
    const paragraphs = { conflicts: [{ index: 0, base: '甲', office: '甲（办公室润色）', bureau: '乙' }], fromBureau: 0, fromOffice: 0, same: 0, text: '甲（办公室润色）' };
    expect(parseOfficeEdits({ error: 'office_edits', conflicts: [{ ...edit, paragraphs }] })).toEqual([{ ...edit, paragraphs }]);
    // A server that offers no paragraph merge for the section (or predates it).
    expect(parseOfficeEdits({ conflicts: [edit] })).toEqual([{ ...edit, paragraphs: null }]);
  });

  it('reads nothing from a body without readable edits', () => {
    expect(parseOfficeEdits({ error: 'office_edits' })).toBeNull();
    expect(parseOfficeEdits({ conflicts: [] })).toBeNull();
    expect(parseOfficeEdits({ conflicts: [{ ...edit, officeText: 3 }] })).toBeNull();
    expect(parseOfficeEdits(null)).toBeNull();
  });

  it('validates the decisions with a message for a person', () => {
    expect(EDIT_DECISION.parse('keep')).toBe('keep');
    expect(EDIT_DECISION.parse({ paragraphs: { '0': 'bureau', '2': 'office' } })).toEqual({ paragraphs: { '0': 'bureau', '2': 'office' } });
    const wrong = EDIT_DECISION.safeParse('merge');
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toBe('处理方式应为“替换”（replace）、“保留”（keep）或逐段合并（{"paragraphs": {…}}）');
    expect(EDIT_DECISION.safeParse({ paragraphs: { first: 'bureau' } }).success).toBe(false);
    expect(EDIT_DECISION.safeParse({ paragraphs: { '0': 'bureau' }, extra: 1 }).success).toBe(false);
  });
});
