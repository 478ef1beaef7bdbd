import { describe, expect, it } from 'vitest';
import { IMPORT_PREVIEW } from '@hegao/contract';
import { previewProblems } from './invariant.js';
import { previewImport, previewText, splitInlineHeading, textToSourceLines } from './preview.js';
import type { PreviewResult } from './preview.js';

/** Numbers, titles and levels, the way the secretary sees the outline. */
function outline(p: PreviewResult): [string, string, number][] {
  return p.sections.map((s) => [s.number, s.title, s.level]);
}
/** Removed lines as [text, reason]. */
function removed(p: PreviewResult): [string, string][] {
  return p.removed.map((r) => [r.text, r.reason]);
}
/** Previews text and checks the one-place-per-line invariant on the way. */
function preview(lines: string[]): PreviewResult {
  const p = previewText(lines.join('\n'));
  expect(previewProblems(p)).toEqual([]);
  return p;
}

describe('previewText', () => {
  it('builds a flat, depth-first outline with canonical numbers', () => {
    const p = preview(['示例区2020年工作计划', '前言段落。', '一、总体要求', '（一）指导思想', '1.坚持党的领导', '（1）学习贯彻', '细项正文。', '2、强化保障', '二、重点任务']);
    expect(p.title).toBe('示例区2020年工作计划');
    expect(p.titleLine).toBe(0);
    expect(p.period).toBe('2020年');
    expect(p.kind).toBe('work_points');
    expect(outline(p)).toEqual([
      ['', '导语', 1],
      ['一、', '总体要求', 1],
      ['（一）', '指导思想', 2],
      ['1.', '坚持党的领导', 3],
      ['（1）', '学习贯彻', 4],
      ['2.', '强化保障', 3],
      ['二、', '重点任务', 1],
    ]);
    expect(p.sections[0]!.line).toBeNull();
    expect(p.sections[0]!.bodyLines).toEqual([1]);
    expect(p.sections[4]!.line).toBe(5);
    expect(p.sections[4]!.bodyLines).toEqual([6]);
    expect(p.sections[4]!.text).toBe('细项正文。');
    expect(p.sections[4]!.blocks).toEqual([{ type: 'paragraph', runs: [{ text: '细项正文。' }] }]);
    expect(p.sections.every((s) => s.bureauIds.length === 0)).toBe(true);
    expect(p.warnings).toEqual([]);
    expect(p.lines).toEqual(['示例区2020年工作计划', '前言段落。', '一、总体要求', '（一）指导思想', '1.坚持党的领导', '（1）学习贯彻', '细项正文。', '2、强化保障', '二、重点任务']);
  });

  it('renumbers from position: the source numbers do not matter, but gaps and repeats are reported', () => {
    const p = preview(['区工作总结', '一、甲', '（一）子一', '（三）子三', '（三）子四', '二、乙', '四、丁', '三、丙']);
    expect(outline(p)).toEqual([
      ['一、', '甲', 1],
      ['（一）', '子一', 2],
      ['（二）', '子三', 2],
      ['（三）', '子四', 2],
      ['二、', '乙', 1],
      ['三、', '丁', 1],
      ['四、', '丙', 1],
    ]);
    expect(p.warnings.map((w) => [w.code, w.section, w.line])).toEqual([
      ['missing_number', 2, 3],
      ['duplicate_number', 3, 4],
      ['missing_number', 5, 6],
      ['number_order', 6, 7],
    ]);
    expect(p.warnings[0]!.message).toBe('“（三）”之前缺少“（二）”，已按顺序重新编号（位于“甲”下，标题“子三”）');
    expect(p.warnings[3]!.message).toBe('“三、”编号倒退（前一个为“四、”），已按顺序重新编号（标题“丙”）');
  });

  it('puts a skipped level one level deeper and says so once per parent', () => {
    const p = preview(['区工作总结', '一、甲', '1.子一', '2.子二', '二、乙', '（1）细项']);
    expect(outline(p)).toEqual([
      ['一、', '甲', 1],
      ['（一）', '子一', 2],
      ['（二）', '子二', 2],
      ['二、', '乙', 1],
      ['（一）', '细项', 2],
    ]);
    expect(p.warnings.map((w) => w.code)).toEqual(['skipped_level', 'skipped_level']);
    expect(p.warnings[0]!.message).toBe('“1.”上方缺少“（一）”这一级编号，已作为第二级标题（位于“甲”下，标题“子一”）');
  });

  it('splits inline headings after 。, ： or a space, and keeps the run-on text as the first paragraph', () => {
    const p = preview([
      '区2023年工作要点',
      '一、指导思想：以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。',
      '二、重点任务',
      '（一）加快项目建设 全年实施区级重点项目100个，年度计划投资60亿元。',
      '（二）壮大实体经济。新增规模以上工业企业10家。',
      '（三）主要目标：',
      '（四）全 区一盘棋',
    ]);
    expect(outline(p)).toEqual([
      ['一、', '指导思想', 1],
      ['二、', '重点任务', 1],
      ['（一）', '加快项目建设', 2],
      ['（二）', '壮大实体经济', 2],
      ['（三）', '主要目标', 2],
      ['（四）', '全区一盘棋', 2],
    ]);
    expect(p.sections[0]!.text).toBe('以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。');
    expect(p.sections[0]!.bodyLines).toEqual([]);
    expect(p.sections[2]!.text).toBe('全年实施区级重点项目100个，年度计划投资60亿元。');
    expect(p.sections[3]!.text).toBe('新增规模以上工业企业10家。');
    expect(p.sections[4]!.text).toBe('');
  });

  it('never takes 一是…二是…, 第一，… 首先… or bold lead sentences for headings', () => {
    const p = preview([
      '在全区工作会议上的讲话',
      '同志们：',
      '一、认清形势',
      '一是经济恢复基础不牢。二是需求不足。',
      '第一，要提高认识。',
      '首先，要抓好落实。',
      '深入组织动员，构建防控体系。发挥基层党组织作用。',
      '1.5亿元资金已经到位。',
      '二、抓好落实',
    ]);
    expect(outline(p)).toEqual([
      ['', '导语', 1],
      ['一、', '认清形势', 1],
      ['二、', '抓好落实', 1],
    ]);
    expect(p.sections[1]!.bodyLines).toEqual([3, 4, 5, 6, 7]);
    expect(p.kind).toBe('plenum_speech');
  });

  it('makes short unnumbered part headings level 1 and nests the numbered headings under them', () => {
    const p = preview([
      'XX镇2023年上半年工作总结及下半年工作计划',
      '上半年工作回顾',
      '一、经济运行平稳',
      '（一）工业生产',
      '二、民生改善',
      '下半年工作计划',
      '下半年，我们将重点抓好以下工作。',
      '一、抓项目',
      '二、保民生',
    ]);
    expect(outline(p)).toEqual([
      ['', '上半年工作回顾', 1],
      ['（一）', '经济运行平稳', 2],
      ['1.', '工业生产', 3],
      ['（二）', '民生改善', 2],
      ['', '下半年工作计划', 1],
      ['（一）', '抓项目', 2],
      ['（二）', '保民生', 2],
    ]);
    expect(p.sections[4]!.text).toBe('下半年，我们将重点抓好以下工作。');
    expect(p.warnings).toEqual([]);
  });

  it('leaves a short keyword line that is not followed by top-level headings in the body', () => {
    const p = preview(['区工作总结', '一、主要成效', '存在问题', '经济总量偏小。', '（一）细项']);
    expect(outline(p)).toEqual([
      ['一、', '主要成效', 1],
      ['（一）', '细项', 2],
    ]);
    expect(p.sections[0]!.text).toBe('存在问题\n经济总量偏小。');
  });

  it('flags over-long titles and titles missing', () => {
    const long = `一、${'全力以赴抓好项目建设，'.repeat(5)}确保完成任务`;
    const p = preview(['区工作总结', long]);
    expect(p.warnings.map((w) => w.code)).toEqual(['long_title']);
    expect(p.warnings[0]!.message).toMatch(/^“一、”的标题长达\d+字，可能把正文当成了标题/);
    const untitled = preview(['一、甲', '正文。']);
    expect(untitled.title).toBe('');
    expect(untitled.titleLine).toBeNull();
    expect(untitled.warnings.map((w) => w.code)).toEqual(['no_title']);
    expect(preview(['区工作总结', '正文一。', '正文二。']).warnings.map((w) => w.code)).toEqual(['no_headings']);
  });

  it('joins a marker standing alone with the short line after it', () => {
    const p = preview(['区工作总结', '一、', '上半年工作完成情况', '正文。']);
    expect(outline(p)).toEqual([['一、', '上半年工作完成情况', 1]]);
    expect(p.sections[0]!.line).toBe(2);
    expect(removed(p)).toEqual([['一、', '单独成行的编号']]);
  });

  it('removes a repeated title, and a page title with the site name after it', () => {
    expect(removed(preview(['XX县2021年工作总结', 'XX县2021年工作总结', '一、甲']))).toEqual([['XX县2021年工作总结', '重复标题']]);
    const p = preview(['XX区2023年工作要点_XX区人民政府网', '首页 > 政务公开 > 正文', 'XX区2023年工作要点', '一、甲']);
    expect(p.title).toBe('XX区2023年工作要点');
    expect(p.titleLine).toBe(2);
    expect(removed(p)).toEqual([
      ['XX区2023年工作要点_XX区人民政府网', '网页标题'],
      ['首页 > 政务公开 > 正文', '网页导航'],
    ]);
  });

  it('joins hard-wrapped lines, never across a sentence end or into a short standalone line', () => {
    const p = preview([
      'XX街道2022年工作总结',
      '今年以来，街道党工委坚持稳中求进工作总基调，统筹',
      '推进疫情防控和经济社会发展，各项工作取得了阶段性成效。',
      '——2023年1月6日在XX区第X届人民代表大会第X次会议上',
      '区长 XXX',
      '一、招商引资成效明显。上半年新签约项目12个，协议引资',
      '28.6亿元，同比增长15 .2%。',
      '全年新开工项目45个。',
      '二、其他',
    ]);
    expect(p.sections[0]!.text).toBe(
      '今年以来，街道党工委坚持稳中求进工作总基调，统筹推进疫情防控和经济社会发展，各项工作取得了阶段性成效。\n——2023年1月6日在XX区第X届人民代表大会第X次会议上\n区长 XXX',
    );
    expect(p.sections[0]!.bodyLines).toEqual([1, 2, 3, 4]);
    expect(p.sections[1]!.text).toBe('上半年新签约项目12个，协议引资28.6亿元，同比增长15.2%。\n全年新开工项目45个。');
    expect(p.sections[1]!.bodyLines).toEqual([6, 7]);
  });

  it('cleans a scraped page: furniture removed with reasons, entities decoded, wrap spaces joined', () => {
    const p = preview([
      '您现在的位置：首页 > 政务公开',
      'XX区2023年工作要点',
      '发布时间：2023-02-08 来源：区政府办公室 浏览次数：1285',
      '【字体：大 中 小】',
      '一、推动&ldquo;两个提升&rdquo;',
      '全 区地区生产总值增长 6.5 %左右，一般公共预算收入增长5 .2%。',
      '分享到：',
      '上一篇：XX区2022年工作总结',
      '版权所有 © XX区人民政府',
    ]);
    expect(outline(p)).toEqual([['一、', '推动“两个提升”', 1]]);
    expect(p.sections[0]!.text).toBe('全区地区生产总值增长6.5%左右，一般公共预算收入增长5.2%。');
    expect(p.lines[4]).toBe('一、推动“两个提升”');
    expect(removed(p).map(([, reason]) => reason)).toEqual(['网页导航', '网页信息', '网页按钮', '分享与登录', '上一篇/下一篇', '网页页脚']);
  });

  it('takes the report out of a 通知 and removes the notice with its own 一、二、', () => {
    const p = preview([
      'X政办发〔2023〕1号',
      '关于印发《XX区2023年工作要点》的通知',
      '各镇人民政府，各街道办事处：',
      '一、提高思想认识',
      '二、加强督促检查',
      'XX区人民政府办公室',
      '2023年2月1日',
      '附件',
      'XX区2023年工作要点',
      '一、扩大有效投资',
      '二、优化营商环境',
    ]);
    expect(p.title).toBe('XX区2023年工作要点');
    expect(p.titleLine).toBe(8);
    expect(outline(p)).toEqual([
      ['一、', '扩大有效投资', 1],
      ['二、', '优化营商环境', 1],
    ]);
    expect(removed(p).map(([, reason]) => reason)).toEqual([...Array<string>(7).fill('通知正文'), '附件标记']);
    expect(p.warnings.map((w) => [w.code, w.line])).toEqual([['notice_attachment', 7]]);
  });

  it('warns when a notice has no attachment, and keeps everything', () => {
    const p = preview(['X政办发〔2023〕2号', '关于做好春节期间安全生产工作的通知', '各镇人民政府：', '一、提高认识', '二、加强检查']);
    expect(p.warnings.map((w) => w.code)).toContain('notice_without_attachment');
    expect(p.title).toBe('关于做好春节期间安全生产工作的通知');
    expect(p.sections.map((s) => s.title)).toEqual(['导语', '提高认识', '加强检查']);
    expect(p.sections[0]!.text).toBe('各镇人民政府：');
  });

  it('removes page numbers and a table of contents', () => {
    const p = preview(['XX区2023年政府工作报告', '目 录', '一、工作回顾……………………3', '二、工作安排……………………9', '一、工作回顾', '— 1 —', '二、工作安排']);
    expect(outline(p)).toEqual([
      ['一、', '工作回顾', 1],
      ['二、', '工作安排', 1],
    ]);
    expect(removed(p).map(([, reason]) => reason)).toEqual(['目录', '目录', '目录', '页码']);
  });
});

describe('previewImport', () => {
  it('keeps a .docx block as given, and never takes a list or table for a heading', () => {
    const bold = { type: 'paragraph' as const, runs: [{ text: '深入组织动员。', bold: true }, { text: '发挥作用。' }] };
    const table = { type: 'table' as const, rows: [['一、指标', '数值']] };
    const list = { type: 'ordered_list' as const, items: ['1.第一项', '2.第二项'] };
    const p = previewImport([
      { text: '区工作总结' },
      { text: '一、疫情防控', block: { type: 'paragraph', runs: [{ text: '一、疫情防控', bold: true }] } },
      { text: '深入组织动员。发挥作用。', block: bold },
      { text: '一、指标 数值', block: table },
      { text: '1.第一项 2.第二项', block: list },
    ]);
    expect(outline(p)).toEqual([['一、', '疫情防控', 1]]);
    expect(p.sections[0]!.blocks).toEqual([bold, table, list]);
    expect(p.sections[0]!.text).toBe('深入组织动员。发挥作用。\n一、指标 数值\n1.第一项 2.第二项');
    expect(p.sections[0]!.bodyLines).toEqual([2, 3, 4]);
    expect(previewProblems(p)).toEqual([]);
  });

  it('removes empty source lines as 空行 and keeps one entry in lines per source line', () => {
    const p = previewImport([{ text: '区工作总结' }, { text: '  ' }, { text: '一、甲' }]);
    expect(p.lines).toEqual(['区工作总结', '', '一、甲']);
    expect(removed(p)).toEqual([['', '空行']]);
    expect(previewProblems(p)).toEqual([]);
  });

  it('handles no lines at all', () => {
    const p = previewImport([]);
    expect(p).toMatchObject({ title: '', titleLine: null, sections: [], removed: [], lines: [] });
    expect(p.warnings.map((w) => w.code)).toEqual(['no_title', 'no_headings']);
  });
});

describe('textToSourceLines', () => {
  it('splits a flattened page at paragraph indents but not at blanks for figures', () => {
    const blank = `今年以来，一般公共预算支出中用于教育、社会保障、医疗卫生、农林水利等民生领域资金达\u00a0\u00a0亿元，占一般公共预算支出的X%，有效保障了各项民生事业的发展。`;
    expect(textToSourceLines(blank)).toEqual([{ text: blank }]);
    const flat = `${'全区上下要坚定信心、'.repeat(8)}奋力开创新局面。\u3000\u3000一、扩大有效投资\u3000\u3000全年实施重点项目120个。`;
    expect(textToSourceLines(flat).map((l) => l.text)).toEqual([`${'全区上下要坚定信心、'.repeat(8)}奋力开创新局面。`, '一、扩大有效投资', '全年实施重点项目120个。']);
  });

  it('splits on any line ending and drops blank lines', () => {
    expect(textToSourceLines('甲\r\n\r\n乙\r丙\u2028丁\n\u3000\n')).toEqual([{ text: '甲' }, { text: '乙' }, { text: '丙' }, { text: '丁' }]);
  });
});

describe('splitInlineHeading', () => {
  it.each([
    ['加强统筹。继续做好。再做好。', '加强统筹', '继续做好。再做好。'],
    ['保障民生。', '保障民生', ''],
    ['指导思想：以习近平新时代中国特色社会主义思想为指导', '指导思想', '以习近平新时代中国特色社会主义思想为指导'],
    ['加快项目建设 全年实施区级重点项目100个', '加快项目建设', '全年实施区级重点项目100个'],
    ['下半年工作 计划', '下半年工作计划', ''],
    ['坚持“两手抓”，推动发展', '坚持“两手抓”，推动发展', ''],
  ])('%s', (rest, title, body) => {
    expect(splitInlineHeading(rest)).toEqual({ title, body });
  });
});

describe('speed', () => {
  it('previews a 30,000-character report in well under a second, and scales linearly', () => {
    const block = [
      '一、加快项目建设',
      '（一）扩大有效投资。全年实施重点项目120个，完成投资80亿元以上，其中产业项目占比不低于60%，同比增长 12.3 %。',
      '1.抓好产业项目。新开工亿元以上产业项目15个，续建项目30个，竣工投产项目20个，全 区新增规上企业10家。',
      '一是加快前期工作；二是强化要素保障；三是落实包联责任，确保项目早开工、早投产、早见效。',
    ].join('\n');
    const doc = (n: number) => ['XX区2023年工作要点', ...Array.from({ length: n }, () => block)].join('\n');
    const small = doc(180);
    const large = doc(1800);
    expect(small.length).toBeGreaterThan(30_000);
    previewText(small); // warm up
    let t = performance.now();
    const p = previewText(small);
    const smallMs = performance.now() - t;
    t = performance.now();
    previewText(large);
    const largeMs = performance.now() - t;
    expect(p.sections.length).toBe(540);
    expect(smallMs).toBeLessThan(250);
    expect(largeMs).toBeLessThan(Math.max(40 * smallMs, 2500));
  });
});

describe('parts and signatures', () => {
  it('lets numbering run on across parts without warnings', () => {
    const p = preview(['区工作总结', '上半年工作回顾', '一、甲', '二、乙', '下半年工作打算', '三、丙', '四、丁']);
    expect(outline(p)).toEqual([
      ['', '上半年工作回顾', 1],
      ['（一）', '甲', 2],
      ['（二）', '乙', 2],
      ['', '下半年工作打算', 1],
      ['（一）', '丙', 2],
      ['（二）', '丁', 2],
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('still reports a gap under a part', () => {
    const p = preview(['区工作总结', '上半年工作回顾', '一、甲', '下半年工作打算', '一、丙', '三、丁']);
    expect(p.warnings.map((w) => [w.code, w.section])).toEqual([['missing_number', 4]]);
  });

  it('keeps a lone keyword line between numbered sections as body text', () => {
    const p = preview(['区工作总结', '一、主要成效', '经济平稳增长。', '下一步工作打算', '二、存在问题']);
    expect(outline(p)).toEqual([
      ['一、', '主要成效', 1],
      ['二、', '存在问题', 1],
    ]);
    expect(p.sections[0]!.text).toBe('经济平稳增长。\n下一步工作打算');
  });

  it('removes the signature at the end: signer and date (the publication note is 附注)', () => {
    const p = preview(['区工作总结', '一、甲', '正文。', 'XX区人民政府办公室', '2023年7月10日', '（此件公开发布）']);
    expect(removed(p)).toEqual([
      ['XX区人民政府办公室', '落款'],
      ['2023年7月10日', '落款'],
      ['（此件公开发布）', '附注'],
    ]);
    expect(p.sections[0]!.text).toBe('正文。');
  });

  it('keeps a last line that only looks like a signer when no date follows', () => {
    const p = preview(['区工作总结', '一、甲', '正文。', 'XX区人民政府办公室']);
    expect(p.removed).toEqual([]);
  });
});

describe('more shapes as they circulate', () => {
  it('splits a page flattened to one line at its paragraph indents', () => {
    const flat = `XX区2023年工作要点\n2023年2月8日 来源：区政府办公室 【字体：大 中 小】\u3000\u3000今年是全面贯彻党的二十大精神的开局之年，${'全区上下要坚定信心、'.repeat(8)}奋力开创新局面。\u3000\u3000一、扩大有效投资\u3000\u3000全年实施重点项目120个。\u3000\u3000二、优化营商环境\u3000\u3000深化“放管服”改革。`;
    const p = preview([flat]);
    expect(outline(p)).toEqual([
      ['', '导语', 1],
      ['一、', '扩大有效投资', 1],
      ['二、', '优化营商环境', 1],
    ]);
    expect(removed(p)).toEqual([['2023年2月8日 来源：区政府办公室 【字体：大 中 小】', '网页信息']]);
    expect(p.sections[2]!.text).toBe('深化“放管服”改革。');
  });

  it('reads pasted HTML paragraphs as lines', () => {
    const p = preview(['<p>区工作总结</p><p>一、甲</p><p>正文&ldquo;一&rdquo;。</p>']);
    expect(outline(p)).toEqual([['一、', '甲', 1]]);
    expect(p.sections[0]!.text).toBe('正文“一”。');
  });

  it('takes 第一部分 lines for parts', () => {
    const p = preview(['XX区政府工作报告', '第一部分 2022年工作回顾', '过去一年，经济平稳增长。', '第二部分 2023年工作安排', '一、稳增长', '二、惠民生']);
    expect(outline(p)).toEqual([
      ['', '第一部分 2022年工作回顾', 1],
      ['', '第二部分 2023年工作安排', 1],
      ['（一）', '稳增长', 2],
      ['（二）', '惠民生', 2],
    ]);
  });

  it('joins a title broken after its issuer', () => {
    const p = preview(['XX区人民政府', '关于2023年上半年工作情况的报告', '一、甲']);
    expect(p.title).toBe('XX区人民政府关于2023年上半年工作情况的报告');
    expect(p.titleLine).toBe(1);
    expect(removed(p)).toEqual([['XX区人民政府', '并入标题']]);
    expect(p.period).toBe('2023年上半年');
  });

  it('accepts 一. with an ASCII dot and (一) with ASCII brackets', () => {
    const p = preview(['区工作总结', '一.总体要求', '(一)指导思想', '二.重点任务']);
    expect(outline(p)).toEqual([
      ['一、', '总体要求', 1],
      ['（一）', '指导思想', 2],
      ['二、', '重点任务', 1],
    ]);
  });
});

describe('Word heading styles', () => {
  it('takes an unnumbered styled heading for a heading, and a styled part name for a part', () => {
    const p = previewImport([
      { text: 'XX区2023年上半年工作总结' },
      { text: '上半年工作回顾', styleLevel: 1 },
      { text: '经济发展', styleLevel: 2 },
      { text: '地区生产总值增长6%。' },
      { text: '社会事业', styleLevel: 2 },
      { text: '加强基层组织建设。以党建领航为总抓手。', styleLevel: 3 },
    ]);
    expect(outline(p)).toEqual([
      ['', '上半年工作回顾', 1],
      ['（一）', '经济发展', 2],
      ['（二）', '社会事业', 2],
    ]);
    expect(p.sections[2]!.text).toBe('加强基层组织建设。以党建领航为总抓手。');
    expect(p.warnings).toEqual([]);
    expect(previewProblems(p)).toEqual([]);
  });
});

describe('a title repeated after 附件', () => {
  it('removes the 附件 marker and the repeated title when no notice surrounds them', () => {
    const p = preview(['XX区2023年工作要点', '附件', 'XX区2023年工作要点', '今年是开局之年。', '一、甲']);
    expect(removed(p)).toEqual([
      ['附件', '附件标记'],
      ['XX区2023年工作要点', '重复标题'],
    ]);
    expect(removed(preview(['XX区2023年工作要点', '附件：XX区2023年工作要点', '一、甲']))).toEqual([['附件：XX区2023年工作要点', '重复标题']]);
  });
});

describe('notices that are the document', () => {
  it('keeps a notice whose attachment is a short form, and says so', () => {
    const p = preview([
      'X政办发〔2023〕5号',
      '关于做好2023年上半年工作总结的通知',
      '各镇人民政府，各街道办事处，区政府各部门：',
      '为全面总结上半年工作，科学谋划下半年工作，现将有关事项通知如下。',
      '一、总结内容。重点总结上半年目标任务完成情况、主要做法和成效、存在的问题和下一步打算。',
      '二、报送要求。请于7月5日前将书面材料报区政府办公室，字数控制在3000字以内。',
      'XX区人民政府办公室',
      '2023年6月20日',
      '附件',
      '主要指标完成情况表',
      '指标 目标 完成',
      '地区生产总值',
    ]);
    expect(p.warnings.map((w) => w.code)).toEqual(['notice_ambiguous']);
    expect(p.title).toBe('关于做好2023年上半年工作总结的通知');
    expect(p.sections.map((s) => s.title)).toEqual(['导语', '总结内容', '报送要求']);
  });

  it('does not take a speech to 各位代表 for a notice', () => {
    const p = preview(['XX区政府工作报告', '各位代表：', '现在，我代表区人民政府向大会报告工作。', '一、工作回顾', '2022年12月30日', '附件：名词解释', '1.新基建：指新型基础设施建设。', '2.专精特新：指专业化、精细化、特色化、新颖化。', '3.双碳：指碳达峰、碳中和。']);
    expect(p.warnings.map((w) => w.code)).not.toContain('notice_attachment');
    expect(p.sections[0]!.text).toBe('各位代表：\n现在，我代表区人民政府向大会报告工作。');
  });
});

describe('advertising', () => {
  it('keeps report sentences that contain words ads use', () => {
    const p = preview(['区工作总结', '一、文化建设', '规范文化市场，坚持开展“扫黄打非”。', '创建全国示范文明城市。', '通过微信公众号发布信息12条。', '工会会员新增300人。']);
    expect(p.removed).toEqual([]);
    expect(p.sections[0]!.bodyLines).toEqual([2, 3, 4, 5]);
  });

  it('removes ad lines inside the body, sentences with ad-only marks included', () => {
    const p = preview(['区工作总结', '一、甲', '更多范文请关注公众号', '本文系作者原创投稿，仅供学习参考，请勿照搬照抄！', '正文。']);
    expect(removed(p)).toEqual([
      ['更多范文请关注公众号', '广告'],
      ['本文系作者原创投稿，仅供学习参考，请勿照搬照抄！', '广告'],
    ]);
  });
});

describe('lines under the title', () => {
  it('removes the date, the meeting line and the byline under a title as 题注', () => {
    const p = preview(['在全县经济工作会议上的讲话', '（2023年2月10日）', '县委书记 XXX', '同志们：', '一、认清形势']);
    expect(removed(p)).toEqual([
      ['（2023年2月10日）', '题注'],
      ['县委书记 XXX', '题注'],
    ]);
    expect(p.sections[0]!.text).toBe('同志们：');
    const report = preview(['政府工作报告', '——2023年1月6日在XX区第X届人民代表大会第X次会议上', '区长 XXX', '各位代表：', '一、工作回顾']);
    expect(removed(report).map(([, r]) => r)).toEqual(['题注', '题注']);
  });

  it('stops at the first line of the report, and never takes a heading', () => {
    const p = preview(['区工作总结', '（一）总体情况', '（2023年2月10日）']);
    expect(p.removed).toEqual([]);
    const q = preview(['区工作总结', '今年以来，全区经济平稳。', '（2023年2月10日）', '一、甲']);
    expect(q.removed).toEqual([]);
  });
});

describe('范文 pages', () => {
  it('takes a lone 篇1 line for text, not a page of several reports', () => {
    const p = preview(['区工作总结', '一、甲', '学习心得体会篇1', '正文。']);
    expect(p.removed).toEqual([]);
    expect(p.warnings).toEqual([]);
  });
});

describe('where a report starts its numbering', () => {
  it('takes （一） at the top for level 1 without a skipped-level warning, but warns below it', () => {
    const p = preview(['区卫健局工作总结', '（一）疫情防控', '（1）核酸检测', '（二）医疗服务']);
    expect(outline(p)).toEqual([
      ['一、', '疫情防控', 1],
      ['（一）', '核酸检测', 2],
      ['二、', '医疗服务', 1],
    ]);
    expect(p.warnings.map((w) => w.code)).toEqual(['skipped_level']);
  });

  it('keeps 一、二季度 and 一、二、三产业 in the body', () => {
    const p = preview(['区经济运行情况', '一、总体情况', '一、二季度全区经济运行平稳。', '一、二、三产业协调发展。']);
    expect(outline(p)).toEqual([['一、', '总体情况', 1]]);
    expect(p.sections[0]!.bodyLines).toEqual([2, 3]);
  });
});

describe('wrapped headings', () => {
  it('continues a long heading on a short next line', () => {
    const p = preview(['XX市2020年上半年工作总结', '一、坚持稳中求进，全力促进经济平稳', '健康发展', '上半年全市经济运行总体平稳。', '二、坚持慎终如始，做细做实常态化疫', '情防控', '正文。']);
    expect(outline(p)).toEqual([
      ['一、', '坚持稳中求进，全力促进经济平稳健康发展', 1],
      ['二、', '坚持慎终如始，做细做实常态化疫情防控', 1],
    ]);
    expect(removed(p)).toEqual([
      ['健康发展', '并入上一行标题'],
      ['情防控', '并入上一行标题'],
    ]);
  });

  it('leaves a short heading and its first short paragraph apart', () => {
    const p = preview(['区工作总结', '一、重点任务', '抓项目', '二、保障措施', '（一）组织保障']);
    expect(p.sections[0]!.text).toBe('抓项目');
  });
});

describe('.docx headings', () => {
  it('splits a heading at its bold title when plain text runs on without punctuation', () => {
    const runs = [{ text: '（一）加快项目建设', bold: true }, { text: '全年实施重点项目100个，' }, { text: '一是抓开工。', bold: true }];
    const p = previewImport([
      { text: '区工作要点' },
      { text: '一、重点任务' },
      { text: runs.map((r) => r.text).join(''), block: { type: 'paragraph', runs } },
    ]);
    expect(outline(p)).toEqual([
      ['一、', '重点任务', 1],
      ['（一）', '加快项目建设', 2],
    ]);
    expect(p.sections[1]!.text).toBe('全年实施重点项目100个，一是抓开工。');
    expect(p.sections[1]!.blocks).toEqual([{ type: 'paragraph', runs: [{ text: '全年实施重点项目100个，' }, { text: '一是抓开工。', bold: true }] }]);
    expect(p.warnings).toEqual([]);
    expect(previewProblems(p)).toEqual([]);
  });

  it('keeps a wholly bold heading whole', () => {
    const p = previewImport([{ text: '区工作要点' }, { text: '一、重点任务', block: { type: 'paragraph', runs: [{ text: '一、重点任务', bold: true }] } }]);
    expect(outline(p)).toEqual([['一、', '重点任务', 1]]);
    expect(p.sections[0]!.blocks).toEqual([]);
  });
});

describe('.docx run-on text', () => {
  it('keeps the runs of the text after a heading’s 。', () => {
    const runs = [{ text: '（一）加快项目建设。', bold: true }, { text: '一是抓开工。', bold: true }, { text: '全年新开工项目45个。' }];
    const p = previewImport([{ text: '区工作要点' }, { text: '一、重点任务' }, { text: runs.map((r) => r.text).join(''), block: { type: 'paragraph', runs } }]);
    expect(p.sections[1]!.title).toBe('加快项目建设');
    expect(p.sections[1]!.blocks).toEqual([{ type: 'paragraph', runs: [{ text: '一是抓开工。', bold: true }, { text: '全年新开工项目45个。' }] }]);
  });

  it('cuts inside a run', () => {
    const runs = [{ text: '（一）加快项目建设。全年', bold: false }, { text: '新开工项目45个。', bold: true }];
    const p = previewImport([{ text: '区工作要点' }, { text: runs.map((r) => r.text).join(''), block: { type: 'paragraph', runs } }]);
    expect(p.sections[0]!.blocks).toEqual([{ type: 'paragraph', runs: [{ text: '全年', bold: false }, { text: '新开工项目45个。', bold: true }] }]);
  });
});

describe('a title on two lines', () => {
  it('joins a second line that continues the title', () => {
    const p = preview(['XX区2023年上半年工作总结', '及下半年工作计划', '上半年工作回顾', '一、甲', '下半年工作计划', '一、乙']);
    expect(p.title).toBe('XX区2023年上半年工作总结及下半年工作计划');
    expect(removed(p)).toEqual([['及下半年工作计划', '并入标题']]);
    expect(outline(p).map(([, t]) => t)).toEqual(['上半年工作回顾', '甲', '下半年工作计划', '乙']);
    // Folded into the title, not dropped: marked so the page offers no 恢复 that would duplicate it.
    expect(p.removed[0]).toMatchObject({ text: '及下半年工作计划', merged: true });
    expect(p.kind).toBe('half_year');
    const q = preview(['关于XX区2023年上半年工作情况和', '下半年工作打算的报告', '一、甲']);
    expect(q.title).toBe('关于XX区2023年上半年工作情况和下半年工作打算的报告');
  });
});

describe('a government work report page', () => {
  it('drops —全文, the letter-spaced title and the lines under it', () => {
    const p = preview([
      '2023年XX区政府工作报告—全文',
      '政 府 工 作 报 告',
      '——2022年12月27日在XX区第X届人民代表大会第X次会议上',
      'XX区人民政府区长 XXX',
      '各位代表：',
      '现在，我代表区人民政府向大会报告工作，请予审议。',
      '一、2022年工作回顾',
      '——经济运行趋稳向好。全年地区生产总值增长3%。',
      '二、2023年工作安排',
    ]);
    expect(p.title).toBe('2023年XX区政府工作报告');
    expect(removed(p)).toEqual([
      ['政 府 工 作 报 告', '重复标题'],
      ['——2022年12月27日在XX区第X届人民代表大会第X次会议上', '题注'],
      ['XX区人民政府区长 XXX', '题注'],
    ]);
    expect(outline(p)).toEqual([
      ['', '导语', 1],
      ['一、', '2022年工作回顾', 1],
      ['二、', '2023年工作安排', 1],
    ]);
    expect(p.sections[1]!.text).toBe('——经济运行趋稳向好。全年地区生产总值增长3%。');
  });
});

describe("the contract's shape", () => {
  /** `IMPORT_PREVIEW` without what the caller adds (sourceName, sourceSha256): what previewImport must build. */
  const RESULT = IMPORT_PREVIEW.omit({ sourceName: true, sourceSha256: true }).strict();

  it('builds IMPORT_PREVIEW exactly: blocks, merged removed lines and located warnings included', () => {
    const bold = { type: 'paragraph' as const, runs: [{ text: '深入组织动员。', bold: true }, { text: '发挥作用。' }] };
    const p = previewImport([
      { text: '分享到：' },
      { text: 'XX区人民政府' },
      { text: '关于2023年上半年工作情况的报告' },
      { text: '一、疫情防控' },
      { text: '深入组织动员。发挥作用。', block: bold },
      { text: '一、指标 数值', block: { type: 'table', rows: [['一、指标', '数值']] } },
      { text: '三、项目建设' },
      { text: '1.第一项', block: { type: 'bullet_list', items: ['1.第一项'] } },
    ]);
    expect(p.removed.some((r) => r.merged === true)).toBe(true);
    expect(p.warnings.some((w) => w.section !== undefined && w.line !== undefined)).toBe(true);
    // Parsing strips nothing and adds nothing: an extra, renamed or missing field anywhere would fail.
    expect(RESULT.parse(p)).toEqual(p);
  });

  it('refuses a result with a renamed field', () => {
    const p = previewText('区工作总结\n一、甲\n正文。');
    const { bodyLines, ...renamed } = p.sections[0]!;
    expect(RESULT.safeParse({ ...p, sections: [{ ...renamed, body: bodyLines }] }).success).toBe(false);
    expect(RESULT.safeParse({ ...p, titleLine: undefined }).success).toBe(false);
  });
});
