// Test helper: a report as `GET /api/reports/:id` returns it, with sections built from short specs.
import type { ReportDetail, ReportSection } from './api/types';

/** One leaf section, 编写中 and unassigned unless `overrides` say otherwise. */
export function testSection(id: string, overrides: Partial<ReportSection> = {}): ReportSection {
  return { id, parentId: null, number: '一、', level: 1, title: id.toUpperCase(), bureaus: [], status: 'drafting', docName: `section-${id}`, dueDate: null, instruction: '', ...overrides };
}

/** Report r1 in 起草中 holding `sections` (one section `s1` by default). */
export function testReport(overrides: Partial<ReportDetail> = {}, sections: ReportSection[] = [testSection('s1', { title: 'A' })]): ReportDetail {
  return { id: 'r1', title: '报告', period: '', kind: 'half_year', status: 'drafting', dueDate: null, version: 0, finalDocName: null, sections, ...overrides };
}
