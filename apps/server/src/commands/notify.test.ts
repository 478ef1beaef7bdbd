import { describe, expect, it } from 'vitest';
import type { User } from '@hegao/domain';
import { actorLabel, chineseDate, reportCreatedNotifications, reportSectionLabel, sectionStepNotifications, type SectionStepInput } from './notify.js';

const u = (id: string, role: User['role'], bureauId: string | null, disabled = false): User => ({ id, username: id, name: `名${id}`, role, bureauId, disabled });
const USERS = [u('bgs', 'secretary', 'office'), u('wjj', 'editor', 'wjj'), u('wjj2', 'editor', 'wjj'), u('off', 'editor', 'wjj', true), u('mzj', 'editor', 'mzj'), u('qz', 'leader', null)];
const BUREAUS = new Map([
  ['office', { name: '办公室' }],
  ['wjj', { name: '卫健局' }],
  ['mzj', { name: '民政局' }],
]);

function step(over: Partial<SectionStepInput>): SectionStepInput {
  return {
    action: 'approve',
    actor: USERS[0]!,
    report: { id: 'r' },
    section: { id: 's', bureauIds: ['wjj'], dueDate: null },
    bureauIdsAfter: ['wjj'],
    dueDateAfter: null,
    label: reportSectionLabel('2026年上半年工作总结', '（二）', '疫情防控'),
    users: USERS,
    bureaus: BUREAUS,
    ...over,
  };
}

describe('sectionStepNotifications', () => {
  it('tells every enabled editor of the bureau that the section was returned, with the reason', () => {
    const items = sectionStepNotifications(step({ action: 'return', reason: ' 请补充6月底的数据 ' }));
    expect(items.map((n) => n.userId)).toEqual(['wjj', 'wjj2']);
    expect(items[0]).toMatchObject({ type: 'returned', reportId: 'r', sectionId: 's', message: '办公室退回了《2026年上半年工作总结》“（二）疫情防控”：请补充6月底的数据' });
    expect(items[0]!.detail).toMatchObject({ reason: '请补充6月底的数据' });
  });

  it('tells them of the approval', () => {
    const items = sectionStepNotifications(step({ action: 'approve' }));
    expect(items.map((n) => [n.userId, n.type, n.message])).toEqual([
      ['wjj', 'approved', '办公室审核通过了《2026年上半年工作总结》“（二）疫情防控”'],
      ['wjj2', 'approved', '办公室审核通过了《2026年上半年工作总结》“（二）疫情防控”'],
    ]);
  });

  it('tells only the newly assigned bureaus of an assignment', () => {
    const items = sectionStepNotifications(step({ action: 'assign', bureauIdsAfter: ['wjj', 'mzj'], dueDateAfter: '2020-07-05' }));
    expect(items.map((n) => [n.userId, n.type, n.message])).toEqual([['mzj', 'assigned', '办公室将《2026年上半年工作总结》“（二）疫情防控”分配给民政局，请于2020年7月5日前完成']]);
  });

  it('says nothing on submit', () => {
    expect(sectionStepNotifications(step({ action: 'submit', actor: USERS[1]! }))).toEqual([]);
  });
});

describe('reportCreatedNotifications', () => {
  const s = (id: string, title: string, parentId: string | null, position: number, bureauIds: string[], dueDate: string | null = '2020-07-05') => ({
    id,
    title,
    parentId,
    position,
    bureauIds,
    dueDate,
  });
  // Given out of order on purpose: the outline decides the order of the labels.
  const sections = [
    s('p2', '下半年工作计划', null, 1, []),
    s('a3', '民生保障', 'p2', 0, ['wjj']),
    s('p1', '上半年工作完成情况', null, 0, []),
    s('a1', '疫情防控', 'p1', 0, ['wjj']),
    s('a2', '医疗改革', 'p1', 1, ['wjj', 'mzj']),
    s('a4', '养老服务', 'p2', 1, ['wjj'], null),
  ];
  const input = { actor: USERS[0]!, report: { id: 'r', title: '示例区2020年上半年工作总结' }, sections, users: USERS, bureaus: [...BUREAUS].map(([id, b]) => ({ id, name: b.name })) };

  it('tells every enabled editor of each bureau once for the report, naming its sections in outline order', () => {
    const items = reportCreatedNotifications(input);
    expect(items.map((n) => [n.userId, n.sectionId])).toEqual([
      ['wjj', 'a1'],
      ['wjj2', 'a1'],
      ['mzj', 'a2'],
    ]);
    expect(items[0]).toMatchObject({
      type: 'assigned',
      reportId: 'r',
      message: '办公室新建了《示例区2020年上半年工作总结》，卫健局有4个章节待编写：“（一）疫情防控”、“（二）医疗改革”、“（一）民生保障”等，请于2020年7月5日前完成',
      detail: { actorId: 'bgs', actorName: '名bgs', dueDate: '2020-07-05', sectionIds: ['a1', 'a2', 'a3', 'a4'], reportCreated: true },
    });
    expect(items[2]!.message).toBe('办公室新建了《示例区2020年上半年工作总结》，民政局有1个章节待编写：“（二）医疗改革”，请于2020年7月5日前完成');
  });

  it('says nothing of a due date when none is set, and nothing at all without assigned sections', () => {
    const undated = reportCreatedNotifications({ ...input, sections: [s('x', '导语', null, 0, ['mzj'], null)] });
    expect(undated.map((n) => n.message)).toEqual(['办公室新建了《示例区2020年上半年工作总结》，民政局有1个章节待编写：“一、导语”']);
    expect(undated[0]!.detail).toMatchObject({ dueDate: null });
    expect(reportCreatedNotifications({ ...input, sections: [s('x', '导语', null, 0, [])] })).toEqual([]);
  });
});

describe('labels', () => {
  it('names a section with its report, as every notification does', () => {
    expect(reportSectionLabel('2026年上半年工作总结', '', '导语')).toBe('《2026年上半年工作总结》“导语”');
    expect(reportSectionLabel('2026年上半年工作总结', '（二）', '疫情防控')).toBe('《2026年上半年工作总结》“（二）疫情防控”');
  });

  it('names the actor by bureau, or by name without one', () => {
    expect(actorLabel(USERS[0]!, BUREAUS)).toBe('办公室');
    expect(actorLabel(USERS[5]!, BUREAUS)).toBe('名qz');
    expect(chineseDate('2020-07-05')).toBe('2020年7月5日');
  });
});
