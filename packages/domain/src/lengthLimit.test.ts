import { describe, expect, it } from 'vitest';
import { parseLengthLimit } from './lengthLimit.js';

describe('parseLengthLimit', () => {
  it.each([
    ['不超过800字', 800],
    ['不超过800字，数据截至6月底', 800],
    ['字数不超过 1,500 字', 1500],
    ['控制在1000字以内', 1000],
    ['1200字以内，突出亮点', 1200],
    ['限500字', 500],
    ['不多于２０００字', 2000],
    ['字数控制在2000字左右', 2000],
    ['1500字以下', 1500],
    ['不超过八百字', 800],
    ['不超过一千五百字', 1500],
    ['不超过两千字', 2000],
    ['不超过一万字', 10000],
  ])('%s → %d', (instruction, limit) => {
    expect(parseLengthLimit(instruction)).toBe(limit);
  });

  it.each([null, undefined, '', '数据截至6月底', '突出6个方面的亮点', '请于7月10日前提交', '2020年工作'])('%j sets no limit', (instruction) => {
    expect(parseLengthLimit(instruction)).toBeNull();
  });

  it('takes the smallest of several limits', () => {
    expect(parseLengthLimit('正文不超过800字，附表限300字')).toBe(300);
  });
});
