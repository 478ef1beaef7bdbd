import { describe, expect, it } from 'vitest';
import type { User } from '@hegao/domain';
import { actorLabel, chineseDate, sectionStepNotifications, type SectionStepInput } from './notify.js';

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
    label: '“（二）疫情防控”',
    users: USERS,
    bureaus: BUREAUS,
    ...over,
  };
}

describe('sectionStepNotifications', () => {
  it('tells every enabled editor of the bureau that the section was returned, with the reason', () => {
    const items = sectionStepNotifications(step({ action: 'return', reason: ' 请补充6月底的数据 ' }));
    expect(items.map((n) => n.userId)).toEqual(['wjj', 'wjj2']);
    expect(items[0]).toMatchObject({ type: 'returned', reportId: 'r', sectionId: 's', message: '办公室退回了“（二）疫情防控”：请补充6月底的数据' });
    expect(items[0]!.detail).toMatchObject({ reason: '请补充6月底的数据' });
  });

  it('tells them of the approval', () => {
    const items = sectionStepNotifications(step({ action: 'approve' }));
    expect(items.map((n) => [n.userId, n.type, n.message])).toEqual([
      ['wjj', 'approved', '办公室审核通过了“（二）疫情防控”'],
      ['wjj2', 'approved', '办公室审核通过了“（二）疫情防控”'],
    ]);
  });

  it('tells only the newly assigned bureaus of an assignment', () => {
    const items = sectionStepNotifications(step({ action: 'assign', bureauIdsAfter: ['wjj', 'mzj'], dueDateAfter: '2020-07-05' }));
    expect(items.map((n) => [n.userId, n.type, n.message])).toEqual([['mzj', 'assigned', '办公室将“（二）疫情防控”分配给民政局，请于2020年7月5日前完成']]);
  });

  it('says nothing on submit', () => {
    expect(sectionStepNotifications(step({ action: 'submit', actor: USERS[1]! }))).toEqual([]);
  });
});

describe('labels', () => {
  it('names the actor by bureau, or by name without one', () => {
    expect(actorLabel(USERS[0]!, BUREAUS)).toBe('办公室');
    expect(actorLabel(USERS[5]!, BUREAUS)).toBe('名qz');
    expect(chineseDate('2020-07-05')).toBe('2020年7月5日');
  });
});
