/**
 * 通过 asks first, as 提交 does (issue 16): in real Chromium a bureau writes a section with unfilled
 * data placeholders and over its 写作要求's length limit and submits it past the 提交 confirmation;
 * the office's 通过 then opens the same kind of confirmation with the same checks, sends nothing
 * until 仍然通过 (返回 leaves the section submitted), and approves on 仍然通过.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient, createHalfYearReport } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { ARTIFACTS, launchBrowser, openReport, placeCaret, section, signIn, type UserPage } from './browser.js';

interface SectionRow {
  id: string;
  parentId: string | null;
  title: string;
  status: string;
  docName: string;
  bureaus: { id: string; name: string }[];
}

/** The half-year template's 卫健局 section. */
const EPIDEMIC = '构建上下贯通的组织体系，疫情防控工作取得阶段性成效';
const TEXT = '上半年全区累计接种疫苗X万剂次，同比增长X%。';

let server: ServerProcess;
let browser: Browser;
const pages: UserPage[] = [];
let reportId = '';
let epidemic: SectionRow;
let api: ApiClient;

async function statusOnServer(): Promise<string> {
  const report = await api.get<{ sections: SectionRow[] }>(`/api/reports/${reportId}`);
  return report.body.sections.find((s) => s.id === epidemic.id)!.status;
}

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  api = await ApiClient.login(server.url, 'bgs');
  const created = await createHalfYearReport(api, '审核区2031年上半年工作总结');
  reportId = created.id;
  epidemic = created.sections.find((s) => s.title === EPIDEMIC)!;
  const assigned = await api.put(`/api/sections/${epidemic.id}/assignment`, { bureauIds: epidemic.bureaus.map((b) => b.id), instruction: '不超过10字' });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('通过 in Chromium', () => {
  it('the bureau submits past the 提交 confirmation', async () => {
    const wjj = await signIn(browser, server.url, 'wjj');
    pages.push(wjj);
    await openReport(wjj.page, reportId);
    const card = section(wjj.page, epidemic.id);
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    await placeCaret(wjj.page, card.locator('.ProseMirror'), 'end');
    await wjj.page.keyboard.type(TEXT);
    await waitFor(() => storedXml(server.dbFile, epidemic.docName).includes('同比增长X%。'), 'typed text stored', 15_000);
    await card.locator('[data-testid=section-submit]').click();
    const dialog = wjj.page.locator('[data-testid=confirm-dialog]');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.innerText()).toContain('确定提交吗？');
    await dialog.locator('[data-testid=confirm-ok]').click();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('submitted');
  });

  it('the office’s 通过 asks with the same checks, sends nothing until 仍然通过, then approves', async () => {
    const bgs = await signIn(browser, server.url, 'bgs');
    pages.push(bgs);
    await openReport(bgs.page, reportId);
    const card = section(bgs.page, epidemic.id);
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('submitted');
    const approve = card.locator('[data-testid=section-approve]');
    await approve.click();

    const dialog = bgs.page.locator('[data-testid=confirm-dialog]');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    const text = await dialog.innerText();
    expect(text).toContain('通过「');
    expect(text).toContain('本节还有 2 处数据未填写（');
    expect(text).toMatch(/本节共 \d+ 字，超过写作要求的 10 字上限。/);
    expect(text).toContain('确定通过吗？');
    expect(await dialog.locator('[data-testid=confirm-ok]').innerText()).toBe('仍然通过');
    await bgs.page.screenshot({ path: `${ARTIFACTS}approve-confirm.png` });
    // Nothing was sent: the section is still submitted on the server.
    expect(await statusOnServer()).toBe('submitted');

    // 返回 closes it and changes nothing.
    await dialog.locator('[data-testid=confirm-cancel]').click();
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(0);
    expect(await statusOnServer()).toBe('submitted');
    expect(await card.getAttribute('data-status')).toBe('submitted');

    // 仍然通过 approves.
    await approve.click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    await dialog.locator('[data-testid=confirm-ok]').click();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('approved');
    expect(await statusOnServer()).toBe('approved');
  });
});
