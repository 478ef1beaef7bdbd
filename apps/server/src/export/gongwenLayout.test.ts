import { describe, expect, it } from 'vitest';
import { BODY_CHARACTER_SPACING, CHARS_PER_LINE, LINE_PITCH, PAGE, headingLevelOf, mm } from './gongwenLayout.js';

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

});
