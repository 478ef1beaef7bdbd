import { describe, expect, it } from 'vitest';
import { numberOutline, type Bureau } from '@hegao/domain';
import { findTemplate } from '@hegao/templates';
import { SECTION_LEAD_DAYS, daysBefore, planTemplateSections } from './createReport.js';

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
