import { describe, expect, it } from 'vitest';
import { canonicalMarker, chineseNumeral, parseChineseNumeral, parseHeading } from './headings.js';

describe('parseHeading', () => {
  it.each([
    ['一、上半年工作完成情况', 1, 1, '一、', '上半年工作完成情况'],
    ['二十一、其他', 1, 21, '二十一、', '其他'],
    ['十、 收尾', 1, 10, '十、', '收尾'],
    ['（一）深入实施', 2, 1, '（一）', '深入实施'],
    ['(十二)半角括号', 2, 12, '(十二)', '半角括号'],
    ['（ 三 ）带空格', 2, 3, '（三）', '带空格'],
    ['1.加强', 3, 1, '1.', '加强'],
    ['12、加强', 3, 12, '12、', '加强'],
    ['１．全角', 3, 1, '１．', '全角'],
    ['（1）细项', 4, 1, '（1）', '细项'],
    ['(10)细项', 4, 10, '(10)', '细项'],
    ['一.总体要求', 1, 1, '一.', '总体要求'],
    ['二、二〇二二年工作回顾', 1, 2, '二、', '二〇二二年工作回顾'],
  ])('%s', (line, markerLevel, number, marker, rest) => {
    expect(parseHeading(line)).toEqual({ markerLevel, number, marker, rest });
  });

  it.each([
    '一是精心打造城市新商圈。二是…',
    '1.5亿元的投资已到位',
    '2020年以来，在市委、市政府的正确领导下',
    '（2020年7月1日）',
    '加强基层组织建设。以“党建领航”工程为总抓手',
    '同志们：',
    '一、二季度全区经济运行平稳',
    '一、二、三产业协调发展',
    '一、二类水质断面占比达到90%',
    '1、2月份全区规上工业增加值增长8%',
    '1、2号线同步开通',
    '',
  ])('%s is body text', (line) => {
    expect(parseHeading(line)).toBeNull();
  });
});

describe('Chinese numerals', () => {
  it('parses heading numerals', () => {
    expect([1, 9, 10, 11, 20, 21, 99, 100, 105, 110].map((n) => parseChineseNumeral(chineseNumeral(n)))).toEqual([
      1, 9, 10, 11, 20, 21, 99, 100, 105, 110,
    ]);
    expect(parseChineseNumeral('一二')).toBeNaN();
    expect(parseChineseNumeral('')).toBeNaN();
  });

  it('writes numerals and canonical markers', () => {
    expect([2, 10, 11, 20, 21, 105, 110].map(chineseNumeral)).toEqual(['二', '十', '十一', '二十', '二十一', '一百零五', '一百一十']);
    expect([1, 2, 3, 4].map((level) => canonicalMarker(level, 3))).toEqual(['三、', '（三）', '3.', '（3）']);
  });
});
