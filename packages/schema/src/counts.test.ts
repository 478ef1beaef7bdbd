import { describe, expect, it } from 'vitest';
import { countChars } from './counts.js';

describe('countChars', () => {
  it('counts CJK ideographs and CJK punctuation one each', () => {
    expect(countChars('加强基层组织建设。')).toBe(9);
    expect(countChars('“十三五”收官之年，《X区乡村风貌提升三年行动方案》；（一）')).toBe(30);
  });

  it('counts each Latin letter, digit and symbol', () => {
    expect(countChars('2020年')).toBe(5);
    expect(countChars('X区实现地区生产总值X亿元，同比下降X%')).toBe(20);
    expect(countChars('N95医用口罩X万只')).toBe(10);
    expect(countChars('①强化用地保障，气温25℃')).toBe(13);
  });

  it('does not count whitespace, invisible characters or combining marks', () => {
    expect(countChars('　　一、上半年工作完成情况\r\n')).toBe(11);
    expect(countChars('会员群：                      免费QQ群：\t')).toBe(10);
    expect(countChars('增\u00a0长\u200bX\ufeff%\u00ad')).toBe(4);
    expect(countChars('葛\u{e0100}')).toBe(1); // ideographic variation selector
    expect(countChars('')).toBe(0);
  });

  it('counts a supplementary-plane ideograph once', () => {
    expect('𠀀𪚥'.length).toBe(4);
    expect(countChars('𠀀𪚥')).toBe(2);
  });

  it('equals the non-whitespace length of a plain seed paragraph', () => {
    const line =
      '上半年预计X区实现地区生产总值X亿元，同比下降X%，降幅比一季度收窄X个百分点。其中，第一产业增加值X亿元，同比增长X%。';
    expect(countChars(line)).toBe(line.replace(/\s/g, '').length);
  });
});
