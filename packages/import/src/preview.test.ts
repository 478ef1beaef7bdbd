import { describe, expect, it } from 'vitest';
import { previewImport, previewText } from './preview.js';
import type { PreviewResult } from './preview.js';

/** Every line is removed, the title, or in exactly one section (as its title line or a body line). */
export function expectEveryLinePlaced(p: PreviewResult): void {
  const owner = new Map<number, string>();
  const claim = (i: number, who: string): void => {
    expect(owner.has(i), `line ${i} «${p.lines[i]}» claimed by ${owner.get(i)} and ${who}`).toBe(false);
    owner.set(i, who);
  };
  for (const r of p.removed) claim(r.line, `removed:${r.reason}`);
  if (p.titleLine !== null && p.titleLine !== undefined) claim(p.titleLine, 'title');
  p.sections.forEach((s, k) => {
    if (s.line !== null) claim(s.line, `section ${k}`);
    for (const b of s.bodyLines) claim(b, `section ${k} body`);
  });
  p.lines.forEach((l, i) => expect(owner.has(i), `line ${i} «${l}» is nowhere`).toBe(true));
}

describe('previewText', () => {
  it('builds a flat, depth-first outline with canonical numbers', () => {
    const p = previewText(['示例区2020年工作计划', '前言段落。', '一、总体要求', '（一）指导思想', '1.坚持党的领导', '（1）学习贯彻', '细项正文。', '2、强化保障', '二、重点任务'].join('\n'));
    expect(p.title).toBe('示例区2020年工作计划');
    expect(p.titleLine).toBe(0);
    expect(p.period).toBe('2020年');
    expect(p.kind).toBe('work_points');
    expect(p.sections.map((s) => [s.number, s.title, s.level])).toEqual([
      ['', '导语', 1],
      ['一、', '总体要求', 1],
      ['（一）', '指导思想', 2],
      ['1.', '坚持党的领导', 3],
      ['（1）', '学习贯彻', 4],
      ['2.', '强化保障', 3],
      ['二、', '重点任务', 1],
    ]);
    expect(p.sections[0]!.line).toBeNull();
    expect(p.sections[0]!.bodyLines).toEqual([1]);
    expect(p.sections[4]!.text).toBe('细项正文。');
    expect(p.sections[4]!.blocks).toEqual([{ type: 'paragraph', runs: [{ text: '细项正文。' }] }]);
    expect(p.warnings).toEqual([]);
    expectEveryLinePlaced(p);
  });

  it('keeps a .docx block as given', () => {
    const block = { type: 'paragraph' as const, runs: [{ text: '深入组织动员。', bold: true }, { text: '发挥作用。' }] };
    const p = previewImport([{ text: '区工作总结' }, { text: '一、疫情防控' }, { text: '深入组织动员。发挥作用。', block }]);
    expect(p.sections[0]!.blocks).toEqual([block]);
    expectEveryLinePlaced(p);
  });
});
