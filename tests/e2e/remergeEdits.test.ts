/**
 * In Chromium: the secretary edits a merged section in the final draft (types into a paragraph and
 * splits it with Enter); the section is reopened, changed by its bureau and approved again; 重新合稿
 * then lists the office's edits beside the section's change instead of replacing them, and only
 * after 用章节的新内容替换 is chosen replaces the section — the result and the history show the
 * replaced text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient, mergeDemoReportApproved, type SectionJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, storedXml } from '../helpers/store.js';
import { ARTIFACTS, launchBrowser, openFinalDraft, signIn, type UserPage } from './browser.js';

let server: ServerProcess;
let browser: Browser;
let bgs: UserPage;
const api: Record<string, ApiClient> = {};
const clients: CollabClient[] = [];
let report: { id: string; sections: SectionJson[] };
/** The written sections (outline leaves) the merge took. */
let leaves: SectionJson[];

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  for (const username of ['bgs', 'wjj']) api[username] = await ApiClient.login(server.url, username);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await bgs?.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('re-merge of a section the office edited, in the browser', () => {
  it('the sections are approved and merged', async () => {
    ({ report, leaves } = await mergeDemoReportApproved(api['bgs']!));
    expect(leaves.length).toBeGreaterThan(0);
  });

  it('the secretary types into a merged paragraph and splits it; after a reopen, 重新合稿 asks before replacing it', async () => {
    const target = leaves.find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    const finalDocName = `final-${report.id}`;
    bgs = await signIn(browser, server.url, 'bgs');
    const page = bgs.page;
    const editor = await openFinalDraft(page, report.id);

    // Into the first paragraph of the 卫健局 section: a few words at its start, then Enter after them.
    const paragraph = editor.locator(`.ProseMirror > p[data-source="${target.id}"]`).first();
    await paragraph.click({ position: { x: 2, y: 8 } });
    await page.waitForTimeout(80);
    await page.keyboard.press('Home');
    await page.keyboard.type('经办公室核实，');
    await page.keyboard.press('Enter');
    await waitFor(() => storedXml(server.dbFile, finalDocName).includes('经办公室核实，'), 'office edit stored');
    await expect.poll(() => editor.locator(`.ProseMirror > p[data-source="${target.id}"]`).count()).toBeGreaterThanOrEqual(2);
    expect(await editor.locator(`.ProseMirror > p[data-source="${target.id}"]`).first().innerText()).toBe('经办公室核实，');

    // The section is reopened, changed by its bureau, resubmitted and approved again.
    expect((await api['bgs']!.post(`/api/sections/${target.id}/return`, { reason: '请补充二季度数据' })).status).toBe(200);
    const writer = await CollabClient.open(api['wjj']!, server.wsUrl, target.docName);
    clients.push(writer);
    writer.appendParagraph('二季度新增接种疫苗X万剂次。');
    await waitFor(() => storedXml(server.dbFile, target.docName).includes('二季度新增'), 'fix stored');
    expect((await api['wjj']!.post(`/api/sections/${target.id}/submit`)).status).toBe(200);
    expect((await api['bgs']!.post(`/api/sections/${target.id}/approve`)).status).toBe(200);
    const updates = () => query<{ n: number }>(server.dbFile, 'SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?', finalDocName)[0]!.n;
    const before = updates();

    // 重新合稿: refused, with the office's edits and the section's change listed; nothing written.
    const merge = page.locator('[data-testid=final-merge]');
    await expect.poll(() => merge.innerText(), { timeout: 15_000 }).toBe('重新合稿');
    await merge.click();
    const panel = page.locator('[data-testid=final-office-edits]');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.getAttribute('data-count')).toBe('1');
    expect(await panel.innerText()).toContain(`有1节在合稿后被办公室修改过：“${target.number}${target.title}”`);
    const item = panel.locator(`[data-testid=final-office-edit][data-section-id="${target.id}"]`);
    expect((await item.locator('[data-testid=final-office-diff] ins').allInnerTexts()).join('')).toContain('经办公室核实，');
    expect((await item.locator('[data-testid=final-diff] ins').allInnerTexts()).join('')).toContain('二季度新增接种疫苗X万剂次。');
    const confirm = page.locator('[data-testid=final-office-edits-confirm]');
    expect(await confirm.isDisabled()).toBe(true);
    await panel.screenshot({ path: `${ARTIFACTS}remerge-office-edits.png` });
    expect(updates()).toBe(before);

    // 用章节的新内容替换 → 按所选重新合稿: replaced, and the result shows what the office had written.
    await item.locator('[data-testid=final-office-edit-replace]').check();
    await confirm.click();
    const change = page.locator(`[data-testid=final-changes] [data-testid=final-change][data-section-id="${target.id}"]`);
    await change.waitFor({ timeout: 15_000 });
    expect(await change.getAttribute('data-resolution')).toBe('replace');
    expect(await change.locator('[data-testid=final-change-office]').innerText()).toContain('经办公室核实，');
    expect(await page.locator('[data-testid=final-changes-summary]').innerText()).toContain('替换了办公室在合稿中修改过的 1 节');
    expect(await panel.count()).toBe(0);
    await expect.poll(() => editor.locator('.ProseMirror').innerText(), { timeout: 15_000 }).toContain('二季度新增接种疫苗X万剂次。');
    expect(await editor.locator('.ProseMirror').innerText()).not.toContain('经办公室核实，');
    await page.locator('[data-testid=final-changes]').screenshot({ path: `${ARTIFACTS}remerge-replaced.png` });

    // The history keeps the replaced text.
    await page.goto(`/#/reports/${report.id}/history`);
    const replaced = page.locator('[data-testid=history-replaced-edits]').first();
    await replaced.waitFor({ timeout: 15_000 });
    await replaced.locator('summary').click();
    expect(await replaced.innerText()).toContain('经办公室核实，');
  });
});
