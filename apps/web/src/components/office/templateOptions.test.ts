import { describe, expect, it } from 'vitest';
import type { ReportTemplate, TemplateEntry } from '../../api/officeApi';
import { CARD_HEADINGS, cardOutline, selectedTemplate } from './templateOptions';

const entry = (number: string, title: string, level = 1): TemplateEntry => ({
  title,
  level,
  number,
  numbered: number !== '',
  defaultBureau: null,
  instruction: '写作要求',
});

const template = (id: string, outline: TemplateEntry[]): ReportTemplate => ({
  id,
  kind: 'half_year',
  name: id,
  source: `按${id}的结构`,
  titlePattern: '{地区}',
  periodPattern: '{年份}年',
  sectionCount: outline.length,
  outline,
});

describe('selectedTemplate', () => {
  const list = [template('half_year', []), template('half_year_city', []), template('half_year_government', [])];

  it('picks by id among templates of the same kind, and falls back to the first', () => {
    expect(selectedTemplate(list, 'half_year_city')?.id).toBe('half_year_city');
    expect(selectedTemplate(list, 'half_year_government')?.id).toBe('half_year_government');
    expect(selectedTemplate(list, null)?.id).toBe('half_year');
    expect(selectedTemplate(list, 'gone')?.id).toBe('half_year');
    expect(selectedTemplate([], 'half_year')).toBeNull();
  });
});

describe('cardOutline', () => {
  it('lists the numbered top-level headings with their numbers, skipping unnumbered blocks and sub-sections', () => {
    const t = template('half_year', [
      entry('', '导语（总体情况与主要指标）'),
      entry('一、', '上半年工作完成情况'),
      entry('（一）', '深入实施“党建领航”工程，为高质量发展提供坚强保证', 2),
      entry('二、', '存在问题和不足'),
      entry('三、', '下半年工作计划'),
    ]);
    expect(cardOutline(t)).toBe('一、上半年工作完成情况 · 二、存在问题和不足 · 三、下半年工作计划');
  });

  it('shortens a long flat outline with 等N项, and says so when nothing is numbered', () => {
    const flat = template('half_year_city', ['一、', '二、', '三、', '四、', '五、', '六、'].map((n, i) => entry(n, `领域${i + 1}`)));
    expect(cardOutline(flat)).toBe('一、领域1 · 二、领域2 · 三、领域3 等6项');
    expect(CARD_HEADINGS).toBe(3);
    expect(cardOutline(template('three', flat.outline.slice(0, 3)))).toBe('一、领域1 · 二、领域2 · 三、领域3');
    expect(cardOutline(template('x', [entry('', '导语')]))).toBe('无编号标题');
  });
});
