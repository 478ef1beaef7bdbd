/**
 * The 截止 field in an English-locale Chromium (issue 16): a native date input showed 07/07/2031
 * there. The field shows YYYY-MM-DD, takes 2031年7月5日 as well as 2031-07-05, saves the day, and
 * says so when a text is no date (07/05/2031), saving nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { ApiClient, createHalfYearReport, DEMO_PASSWORD } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { ARTIFACTS, launchBrowser } from './browser.js';

interface SectionRow {
  id: string;
  parentId: string | null;
  title: string;
  dueDate: string | null;
}

const EPIDEMIC = '构建上下贯通的组织体系，疫情防控工作取得阶段性成效';

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let api: ApiClient;
let reportId = '';
let epidemic: SectionRow;

async function dueOnServer(): Promise<string | null> {
  const report = await api.get<{ sections: SectionRow[] }>(`/api/reports/${reportId}`);
  return report.body.sections.find((s) => s.id === epidemic.id)!.dueDate;
}

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  api = await ApiClient.login(server.url, 'bgs');
  const created = await createHalfYearReport(api, '日期区2031年上半年工作总结');
  reportId = created.id;
  epidemic = created.sections.find((s) => s.title === EPIDEMIC)!;
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('the 截止 field in an English-locale browser', () => {
  it('shows YYYY-MM-DD, takes 2031年7月5日, and refuses a text that is no date', async () => {
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1400, height: 900 }, locale: 'en-US', timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await page.goto('/');
    await page.fill('input[name=username]', 'bgs');
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button:has-text("登录")');
    await page.waitForSelector('button:has-text("退出")');
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');

    await page.goto(`/#/reports/${reportId}/outline`);
    const row = page.locator(`[data-testid=outline-row][data-section-id="${epidemic.id}"]`);
    await row.waitFor();
    const due = row.locator('[data-testid=outline-due]');
    const start = await dueOnServer();
    expect(start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // What the office sees in the field is the day as YYYY-MM-DD (not 07/07/2031).
    expect(await due.evaluate((el: HTMLInputElement) => ({ type: el.type, shown: el.value }))).toEqual({ type: 'text', shown: start });

    // 2031年7月5日 is taken, shown as 2031-07-05 once the field is left, and saved.
    await due.fill('2031年7月5日');
    await row.locator('[data-testid=outline-instruction]').focus();
    expect(await due.inputValue()).toBe('2031-07-05');
    await row.locator('[data-testid=outline-save]').click();
    await expect.poll(dueOnServer, { timeout: 10_000 }).toBe('2031-07-05');
    await page.screenshot({ path: `${ARTIFACTS}date-input.png` });

    // A text that is no date is named as such, and saving it changes nothing.
    await due.fill('07/06/2031');
    await row.locator('[data-testid=outline-instruction]').focus();
    const problem = row.locator('.date-input__problem');
    await expect.poll(() => problem.count(), { timeout: 5_000 }).toBe(1);
    expect(await problem.innerText()).toBe('日期格式不对，请填写如 2026-12-06 或 2026年12月6日');
    expect(await due.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${ARTIFACTS}date-input-invalid.png` });
    await row.locator('[data-testid=outline-save]').click();
    // The server refuses it, and the page says so.
    const refused = page.locator('[data-testid=outline-error]');
    await expect.poll(() => refused.count(), { timeout: 10_000 }).toBe(1);
    expect(await refused.innerText()).toContain('截止日期');
    expect(await dueOnServer()).toBe('2031-07-05');

    // The ISO form is taken too.
    await due.fill('2031-07-06');
    await row.locator('[data-testid=outline-instruction]').focus();
    expect(await problem.count()).toBe(0);
    await row.locator('[data-testid=outline-save]').click();
    await expect.poll(dueOnServer, { timeout: 10_000 }).toBe('2031-07-06');
  });
});
