import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { numberOutline, type Bureau } from '@hegao/domain';
import { listEvents, listNotifications, listSections } from '@hegao/storage';
import { TEMPLATES, findTemplate } from '@hegao/templates';
import { ApiError } from '../http/ApiError.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { SECTION_LEAD_DAYS, chooseTemplate, createReportFromTemplate, daysBefore, planTemplateSections } from './createReport.js';

/** The half-year template's 卫健局 sections (the seed's headings). */
const EPIDEMIC = '构建上下贯通的组织体系，疫情防控工作取得阶段性成效';
const EPIDEMIC_PLAN = '做好常态化疫情防控工作';

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
    const [epidemic] = byTitle(EPIDEMIC);
    expect(epidemic).toMatchObject({ status: 'drafting', bureauIds: ['b-wjj'], dueDate: '2020-07-07' });
    expect(epidemic!.instruction).toContain('不超过800字');
    const [intro] = byTitle('导语（总体情况与主要指标）');
    expect(intro).toMatchObject({ status: 'drafting', bureauIds: ['b-fgj'] });
    expect(byTitle('深入实施“党建领航”工程，为高质量发展提供坚强保证', '上半年工作完成情况')[0]!.bureauIds).toEqual(['b-zzb']);
    expect(byTitle('党的建设全面加强', '下半年工作计划')[0]!.bureauIds).toEqual(['b-zzb']);
    expect(byTitle(EPIDEMIC_PLAN, '下半年工作计划')[0]).toMatchObject({ status: 'drafting', bureauIds: ['b-wjj'] });
  });

  it('leaves unmatched or bureau-less sections unassigned and not started, but keeps their 写作要求', () => {
    // 住建局 and 改革办 are not among these bureaus; a heading with sub-sections has none.
    for (const title of ['重点打造智慧宜居城区，城市建管水平不断提升', '全面深化改革，进一步优化营商环境', '上半年工作完成情况']) {
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
    for (const t of TEMPLATES) {
      const sections = planTemplateSections(t, 'r2', [], '2021-01-15', counter());
      expect(sections.length).toBeGreaterThanOrEqual(5);
      expect(sections.every((s) => s.status === 'not_started' && s.bureauIds.length === 0)).toBe(true);
      expect(new Set(sections.map((s) => s.id)).size).toBe(sections.length);
    }
  });
});

describe('chooseTemplate', () => {
  const fail = (input: Parameters<typeof chooseTemplate>[0]): ApiError => {
    try {
      chooseTemplate(input);
    } catch (err) {
      if (err instanceof ApiError) return err;
      throw err;
    }
    throw new Error('expected an ApiError');
  };

  it('takes a template id, or a kind for its default template; both may be sent when they agree', () => {
    expect(chooseTemplate({ templateId: 'half_year_city' }).seed).toBe('city-half-year-summary.txt');
    expect(chooseTemplate({ templateKind: 'half_year' }).id).toBe('half_year');
    expect(chooseTemplate({ templateKind: 'half_year_government' }).id).toBe('half_year_government');
    expect(chooseTemplate({ templateId: 'work_points', templateKind: 'work_points' }).id).toBe('work_points');
    expect(chooseTemplate({ templateId: 'half_year', templateKind: 'half_year' }).id).toBe('half_year');
  });

  it('refuses a missing, unknown or contradictory choice with a Chinese message', () => {
    expect([fail({}).status, fail({}).message]).toEqual([400, '请选择报告模板']);
    expect(fail({ templateId: 'custom' }).message).toBe('报告模板不存在：custom');
    expect(fail({ templateId: 'half_year_city', templateKind: 'nonsense' }).message).toBe('报告模板不存在：nonsense');
    expect(fail({ templateId: 'half_year_city', templateKind: 'half_year' }).message).toBe(
      '指定的报告模板前后不一致：“上半年工作总结（分领域平列）”与“上半年工作总结及下半年工作计划”，请只选择一个模板',
    );
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
    expect(wjjSections.map((s) => `${numbers.get(s.id)}${s.title}`)).toEqual([`（二）${EPIDEMIC}`, `（十）${EPIDEMIC_PLAN}`]);
    expect(wjj).toHaveLength(1);
    expect(wjj[0]).toMatchObject({
      type: 'assigned',
      sectionId: wjjSections[0]!.id,
      message: `办公室新建了《测试区2031年上半年工作总结》，卫健局有2个章节待编写：“（二）${EPIDEMIC}”、“（十）${EPIDEMIC_PLAN}”，请于2031年7月7日前完成`,
      detail: { actorId: ws.users.bgs.id, actorName: '李文静', dueDate: '2031-07-07', sectionIds: wjjSections.map((s) => s.id), reportCreated: true },
    });

    const fgj = (await listNotifications(ws.db, ws.users.fgj.id)).filter((n) => n.reportId === report.id);
    const fgjSections = ofBureau(ws.users.fgj.bureauId!);
    expect(fgjSections.length).toBeGreaterThan(3);
    expect(fgj).toHaveLength(1);
    expect(fgj[0]!.message).toMatch(new RegExp(`^办公室新建了《测试区2031年上半年工作总结》，发改局有${fgjSections.length}个章节待编写：“导语（总体情况与主要指标）”、“（四）全力稳增长促转型，经济高质量发展取得新进展”、“[^”]+”等，请于2031年7月7日前完成$`));
    expect(fgj[0]!.detail['sectionIds']).toEqual(fgjSections.map((s) => s.id));
    // The secretary (who created it, and whose office has its own sections) and the leader hear nothing.
    expect(await listNotifications(ws.db, ws.users.bgs.id)).toEqual([]);
    expect(await listNotifications(ws.db, ws.users.quzhang.id)).toEqual([]);
  });

  it('creates a report from a flat template by its id: the kind is the template’s, the event names the template', async () => {
    const report = await createReportFromTemplate(ws.ctx, ws.users.bgs, { templateId: 'half_year_city', title: '测试市2031年上半年工作总结', period: '2031年上半年', dueDate: '2031-07-10' });
    expect(report.kind).toBe('half_year');
    const sections = await listSections(ws.db, report.id);
    const ordered = numberOutline(sections).map((n) => `${n.number}${sections.find((s) => s.id === n.id)!.title}`);
    expect(ordered).toEqual([
      '导语（总体情况）',
      '一、坚持稳中求进，全力促进经济平稳健康发展',
      '二、坚持慎终如始，做细做实常态化疫情防控',
      '三、紧盯招商项目，增强高质量赶超发展动力',
      '四、注重统筹融合，提升城乡发展整体性协调性',
      '五、坚决“背水一战”求突破，全面优化生态环境',
      '六、坚持共享共建，不断满足群众美好生活新向往',
    ]);
    expect(sections.every((s) => s.parentId === null)).toBe(true);
    const created = (await listEvents(ws.db, report.id)).find((e) => e.type === 'report.create')!;
    expect(created.detail).toMatchObject({ template: 'half_year', templateId: 'half_year_city', sections: 7 });
  });
});
