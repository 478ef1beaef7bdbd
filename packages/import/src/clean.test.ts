import { describe, expect, it } from 'vitest';
import { cleanLine, decodeHtml, joinSpaces } from './clean.js';

describe('decodeHtml', () => {
  it.each([
    ['&ldquo;放管服&rdquo;改革', '“放管服”改革'],
    ['&#8220;夜经济&#8221;', '“夜经济”'],
    ['&#x201C;双减&#x201D;', '“双减”'],
    ['投资&mdash;&mdash;其中', '投资——其中'],
    ['推行&nbsp;一网通办', '推行 一网通办'],
    ['A&amp;B', 'A&B'],
    ['推行&nbsp一网通办', '推行 一网通办'],
    ['第一段<br>第二段</p>', '第一段 第二段 '],
  ])('%s', (input, output) => {
    expect(decodeHtml(input)).toBe(output);
  });

  it('leaves unknown entities, comparisons and plain text alone', () => {
    expect(decodeHtml('&foo; 与 &')).toBe('&foo; 与 &');
    expect(decodeHtml('占比<5%，且>3%')).toBe('占比<5%，且>3%');
    expect(decodeHtml('全区经济平稳')).toBe('全区经济平稳');
  });
});

describe('cleanLine', () => {
  it('decodes, normalises spaces and trims', () => {
    expect(cleanLine('\u3000\u3000&ldquo;十四五&rdquo;规划\u00a0\u00a0开局 ')).toBe('“十四五”规划\u00a0\u00a0开局');
    expect(cleanLine('\uFEFF\u200B一、总体要求')).toBe('一、总体要求');
  });
});

describe('joinSpaces', () => {
  it.each([
    ['全 区地区生产总值增长6.5%左右，一般公共预算收入增长较快', '全区地区生产总值增长6.5%左右，一般公共预算收入增长较快'],
    ['一般公共预算收入增长5 .2%，税收占比提高到百分之八十', '一般公共预算收入增长5.2%，税收占比提高到百分之八十'],
    ['社会消费品零售总额增长 12.3 %，比上年提高两个百分点', '社会消费品零售总额增长12.3%，比上年提高两个百分点'],
    ['完成投资 80亿元以上，其中产业项目占比不低于六成', '完成投资80亿元以上，其中产业项目占比不低于六成'],
    ['1.5 亿元', '1.5亿元'],
  ])('%s', (input, output) => {
    expect(joinSpaces(input)).toBe(output);
  });

  it('keeps spaces between Latin words and in short lines (a title and a name)', () => {
    expect(joinSpaces('Windows 10')).toBe('Windows 10');
    expect(joinSpaces('县委书记 XXX')).toBe('县委书记 XXX');
    expect(joinSpaces('区长 张三')).toBe('区长 张三');
  });

  it('joins across a sentence end without merging sentences', () => {
    expect(joinSpaces('全年新开工项目45个。 二是强化要素保障，新增工业用地500亩')).toBe('全年新开工项目45个。二是强化要素保障，新增工业用地500亩');
  });
});

describe('blanks', () => {
  it('keeps no-break and ideographic spaces, and the spaces next to them', () => {
    expect(joinSpaces('上半年XX市大气污染综合指数为\u00a0，全省排名第\u00a0 ；PM2.5年浓度\u00a0微克/立方米')).toBe(
      '上半年XX市大气污染综合指数为\u00a0，全省排名第\u00a0 ；PM2.5年浓度\u00a0微克/立方米',
    );
  });

  it('keeps runs of spaces, which mark figures taken out of a report', () => {
    expect(cleanLine('指数为  ，全省排名第  ；')).toBe('指数为  ，全省排名第  ；');
    expect(joinSpaces('共处理抛洒遗漏车辆   余辆，查处货车超载   起。不断完善路网建设，上半年共投资X亿元。')).toBe(
      '共处理抛洒遗漏车辆   余辆，查处货车超载   起。不断完善路网建设，上半年共投资X亿元。',
    );
  });
});
