import { describe, expect, it } from 'vitest';
import { TITLE_CHARS_PER_LINE, titleLines } from './titleLines';

describe('titleLines (where a printed 公文 title breaks)', () => {
  it('keeps a short title whole and breaks a long one after 及 / 工作 into even lines', () => {
    expect(titleLines('  示例区政府工作报告 ')).toEqual(['示例区政府工作报告']);
    expect(titleLines('示例区2020年上半年工作总结及下半年工作计划')).toEqual(['示例区2020年上半年工作', '总结及下半年工作计划']);
  });

  it('never leaves a single character alone and no line is longer than 20 characters', () => {
    const title = '中共示例区委员会关于制定示例区国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议';
    const lines = titleLines(title);
    expect(lines.join('')).toBe(title);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect([...line].length).toBeGreaterThan(1);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(TITLE_CHARS_PER_LINE);
    expect(titleLines('一二三四五六七八九十一二三四五六七八九十一')).toEqual(['一二三四五六七八九十一', '二三四五六七八九十一']);
  });
});
