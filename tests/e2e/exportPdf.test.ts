/**
 * 下载 PDF in real Chromium against the real server: on 第1版's page the office clicks 下载 PDF,
 * sees 正在生成 PDF… while the server's LibreOffice renders it, and gets a file named after the
 * report that is a PDF. On the final draft's page the draft comes as a PDF too. On a server without
 * LibreOffice the same click shows the server's Chinese message and downloads nothing, while
 * 下载 Word still works.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download } from 'playwright-core';
import { ApiClient, mergeDemoReport } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { ARTIFACTS, launchBrowser, signIn, type UserPage } from './browser.js';


let browser: Browser;
const servers: ServerProcess[] = [];
const pages: UserPage[] = [];

beforeAll(async () => {
  const missing = process.env.HEGAO_SOFFICE_MISSING;
  if (missing) throw new Error(missing);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  for (const server of servers) await server.dispose();
});

/** A server with the demo report merged and locked as 第1版; the report's id. */
async function lockedDemo(env: Record<string, string> = {}): Promise<{ server: ServerProcess; reportId: string }> {
  const server = await ServerProcess.start(env);
  servers.push(server);
  const bgs = await ApiClient.login(server.url, 'bgs');
  const { report, merge } = await mergeDemoReport(bgs);
  expect(merge.status, JSON.stringify(merge.body)).toBe(200);
  expect((await bgs.post(`/api/reports/${report.id}/lock`)).status).toBe(200);
  return { server, reportId: report.id };
}

/** The first bytes of a download. */
async function head(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path).subarray(0, 5).toString('latin1');
}

describe('下载 PDF', () => {
  it('downloads 第1版 and the final draft as PDF, showing 正在生成 PDF… meanwhile', async () => {
    const { server, reportId } = await lockedDemo();
    const user = await signIn(browser, server.url, 'bgs');
    pages.push(user);
    const page = user.page;
    await page.goto(`/#/reports/${reportId}/versions/1`);
    const button = page.getByTestId('version-export-pdf');
    await button.waitFor({ timeout: 15_000 });
    expect(await button.innerText()).toBe('下载 PDF');
    const downloading = page.waitForEvent('download', { timeout: 90_000 });
    await button.click();
    // While LibreOffice works the button says so and cannot be clicked again.
    await expect.poll(() => button.innerText(), { timeout: 5_000 }).toBe('正在生成 PDF…');
    expect(await button.isDisabled()).toBe(true);
    await page.locator('.version-page__nav').screenshot({ path: join(ARTIFACTS, 'export-pdf-working.png') });
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/（第1版）\.pdf$/);
    expect(await head(download)).toBe('%PDF-');
    await expect.poll(() => button.innerText(), { timeout: 5_000 }).toBe('下载 PDF');
    expect(await page.getByTestId('version-export-pdf-error').count()).toBe(0);

    // The final draft's page: 下载 PDF（草稿）.
    await page.goto(`/#/reports/${reportId}/final`);
    const draftButton = page.getByTestId('final-export-pdf');
    await draftButton.waitFor({ timeout: 15_000 });
    expect(await draftButton.innerText()).toBe('下载 PDF（草稿）');
    const [draft] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), draftButton.click()]);
    expect(draft.suggestedFilename()).toMatch(/（合稿，未定稿）\.pdf$/);
    expect(await head(draft)).toBe('%PDF-');
    expect(user.console.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
  }, 240_000);

  it('without LibreOffice on the server says so in Chinese; 下载 Word still works', async () => {
    const { server, reportId } = await lockedDemo({ HEGAO_SOFFICE: '/nonexistent/libreoffice/soffice' });
    const user = await signIn(browser, server.url, 'bgs');
    pages.push(user);
    const page = user.page;
    await page.goto(`/#/reports/${reportId}/versions/1`);
    const button = page.getByTestId('version-export-pdf');
    await button.waitFor({ timeout: 15_000 });
    let downloads = 0;
    page.on('download', () => downloads++);
    await button.click();
    const error = page.getByTestId('version-export-pdf-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.innerText()).toBe('服务器未安装 LibreOffice，暂不能导出 PDF，请下载 Word 版本');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await button.innerText()).toBe('下载 PDF');
    await page.locator('.version-page__nav').screenshot({ path: join(ARTIFACTS, 'export-pdf-unavailable.png') });
    const [word] = await Promise.all([page.waitForEvent('download'), page.getByTestId('version-export-docx').click()]);
    expect(word.suggestedFilename()).toMatch(/（第1版）\.docx$/);
    expect(downloads).toBe(1);
  }, 180_000);
});
