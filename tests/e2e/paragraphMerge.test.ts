/**
 * In Chromium (issue 16): the secretary edits paragraph 1 of a merged section in the final draft;
 * the section is reopened and its bureau changes the same paragraph and adds one; 重新合稿 lists
 * the office's edits, and 逐段合并 shows what it takes from whom and the paragraph both changed,
 * kept as the office's by default (marked). Confirmed, the final draft has the office's wording of
 * paragraph 1 and the bureau's new paragraph; the result says how it was merged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type * as Y from 'yjs';
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

describe('逐段合并 in the browser', () => {
  it('the sections are approved and merged', async () => {
    ({ report, leaves } = await mergeDemoReportApproved(api['bgs']!));
    expect(leaves.length).toBeGreaterThan(0);
  });

  it('the secretary chooses 逐段合并: the office’s paragraph 1 stays (default, marked), the bureau’s new paragraph comes in', async () => {
    const target = leaves.find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    const finalDocName = `final-${report.id}`;
    bgs = await signIn(browser, server.url, 'bgs');
    const page = bgs.page;
    const editor = await openFinalDraft(page, report.id);

    // The office types at the start of the section's first paragraph.
    const paragraph = editor.locator(`.ProseMirror > p[data-source="${target.id}"]`).first();
    const original = await paragraph.innerText();
    await paragraph.click({ position: { x: 2, y: 8 } });
    await page.waitForTimeout(80);
    await page.keyboard.press('Home');
    await page.keyboard.type('经办公室核实，');
    await waitFor(() => storedXml(server.dbFile, finalDocName).includes('经办公室核实，'), 'office edit stored');

    // Reopened; the bureau changes the same paragraph and adds a new one; resubmitted and approved.
    expect((await api['bgs']!.post(`/api/sections/${target.id}/return`, { reason: '请补充二季度数据' })).status).toBe(200);
    const writer = await CollabClient.open(api['wjj']!, server.wsUrl, target.docName);
    clients.push(writer);
    await waitFor(() => writer.mode === 'write', 'section writable');
    const first = (writer.fragment.toArray() as Y.XmlElement[]).find((b) => b.nodeName === 'paragraph')!.get(0) as Y.XmlText;
    expect(first.toString()).toBe(original);
    first.insert(first.length, '（二季度数据已更新）');
    writer.appendParagraph('二季度新增接种疫苗X万剂次。');
    await waitFor(() => storedXml(server.dbFile, target.docName).includes('二季度新增'), 'fix stored');
    expect((await api['wjj']!.post(`/api/sections/${target.id}/submit`)).status).toBe(200);
    expect((await api['bgs']!.post(`/api/sections/${target.id}/approve`)).status).toBe(200);
    const updates = () => query<{ n: number }>(server.dbFile, 'SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?', finalDocName)[0]!.n;
    const before = updates();

    // 重新合稿 → the office's edits are listed; 逐段合并 is offered beside 替换 / 保留.
    const merge = page.locator('[data-testid=final-merge]');
    await expect.poll(() => merge.innerText(), { timeout: 15_000 }).toBe('重新合稿');
    await merge.click();
    const panel = page.locator('[data-testid=final-office-edits]');
    await panel.waitFor({ timeout: 15_000 });
    const item = panel.locator(`[data-testid=final-office-edit][data-section-id="${target.id}"]`);
    await item.locator('[data-testid=final-office-edit-merge]').check();
    const paragraphs = item.locator('[data-testid=final-paragraph-merge]');
    await paragraphs.waitFor({ timeout: 5_000 });
    expect(await paragraphs.getAttribute('data-conflicts')).toBe('1');
    expect(await item.locator('[data-testid=final-paragraph-merge-summary]').innerText()).toBe('逐段合并：1 处采用章节的新内容，1 处双方都改过，需要您选择。');
    const conflict = item.locator('[data-testid=final-paragraph-conflict]');
    expect(await conflict.getAttribute('data-choice')).toBe('office');
    expect(await conflict.getAttribute('data-defaulted')).toBe('true');
    expect(await conflict.innerText()).toContain('默认保留办公室的');
    // Each side shown as its change to the paragraph as last merged.
    expect((await conflict.locator('[data-testid=final-paragraph-office-diff] ins').allInnerTexts()).join('')).toBe('经办公室核实，');
    expect((await conflict.locator('[data-testid=final-paragraph-bureau-diff] ins').allInnerTexts()).join('')).toBe('（二季度数据已更新）');
    expect(await conflict.locator('[data-testid=final-paragraph-office]').isChecked()).toBe(true);
    expect((await item.locator('[data-testid=final-paragraph-merge-diff] ins').allInnerTexts()).join('')).toContain('二季度新增接种疫苗X万剂次。');
    await panel.screenshot({ path: `${ARTIFACTS}remerge-paragraphs.png` });
    expect(updates()).toBe(before);

    // 按所选重新合稿: the office's wording of paragraph 1, the bureau's new paragraph.
    await page.locator('[data-testid=final-office-edits-confirm]').click();
    const change = page.locator(`[data-testid=final-changes] [data-testid=final-change][data-section-id="${target.id}"]`);
    await change.waitFor({ timeout: 15_000 });
    expect(await change.getAttribute('data-resolution')).toBe('merge');
    expect(await change.innerText()).toContain('已逐段合并');
    expect(await change.locator('[data-testid=final-change-office]').innerText()).toContain('双方都改过的 1 处中，1 处保留办公室的（其中 1 处未选择，默认保留办公室的）');
    expect(await page.locator('[data-testid=final-changes-summary]').innerText()).toContain('1 节按您的选择逐段合并');
    await expect.poll(() => editor.locator('.ProseMirror').innerText(), { timeout: 15_000 }).toContain('二季度新增接种疫苗X万剂次。');
    const text = await editor.locator('.ProseMirror').innerText();
    expect(text).toContain(`经办公室核实，${original}`);
    expect(text).not.toContain('（二季度数据已更新）');
    await page.locator('[data-testid=final-changes]').screenshot({ path: `${ARTIFACTS}remerge-paragraphs-result.png` });
  });
});
