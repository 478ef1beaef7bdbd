import { describe, expect, it } from 'vitest';
import {
  LOGIN_ANSWER,
  LOGIN_REQUEST,
  ME,
  REPORT_DETAIL,
  REPORT_SUMMARY,
  SECTION_ASSIGNMENT,
  SECTION_PATCH,
  SECTION_RETURN,
  SECTION_VIEW,
  SECTION_WITH_WARNINGS,
} from './reports.js';

const me = {
  id: 'u1',
  username: 'wjj',
  name: '张卫民',
  role: 'editor',
  roleLabel: '部门撰稿人',
  bureau: { id: 'wjj', name: '卫健局', color: '#2f6f4f', isOffice: false },
  organisation: { name: '示例区人民政府' },
};

const section = {
  id: 's1',
  parentId: 'p1',
  number: '（一）',
  title: '疫情防控',
  level: 2,
  numbered: true,
  bureaus: [{ id: 'wjj', name: '卫健局' }],
  status: 'returned',
  statusLabel: '已退回',
  docName: 'section-s1',
  dueDate: '2026-12-10',
  instruction: '',
  returnReason: '数据不全',
  lastEdit: { userId: 'u1', name: null, at: '2026-12-06T08:00:00.000Z' },
};

const head = {
  id: 'r1',
  title: '示例区2026年工作总结',
  period: '2026年',
  kind: 'half_year',
  status: 'drafting',
  statusLabel: '起草中',
  dueDate: null,
  version: 0,
};

const counts = { not_started: 0, drafting: 1, submitted: 0, returned: 1, approved: 0 };

/** `value` without `key`. */
function without(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

describe('the signed-in user', () => {
  it('accepts the user the server presents, with or without a bureau', () => {
    expect(ME.parse(me)).toEqual(me);
    expect(ME.parse({ ...me, role: 'leader', roleLabel: '领导', bureau: null }).bureau).toBeNull();
    expect(LOGIN_ANSWER.parse({ user: me })).toEqual({ user: me });
  });

  it('refuses an unknown role, a numeric id, or a missing organisation', () => {
    expect(ME.safeParse({ ...me, role: 'admin' }).success).toBe(false);
    expect(ME.safeParse({ ...me, id: 1 }).success).toBe(false);
    expect(ME.safeParse(without(me, 'organisation')).success).toBe(false);
  });

  it('trims the user name of a login and refuses an empty password', () => {
    expect(LOGIN_REQUEST.parse({ username: ' wjj ', password: 'x' })).toEqual({ username: 'wjj', password: 'x' });
    expect(LOGIN_REQUEST.safeParse({ username: 'wjj', password: '' }).success).toBe(false);
    expect(LOGIN_REQUEST.safeParse({ username: '  ', password: 'x' }).success).toBe(false);
  });
});

describe('a section', () => {
  it('accepts a section the server presents, and one shown alone without number or edit', () => {
    expect(SECTION_VIEW.parse(section)).toEqual(section);
    const alone = { ...section, parentId: null, number: '', level: 0, returnReason: null, lastEdit: null, dueDate: null };
    expect(SECTION_VIEW.parse(alone)).toEqual(alone);
    expect(SECTION_WITH_WARNINGS.parse({ ...section, warnings: ['还有2处X未填写'] }).warnings).toEqual(['还有2处X未填写']);
  });

  it('refuses an unknown state, a null instruction, a missing return reason, a numeric id', () => {
    expect(SECTION_VIEW.safeParse({ ...section, status: 'archived' }).success).toBe(false);
    expect(SECTION_VIEW.safeParse({ ...section, instruction: null }).success).toBe(false);
    expect(SECTION_VIEW.safeParse(without(section, 'returnReason')).success).toBe(false);
    expect(SECTION_VIEW.safeParse({ ...section, bureaus: [{ id: 7, name: '卫健局' }] }).success).toBe(false);
    expect(SECTION_VIEW.safeParse({ ...section, level: 1.5 }).success).toBe(false);
    expect(SECTION_VIEW.safeParse({ ...section, lastEdit: { ...section.lastEdit, at: '2026-12-06 08:00' } }).success).toBe(false);
    expect(SECTION_WITH_WARNINGS.safeParse(section).success).toBe(false);
  });
});

describe('reports', () => {
  it('accepts a list entry and a report in full', () => {
    const summary = { ...head, sectionCount: 2, statusCounts: counts, mySections: [{ id: 's1', number: '（一）', title: '疫情防控', status: 'returned', dueDate: null }] };
    expect(REPORT_SUMMARY.parse(summary)).toEqual(summary);
    const detail = { ...head, finalDocName: null, sections: [section] };
    expect(REPORT_DETAIL.parse(detail)).toEqual(detail);
  });

  it('refuses counts missing a state, an unknown kind, a bad due date, a detail without its sections', () => {
    const summary = { ...head, sectionCount: 2, statusCounts: counts, mySections: [] };
    expect(REPORT_SUMMARY.safeParse({ ...summary, statusCounts: { drafting: 2 } }).success).toBe(false);
    expect(REPORT_SUMMARY.safeParse({ ...summary, kind: 'weekly' }).success).toBe(false);
    expect(REPORT_SUMMARY.safeParse({ ...summary, dueDate: '12/10/2026' }).success).toBe(false);
    expect(REPORT_DETAIL.safeParse({ ...head, finalDocName: null }).success).toBe(false);
  });
});

describe('what the web sends about a section', () => {
  /** The messages of a refused body. */
  function messages(result: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
    return result.error?.issues.map((i) => i.message) ?? [];
  }

  it('changes only the fields sent, and refuses unknown keys', () => {
    expect(SECTION_PATCH.parse({ title: ' 疫情防控 ' })).toEqual({ title: '疫情防控' });
    expect(SECTION_PATCH.parse({ dueDate: null, numbered: false })).toEqual({ dueDate: null, numbered: false });
    expect(SECTION_PATCH.safeParse({ status: 'approved' }).success).toBe(false);
  });

  it('answers in Chinese: an empty title, a day not on the calendar, a long instruction', () => {
    expect(messages(SECTION_PATCH.safeParse({ title: ' ' }))).toEqual(['章节标题不能为空']);
    expect(messages(SECTION_PATCH.safeParse({ dueDate: '2026-02-30' }))).toEqual(['截止日期无效：日历上没有这一天']);
    expect(messages(SECTION_PATCH.safeParse({ dueDate: '2026/12/10' }))).toContain('截止日期格式应为 YYYY-MM-DD');
    expect(messages(SECTION_PATCH.safeParse({ instruction: '字'.repeat(2001) }))).toEqual(['写作要求不能超过2000个字']);
  });

  it('assigns bureaus with an optional due date and instruction', () => {
    expect(SECTION_ASSIGNMENT.parse({ bureauIds: ['wjj'], dueDate: null })).toEqual({ bureauIds: ['wjj'], dueDate: null });
    expect(SECTION_ASSIGNMENT.safeParse({ bureauIds: ['wjj'], dueDate: '2026-13-01' }).success).toBe(false);
    expect(SECTION_ASSIGNMENT.safeParse({ bureauIds: [''] }).success).toBe(false);
    expect(SECTION_ASSIGNMENT.safeParse({}).success).toBe(false);
  });

  it('returns with a reason limited as the domain limits it, in the domain’s words', () => {
    expect(SECTION_RETURN.parse({ reason: '请补充6月底的数据' })).toEqual({ reason: '请补充6月底的数据' });
    // 500 characters after trimming; a character outside the BMP counts once.
    expect(SECTION_RETURN.safeParse({ reason: ` ${'字'.repeat(500)}\n` }).success).toBe(true);
    expect(SECTION_RETURN.safeParse({ reason: '𠀀'.repeat(500) }).success).toBe(true);
    expect(messages(SECTION_RETURN.safeParse({ reason: '字'.repeat(501) }))).toEqual(['退回理由不能超过500字']);
    expect(messages(SECTION_RETURN.safeParse({ reason: '𠀀'.repeat(501) }))).toEqual(['退回理由不能超过500字']);
    // An empty reason is the command's to refuse (「请填写退回理由」); a missing one or a number is not a reason at all.
    expect(SECTION_RETURN.parse({ reason: '  ' })).toEqual({ reason: '  ' });
    expect(SECTION_RETURN.safeParse({}).success).toBe(false);
    expect(SECTION_RETURN.safeParse({ reason: 42 }).success).toBe(false);
  });
});
