import { describe, expect, it } from 'vitest';
import type { Decision } from './errors.js';
import { ACTIONS, can, decide } from './permissions.js';
import type { Action, DecisionActor, Resource } from './permissions.js';
import { expectChinese } from './test/chinese.js';
import { REPORT_STATUSES, SECTION_STATUSES } from './types.js';
import type { Actor, ReportStatus, SectionStatus } from './types.js';

const secretary: Actor = { id: 'u-bgs', role: 'secretary', bureauId: 'b-office' };
const editorOwn: Actor = { id: 'u-wjj', role: 'editor', bureauId: 'b-wjj' };
const editorOther: Actor = { id: 'u-fgj', role: 'editor', bureauId: 'b-fgj' };
const leader: Actor = { id: 'u-quzhang', role: 'leader', bureauId: null };
const ACTORS = { secretary, editorOwn, editorOther, leader } as const;
type ActorName = keyof typeof ACTORS;

/** Y allowed · F forbidden · C conflict · I invalid · T too soon. */
type Cell = 'Y' | 'F' | 'C' | 'I' | 'T';
const code = (d: Decision): Cell => (d.ok ? 'Y' : d.code === 'forbidden' ? 'F' : d.code === 'conflict' ? 'C' : d.code === 'too_soon' ? 'T' : 'I');

const SECTION_COLUMNS = [
  'section.read',
  'section.edit',
  'section.submit',
  'section.assign',
  'section.approve',
  'section.return',
  'section.remind',
  'section.comment',
  'comment.resolve',
] as const satisfies readonly Action[];

// Report 起草中, section assigned to 卫健局 (b-wjj), a return reason given, never reminded, a
// comment thread opened by another leader.
// Columns: read · edit · submit · assign · approve · return · 催办 · comment · resolve a comment
//                rd ed sb as ap rt rm cm rs
const SECTION_MATRIX: Record<ActorName, Record<SectionStatus, string>> = {
  secretary: {
    not_started: 'Y  C  F  Y  C  C  C  Y  Y',
    drafting:    'Y  C  F  Y  C  C  Y  Y  Y',
    submitted:   'Y  Y  F  Y  Y  Y  C  Y  Y',
    returned:    'Y  C  F  Y  C  C  Y  Y  Y',
    approved:    'Y  C  F  C  C  Y  C  Y  Y',
  },
  editorOwn: {
    not_started: 'Y  C  C  F  F  F  F  Y  Y',
    drafting:    'Y  Y  Y  F  F  F  F  Y  Y',
    submitted:   'Y  C  C  F  F  F  F  Y  Y',
    returned:    'Y  Y  Y  F  F  F  F  Y  Y',
    approved:    'Y  C  C  F  F  F  F  Y  Y',
  },
  editorOther: {
    not_started: 'Y  F  F  F  F  F  F  Y  F',
    drafting:    'Y  F  F  F  F  F  F  Y  F',
    submitted:   'Y  F  F  F  F  F  F  Y  F',
    returned:    'Y  F  F  F  F  F  F  Y  F',
    approved:    'Y  F  F  F  F  F  F  Y  F',
  },
  leader: {
    not_started: 'Y  F  F  F  F  F  F  Y  F',
    drafting:    'Y  F  F  F  F  F  F  Y  F',
    submitted:   'Y  F  F  F  F  F  F  Y  F',
    returned:    'Y  F  F  F  F  F  F  Y  F',
    approved:    'Y  F  F  F  F  F  F  Y  F',
  },
};

const REPORT_COLUMNS = [
  'report.read',
  'report.create',
  'report.editOutline',
  'report.review',
  'report.merge',
  'report.lock',
  'report.unlock',
  'report.editFinal',
  'report.export',
  'org.manage',
] as const satisfies readonly Action[];

// All sections approved, an unlock reason given.
// Columns: read · create · editOutline · review · merge · lock · unlock · editFinal · export · org.manage
//                rd cr ol rv mg lk ul fn ex org
const REPORT_MATRIX: Record<ActorName, Record<ReportStatus, string>> = {
  secretary: {
    drafting:    'Y  Y  Y  Y  Y  C  C  C  Y  Y',
    reviewing:   'Y  Y  Y  C  Y  C  C  C  Y  Y',
    merging:     'Y  Y  C  C  C  Y  C  Y  Y  Y',
    locked:      'Y  Y  C  C  C  C  Y  C  Y  Y',
  },
  editorOwn: {
    drafting:    'Y  F  F  F  F  F  F  F  F  F',
    reviewing:   'Y  F  F  F  F  F  F  F  F  F',
    merging:     'Y  F  F  F  F  F  F  F  F  F',
    locked:      'Y  F  F  F  F  F  F  F  F  F',
  },
  editorOther: {
    drafting:    'Y  F  F  F  F  F  F  F  F  F',
    reviewing:   'Y  F  F  F  F  F  F  F  F  F',
    merging:     'Y  F  F  F  F  F  F  F  F  F',
    locked:      'Y  F  F  F  F  F  F  F  F  F',
  },
  leader: {
    drafting:    'Y  F  F  F  F  F  F  F  F  F',
    reviewing:   'Y  F  F  F  F  F  F  F  F  F',
    merging:     'Y  F  F  F  F  F  F  F  F  F',
    locked:      'Y  F  F  F  F  F  F  F  F  F',
  },
};

const cells = (row: string): string[] => row.trim().split(/\s+/);

/** Every refusal must be a specific Chinese sentence, since the WebSocket server shows it to the user. */
function expectExplained(decision: Decision): void {
  if (!decision.ok) expectChinese(decision.reason);
}

describe('permission matrix: role × section status × section action', () => {
  const rows = Object.entries(SECTION_MATRIX).flatMap(([name, byStatus]) =>
    SECTION_STATUSES.map((status) => [name as ActorName, status, byStatus[status]] as const),
  );

  it.each(rows)('%s on a %s section', (name, status, row) => {
    const resource: Resource = {
      report: { status: 'drafting' },
      section: { status, bureauIds: ['b-wjj', 'b-nyj'] },
      reason: '数据需更新到6月底',
      comment: { authorId: 'u-other-leader' },
      remindedAt: null,
      now: Date.parse('2026-12-06T06:00:00Z'),
    };
    const decisions = SECTION_COLUMNS.map((action) => decide(ACTORS[name], action, resource));
    expect(decisions.map(code)).toEqual(cells(row));
    decisions.forEach(expectExplained);
    SECTION_COLUMNS.forEach((action, i) => expect(can(ACTORS[name], action, resource)).toBe(decisions[i]!.ok));
  });

  it('covers every section status for every actor', () => {
    for (const byStatus of Object.values(SECTION_MATRIX)) expect(Object.keys(byStatus).sort()).toEqual([...SECTION_STATUSES].sort());
  });
});

describe('permission matrix: role × report status × report action', () => {
  const rows = Object.entries(REPORT_MATRIX).flatMap(([name, byStatus]) =>
    REPORT_STATUSES.map((status) => [name as ActorName, status, byStatus[status]] as const),
  );

  it.each(rows)('%s on a %s report', (name, status, row) => {
    const resource: Resource = { report: { status }, sectionsAllApproved: true, reason: '区长批示需补充内容' };
    const decisions = REPORT_COLUMNS.map((action) => decide(ACTORS[name], action, resource));
    expect(decisions.map(code)).toEqual(cells(row));
    decisions.forEach(expectExplained);
  });

  it('the two matrices together cover every action', () => {
    expect([...SECTION_COLUMNS, ...REPORT_COLUMNS].sort()).toEqual([...ACTIONS].sort());
  });
});

describe('section work depends on the report state', () => {
  const onReport = (status: ReportStatus, sectionStatus: SectionStatus): Resource => ({
    report: { status },
    section: { status: sectionStatus, bureauIds: ['b-wjj'] },
    reason: '请补充数据',
  });

  // Columns: editorOwn edit · editorOwn submit (drafting section) · secretary edit · assign · approve · return (submitted section)
  // While merging only the office's return (reopen) is still possible: it sends the report back to review.
  const BY_REPORT: Record<ReportStatus, string> = {
    drafting:    'Y  Y  Y  Y  Y  Y',
    reviewing:   'Y  Y  Y  Y  Y  Y',
    merging:     'C  C  C  C  C  Y',
    locked:      'C  C  C  C  C  C',
  };

  it.each(REPORT_STATUSES)('on a %s report', (status) => {
    const decisions = [
      decide(editorOwn, 'section.edit', onReport(status, 'drafting')),
      decide(editorOwn, 'section.submit', onReport(status, 'drafting')),
      decide(secretary, 'section.edit', onReport(status, 'submitted')),
      decide(secretary, 'section.assign', onReport(status, 'submitted')),
      decide(secretary, 'section.approve', onReport(status, 'submitted')),
      decide(secretary, 'section.return', onReport(status, 'submitted')),
    ];
    expect(decisions.map(code)).toEqual(cells(BY_REPORT[status]));
    decisions.forEach(expectExplained);
  });

  it('says why: locked vs merging', () => {
    expect(decide(editorOwn, 'section.edit', onReport('locked', 'drafting'))).toEqual({
      ok: false,
      code: 'conflict',
      reason: '报告已定稿，不能修改',
    });
    expect(decide(editorOwn, 'section.edit', onReport('merging', 'drafting'))).toMatchObject({
      code: 'conflict',
      reason: '报告正在合稿，各章节已不可修改',
    });
  });

  it('checks the section alone when the report is not given', () => {
    expect(can(editorOwn, 'section.edit', { section: { status: 'returned', bureauIds: ['b-wjj'] } })).toBe(true);
  });

  it('a wrong bureau is forbidden even when the report is locked', () => {
    expect(decide(editorOther, 'section.edit', onReport('locked', 'drafting'))).toMatchObject({ code: 'forbidden' });
  });
});

describe('sections assigned to the office itself (存在问题和不足, 导语 of a speech)', () => {
  const office = (status: SectionStatus, reportStatus: ReportStatus = 'drafting') => ({
    report: { status: reportStatus },
    section: { status, bureauIds: ['b-office'] },
  });
  const reasonOf = (actor: DecisionActor, action: Action, resource?: Resource) => {
    const d = decide(actor, action, resource);
    return d.ok ? null : d.reason;
  };

  it('the secretary writes and submits them like a bureau, and still reviews them once submitted', () => {
    expect(can(secretary, 'section.edit', office('drafting'))).toBe(true);
    expect(can(secretary, 'section.edit', office('returned'))).toBe(true);
    expect(can(secretary, 'section.submit', office('drafting'))).toBe(true);
    expect(can(secretary, 'section.submit', office('returned', 'reviewing'))).toBe(true);
    expect(can(secretary, 'section.edit', office('submitted'))).toBe(true);
    expect(can(secretary, 'section.approve', office('submitted'))).toBe(true);
  });

  it('refuses them in the states a bureau is refused', () => {
    expect(reasonOf(secretary, 'section.edit', office('approved'))).toBe('本章节已通过审核，如需修改请先退回');
    expect(decide(secretary, 'section.edit', office('not_started'))).toMatchObject({ code: 'conflict' });
    expect(decide(secretary, 'section.submit', office('submitted'))).toMatchObject({ code: 'conflict' });
    expect(decide(secretary, 'section.edit', office('drafting', 'merging'))).toMatchObject({ code: 'conflict' });
    expect(decide(secretary, 'section.edit', office('drafting', 'locked'))).toMatchObject({ code: 'conflict' });
  });

  it('gives a bureau editor no rights on them, and the secretary none on another bureau’s drafting section', () => {
    expect(decide(editorOwn, 'section.edit', office('drafting'))).toMatchObject({ code: 'forbidden' });
    expect(decide(secretary, 'section.submit', { section: { status: 'drafting', bureauIds: ['b-wjj'] } })).toMatchObject({
      code: 'forbidden',
      reason: '章节由承办部门提交，办公室秘书不能代为提交',
    });
  });
});

describe('reasons shown to read-only connections', () => {
  const drafting = { report: { status: 'drafting' as const }, section: { status: 'drafting' as const, bureauIds: ['b-wjj'] } };
  const reasonOf = (actor: DecisionActor, action: Action, resource?: Resource) => {
    const d = decide(actor, action, resource);
    return d.ok ? null : d.reason;
  };

  it('are specific', () => {
    expect(reasonOf(editorOwn, 'section.edit', { ...drafting, section: { status: 'submitted', bureauIds: ['b-wjj'] } })).toBe(
      '本章节已提交，等待办公室审核，暂不可编辑',
    );
    expect(reasonOf(editorOther, 'section.edit', drafting)).toBe('本章节未分配给您所在的部门');
    expect(reasonOf(leader, 'section.edit', drafting)).toBe('领导账号只能阅读和批示，不能编辑');
    expect(reasonOf(secretary, 'report.editFinal', { report: { status: 'locked' } })).toBe('报告已定稿，不能修改');
    expect(reasonOf(secretary, 'section.edit', drafting)).toBe('本章节正由部门编写，提交后办公室方可修改');
    expect(reasonOf(secretary, 'section.edit', { section: { status: 'approved', bureauIds: [] } })).toBe(
      '本章节已通过审核，如需修改请先退回',
    );
    expect(reasonOf(editorOwn, 'report.create')).toBe('只有办公室秘书可以创建报告');
    expect(reasonOf(editorOwn, 'section.submit', { section: { status: 'submitted', bureauIds: ['b-wjj'] } })).toBe(
      '该章节当前为“已提交”，不能再次提交',
    );
  });

  it('an editor without a bureau is told so', () => {
    expect(decide({ id: 'u-x', role: 'editor', bureauId: null }, 'section.edit', drafting)).toEqual({
      ok: false,
      code: 'forbidden',
      reason: '您的账号未归属任何部门，不能编辑章节',
    });
  });

  it('a section shared by two bureaus is editable by both', () => {
    const shared = { section: { status: 'drafting' as const, bureauIds: ['b-wjj', 'b-fgj'] } };
    expect(can(editorOwn, 'section.edit', shared)).toBe(true);
    expect(can(editorOther, 'section.edit', shared)).toBe(true);
  });
});

describe('invalid input and missing resource information', () => {
  it('return and unlock need a reason; state is checked first', () => {
    const submitted = { section: { status: 'submitted' as const, bureauIds: [] } };
    expect(decide(secretary, 'section.return', submitted)).toEqual({ ok: false, code: 'invalid', reason: '请填写退回理由' });
    expect(decide(secretary, 'section.return', { ...submitted, reason: '   ' })).toMatchObject({ code: 'invalid' });
    expect(decide(secretary, 'section.return', { ...submitted, reason: '长'.repeat(501) })).toMatchObject({
      code: 'invalid',
      reason: '退回理由不能超过500字',
    });
    expect(decide(secretary, 'section.return', { section: { status: 'drafting', bureauIds: [] } })).toMatchObject({
      code: 'conflict',
    });
    expect(decide(secretary, 'report.unlock', { report: { status: 'locked' } })).toEqual({
      ok: false,
      code: 'invalid',
      reason: '请填写解锁理由',
    });
    expect(decide(secretary, 'report.unlock', { report: { status: 'merging' } })).toMatchObject({ code: 'conflict' });
    expect(decide(leader, 'report.unlock', { report: { status: 'locked' } })).toMatchObject({ code: 'forbidden' });
  });

  it('merge needs every section approved', () => {
    expect(decide(secretary, 'report.merge', { report: { status: 'reviewing' }, sectionsAllApproved: false })).toEqual({
      ok: false,
      code: 'conflict',
      reason: '还有章节未通过审核，不能合稿',
    });
    expect(decide(secretary, 'report.merge', { report: { status: 'reviewing' } })).toMatchObject({ code: 'invalid' });
    expect(decide(secretary, 'report.merge', { report: { status: 'locked' }, sectionsAllApproved: false })).toMatchObject({
      code: 'conflict',
      reason: '报告当前为“已定稿”，不能合稿，如需修改请先解锁',
    });
  });

  it.each([
    'section.edit',
    'section.assign',
    'section.approve',
    'section.return',
  ] as const)('%s without a section is invalid for the secretary', (action) => {
    expect(decide(secretary, action)).toMatchObject({ ok: false, code: 'invalid' });
  });

  it.each([
    'report.editOutline',
    'report.review',
    'report.merge',
    'report.lock',
    'report.unlock',
    'report.editFinal',
  ] as const)('%s without a report is invalid for the secretary and forbidden for others', (action) => {
    expect(decide(secretary, action)).toMatchObject({ ok: false, code: 'invalid' });
    expect(decide(editorOwn, action)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decide(leader, action)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('section.edit and section.submit without a section are invalid for an editor', () => {
    expect(decide(editorOwn, 'section.edit')).toMatchObject({ code: 'invalid' });
    expect(decide(editorOwn, 'section.submit')).toMatchObject({ code: 'invalid' });
  });
});

describe('comment.resolve', () => {
  const thread = (authorId: string, bureauIds: string[] = ['b-wjj']): Resource => ({ comment: { authorId }, section: { status: 'approved', bureauIds } });

  it('the author resolves their own thread — a leader their own 批示 — whatever the section', () => {
    expect(can(leader, 'comment.resolve', thread(leader.id, []))).toBe(true);
    expect(can(editorOther, 'comment.resolve', thread(editorOther.id))).toBe(true);
  });

  it('the final draft has no bureau: only the author and the secretary', () => {
    expect(can(secretary, 'comment.resolve', thread('u-x', []))).toBe(true);
    expect(decide(editorOwn, 'comment.resolve', thread('u-x', []))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decide(leader, 'comment.resolve', thread('u-x'))).toEqual({ ok: false, code: 'forbidden', reason: '领导只能处理自己的批示' });
  });

  it('the secretary and an editor of the section’s bureau resolve anyone’s thread; another bureau only its own', () => {
    expect(can(secretary, 'comment.resolve', thread('u-x'))).toBe(true);
    expect(can(editorOwn, 'comment.resolve', thread('u-x', ['b-fgj', 'b-wjj']))).toBe(true);
    expect(decide(editorOther, 'comment.resolve', thread('u-x'))).toEqual({
      ok: false,
      code: 'forbidden',
      reason: '只有批注作者、办公室秘书或本章节的承办部门可以处理此批注',
    });
  });

  it('without the thread it is invalid', () => {
    expect(decide(secretary, 'comment.resolve', { section: { status: 'drafting', bureauIds: [] } })).toMatchObject({ code: 'invalid' });
  });
});

describe('who is acting', () => {
  it('refuses everything to a missing, disabled or unknown-role actor', () => {
    const disabledSecretary = { ...secretary, disabled: true };
    const bogus = { id: 'u-?', role: 'admin', bureauId: null } as unknown as Actor;
    for (const action of ACTIONS) {
      for (const [actor, reason] of [
        [null, '请先登录'],
        [undefined, '请先登录'],
        [disabledSecretary, '账号已停用，无权操作'],
        [bogus, '账号角色无效，无权操作'],
      ] as const) {
        expect(decide(actor, action, { report: { status: 'drafting' } })).toEqual({ ok: false, code: 'forbidden', reason });
      }
    }
  });

  it('accepts a full enabled User', () => {
    const user = { ...editorOwn, username: 'wjj', name: '卫健局撰稿人', disabled: false };
    expect(can(user, 'section.edit', { section: { status: 'drafting', bureauIds: ['b-wjj'] } })).toBe(true);
  });

  it('refuses an unknown action', () => {
    expect(decide(secretary, 'report.delete' as Action)).toEqual({ ok: false, code: 'forbidden', reason: '未知的操作，无权执行' });
    expect(decide(secretary, 'toString' as Action)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('section.remind (催办)', () => {
  const now = Date.parse('2026-12-06T06:30:00Z');
  const drafting = (over: Partial<Resource> = {}): Resource => ({
    report: { status: 'reviewing' },
    section: { status: 'drafting', bureauIds: ['b-wjj'] },
    remindedAt: null,
    now,
    ...over,
  });

  it('allows the office once an hour per section, saying when it may be done again', () => {
    expect(decide(secretary, 'section.remind', drafting())).toEqual({ ok: true });
    const tooSoon = decide(secretary, 'section.remind', drafting({ remindedAt: Date.parse('2026-12-06T06:05:00Z') }));
    expect(tooSoon).toEqual({ ok: false, code: 'too_soon', reason: '本章节已于14:05催办过，每小时只能催办一次，请于15:05后再催办' });
    // An hour after, it may again.
    expect(decide(secretary, 'section.remind', drafting({ remindedAt: now - 3_600_000 })).ok).toBe(true);
    expect(decide(secretary, 'section.remind', drafting({ remindedAt: now - 3_599_999 })).ok).toBe(false);
  });

  it('is the office’s only', () => {
    expect(decide(editorOwn, 'section.remind', drafting())).toEqual({ ok: false, code: 'forbidden', reason: '只有办公室秘书可以催办章节' });
    expect(decide(leader, 'section.remind', drafting())).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('only while the bureau is writing, in a report still being written', () => {
    expect(decide(secretary, 'section.remind', drafting({ section: { status: 'submitted', bureauIds: ['b-wjj'] } }))).toMatchObject({ code: 'conflict', reason: '本章节已提交，等待办公室审核，无需催办' });
    expect(decide(secretary, 'section.remind', drafting({ section: { status: 'returned', bureauIds: ['b-wjj'] } })).ok).toBe(true);
    expect(decide(secretary, 'section.remind', drafting({ section: { status: 'drafting', bureauIds: [] } }))).toMatchObject({ code: 'conflict', reason: '本章节尚未分配承办部门，无需催办' });
    expect(decide(secretary, 'section.remind', drafting({ report: { status: 'merging' } }))).toMatchObject({ code: 'conflict' });
  });

  it('needs the last reminder and the time to decide', () => {
    expect(decide(secretary, 'section.remind', { report: { status: 'drafting' }, section: { status: 'drafting', bureauIds: ['b-wjj'] } })).toMatchObject({ ok: false, code: 'invalid' });
  });
});
