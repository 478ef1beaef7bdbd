import { readFileSync } from 'node:fs';
import { parseReportText, type ParsedReport, type ParsedSection } from '@hegao/import';
import { describe, expect, it } from 'vitest';
import { TEMPLATES, countWrittenSections, findTemplate, templateOutline, type Template, type TemplateSection } from './index.js';

const SEEDS = new URL('../../../seeds/', import.meta.url);

/** Every section in depth-first order. */
function flatten(sections: readonly TemplateSection[]): TemplateSection[] {
  return sections.flatMap((s) => [s, ...flatten(s.children)]);
}

function flattenParsed(sections: readonly ParsedSection[]): ParsedSection[] {
  return sections.flatMap((s) => [s, ...flattenParsed(s.children)]);
}

/** The seed a template follows, as the importer reads it. */
function seedOf(t: Template): ParsedReport {
  return parseReportText(readFileSync(new URL(t.seed, SEEDS), 'utf8'));
}

/** The seed's outline: each heading's level and wording, depth-first. */
function seedOutline(t: Template): string[] {
  return flattenParsed(seedOf(t).sections).map((s) => `${s.level} ${s.title}`);
}

/** The template's numbered headings in the same form. */
function numberedOutline(t: Template): string[] {
  return templateOutline(t)
    .filter((e) => e.numbered)
    .map((e) => `${e.level} ${e.title}`);
}

const template = (id: string): Template => findTemplate(id)!;
const numbers = (t: Template) => templateOutline(t).map((e) => `${e.number}${e.title}`);

describe('TEMPLATES', () => {
  it('lists every template with its id, kind, name and the real report it follows, in picker order', () => {
    expect(TEMPLATES.map((t) => [t.id, t.kind, t.name, t.source, t.seed])).toEqual([
      ['half_year', 'half_year', '上半年工作总结及下半年工作计划', '按某区2020年上半年工作总结及下半年工作计划的结构', 'district-half-year-summary-and-plan.txt'],
      ['half_year_city', 'half_year', '上半年工作总结（分领域平列）', '按某市2020年上半年工作总结的结构', 'city-half-year-summary.txt'],
      ['half_year_government', 'half_year', '上半年总结及下半年打算（区政府）', '按某区政府2020年上半年总结及下半年打算的结构', 'district-government-half-year-summary.txt'],
      ['work_points', 'work_points', '年度工作要点', '按某区2020年工作要点的结构', 'district-2020-work-priorities.txt'],
      ['plenum_speech', 'plenum_speech', '全会讲话', '按某区委全会讲话的结构', 'district-committee-plenum-speech.txt'],
    ]);
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
  });

  it('finds a template by id, and a kind (the older API) by its default template', () => {
    for (const t of TEMPLATES) expect(findTemplate(t.id)).toBe(t);
    expect(findTemplate('half_year')!.seed).toBe('district-half-year-summary-and-plan.txt');
    expect(findTemplate('work_points')!.id).toBe('work_points');
    expect(findTemplate('custom')).toBeNull();
    expect(findTemplate('nonsense')).toBeNull();
    expect(findTemplate('')).toBeNull();
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: the numbered outline is the seed’s own, heading for heading', (_id, t) => {
    const seed = seedOutline(t);
    expect(seed.length).toBeGreaterThanOrEqual(4);
    expect(numberedOutline(t)).toEqual(seed);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: the examples, in outline order, are the seed’s whole text in order', (_id, t) => {
    const seed = seedOf(t);
    const seedText = [...seed.preamble, ...flattenParsed(seed.sections).flatMap((s) => s.paragraphs)];
    const examples = templateOutline(t).flatMap((e) => (e.example === null ? [] : e.example.split('\n')));
    expect(examples).toEqual(seedText);
    // Every section that is written (no sub-sections) has its 参考范文; the importer already dropped the seed's advertising.
    for (const s of flatten(t.sections).filter((x) => x.children.length === 0)) expect(s.example, s.title).toBeDefined();
    expect(examples.join('\n')).not.toMatch(/会员|QQ|订阅|仅供学习|禁止外传|倒卖|酷乐文行|原创投稿|照搬照抄/);
  });

  it('the seed checks are not vacuous: a shortened heading, a swapped order or an edited example fails them', () => {
    const t = template('half_year');
    const [intro, done, ...rest] = t.sections;
    const shortened: Template = { ...t, sections: [intro!, { ...done!, children: [{ ...done!.children[0]!, title: '党的建设' }, ...done!.children.slice(1)] }, ...rest] };
    expect(numberedOutline(shortened)).not.toEqual(seedOutline(t));
    const swapped: Template = { ...t, sections: [intro!, { ...done!, children: [done!.children[1]!, done!.children[0]!, ...done!.children.slice(2)] }, ...rest] };
    expect(numberedOutline(swapped)).not.toEqual(seedOutline(t));
    expect(numberedOutline(t)).toEqual(seedOutline(t));
    const seed = seedOf(t);
    expect(intro!.example).toBe(seed.preamble.join('\n'));
    expect(intro!.example!.replace('X区', 'Y区')).not.toBe(seed.preamble.join('\n'));
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: every section is well formed', (_id, t) => {
    const all = flatten(t.sections);
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const s of all) {
      expect(s.title.trim()).toBe(s.title);
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.title.length).toBeLessThanOrEqual(30);
      // The product numbers headings; a template title never carries its own number or a closing 。.
      expect(s.title).not.toMatch(/^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．])|。$/);
      expect(s.instruction).toMatch(/[\u4e00-\u9fff]/);
      expect(s.instruction.length).toBeGreaterThan(10);
      // A heading with sub-sections is not written itself, so nobody is assigned to it.
      if (s.children.length > 0) expect(s.defaultBureau).toBeUndefined();
      if (s.defaultBureau !== undefined) expect(s.defaultBureau).toMatch(/^[\u4e00-\u9fff]{2,6}$/);
    }
    // Unnumbered blocks are openings and closings: top-level ones, or a heading's lead text before its numbered sub-sections.
    const unnumberedInside = (list: readonly TemplateSection[]): void => {
      for (const [i, s] of list.entries()) {
        if (s.numbered === false) expect({ title: s.title, first: i === 0 }).toEqual({ title: s.title, first: true });
        unnumberedInside(s.children);
      }
    };
    for (const top of t.sections) unnumberedInside(top.children);
    expect(t.titlePattern).toContain('{地区}');
    expect(t.source).toMatch(/^按.+的结构$/);
    expect(countWrittenSections(t)).toBe(all.filter((s) => s.children.length === 0).length);
  });
});

describe('half_year', () => {
  const t = template('half_year');

  it('keeps the seed’s headings: 一、上半年工作完成情况 with its eight fields, 二、存在问题和不足, 三、下半年工作计划 with ten', () => {
    expect(numbers(t).slice(0, 4)).toEqual([
      '导语（总体情况与主要指标）',
      '一、上半年工作完成情况',
      '（一）深入实施“党建领航”工程，为高质量发展提供坚强保证',
      '（二）构建上下贯通的组织体系，疫情防控工作取得阶段性成效',
    ]);
    expect(numbers(t)).toContain('二、存在问题和不足');
    expect(numbers(t).slice(11, 14)).toEqual(['三、下半年工作计划', '下半年主要目标', '（一）党的建设全面加强']);
    expect(numbers(t).at(-1)).toBe('（十）做好常态化疫情防控工作');
  });

  it('opens with an unnumbered 导语 for the headline figures, written by the 发改局', () => {
    const intro = t.sections[0]!;
    expect(intro).toMatchObject({ title: '导语（总体情况与主要指标）', numbered: false, defaultBureau: '发改局' });
    expect(intro.instruction).toContain('同比');
    expect(intro.example).toMatch(/^2020年以来，在市委、市政府的正确领导下/);
  });

  it('gives each field to the bureau that writes it, by the workspace’s bureau names', () => {
    const bureauOf = (title: string) => flatten(t.sections).find((s) => s.title === title)!.defaultBureau;
    expect(bureauOf('构建上下贯通的组织体系，疫情防控工作取得阶段性成效')).toBe('卫健局');
    expect(bureauOf('全力稳增长促转型，经济高质量发展取得新进展')).toBe('发改局');
    expect(bureauOf('乡村振兴深入推进，城乡统筹发展初显成效')).toBe('农业农村局');
    expect(bureauOf('持续发力民生工程，推动幸福指数新提升')).toBe('民政局');
    expect(bureauOf('深入实施“党建领航”工程，为高质量发展提供坚强保证')).toBe('组织部');
    expect(bureauOf('重点打造智慧宜居城区，城市建管水平不断提升')).toBe('住建局');
    expect(bureauOf('全面发展文旅事业，城区魅力不断彰显')).toBe('文旅局');
    expect(bureauOf('做好常态化疫情防控工作')).toBe('卫健局');
    // 存在问题和不足 is summarised by the office from everyone's material.
    expect(bureauOf('存在问题和不足')).toBe('办公室');
    const done = t.sections[1]!.children;
    expect(done.every((s) => s.defaultBureau !== undefined && s.instruction.includes('不超过'))).toBe(true);
  });

  it('takes each field’s 参考范文 from its own seed section', () => {
    const done = t.sections[1]!.children;
    expect(done[1]!.example).toMatch(/^深入组织动员，构建防控体系。/);
    expect(done[0]!.example!.split('\n')).toHaveLength(4);
    expect(t.sections[2]!.example).toMatch(/^上半年，我区各项工作取得了一定的成绩/);
    expect(t.sections[3]!.children[0]!.example).toMatch(/^2020年是“十三五”收官之年/);
  });
});

describe('the flat half-year shapes', () => {
  it('half_year_city: 一、…六、 by field, each one block with 一是…二是…, under a short 导语', () => {
    const t = template('half_year_city');
    const outline = templateOutline(t);
    expect(outline.every((e) => e.level === 1 && !e.hasChildren)).toBe(true);
    expect(outline.map((e) => e.number)).toEqual(['', '一、', '二、', '三、', '四、', '五、', '六、']);
    expect(numbers(t)[2]).toBe('二、坚持慎终如始，做细做实常态化疫情防控');
    expect(outline[2]!.defaultBureau).toBe('卫健局');
    expect(outline[3]!.example).toMatch(/^一是突出招商选资。/);
    expect(outline[5]!.defaultBureau).toBe('生态环境局');
  });

  it('half_year_government: 一、…五、 “聚焦……”, then an unnumbered 下一步打算 with 一是…六是…', () => {
    const t = template('half_year_government');
    const outline = templateOutline(t);
    expect(outline.every((e) => e.level === 1 && !e.hasChildren)).toBe(true);
    expect(outline.map((e) => e.number)).toEqual(['', '一、', '二、', '三、', '四、', '五、', '']);
    expect(outline.filter((e) => e.numbered).every((e) => e.title.startsWith('聚焦'))).toBe(true);
    expect(outline.at(-1)).toMatchObject({ title: '下一步打算', numbered: false, defaultBureau: '办公室' });
    expect(outline.at(-1)!.example).toMatch(/^下一步，XXX区将认真落实.*六是强化保障惠民生。/);
    expect(outline.at(-2)!.example).not.toContain('下一步');
  });
});

describe('work_points', () => {
  const t = template('work_points');

  it('has an unnumbered 导语 and the seed’s four 紧扣…… headings', () => {
    expect(numbers(t)).toEqual([
      '导语（指导思想和总体要求）',
      '一、紧扣目标任务，助推经济发展',
      '二、紧扣发展要务，优化营商环境',
      '三、紧扣民生福祉，创新社会治理',
      '四、紧扣群众利益，做实基层党建',
    ]);
    expect(t.sections.every((s) => s.children.length === 0)).toBe(true);
  });

  it('uses the 一是…二是… text of the 工作要点 seed', () => {
    expect(t.sections[1]!.example).toMatch(/^一是精心打造城市新商圈。/);
    expect(t.sections.at(-1)!.defaultBureau).toBe('组织部');
  });
});

describe('plenum_speech', () => {
  const t = template('plenum_speech');

  it('opens with 同志们 and closes with an unnumbered 结束语', () => {
    const outline = templateOutline(t);
    expect(outline[0]).toMatchObject({ number: '', numbered: false, defaultBureau: '办公室' });
    expect(outline[0]!.example).toMatch(/^同志们：\n年初以来/);
    expect(outline[1]!.title).toBe('全力打赢疫情防控阻击战');
    expect(outline.at(-1)).toMatchObject({ title: '结束语（成绩与不足）', number: '', numbered: false });
    expect(outline.at(-1)!.example).toMatch(/^回顾年初以来的工作/);
    expect(outline.filter((e) => e.numbered).map((e) => e.number)).toEqual(['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、']);
  });

  it('assigns the speech’s fields to bureaus, including one the demo workspace lacks', () => {
    const bureaus = t.sections.map((s) => s.defaultBureau ?? null);
    expect(bureaus).toEqual(['办公室', '卫健局', '发改局', '农业农村局', '住建局', '政法委', '民政局', '发改局', '组织部', '办公室']);
  });
});
