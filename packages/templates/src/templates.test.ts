import { readFileSync, readdirSync } from 'node:fs';
import { parseReportText, type ParsedSection } from '@hegao/import';
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

/**
 * Text blocks an example may be: a seed's whole preamble, all paragraphs of one seed section, or one
 * paragraph of either — always as the importer recovers it from the seed, junk removed.
 */
const SEED_BLOCKS: Set<string> = (() => {
  const blocks = new Set<string>();
  for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) {
    const report = parseReportText(readFileSync(new URL(file, SEEDS), 'utf8'));
    for (const group of [report.preamble, ...flattenParsed(report.sections).map((s) => s.paragraphs)]) {
      if (group.length === 0) continue;
      blocks.add(group.join('\n'));
      for (const p of group) blocks.add(p);
    }
  }
  return blocks;
})();

const template = (kind: string): Template => findTemplate(kind)!;
const numbers = (t: Template) => templateOutline(t).map((e) => `${e.number}${e.title}`);

describe('TEMPLATES', () => {
  it('has one template per kind with an outline, in picker order', () => {
    expect(TEMPLATES.map((t) => t.kind)).toEqual(['half_year', 'work_points', 'plenum_speech']);
    expect(TEMPLATES.map((t) => t.name)).toEqual(['上半年工作总结及下半年工作计划', '年度工作要点', '全会讲话']);
    for (const t of TEMPLATES) expect(findTemplate(t.kind)).toBe(t);
    expect(findTemplate('custom')).toBeNull();
    expect(findTemplate('nonsense')).toBeNull();
  });

  it.each(TEMPLATES.map((t) => [t.kind, t] as const))('%s: every section is well formed', (_kind, t) => {
    const all = flatten(t.sections);
    expect(all.length).toBeGreaterThan(5);
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
    const unnumberedInside = (list: readonly (typeof t.sections)[number][]): void => {
      for (const [i, s] of list.entries()) {
        if (s.numbered === false) expect({ title: s.title, first: i === 0 }).toEqual({ title: s.title, first: true });
        unnumberedInside(s.children);
      }
    };
    for (const top of t.sections) unnumberedInside(top.children);
    expect(t.titlePattern).toContain('{地区}');
    expect(countWrittenSections(t)).toBe(all.filter((s) => s.children.length === 0).length);
  });

  it.each(TEMPLATES.map((t) => [t.kind, t] as const))('%s: every example is real seed text', (_kind, t) => {
    const withExample = flatten(t.sections).filter((s) => s.example !== undefined);
    expect(withExample.length).toBeGreaterThanOrEqual(flatten(t.sections).filter((s) => s.children.length === 0).length);
    for (const s of withExample) {
      expect(SEED_BLOCKS.has(s.example!), `${s.title}: ${s.example!.slice(0, 40)}…`).toBe(true);
      expect(s.example).not.toMatch(/会员|QQ|订阅|仅供学习|禁止外传|倒卖|酷乐文行|原创投稿|照搬照抄/);
    }
  });

  it('the example check is not vacuous: edited text is not seed text', () => {
    const example = template('half_year').sections[0]!.example!;
    expect(SEED_BLOCKS.has(example)).toBe(true);
    expect(SEED_BLOCKS.has(example.replace('X区', 'Y区'))).toBe(false);
    expect(SEED_BLOCKS.has(example.split('\n')[0]!.slice(1))).toBe(false);
  });
});

describe('half_year', () => {
  const t = template('half_year');

  it('opens with an unnumbered 导语 for the headline figures, written by the 发改局', () => {
    const intro = t.sections[0]!;
    expect(intro.title).toBe('导语（总体情况与主要指标）');
    expect(intro.numbered).toBe(false);
    expect(intro.defaultBureau).toBe('发改局');
    expect(intro.instruction).toContain('同比');
    expect(intro.example).toMatch(/^2020年以来，在市委、市政府的正确领导下/);
    expect(intro.example).toContain('上半年预计X区实现地区生产总值X亿元');
  });

  it('numbers 一、上半年工作完成情况 with its fields, 二、存在问题和不足, 三、下半年工作计划', () => {
    expect(numbers(t)).toEqual([
      '导语（总体情况与主要指标）',
      '一、上半年工作完成情况',
      '（一）疫情防控',
      '（二）经济发展',
      '（三）乡村振兴',
      '（四）城市建设管理',
      '（五）民生事业',
      '（六）党的建设',
      '（七）深化改革',
      '（八）文化旅游',
      '（九）生态环境保护',
      '二、存在问题和不足',
      '三、下半年工作计划',
      '下半年主要目标',
      '（一）常态化疫情防控',
      '（二）经济发展和项目建设',
      '（三）招商引资和企业服务',
      '（四）乡村振兴和城乡统筹',
      '（五）城市建设和生态文明',
      '（六）文化体育',
      '（七）民生福祉',
      '（八）党的建设',
    ]);
  });

  it('gives each field to the bureau of the demo contract', () => {
    const done = t.sections[1]!.children;
    const bureauOf = (title: string) => done.find((s) => s.title === title)!.defaultBureau;
    expect(bureauOf('疫情防控')).toBe('卫健局');
    expect(bureauOf('经济发展')).toBe('发改局');
    expect(bureauOf('乡村振兴')).toBe('农业农村局');
    expect(bureauOf('民生事业')).toBe('民政局');
    expect(bureauOf('党的建设')).toBe('组织部');
    expect(bureauOf('城市建设管理')).toBe('住建局');
    expect(bureauOf('文化旅游')).toBe('文旅局');
    expect(done.every((s) => s.defaultBureau !== undefined && s.instruction.includes('不超过'))).toBe(true);
    // 存在问题和不足 is summarised by the office from everyone's material: the office writes it.
    expect(t.sections[2]!.defaultBureau).toBe('办公室');
  });

  it('takes its examples from the half-year seeds', () => {
    const done = t.sections[1]!.children;
    expect(done.find((s) => s.title === '疫情防控')!.example).toMatch(/^深入组织动员，构建防控体系。/);
    expect(done.find((s) => s.title === '党的建设')!.example!.split('\n')).toHaveLength(4);
    expect(done.find((s) => s.title === '生态环境保护')!.example).toBeDefined();
    expect(t.sections[2]!.example).toMatch(/^上半年，我区各项工作取得了一定的成绩/);
  });
});

describe('work_points', () => {
  const t = template('work_points');

  it('has an unnumbered 导语 and the fields of the year as 一、二、…', () => {
    expect(numbers(t)).toEqual([
      '导语（指导思想和总体要求）',
      '一、经济发展',
      '二、营商环境',
      '三、乡村振兴',
      '四、城市建设和生态环境',
      '五、文化旅游',
      '六、民生福祉和社会治理',
      '七、常态化疫情防控',
      '八、基层党建',
    ]);
    expect(t.sections.every((s) => s.children.length === 0)).toBe(true);
  });

  it('uses the 一是…二是… text of the 工作要点 seed', () => {
    expect(t.sections.find((s) => s.title === '经济发展')!.example).toMatch(/^一是精心打造城市新商圈。/);
    expect(t.sections.find((s) => s.title === '基层党建')!.defaultBureau).toBe('组织部');
  });
});

describe('plenum_speech', () => {
  const t = template('plenum_speech');

  it('opens with 同志们 and closes with an unnumbered 结束语', () => {
    const outline = templateOutline(t);
    expect(outline[0]).toMatchObject({ number: '', numbered: false, defaultBureau: '办公室' });
    expect(outline[0]!.example).toMatch(/^同志们：\n年初以来/);
    expect(outline.at(-1)).toMatchObject({ title: '结束语（成绩与不足）', number: '', numbered: false });
    expect(outline.at(-1)!.example).toMatch(/^回顾年初以来的工作/);
    expect(outline.filter((e) => e.numbered).map((e) => e.number)).toEqual(['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、']);
  });

  it('assigns the speech’s fields to bureaus, including one the demo workspace lacks', () => {
    const bureaus = t.sections.map((s) => s.defaultBureau ?? null);
    expect(bureaus).toEqual(['办公室', '卫健局', '发改局', '农业农村局', '住建局', '政法委', '民政局', '发改局', '组织部', '办公室']);
  });
});
