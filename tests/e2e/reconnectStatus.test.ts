/**
 * Issue 16: after reconnecting, a section card kept 编写中 and offered 提交 for over a minute
 * although a colleague had submitted it meanwhile. The page must refetch the report the moment its
 * connection is back, and a 提交 refused because the page's state was stale refreshes it too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient, sectionOf, type SectionJson } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { ARTIFACTS, launchBrowser, openReport, section, signIn, type UserPage } from './browser.js';

let server: ServerProcess;
let browser: Browser;
let reportId: string;
const pages: UserPage[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  const created = server.cli(['user', 'add', 'nyj2', '--name', '赵农', '--role', 'editor', '--bureau', '农业农村局', '--password', 'second-editor-pw']);
  expect(created.status).toBe(0);
  expect(server.cli(['user', 'add', 'zzb2', '--name', '钱组', '--role', 'editor', '--bureau', '组织部', '--password', 'second-editor-pw']).status).toBe(0);
  browser = await launchBrowser();
  const api = await ApiClient.login(server.url, 'nyj');
  reportId = (await api.get<{ id: string }[]>('/api/reports')).body[0]!.id;
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('section status after a reconnection', () => {
  it('a section a colleague submitted while the page was offline shows 已提交 without 提交 as soon as the page is back', async () => {
    const s: SectionJson = await sectionOf(await ApiClient.login(server.url, 'nyj'), '农业农村局');
    const a = await signIn(browser, server.url, 'nyj');
    pages.push(a);
    await openReport(a.page, reportId);
    const card = section(a.page, s.id);
    const status = a.page.locator('[data-testid=connection-status]');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    expect(['not_started', 'drafting']).toContain(await card.getAttribute('data-status'));
    expect(await card.locator('[data-testid=section-submit]').count()).toBe(1);

    await a.context.setOffline(true);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
    const colleague = await ApiClient.login(server.url, 'nyj2', 'second-editor-pw');
    expect((await colleague.post(`/api/sections/${s.id}/submit`)).status).toBe(200);
    // Still offline: the page cannot know yet.
    expect(['not_started', 'drafting']).toContain(await card.getAttribute('data-status'));

    await a.context.setOffline(false);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
    // Current within seconds of the connection being back, not after a refetch timer or a minute.
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 8_000 }).toBe('submitted');
    expect(await card.locator('[data-testid=section-submit]').count()).toBe(0);
    expect(await card.locator('.status-badge').first().innerText()).toContain('已提交');
    await card.scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: `${ARTIFACTS}reconnected-submitted.png` });
  }, 120_000);

  it('a 提交 refused because the page was stale refreshes the card to the section as it is', async () => {
    const s: SectionJson = await sectionOf(await ApiClient.login(server.url, 'zzb'), '组织部');
    const a = await signIn(browser, server.url, 'zzb');
    pages.push(a);
    // The page hears no report events at all (a proxy that buffers them, a stream that died
    // unnoticed): only the refused click can tell it the section changed.
    await a.page.route('**/api/reports/*/events', (route) => route.abort());
    await openReport(a.page, reportId);
    const card = section(a.page, s.id);
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    expect(['not_started', 'drafting']).toContain(await card.getAttribute('data-status'));
    const colleague = await ApiClient.login(server.url, 'zzb2', 'second-editor-pw');
    expect((await colleague.post(`/api/sections/${s.id}/submit`)).status).toBe(200);
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 15_000 }).toBe('read');
    expect(['not_started', 'drafting']).toContain(await card.getAttribute('data-status'));

    await card.locator('[data-testid=section-submit]').click();
    const ok = a.page.locator('[data-testid=confirm-ok]');
    await ok.or(card.locator('.section-submit__error')).first().waitFor({ timeout: 10_000 });
    if (await ok.isVisible()) await ok.click();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
    expect(await card.locator('[data-testid=section-submit]').count()).toBe(0);
  }, 120_000);
});

