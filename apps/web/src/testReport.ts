// Test helper: a report as `GET /api/reports/:id` returns it (the contract's REPORT_DETAIL), with sections built from short specs.
import type { Me, ReportDetail, ReportSection } from './api/types';

/** One leaf section, 编写中 and unassigned unless `overrides` say otherwise. */
export function testSection(id: string, overrides: Partial<ReportSection> = {}): ReportSection {
  return {
    id,
    parentId: null,
    number: '一、',
    level: 1,
    numbered: true,
    title: id.toUpperCase(),
    bureaus: [],
    status: 'drafting',
    statusLabel: '编写中',
    docName: `section-${id}`,
    dueDate: null,
    instruction: '',
    returnReason: null,
    lastEdit: null,
    ...overrides,
  };
}

/** Report r1 in 起草中 holding `sections` (one section `s1` by default). */
export function testReport(overrides: Partial<ReportDetail> = {}, sections: ReportSection[] = [testSection('s1', { title: 'A' })]): ReportDetail {
  return { id: 'r1', title: '报告', period: '', kind: 'half_year', status: 'drafting', statusLabel: '起草中', dueDate: null, version: 0, finalDocName: null, sections, ...overrides };
}

/** A signed-in user as `GET /api/me` returns it (the contract's ME): a 卫健局 writer unless `overrides` say otherwise. */
export function testMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 'u1',
    username: 'wjj',
    name: '张卫民',
    role: 'editor',
    roleLabel: '部门撰稿人',
    bureau: { id: 'b1', name: '卫健局', color: '#c00', isOffice: false },
    organisation: { name: '示例区人民政府' },
    ...overrides,
  };
}
