/**
 * On a phone-sized window the report page keeps what must stay in view: the connection state and
 * the report's counts stay on screen while the user scrolls through the report, and the app header
 * neither wraps nor spills out of the window.
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

describe('a phone-sized window', () => {
  it('keeps the connection state and the counts in view while scrolling, under a one-line header', async () => {
    const u = await signIn(browser, server.url, 'wjj');
    pages.push(u);
    await u.page.setViewportSize({ width: 390, height: 780 });
    await openReport(u.page, reportId);
    const status = u.page.locator('[data-testid=connection-status]');
    await expect.poll(() => status.getAttribute('data-state')).toBe('connected');

    await u.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    await expect.poll(() => u.page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    for (const testId of ['connection-status', 'report-chars', 'report-placeholders']) {
      const box = await u.page.locator(`[data-testid=${testId}]`).boundingBox();
      expect(box, testId).not.toBeNull();
      expect(box!.y, testId).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, testId).toBeLessThanOrEqual(780);
      expect(box!.x + box!.width, testId).toBeLessThanOrEqual(390);
    }
    // The header is one line: the brand and 退出 do not wrap, nothing is wider than the window.
    const header = await u.page.locator('.app-header__inner').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(60);
    const logout = await u.page.locator('button:has-text("退出")').boundingBox();
    expect(logout!.height).toBeLessThan(40);
    expect(logout!.x + logout!.width).toBeLessThanOrEqual(390);
    expect(await u.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await u.page.screenshot({ path: `${ARTIFACTS}report-phone.png` });
  });
});
