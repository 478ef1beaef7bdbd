import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUREAU_OPTION, TEMPLATE, TEMPLATE_DETAIL } from '@hegao/contract';
import { listBureaus } from '@hegao/storage';
import { TEMPLATES, findTemplate, templateOutline } from '@hegao/templates';
import { workspace, type Workspace } from '../test/workspace.js';
import { presentBureau, presentTemplate, presentTemplateDetail } from './office.js';

describe('the templates as the API answers them', () => {
  it('are every template, each the contract’s TEMPLATE, without examples', () => {
    const presented = TEMPLATES.map(presentTemplate);
    expect(presented.map((t) => t.id)).toEqual(TEMPLATES.map((t) => t.id));
    for (const t of presented) {
      expect(TEMPLATE.parse(t)).toEqual(t);
      expect(t.outline.every((e) => !('example' in e))).toBe(true);
    }
  });

  it('in full carry each entry’s example in outline order, as TEMPLATE_DETAIL', () => {
    const template = findTemplate('half_year')!;
    const detail = TEMPLATE_DETAIL.parse(presentTemplateDetail(template));
    expect(detail.outline.map((e) => [e.title, e.example])).toEqual(templateOutline(template).map((e) => [e.title, e.example]));
    expect(detail.outline.some((e) => e.example !== null && e.example.length > 0)).toBe(true);
    expect(detail.sectionCount).toBeGreaterThan(0);
  });
});

describe('the bureaus as the API answers them', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => {
    await ws.close();
  });

  it('are the contract’s BUREAU_OPTION, the office marked', async () => {
    const presented = (await listBureaus(ws.db)).map(presentBureau);
    for (const b of presented) expect(BUREAU_OPTION.parse(b)).toEqual(b);
    expect(presented.filter((b) => b.isOffice).map((b) => b.name)).toEqual(['办公室']);
  });
});
