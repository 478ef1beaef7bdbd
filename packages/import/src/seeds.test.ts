import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReportText, stripJunk } from './index.js';
import type { ParsedReport, ParsedSection } from './index.js';

const SEEDS = new URL('../../../seeds/', import.meta.url);

/** Reads a seed exactly as it circulates. */
function seed(name: string): string {
  return readFileSync(new URL(name, SEEDS), 'utf8');
}

/** The advertising header that four of the five seeds share, line for line. */
const SHARED_HEADER = [
  '仅供学习 禁止外传',
  '酷乐文行',
  '自建平台、实时分享',
  '根据实际需求和形式任务不断迭代',
  '现在订阅立享前3年的所有权益和资料',
  '【打击倒卖活动】',
  '举报倒卖会员资料的人，举报成功免费赠送一年会员材料！',
  '会员群：                      免费QQ群：',
];

/** Words that only ever occur in the seeds' advertising. */
const AD_WORDS = /会员|QQ|订阅|仅供学习|禁止外传|倒卖|酷乐文行|自建平台|不断迭代|原创投稿|照搬照抄/;

/** Every section in document order. */
function flatten(sections: ParsedSection[]): ParsedSection[] {
  return sections.flatMap((s) => [s, ...flatten(s.children)]);
}

/** All text the parser kept, in document order: report title, preamble, then each section's title and paragraphs. */
function keptText(r: ParsedReport): string[] {
  return [r.title, ...r.preamble, ...flatten(r.sections).flatMap((s) => [s.title, ...s.paragraphs])];
}

/** Independent of the parser: a numbered-heading marker at the start of a line. */
const MARKER = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9０-９]+[.．、](?![0-9])|[（(][0-9０-９]+[）)])/;

/** The source body after junk removal: markers removed and, on heading lines, the 。 that ends the title. */
function expectedText(source: string): string {
  const { kept } = stripJunk(source.split('\n'));
  return kept
    .map((line) => (MARKER.test(line) ? line.replace(MARKER, '').replace('。', '') : line))
    .join('')
    .replace(/\s/g, '');
}

interface SeedCase {
  file: string;
  title: string;
  level1: string[];
  junk: string[];
}

const CASES: SeedCase[] = [
  {
    file: 'district-half-year-summary-and-plan.txt',
    title: '区2020年上半年工作总结及下半年工作计划',
    level1: ['上半年工作完成情况', '存在问题和不足', '下半年工作计划'],
    junk: SHARED_HEADER,
  },
  {
    file: 'district-2020-work-priorities.txt',
    title: '区2020年工作要点',
    level1: [
      '紧扣目标任务，助推经济发展',
      '紧扣发展要务，优化营商环境',
      '紧扣民生福祉，创新社会治理',
      '紧扣群众利益，做实基层党建',
    ],
    junk: ['本文系作者原创投稿，仅供学习参考，请勿照搬照抄！'],
  },
  {
    file: 'city-half-year-summary.txt',
    title: 'XX市2020年上半年工作总结',
    level1: [
      '坚持稳中求进，全力促进经济平稳健康发展',
      '坚持慎终如始，做细做实常态化疫情防控',
      '紧盯招商项目，增强高质量赶超发展动力',
      '注重统筹融合，提升城乡发展整体性协调性',
      '坚决“背水一战”求突破，全面优化生态环境',
      '坚持共享共建，不断满足群众美好生活新向往',
    ],
    junk: SHARED_HEADER,
  },
  {
    file: 'district-government-half-year-summary.txt',
    title: '2020年区政府上半年总结及下半年打算',
    level1: [
      '聚焦打造净土，扎实做好常态化疫情防控',
      '聚焦精准服务，加快推进复产达产',
      '聚焦动能转换，扛好实体经济大旗',
      '聚焦城乡融合，扛好齐鲁样板大旗',
      '聚焦民生需求，提升城市功能品质',
    ],
    junk: SHARED_HEADER,
  },
  {
    file: 'district-committee-plenum-speech.txt',
    title: '在区委X届X次全会第X次全体会议上的讲话',
    level1: [
      '全力打赢疫情防控阻击战',
      '扎实有序恢复生产生活秩序',
      '坚决打好“三大攻坚战”',
      '科学统筹推进城乡建设',
      '着力提升基层社会治理能力',
      '竭尽全力保障改善民生',
      '全面推进重点领域深化改革',
      '持续深化全面从严治党',
    ],
    junk: SHARED_HEADER,
  },
];

describe.each(CASES)('seed $file', ({ file, title, level1, junk }) => {
  const source = seed(file);
  const report = parseReportText(source);

  it('finds the title', () => {
    expect(report.title).toBe(title);
  });

  it('finds the level-1 sections', () => {
    expect(report.sections.map((s) => s.title)).toEqual(level1);
    expect(report.sections.every((s) => s.level === 1)).toBe(true);
  });

  it('drops exactly the advertising header', () => {
    expect(report.junk).toEqual(junk);
    expect(stripJunk(source.split('\n')).junk).toEqual(junk);
  });

  it('lets no junk line survive', () => {
    for (const text of keptText(report)) {
      expect(text).not.toMatch(AD_WORDS);
      expect(junk).not.toContain(text);
    }
  });

  it('keeps every non-junk line as a title or in a paragraph', () => {
    expect(keptText(report).join('').replace(/\s/g, '')).toBe(expectedText(source));
  });

  it('leaves no numbering in titles and no empty paragraphs', () => {
    for (const s of flatten(report.sections)) {
      expect(s.title).not.toMatch(MARKER);
      expect(s.title).not.toMatch(/。$/);
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.paragraphs.every((p) => p.length > 0)).toBe(true);
    }
  });

  it('parses the same text with CRLF line endings and full-width spaces', () => {
    const messy = source.replace(/\n/g, '\r\n').replace(/ /g, '\u3000');
    const again = parseReportText(messy);
    expect(again.title).toBe(report.title);
    expect(again.sections).toEqual(report.sections);
    expect(again.junk.length).toBe(report.junk.length);
  });
});

describe('district-half-year-summary-and-plan.txt', () => {
  const report = parseReportText(seed('district-half-year-summary-and-plan.txt'));
  const [done, problems, plan] = report.sections;

  it('keeps the opening summary as preamble', () => {
    expect(report.preamble).toHaveLength(2);
    expect(report.preamble[0]).toMatch(/^2020年以来，在市委、市政府的正确领导下/);
    expect(report.preamble[1]).toMatch(/^上半年预计X区实现地区生产总值X亿元/);
  });

  it('nests （一）…（八） under 上半年工作完成情况 with bold lead sentences kept in the paragraphs', () => {
    expect(done!.paragraphs).toEqual([]);
    expect(done!.children.map((c) => c.title)).toEqual([
      '深入实施“党建领航”工程，为高质量发展提供坚强保证',
      '构建上下贯通的组织体系，疫情防控工作取得阶段性成效',
      '乡村振兴深入推进，城乡统筹发展初显成效',
      '全力稳增长促转型，经济高质量发展取得新进展',
      '重点打造智慧宜居城区，城市建管水平不断提升',
      '全面发展文旅事业，城区魅力不断彰显',
      '持续发力民生工程，推动幸福指数新提升',
      '全面深化改革，进一步优化营商环境',
    ]);
    expect(done!.children.every((c) => c.level === 2 && c.children.length === 0)).toBe(true);
    expect(done!.children[0]!.paragraphs).toHaveLength(4);
    expect(done!.children[0]!.paragraphs[0]).toMatch(/^加强基层组织建设。以“党建领航”工程为总抓手/);
    expect(problems!.children).toEqual([]);
    expect(problems!.paragraphs).toHaveLength(1);
  });

  it('splits （二）加强城乡统筹发展。继续做好… into a title and a first paragraph', () => {
    expect(plan!.children.map((c) => c.title)).toEqual([
      '党的建设全面加强',
      '加强城乡统筹发展',
      '促进三次产业协调发展',
      '抓紧推进项目建设',
      '进一步增强企业发展信心',
      '促进招商引资再上新台阶',
      '推动文化体育事业新发展',
      '实现民生福祉新提升',
      '展现城乡生态文明建设新风貌',
      '做好常态化疫情防控工作',
    ]);
    const [first, second] = plan!.children;
    expect(first!.paragraphs).toHaveLength(3);
    expect(second!.paragraphs).toHaveLength(1);
    expect(second!.paragraphs[0]).toMatch(/^继续做好里两镇各项移交工作/);
  });

  it('warns once about the second （三）', () => {
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toContain('第二个“（三）”重复，已按顺序重新编号');
    expect(report.warnings[0]).toContain('抓紧推进项目建设');
  });
});

describe('the other seeds', () => {
  it('district-2020-work-priorities.txt: 一是…二是… stays body text', () => {
    const report = parseReportText(seed('district-2020-work-priorities.txt'));
    expect(report.warnings).toEqual([]);
    for (const s of report.sections) {
      expect(s.children).toEqual([]);
      expect(s.paragraphs).toHaveLength(1);
      expect(s.paragraphs[0]).toMatch(/^一是/);
    }
  });

  it('city-half-year-summary.txt: warns that 三、 is missing before 四、', () => {
    const report = parseReportText(seed('city-half-year-summary.txt'));
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toContain('“四、”之前缺少“三、”，已按顺序重新编号');
  });

  it('district-government-half-year-summary.txt: level-1 headings carry their body after the first 。', () => {
    const report = parseReportText(seed('district-government-half-year-summary.txt'));
    expect(report.warnings).toEqual([]);
    expect(report.sections[0]!.paragraphs[0]).toMatch(/^抓实疫情防控三个阶段/);
    // The closing 下一步… paragraph has no heading of its own, so it stays with the last section.
    expect(report.sections.at(-1)!.paragraphs.at(-1)).toMatch(/^下一步，XXX区将认真落实/);
  });

  it('district-committee-plenum-speech.txt: 同志们 opens the preamble', () => {
    const report = parseReportText(seed('district-committee-plenum-speech.txt'));
    expect(report.warnings).toEqual([]);
    expect(report.preamble[0]).toBe('同志们：');
    expect(report.preamble).toHaveLength(2);
    expect(report.sections[0]!.paragraphs).toHaveLength(5);
    expect(report.sections.at(-1)!.paragraphs.at(-1)).toMatch(/^回顾年初以来的工作/);
  });
});
