import { describe, expect, it } from 'vitest';
import { EMPTY_MEASURES, measureText, sameMeasures } from './measures.js';

describe('measureText', () => {
  it('counts characters without whitespace and finds placeholders', () => {
    const m = measureText('今年上半年，地区生产总值同比增长X%。\n完成投资XX亿元，新增 X.X 万人就业。');
    expect(m.placeholders).toBe(3);
    expect(m.chars).toBe(38);
    expect(m.samples).toEqual(['同比增长X%', '完成投资XX亿元', '新增 X.X 万']);
  });

  it('keeps quotes within their clause', () => {
    expect(measureText('力度，打好X项重点改革“组合拳”').samples).toEqual(['打好X项重']);
  });

  it('quotes at most three placeholders', () => {
    const m = measureText('X个、X个、X个、X个、X个');
    expect(m.placeholders).toBe(5);
    expect(m.samples).toHaveLength(3);
  });

  it('does not take anonymised place names for placeholders', () => {
    expect(measureText('X区卫健局').placeholders).toBe(0);
    const m = measureText('打造以“X古镇—X庙”为主线，加快海雅X缤纷城、X集团项目，完成投资X亿元');
    expect(m.placeholders).toBe(1);
    expect(m.samples).toEqual(['完成投资X亿元']);
  });

  it('quotes a blank left for a figure with its unit', () => {
    const m = measureText('民生领域资金达\u00a0\u00a0亿元，占支出的X%');
    expect(m.placeholders).toBe(2);
    expect(m.samples).toEqual(['域资金达\u00a0\u00a0亿元', '占支出的X%']);
  });

  it('measures empty text as empty', () => {
    expect(sameMeasures(measureText(''), EMPTY_MEASURES)).toBe(true);
  });
});

describe('sameMeasures', () => {
  it('compares numbers and samples', () => {
    expect(sameMeasures(measureText('增长X%'), measureText('增长X%'))).toBe(true);
    expect(sameMeasures(measureText('增长X%'), measureText('增长XX%'))).toBe(false);
    expect(sameMeasures(measureText('一二'), measureText('三四'))).toBe(true);
  });
});
