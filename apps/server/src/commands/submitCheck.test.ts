import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from '../test/workspace.js';
import { sectionWarnings } from './submitCheck.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await ws.close();
});

describe('sectionWarnings', () => {
  it('names the unfilled placeholders of the stored text', async () => {
    const { epidemic } = ws.sections;
    // The workspace's 疫情防控 holds 「全区累计接种疫苗X万剂次。」 and 「核酸检测能力提升到每日X万份。」.
    const warnings = await sectionWarnings(ws.ctx, { docName: epidemic.docName, instruction: '' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^本节还有 2 处数据未填写（.*X万.*）。$/);
  });

  it('adds the length limit of the 写作要求 when the text is over it', async () => {
    const { epidemic } = ws.sections;
    const warnings = await sectionWarnings(ws.ctx, { docName: epidemic.docName, instruction: '不超过10字' });
    expect(warnings).toEqual([expect.stringMatching(/^本节还有 2 处数据未填写/), expect.stringMatching(/^本节共 \d+ 字，超过写作要求的 10 字上限。$/)]);
  });

  it('states that an empty section has no text yet', async () => {
    const { economy } = ws.sections;
    await ws.write(economy, '');
    expect(await sectionWarnings(ws.ctx, { docName: economy.docName, instruction: '' })).toEqual(['本节还没有内容。']);
  });

  it('is empty for complete text within its limit', async () => {
    const { economy } = ws.sections;
    await ws.write(economy, '上半年实现地区生产总值120亿元，同比增长5.2%。');
    const warnings = await sectionWarnings(ws.ctx, { docName: `${economy.docName}`, instruction: '不超过800字' });
    expect(warnings).toEqual([]);
  });
});
