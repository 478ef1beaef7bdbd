import { describe, expect, it } from 'vitest';
import { TITLE_CHARS_PER_LINE, breakTitle } from './gongwenTitle.js';

describe('breakTitle (where a 公文 title breaks, in the .docx and in print)', () => {
  it('breaks a long title evenly at a sensible place, a short one not at all', () => {
    expect(breakTitle('示例区政府工作报告')).toEqual(['示例区政府工作报告']);
    const lines = breakTitle('示例区2020年上半年工作总结及下半年工作计划');
    expect(lines.join('')).toBe('示例区2020年上半年工作总结及下半年工作计划');
    // Not inside 工作总结: after 及, keeping both halves whole.
    expect(lines).toEqual(['示例区2020年上半年工作总结及', '下半年工作计划']);
    expect(breakTitle('关于印发示例区2021年度重点工作任务分解方案的通知')).toEqual(['关于印发示例区2021年度', '重点工作任务分解方案的通知']);
    // Between words (not 远|景), never inside a number.
    expect(breakTitle('示例区人民政府关于推进2035远景目标纲要重点项目建设的实施意见')).toEqual(['示例区人民政府关于推进2035', '远景目标纲要重点项目建设的实施意见']);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(20);
    const long = breakTitle('中共示例区委员会关于制定示例区国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议');
    expect(long.length).toBe(3);
    for (const line of long) expect([...line].length).toBeGreaterThan(1);
  });
  it('never leaves a single character alone and no line is longer than 20 characters', () => {
    const title = '中共示例区委员会关于制定示例区国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议';
    const lines = breakTitle(title);
    expect(lines.join('')).toBe(title);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect([...line].length).toBeGreaterThan(1);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(TITLE_CHARS_PER_LINE);
    expect(breakTitle('一二三四五六七八九十一二三四五六七八九十一')).toEqual(['一二三四五六七八九十一', '二三四五六七八九十一']);
  });
});
