import { describe, expect, it } from 'vitest';
import { BODY_CHARACTER_SPACING, CHARS_PER_LINE, LINE_PITCH, PAGE, breakTitle, headingLevelOf, mm } from './gongwenLayout.js';

describe('GB/T 9704 layout', () => {
  it('A4 with the 版心 of 156 × 225 mm, 22 lines of about 28.95 pt', () => {
    expect(Math.abs(PAGE.width - PAGE.left - PAGE.right - mm(156))).toBeLessThanOrEqual(1);
    expect(Math.abs(PAGE.height - PAGE.top - PAGE.bottom - mm(225))).toBeLessThanOrEqual(1);
    expect(LINE_PITCH / 20).toBeCloseTo(28.95, 1);
    // 28 characters of 16 pt do not fit 156 mm without giving up spacing; with it 28 fit and 29 do not.
    expect(CHARS_PER_LINE * 16 * 20).toBeGreaterThan(mm(156));
    const pitch = 16 * 20 + BODY_CHARACTER_SPACING;
    expect(CHARS_PER_LINE * pitch).toBeLessThanOrEqual(PAGE.width - PAGE.left - PAGE.right);
    expect((CHARS_PER_LINE + 1) * pitch).toBeGreaterThan(PAGE.width - PAGE.left - PAGE.right);
  });

  it('tells heading levels by their numbering; 一是… inside a paragraph is body text', () => {
    expect(['一、总体情况', '（二）民生', '(三)教育', '3.就业', '（4）医保', '一是加强领导', '2020年以来'].map(headingLevelOf)).toEqual([1, 2, 2, 3, 4, 0, 0]);
  });

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
});
