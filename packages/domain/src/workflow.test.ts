import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { expectChinese } from './test/chinese.js';
import { thrown } from './test/thrown.js';
import { REPORT_STATUSES, REPORT_STATUS_LABEL, SECTION_STATUSES, SECTION_STATUS_LABEL } from './types.js';
import type { Report, ReportStatus, Section, SectionStatus } from './types.js';
import {
  REPORT_ACTIONS,
  SECTION_ACTIONS,
  allowedReportActions,
  allowedSectionActions,
  applyReportAction,
  applySectionAction,
  nextReportStatus,
  nextSectionStatus,
  reportRefusal,
  sectionRefusal,
} from './workflow.js';
import type { ReportAction, SectionAction } from './workflow.js';

// The whole section state machine, written out: state → action → next state; anything absent is refused.
const SECTION_EXPECTED: Record<SectionStatus, Partial<Record<SectionAction, SectionStatus>>> = {
  not_started: { assign: 'drafting' },
  drafting: { assign: 'drafting', submit: 'submitted' },
  submitted: { assign: 'submitted', approve: 'approved', return: 'returned' },
  returned: { assign: 'returned', submit: 'submitted' },
  approved: { return: 'returned' },
};

// The whole report state machine, written out the same way.
const REPORT_EXPECTED: Record<ReportStatus, Partial<Record<ReportAction, ReportStatus>>> = {
  drafting: { review: 'reviewing', merge: 'merging' },
  reviewing: { merge: 'merging' },
  merging: { lock: 'locked', reopen: 'reviewing' },
  locked: { unlock: 'merging' },
};

const section = (status: SectionStatus, bureauIds: string[] = ['wjj']): Section => ({
  id: 's1',
  reportId: 'r1',
  parentId: null,
  position: 0,
  title: '疫情防控',
  bureauIds,
  status,
  dueDate: '2020-07-10',
  instruction: '',
});

const report = (status: ReportStatus, version = 0): Report => ({
  id: 'r1',
  title: '示例区2020年上半年工作总结及下半年工作计划',
  period: '2020年上半年',
  kind: 'half_year',
  dueDate: null,
  status,
  version,
});

const sectionInput = (action: SectionAction) =>
  action === 'assign' ? { bureauIds: ['fgj'] } : action === 'return' ? { reason: '数据需更新到6月底' } : {};

describe('section state machine', () => {
  const cases = SECTION_STATUSES.flatMap((status) => SECTION_ACTIONS.map((action) => [status, action] as const));

  it.each(cases)('%s —%s→ as tabled', (status, action) => {
    const expected = SECTION_EXPECTED[status][action] ?? null;
    expect(nextSectionStatus(status, action)).toBe(expected);
    if (expected !== null) {
      const after = applySectionAction(section(status), action, sectionInput(action));
      expect(after.status).toBe(expected);
    } else {
      const error = thrown(() => applySectionAction(section(status), action, sectionInput(action)));
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('conflict');
      expectChinese((error as DomainError).message);
      expect((error as DomainError).message).toContain(`“${SECTION_STATUS_LABEL[status]}”`);
      expect((error as DomainError).message).toBe(sectionRefusal(status, action));
    }
  });

  it('lists exactly the allowed actions per state', () => {
    expect(Object.fromEntries(SECTION_STATUSES.map((s) => [s, allowedSectionActions(s)]))).toEqual({
      not_started: ['assign'],
      drafting: ['assign', 'submit'],
      submitted: ['assign', 'approve', 'return'],
      returned: ['assign', 'submit'],
      approved: ['return'],
    });
  });

  it('explains refusals specifically', () => {
    expect(sectionRefusal('submitted', 'submit')).toBe('该章节当前为“已提交”，不能再次提交');
    expect(sectionRefusal('drafting', 'approve')).toBe('该章节当前为“编写中”，尚未提交，不能通过');
    expect(sectionRefusal('approved', 'assign')).toBe('该章节当前为“已通过”，不能重新分配，如需调整请先退回');
    expect(sectionRefusal('returned', 'return')).toBe('该章节当前为“已退回”，不能再次退回');
  });

  it('assign sets the bureaus, deduplicated and trimmed, and keeps a later status', () => {
    expect(applySectionAction(section('not_started', []), 'assign', { bureauIds: ['wjj', ' wjj ', 'fgj', ''] })).toMatchObject({
      status: 'drafting',
      bureauIds: ['wjj', 'fgj'],
    });
    expect(applySectionAction(section('submitted'), 'assign', { bureauIds: ['mzj'] })).toMatchObject({
      status: 'submitted',
      bureauIds: ['mzj'],
    });
  });

  it.each([[undefined], [[]], [['', '  ']]])('assign without a bureau (%j) is invalid', (bureauIds) => {
    const error = thrown(() => applySectionAction(section('not_started', []), 'assign', bureauIds ? { bureauIds } : {}));
    expect(error).toMatchObject({ code: 'invalid', message: '请至少选择一个承办部门' });
  });

  it.each([
    [undefined, '请填写退回理由'],
    ['', '请填写退回理由'],
    ['  \n ', '请填写退回理由'],
    ['字'.repeat(501), '退回理由不能超过500字'],
  ])('return with reason %j is invalid', (reason, message) => {
    const input = reason === undefined ? {} : { reason };
    const error = thrown(() => applySectionAction(section('submitted'), 'return', input));
    expect(error).toMatchObject({ code: 'invalid', message });
  });

  it('accepts a 500-character reason, and reopens an approved section', () => {
    expect(applySectionAction(section('submitted'), 'return', { reason: '字'.repeat(500) }).status).toBe('returned');
    expect(applySectionAction(section('approved'), 'return', { reason: '合稿时发现数据不一致' }).status).toBe('returned');
  });

  it('reports the state conflict before the missing input', () => {
    expect(thrown(() => applySectionAction(section('drafting'), 'return', {}))).toMatchObject({ code: 'conflict' });
    expect(thrown(() => applySectionAction(section('approved'), 'assign', {}))).toMatchObject({ code: 'conflict' });
  });

  it('never mutates the section', () => {
    const before = Object.freeze(section('drafting'));
    const after = applySectionAction(before, 'submit');
    expect(before.status).toBe('drafting');
    expect(after).not.toBe(before);
    expect(after).toEqual({ ...before, status: 'submitted' });
  });
});

describe('report state machine', () => {
  const cases = REPORT_STATUSES.flatMap((status) => REPORT_ACTIONS.map((action) => [status, action] as const));

  it.each(cases)('%s —%s→ as tabled', (status, action) => {
    const expected = REPORT_EXPECTED[status][action] ?? null;
    expect(nextReportStatus(status, action)).toBe(expected);
    const input = action === 'unlock' ? { reason: '区长批示需补充内容' } : {};
    if (expected !== null) {
      expect(applyReportAction(report(status, 2), action, input).status).toBe(expected);
    } else {
      const error = thrown(() => applyReportAction(report(status, 2), action, input));
      expect(error).toMatchObject({ name: 'DomainError', code: 'conflict' });
      expectChinese((error as Error).message);
      expect((error as Error).message).toContain(`“${REPORT_STATUS_LABEL[status]}”`);
      expect((error as Error).message).toBe(reportRefusal(status, action));
    }
  });

  it('lists exactly the allowed actions per state', () => {
    expect(Object.fromEntries(REPORT_STATUSES.map((s) => [s, allowedReportActions(s)]))).toEqual({
      drafting: ['review', 'merge'],
      reviewing: ['merge'],
      merging: ['lock', 'reopen'],
      locked: ['unlock'],
    });
  });

  it('counts versions: lock increments, unlock keeps', () => {
    const v1 = applyReportAction(report('merging', 0), 'lock');
    expect(v1).toMatchObject({ status: 'locked', version: 1 });
    const reopened = applyReportAction(v1, 'unlock', { reason: '补充下半年计划' });
    expect(reopened).toMatchObject({ status: 'merging', version: 1 });
    expect(applyReportAction(reopened, 'lock')).toMatchObject({ status: 'locked', version: 2 });
  });

  it('unlock needs a reason', () => {
    expect(thrown(() => applyReportAction(report('locked', 1), 'unlock'))).toMatchObject({
      code: 'invalid',
      message: '请填写解锁理由',
    });
    expect(thrown(() => applyReportAction(report('locked', 1), 'unlock', { reason: ' ' }))).toMatchObject({ code: 'invalid' });
  });

  it('explains refusals specifically', () => {
    expect(reportRefusal('drafting', 'lock')).toBe('报告当前为“起草中”，请先合稿再定稿');
    expect(reportRefusal('locked', 'merge')).toBe('报告当前为“已定稿”，不能合稿，如需修改请先解锁');
  });
});
