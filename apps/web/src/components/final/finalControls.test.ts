import { describe, expect, it } from 'vitest';
import type { Me, ReportDetail, ReportSection, ReportStatus, SectionStatus } from '../../api/types';
import { testMe, testSection } from '../../testReport';
import { finalControls, pendingMessage, predictFinalAccess } from './finalControls';

const secretary: Me = testMe({ id: 'u1', username: 'bgs', name: '王秘书', role: 'secretary', roleLabel: '办公室秘书', bureau: { id: 'b0', name: '办公室', color: '#333', isOffice: true } });
const editor: Me = testMe({ id: 'u2', bureau: { id: 'b1', name: '卫健局', color: '#2f7a4b', isOffice: false } });
const leader: Me = testMe({ id: 'u3', username: 'quzhang', name: '周区长', role: 'leader', roleLabel: '领导', bureau: null });

function section(id: string, number: string, title: string, status: SectionStatus, parentId: string | null = 'h'): ReportSection {
  return testSection(id, { number, title, level: parentId ? 2 : 1, parentId, status });
}

function report(status: ReportStatus, statuses: SectionStatus[], finalDocName: string | null = null): Pick<ReportDetail, 'status' | 'finalDocName' | 'sections'> {
  return {
    status,
    finalDocName,
    sections: [
      // A heading with sub-sections is never approved itself and never blocks a merge.
      section('h', '一、', '上半年工作', 'not_started', null),
      ...statuses.map((s, i) => section(`s${i}`, `（${'一二三四'[i]}）`, `第${i}节`, s)),
    ],
  };
}

describe('finalControls', () => {
  it('offers 合稿 to the secretary while reviewing, and lists unapproved leaves', () => {
    const controls = finalControls(secretary, report('reviewing', ['approved', 'submitted', 'returned']));
    expect(controls.merge).toEqual({ label: '合稿', remerge: false });
    expect(controls.pending).toEqual(['（二）第1节', '（三）第2节']);
    expect(controls.lock).toBe(false);
    expect(controls.unlock).toBe(false);
    expect(controls.hasDraft).toBe(false);
  });

  it('offers 重新合稿 when the report was merged before and went back to review', () => {
    const controls = finalControls(secretary, report('reviewing', ['approved'], 'final-r1'));
    expect(controls.merge).toEqual({ label: '重新合稿', remerge: true });
    expect(controls.pending).toEqual([]);
  });

  it('offers 定稿 while merging and 解锁 once locked, never a merge then', () => {
    const merging = finalControls(secretary, report('merging', ['approved'], 'final-r1'));
    expect(merging).toMatchObject({ merge: null, lock: true, unlock: false, hasDraft: true });
    const locked = finalControls(secretary, report('locked', ['approved'], 'final-r1'));
    expect(locked).toMatchObject({ merge: null, lock: false, unlock: true });
  });

  it('offers nothing to editors and leaders', () => {
    for (const user of [editor, leader]) {
      for (const status of ['drafting', 'reviewing', 'merging', 'locked'] as const) {
        const controls = finalControls(user, report(status, ['approved'], 'final-r1'));
        expect(controls).toMatchObject({ merge: null, lock: false, unlock: false });
      }
    }
  });
});

describe('predictFinalAccess', () => {
  it('lets only the secretary write, only while merging', () => {
    expect(predictFinalAccess(secretary, { status: 'merging' })).toEqual({ mode: 'write', reason: '' });
    expect(predictFinalAccess(secretary, { status: 'locked' })).toEqual({ mode: 'read', reason: '报告已定稿，不能修改' });
    expect(predictFinalAccess(editor, { status: 'merging' })).toEqual({ mode: 'read', reason: '只有办公室秘书可以修改合稿' });
    expect(predictFinalAccess(leader, { status: 'merging' }).mode).toBe('read');
  });
});

describe('pendingMessage', () => {
  it('words the list like the server, naming at most ten', () => {
    expect(pendingMessage([])).toBe('');
    expect(pendingMessage(['（一）甲', '（二）乙'])).toBe('还有2节未通过审核：“（一）甲”、“（二）乙”，不能合稿');
    const many = Array.from({ length: 12 }, (_, i) => `${i}`);
    expect(pendingMessage(many)).toBe(`还有12节未通过审核：${many.slice(0, 10).map((t) => `“${t}”`).join('、')}等，不能合稿`);
  });
});
