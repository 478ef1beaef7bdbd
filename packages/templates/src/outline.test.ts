import { describe, expect, it } from 'vitest';
import { countWrittenSections, templateOutline } from './outline.js';
import type { Template } from './types.js';

const TINY: Template = {
  id: 'tiny',
  kind: 'half_year',
  name: '测试',
  source: '按测试报告的结构',
  seed: 'none.txt',
  titlePattern: '{地区}测试',
  periodPattern: '{年份}年',
  sections: [
    { title: '导语', numbered: false, instruction: '开场', children: [] },
    {
      title: '甲',
      instruction: '甲的要求',
      children: [
        { title: '甲一', defaultBureau: '卫健局', instruction: '甲一的要求', example: '范文', children: [] },
        { title: '甲二', instruction: '甲二的要求', children: [{ title: '甲二1', instruction: '深一级', children: [] }] },
      ],
    },
    { title: '乙', instruction: '乙的要求', children: [] },
    { title: '结束语', numbered: false, instruction: '收尾', children: [] },
  ],
};

describe('templateOutline', () => {
  it('flattens depth-first with levels, official numbers and parent links', () => {
    expect(templateOutline(TINY).map((e) => [e.number, e.title, e.level, e.parentIndex, e.hasChildren])).toEqual([
      ['', '导语', 1, null, false],
      ['一、', '甲', 1, null, true],
      ['（一）', '甲一', 2, 1, false],
      ['（二）', '甲二', 2, 1, true],
      ['1.', '甲二1', 3, 3, false],
      ['二、', '乙', 1, null, false],
      ['', '结束语', 1, null, false],
    ]);
  });

  it('carries bureau, instruction and example, null when absent', () => {
    const [intro, , first] = templateOutline(TINY);
    expect(intro).toMatchObject({ numbered: false, defaultBureau: null, example: null, instruction: '开场' });
    expect(first).toMatchObject({ numbered: true, defaultBureau: '卫健局', example: '范文', instruction: '甲一的要求' });
  });

  it('counts the sections that are written (no sub-sections)', () => {
    expect(countWrittenSections(TINY)).toBe(5);
  });
});
