import { describe, expect, it } from 'vitest';
import { REPORT_STATE, REPORT_STATUSES, SECTION_STATE, SECTION_STATUSES, isAwaitingReview, isDone, isHandedIn, isStillWriting } from './states.js';
import type { ReportAction, ReportStatus, SectionAction, SectionStatus, Step } from './states.js';
import { REPORT_ACTIONS, SECTION_ACTIONS, applySectionAction, nextReportStatus, reportStepAfter, sectionRefusal } from './workflow.js';

function targets<S extends string>(on: Readonly<Record<string, Step<S>>>): S[] {
  return Object.values(on).flatMap((step) => ('to' in step ? [step.to] : []));
}

function reachable<S extends string>(from: S, next: (s: S) => S[]): Set<S> {
  const seen = new Set<S>([from]);
  const queue = [from];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const t of next(s)) {
      if (seen.has(t)) continue;
      seen.add(t);
      queue.push(t);
    }
  }
  return seen;
}

describe('the state table', () => {
  it('lists the states in lifecycle order, each with a distinct Chinese name', () => {
    expect(SECTION_STATUSES).toEqual(['not_started', 'drafting', 'submitted', 'returned', 'approved']);
    expect(REPORT_STATUSES).toEqual(['drafting', 'reviewing', 'merging', 'locked']);
    const sectionLabels = SECTION_STATUSES.map((s) => SECTION_STATE[s].label);
    expect(new Set(sectionLabels).size).toBe(SECTION_STATUSES.length);
    expect(sectionLabels).toEqual(['未开始', '编写中', '已提交', '已退回', '已通过']);
    expect(REPORT_STATUSES.map((s) => REPORT_STATE[s].label)).toEqual(['起草中', '审核中', '合稿中', '已定稿']);
  });

  it('answers every action from every state with a known state or a reason', () => {
    for (const status of SECTION_STATUSES) {
      expect(Object.keys(SECTION_STATE[status].on).sort()).toEqual([...SECTION_ACTIONS].sort());
      for (const action of SECTION_ACTIONS) {
        const step = SECTION_STATE[status].on[action];
        if ('to' in step) expect(SECTION_STATUSES).toContain(step.to);
        else expect(step.refused.length).toBeGreaterThan(3);
      }
    }
    for (const status of REPORT_STATUSES) {
      for (const action of REPORT_ACTIONS) {
        const step = REPORT_STATE[status].on[action];
        if ('to' in step) expect(REPORT_STATUSES).toContain(step.to);
        else expect(step.refused.length).toBeGreaterThan(3);
      }
    }
  });

  it('reaches every state from the first, and the last section state from every one', () => {
    const sectionNext = (s: SectionStatus) => targets(SECTION_STATE[s].on);
    expect([...reachable<SectionStatus>('not_started', sectionNext)].sort()).toEqual([...SECTION_STATUSES].sort());
    for (const s of SECTION_STATUSES) expect(reachable(s, sectionNext).has('approved')).toBe(true);
    const reportNext = (s: ReportStatus) => targets(REPORT_STATE[s].on);
    expect([...reachable<ReportStatus>('drafting', reportNext)].sort()).toEqual([...REPORT_STATUSES].sort());
  });

  it('lets someone write the text in exactly the writing and review phases', () => {
    for (const status of SECTION_STATUSES) {
      const { edit, phase } = SECTION_STATE[status];
      expect(edit.bureau === true).toBe(phase === 'writing');
      expect(edit.office === true).toBe(phase === 'review');
    }
  });

  it('derives the phase predicates from the table', () => {
    expect(SECTION_STATUSES.filter(isStillWriting)).toEqual(['not_started', 'drafting', 'returned']);
    expect(SECTION_STATUSES.filter(isHandedIn)).toEqual(['submitted', 'approved']);
    expect(SECTION_STATUSES.filter(isDone)).toEqual(['approved']);
    expect(SECTION_STATUSES.filter(isAwaitingReview)).toEqual(['submitted']);
  });

  it('has the report follow only section steps it can take from that state', () => {
    const follows: [SectionAction, ReportStatus, ReportAction][] = [];
    for (const status of REPORT_STATUSES) {
      for (const action of SECTION_ACTIONS) {
        const step = reportStepAfter(action, status);
        if (step === null) continue;
        follows.push([action, status, step]);
        expect(nextReportStatus(status, step)).not.toBeNull();
      }
    }
    expect(follows).toEqual([
      ['submit', 'drafting', 'review'],
      ['return', 'merging', 'reopen'],
    ]);
  });

  it('is what the workflow applies and explains', () => {
    const section = { id: 's', reportId: 'r', parentId: null, position: 0, title: '导语', bureauIds: ['fgj'], status: 'approved' as const, dueDate: null, instruction: '' };
    expect(() => applySectionAction(section, 'assign', { bureauIds: ['nyj'] })).toThrow('不能重新分配，如需调整请先退回');
    expect(applySectionAction(section, 'return', { reason: '数据需更新' }).status).toBe('returned');
    expect(sectionRefusal('returned', 'approve')).toBe('该章节当前为“已退回”，需部门修改后重新提交，不能通过');
  });
});
