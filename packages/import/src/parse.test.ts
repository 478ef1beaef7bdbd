import { describe, expect, it } from 'vitest';
import { parseReportText } from './parse.js';

describe('parseReportText', () => {
  it('builds a four-level tree and strips numbering', () => {
    const report = parseReportText(
      [
        '示例区2020年工作计划',
        '前言段落。',
        '一、总体要求',
        '（一）指导思想',
        '1.坚持党的领导',
        '（1）学习贯彻',
        '细项正文。',
        '（2）落实责任',
        '2、强化保障',
        '（二）主要目标',
        '二、重点任务',
      ].join('\n'),
    );
    expect(report.title).toBe('示例区2020年工作计划');
    expect(report.preamble).toEqual(['前言段落。']);
    expect(report.warnings).toEqual([]);
    expect(report.sections).toEqual([
      {
        title: '总体要求',
        level: 1,
        paragraphs: [],
        children: [
          {
            title: '指导思想',
            level: 2,
            paragraphs: [],
            children: [
              {
                title: '坚持党的领导',
                level: 3,
                paragraphs: [],
                children: [
                  { title: '学习贯彻', level: 4, paragraphs: ['细项正文。'], children: [] },
                  { title: '落实责任', level: 4, paragraphs: [], children: [] },
                ],
              },
              { title: '强化保障', level: 3, paragraphs: [], children: [] },
            ],
          },
          { title: '主要目标', level: 2, paragraphs: [], children: [] },
        ],
      },
      { title: '重点任务', level: 1, paragraphs: [], children: [] },
    ]);
  });

  it('splits a heading at its first 。 only when body text follows', () => {
    const report = parseReportText(['区工作要点', '一、加强统筹。继续做好。再做好。', '二、保障民生。', '三、总结（一）'].join('\n'));
    expect(report.sections.map((s) => [s.title, s.paragraphs])).toEqual([
      ['加强统筹', ['继续做好。再做好。']],
      ['保障民生', []],
      ['总结（一）', []],
    ]);
  });

  it('warns about duplicated, skipped and reversed numbers, in Chinese', () => {
    const report = parseReportText(
      ['区工作总结', '一、甲', '（一）子一', '（三）子三', '（三）子四', '（三）子五', '二、乙', '四、丁', '三、丙'].join('\n'),
    );
    expect(report.sections.map((s) => s.title)).toEqual(['甲', '乙', '丁', '丙']);
    expect(report.warnings).toEqual([
      '“（三）”之前缺少“（二）”，已按顺序重新编号（位于“甲”下，标题“子三”）',
      '第二个“（三）”重复，已按顺序重新编号（位于“甲”下，标题“子四”）',
      '第三个“（三）”重复，已按顺序重新编号（位于“甲”下，标题“子五”）',
      '“四、”之前缺少“三、”，已按顺序重新编号（标题“丁”）',
      '“三、”编号倒退（前一个为“四、”），已按顺序重新编号（标题“丙”）',
    ]);
  });

  it('names a run of missing numbers', () => {
    const report = parseReportText(['区工作总结', '一、甲', '五、戊'].join('\n'));
    expect(report.warnings).toEqual(['“五、”之前缺少“二、”至“四、”，已按顺序重新编号（标题“戊”）']);
  });

  it('numbers each parent separately', () => {
    const report = parseReportText(['区工作总结', '一、甲', '（一）a', '（二）b', '二、乙', '（一）c'].join('\n'));
    expect(report.warnings).toEqual([]);
  });

  it('uses depth for a skipped level and says so', () => {
    const report = parseReportText(['区工作总结', '一、甲', '1.子', '2.子', '（一）孙'].join('\n'));
    const [first] = report.sections;
    expect(first!.children.map((c) => [c.title, c.level])).toEqual([
      ['子', 2],
      ['子', 2],
      ['孙', 2],
    ]);
    expect(report.warnings).toEqual(['“1.”上方缺少“（一）”这一级编号，已作为第二级标题（位于“甲”下，标题“子”）']);
  });

  it('joins a marker standing alone with the short line after it', () => {
    const report = parseReportText(['区工作总结', '一、', '上半年工作完成情况', '正文。'].join('\n'));
    expect(report.sections).toEqual([{ title: '上半年工作完成情况', level: 1, paragraphs: ['正文。'], children: [] }]);
  });

  it('flags suspiciously long titles and missing structure', () => {
    const long = `一、${'很长的标题文字'.repeat(10)}`;
    expect(parseReportText(`区工作总结\n${long}`).warnings[0]).toMatch(/^“一、”的标题长达70字/);
    const flat = parseReportText('区工作总结\n正文一。\n正文二。');
    expect(flat.preamble).toEqual(['正文一。', '正文二。']);
    expect(flat.warnings).toEqual(['未识别到带编号的章节标题（一、（一）1.（1）），全文已作为前言导入']);
    expect(parseReportText('').warnings).toContain('未识别到报告标题，请手动填写');
  });

  it('keeps 一是…二是… and decimals in the body', () => {
    const report = parseReportText(['区工作要点', '一、任务', '一是抓项目。二是抓招商。', '1.5亿元已到位。'].join('\n'));
    expect(report.sections[0]!.paragraphs).toEqual(['一是抓项目。二是抓招商。', '1.5亿元已到位。']);
  });
});
