import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { numberOutline, type Bureau } from '@hegao/domain';
import { listNotifications, listSections } from '@hegao/storage';
import { findTemplate } from '@hegao/templates';
import { workspace, type Workspace } from '../test/workspace.js';
import { SECTION_LEAD_DAYS, createReportFromTemplate, daysBefore, planTemplateSections } from './createReport.js';

const BUREAUS: Bureau[] = [
  { id: 'b-office', name: '办公室', isOffice: true, color: '#000' },
  { id: 'b-wjj', name: '卫健局', isOffice: false, color: '#111' },
  { id: 'b-fgj', name: '发改局', isOffice: false, color: '#222' },
  { id: 'b-nyj', name: '农业农村局', isOffice: false, color: '#333' },
  { id: 'b-zzb', name: '组织部', isOffice: false, color: '#444' },
];

/** Deterministic ids s1, s2, … */
function counter(): () => string {
  let n = 0;
  return () => `s${++n}`;
}

describe('daysBefore', () => {
  it('does calendar arithmetic across months, leap days and years', () => {
    expect(daysBefore('2020-07-10', 3)).toBe('2020-07-07');
    expect(daysBefore('2020-07-02', 3)).toBe('2020-06-29');
    expect(daysBefore('2020-03-01', 1)).toBe('2020-02-29');
    expect(daysBefore('2021-01-02', 3)).toBe('2020-12-30');
    expect(SECTION_LEAD_DAYS).toBe(3);
  });
});

describe('planTemplateSections', () => {
  const template = findTemplate('half_year')!;
  const plan = planTemplateSections(template, 'r1', BUREAUS, '2020-07-10', counter());
  const byTitle = (title: string, parentTitle?: string) =>
    plan.filter((s) => s.title === title && (parentTitle === undefined || plan.find((p) => p.id === s.parentId)?.title === parentTitle));

  it('copies the outline: parents first, positions 0..n-1, numbers as the template', () => {
    const ids = plan.map((s) => s.id);
    for (const s of plan) if (s.parentId) expect(ids.indexOf(s.parentId)).toBeLessThan(ids.indexOf(s.id));
    const numbered = numberOutline(plan).map((n) => n.number);
    expect(numbered.slice(0, 4)).toEqual(['', '一、', '（一）', '（二）']);
    expect(plan.every((s) => s.reportId === 'r1')).toBe(true);
    expect(plan[0]).toMatchObject({ title: '导语（总体情况与主要指标）', numbered: false, parentId: null, position: 0 });
  });

  it('assigns matched default bureaus: 编写中, due three days before the report, with the 写作要求', () => {
    const [epidemic] = byTitle('疫情防控');
    expect(epidemic).toMatchObject({ status: 'drafting', bureauIds: ['b-wjj'], dueDate: '2020-07-07' });
    expect(epidemic!.instruction).toContain('不超过800字');
    const [intro] = byTitle('导语（总体情况与主要指标）');
    expect(intro).toMatchObject({ status: 'drafting', bureauIds: ['b-fgj'] });
    expect(byTitle('党的建设').map((s) => s.bureauIds)).toEqual([['b-zzb'], ['b-zzb']]);
  });

  it('leaves unmatched or bureau-less sections unassigned and not started, but keeps their 写作要求', () => {
    for (const title of ['城市建设管理', '生态环境保护', '上半年工作完成情况']) {
      const [s] = byTitle(title);
      expect(s, title).toMatchObject({ status: 'not_started', bureauIds: [], dueDate: null });
      expect(s!.instruction.length).toBeGreaterThan(0);
    }
  });

  it('gives the office the sections it writes itself (存在问题和不足)', () => {
    const [problems] = byTitle('存在问题和不足');
    expect(problems).toMatchObject({ status: 'drafting', bureauIds: ['b-office'], dueDate: '2020-07-07' });
  });

  it('never assigns a heading with sub-sections', () => {
    const parents = new Set(plan.map((s) => s.parentId));
    for (const s of plan.filter((x) => parents.has(x.id))) expect(s.bureauIds).toEqual([]);
  });

  it('works for every template and with no bureaus at all', () => {
    for (const kind of ['work_points', 'plenum_speech']) {
      const sections = planTemplateSections(findTemplate(kind)!, 'r2', [], '2021-01-15', counter());
      expect(sections.length).toBeGreaterThan(5);
      expect(sections.every((s) => s.status === 'not_started' && s.bureauIds.length === 0)).toBe(true);
      expect(new Set(sections.map((s) => s.id)).size).toBe(sections.length);
    }
  });
});

describe('createReportFromTemplate', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => {
    await ws.close();
  });

  it('tells each assigned bureau’s editors once for the report, in the transaction that creates it', async () => {
    const report = await createReportFromTemplate(ws.ctx, ws.users.bgs, { templateKind: 'half_year', title: '测试区2031年上半年工作总结', period: '2031年上半年', dueDate: '2031-07-10' });
    const sections = await listSections(ws.db, report.id);
    const numbers = new Map(numberOutline(sections).map((n) => [n.id, n.number]));
    const ofBureau = (bureauId: string) =>
      numberOutline(sections)
        .map((n) => sections.find((s) => s.id === n.id)!)
        .filter((s) => s.bureauIds.includes(bureauId));

    const wjj = (await listNotifications(ws.db, ws.users.wjj.id)).filter((n) => n.reportId === report.id);
    const wjjSections = ofBureau(ws.users.wjj.bureauId!);
    expect(wjjSections.map((s) => `${numbers.get(s.id)}${s.title}`)).toEqual(['（一）疫情防控', '（一）常态化疫情防控']);
    expect(wjj).toHaveLength(1);
    expect(wjj[0]).toMatchObject({
      type: 'assigned',
      sectionId: wjjSections[0]!.id,
      message: '办公室新建了《测试区2031年上半年工作总结》，卫健局有2个章节待编写：“（一）疫情防控”、“（一）常态化疫情防控”，请于2031年7月7日前完成',
      detail: { actorId: ws.users.bgs.id, actorName: '李文静', dueDate: '2031-07-07', sectionIds: wjjSections.map((s) => s.id), reportCreated: true },
    });

    const fgj = (await listNotifications(ws.db, ws.users.fgj.id)).filter((n) => n.reportId === report.id);
    const fgjSections = ofBureau(ws.users.fgj.bureauId!);
    expect(fgjSections.length).toBeGreaterThan(3);
    expect(fgj).toHaveLength(1);
    expect(fgj[0]!.message).toMatch(new RegExp(`^办公室新建了《测试区2031年上半年工作总结》，发改局有${fgjSections.length}个章节待编写：“导语（总体情况与主要指标）”、“（二）经济发展”、“[^”]+”等，请于2031年7月7日前完成$`));
    expect(fgj[0]!.detail['sectionIds']).toEqual(fgjSections.map((s) => s.id));
    // The secretary (who created it, and whose office has its own sections) and the leader hear nothing.
    expect(await listNotifications(ws.db, ws.users.bgs.id)).toEqual([]);
    expect(await listNotifications(ws.db, ws.users.quzhang.id)).toEqual([]);
  });
});
