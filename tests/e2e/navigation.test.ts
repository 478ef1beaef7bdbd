/**
 * Finding one's way in a long report in real Chromium: the report list's 我的章节 open the report
 * at that section, and the report bar's 待填数据 walks through every unfilled placeholder of the
 * report, section after section in outline order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { ARTIFACTS, launchBrowser, openReport, signIn, type UserPage } from './browser.js';

let server: ServerProcess;
let browser: Browser;
let reportId: string;
const pages: UserPage[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  const api = await ApiClient.login(server.url, 'bgs');
  reportId = (await api.get<{ id: string }[]>('/api/reports')).body[0]!.id;
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('finding one’s way in Chromium', () => {
  it('a section under 我的章节 opens the report scrolled to it, with its editor focused', async () => {
    const u = await signIn(browser, server.url, 'nyj');
    pages.push(u);
    const links = u.page.locator('[data-testid=my-section-link]');
    await links.first().waitFor();
    // The last of the bureau's sections: far down the report, so the page must scroll to it.
    const link = links.last();
    const href = (await link.getAttribute('href'))!;
    const sectionId = decodeURIComponent(/\/sections\/([^/]+)$/.exec(href)![1]!);
    const title = await link.locator('.my-sections__name').innerText();
    await link.click();
    await u.page.waitForURL(new RegExp(`#/reports/${reportId}/sections/`));
    const card = u.page.locator(`[data-testid=section][data-section-id="${sectionId}"]`);
    await expect.poll(() => card.locator('[data-testid=section-title]').innerText(), { timeout: 15_000 }).toContain(title);
    // In view near the top, below the sticky bars, and the caret in its editor.
    await expect
      .poll(() => card.evaluate((el) => Math.round(el.getBoundingClientRect().top)), { timeout: 15_000 })
      .toBeLessThan(400);
    expect(await card.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
    expect(await u.page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    await expect.poll(() => card.evaluate((el) => el.contains(document.activeElement)), { timeout: 10_000 }).toBe(true);
  });

  it('全文待填数据 counts every section’s placeholders and steps through them in outline order', async () => {
    const u = await signIn(browser, server.url, 'bgs');
    pages.push(u);
    await openReport(u.page, reportId);
    const button = u.page.locator('[data-testid=report-placeholders]');
    const perSection = await u.page
      .locator('[data-testid=section]')
      .evaluateAll((els) =>
        els.map((el) => ({ id: el.getAttribute('data-section-id')!, count: Number(el.querySelector('[data-testid=section-placeholders]')?.getAttribute('data-count') ?? 0) })),
      );
    const total = perSection.reduce((sum, s) => sum + s.count, 0);
    expect(total).toBeGreaterThan(2);
    await expect.poll(() => button.getAttribute('data-count')).toBe(String(total));
    await expect(button.innerText()).resolves.toContain(`全文 ${total} 处待填数据`);

    // Click by click: the selection is a placeholder, in the sections' outline order, each one once.
    const expected = perSection.flatMap((s) => Array.from({ length: s.count }, () => s.id));
    const visited: string[] = [];
    for (let i = 0; i < Math.min(expected.length, 8) + 1; i++) {
      await button.click();
      const at = await u.page.evaluate(() => {
        const sel = document.getSelection();
        const node = sel?.anchorNode;
        const el = node ? (node.nodeType === 1 ? (node as Element) : node.parentElement) : null;
        return { text: sel?.toString() ?? '', sectionId: el?.closest('[data-testid=section]')?.getAttribute('data-section-id') ?? null };
      });
      expect(at.text).toMatch(/^(X|XX|X%|X亿元|××)/);
      visited.push(at.sectionId!);
    }
    // After the last, it wraps to the first; with more than 8, the first 9 in order.
    const want = expected.length <= 8 ? [...expected, expected[0]!] : expected.slice(0, 9);
    expect(visited).toEqual(want);
    await u.page.screenshot({ path: `${ARTIFACTS}report-placeholders.png` });
  });
});
