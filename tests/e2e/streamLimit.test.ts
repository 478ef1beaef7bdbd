/**
 * Issue 11: a user with more report pages open than the server allows streams for
 * (HEGAO_MAX_STREAMS_PER_USER) is told so on the page, in Chinese, instead of silently missing
 * live updates; once a page is closed the other one's stream comes back and the notice goes.
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
  server = await ServerProcess.start({ HEGAO_MAX_STREAMS_PER_USER: '1' });
  browser = await launchBrowser();
  const api = await ApiClient.login(server.url, 'bgs');
  reportId = (await api.get<{ id: string }[]>('/api/reports')).body[0]!.id;
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('too many report pages open', () => {
  it('the page over the limit says so, and recovers once another page is closed', async () => {
    const u = await signIn(browser, server.url, 'wjj');
    pages.push(u);
    await openReport(u.page, reportId);
    // The first page holds the user's one stream: no notice there.
    await u.page.waitForTimeout(500);
    expect(await u.page.locator('[data-testid=stream-notice]').count()).toBe(0);

    // A second tab of the same session: its stream is refused with 429.
    const second = await u.context.newPage();
    await openReport(second, reportId);
    const notice = second.locator('[data-testid=stream-notice]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.innerText()).toBe('打开的页面过多，请关闭其他窗口或标签页后刷新本页（实时更新已暂停）');
    expect(await notice.getAttribute('role')).toBe('alert');
    await second.screenshot({ path: `${ARTIFACTS}stream-limit.png` });

    // The first tab closes: the second's stream is accepted on its next retry (the notice goes
    // only when the stream says it is ready).
    await u.page.close();
    await notice.waitFor({ state: 'detached', timeout: 40_000 });

  });
});
