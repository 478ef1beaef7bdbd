import { REPORT_DETAIL, REPORT_SUMMARY, SECTION_VIEW } from '@hegao/contract';
import { getReport, listSections } from '@hegao/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from '../test/workspace.js';
import { lookups } from './lookups.js';
import { presentReportDetail, presentReportSummary, presentSection, presentSections } from './report.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  await ws.close();
});

describe('report presenters', () => {
  it('present a report in full as the contract’s REPORT_DETAIL, numbered in outline order', async () => {
    const report = (await getReport(ws.db, ws.report.id))!;
    const detail = presentReportDetail(report, presentSections(await listSections(ws.db, report.id), await lookups(ws.db)));
    // Exactly the contract's shape: a renamed or extra field would not survive the parse unchanged.
    expect(REPORT_DETAIL.parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({ id: ws.report.id, kind: 'half_year', status: 'drafting', statusLabel: '起草中', version: 0, finalDocName: null });
    expect(detail.sections.map((s) => [s.number, s.title, s.level, s.numbered])).toEqual([
      ['', '导语', 1, false],
      ['一、', '上半年工作', 1, true],
      ['（一）', '疫情防控', 2, true],
      ['（二）', '经济发展', 2, true],
      ['二、', '下半年计划', 1, true],
    ]);
    const epidemic = detail.sections[2]!;
    expect(epidemic).toMatchObject({ parentId: ws.sections.first.id, bureaus: [{ id: ws.users.wjj.bureauId, name: '卫健局' }], status: 'drafting', statusLabel: '编写中', instruction: '', returnReason: null });
    // The bureau's writer typed its text (the workspace's write).
    expect(epidemic.lastEdit).toMatchObject({ userId: ws.users.wjj.id, name: '张卫民' });
  });

  it('present a list entry as REPORT_SUMMARY: leaves counted by state, the viewer’s own sections with their due dates', async () => {
    const report = { ...(await getReport(ws.db, ws.report.id))!, dueDate: '2020-07-10' };
    const maps = await lookups(ws.db);
    const sections = presentSections(await listSections(ws.db, report.id), maps);
    const summary = presentReportSummary(report, sections, ws.users.wjj);
    expect(REPORT_SUMMARY.parse(summary)).toEqual(summary);
    // 上半年工作 has sub-sections: a heading, not counted.
    expect(summary.sectionCount).toBe(4);
    expect(summary.statusCounts).toEqual({ not_started: 0, drafting: 4, submitted: 0, returned: 0, approved: 0 });
    expect(summary.mySections).toEqual([
      { id: ws.sections.intro.id, number: '', title: '导语', status: 'drafting', dueDate: '2020-07-10' },
      { id: ws.sections.epidemic.id, number: '（一）', title: '疫情防控', status: 'drafting', dueDate: '2020-07-10' },
      { id: ws.sections.second.id, number: '二、', title: '下半年计划', status: 'drafting', dueDate: '2020-07-10' },
    ]);
    // A leader belongs to no bureau: nothing of theirs to write.
    expect(presentReportSummary(report, sections, ws.users.quzhang).mySections).toEqual([]);
  });

  it('present a section alone as SECTION_VIEW, with its return reason and last editor', async () => {
    const returned = { ...ws.sections.economy, status: 'returned' as const, returnReason: '数据不全', dueDate: '2020-07-01', instruction: '800字以内', lastEditUserId: ws.users.fgj.id, lastEditAt: Date.UTC(2020, 5, 30, 6, 5) };
    const view = presentSection(returned, null, await lookups(ws.db));
    expect(SECTION_VIEW.parse(view)).toEqual(view);
    expect(view).toMatchObject({ number: '', level: 0, status: 'returned', statusLabel: '已退回', returnReason: '数据不全', dueDate: '2020-07-01', instruction: '800字以内' });
    expect(view.lastEdit).toEqual({ userId: ws.users.fgj.id, name: '陈发展', at: '2020-06-30T06:05:00.000Z' });
  });
});
