/**
 * The report's 历史记录 in real Chromium against the real server: a submit, a return with a reason,
 * a rename and the deletion of a written section are made through the API; the secretary opens the
 * history from the report page and finds each with its sentence, filters by kind and by section,
 * reads the deleted section's text back, and jumps from a section name to the report page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, demoReport, sectionOf, type SectionJson } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { ARTIFACTS, launchBrowser, signIn, type UserPage } from './browser.js';

const REASON = '请补充6月底的疫苗接种数据';
const RENAMED = '生态环境保护（修订）';

let server: ServerProcess;
let browser: Browser;
const pages: UserPage[] = [];
let reportId = '';
let returned: SectionJson;
let deleted: SectionJson;
let deletedText = '';
let renamed: SectionJson;

async function user(username: string): Promise<UserPage> {
  const u = await signIn(browser, server.url, username);
  pages.push(u);
  return u;
}

function entries(page: Page) {
  return page.locator('[data-testid=history-entry]');
}

/** Opens the history from the report page's 历史记录 link and waits for its entries; `shot` saves the report header first. */
async function openHistory(page: Page, shot?: string): Promise<void> {
  await page.goto(`/#/reports/${reportId}`);
  const link = page.locator('[data-testid=link-history]');
  await link.waitFor();
  if (shot) await page.locator('.report-header').screenshot({ path: `${ARTIFACTS}${shot}` });
  await link.click();
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/reports/${reportId}/history`);
  await page.waitForSelector('[data-testid=history-entry]');
}

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  const bgs = await ApiClient.login(server.url, 'bgs');
  const wjj = await ApiClient.login(server.url, 'wjj');
  const fgj = await ApiClient.login(server.url, 'fgj');
  const report = await demoReport(bgs);
  reportId = report.id;
  returned = await sectionOf(wjj, '卫健局');
  deleted = await sectionOf(fgj, '发改局');
  renamed = report.sections.find((s) => s.level > 1 && s.id !== returned.id && s.id !== deleted.id && s.bureaus.length > 0)!;

  expect((await wjj.post(`/api/sections/${returned.id}/submit`)).status).toBe(200);
  expect((await bgs.post(`/api/sections/${returned.id}/return`, { reason: REASON })).status).toBe(200);
  expect((await bgs.request('PATCH', `/api/sections/${renamed.id}`, { title: RENAMED })).status).toBe(200);
  const text = await bgs.get<{ text: string }>(`/api/sections/${deleted.id}/text`);
  deletedText = text.body.text;
  expect(deletedText.length).toBeGreaterThan(10);
  expect((await bgs.request('DELETE', `/api/sections/${deleted.id}?confirm=1`)).status).toBe(200);
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('the report history in Chromium', () => {
  it('shows the secretary what happened, newest first, with reasons, filters, and a deleted section’s text', async () => {
    const bgs = await user('bgs');
    const { page } = bgs;
    await openHistory(page);
    await expect.poll(() => page.locator('.office-header__tab--current').innerText()).toBe('历史记录');

    // Newest first: the deletion, the rename, the return, the submit (with the report's review between).
    const types = await entries(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types.slice(0, 5)).toEqual(['section.delete', 'section.update', 'section.return', 'report.review', 'section.submit']);
    const sentences = await entries(page).locator('[data-testid=history-sentence]').allInnerTexts();
    expect(sentences[0]).toContain(`删除章节「${deleted.title}」`);
    expect(sentences[1]).toContain(`重命名「${renamed.title}」→「`);
    expect(sentences[1]).toContain(RENAMED);
    expect(sentences[2]).toBe(`退回了「${returned.number}${returned.title}」`);
    expect(sentences[4]).toBe(`提交了「${returned.number}${returned.title}」`);
    const returnEntry = entries(page).nth(2);
    expect(await returnEntry.locator('[data-testid=history-reason]').innerText()).toBe(`理由：${REASON}`);
    expect(await returnEntry.innerText()).toContain('李文静');
    expect(await returnEntry.innerText()).toContain('办公室');
    expect(await entries(page).nth(4).innerText()).toContain('卫健局');
    // Grouped by day, with an HH:mm on each line.
    expect(await page.locator('.history-day__label').first().innerText()).toMatch(/^\d{1,2}月\d{1,2}日/);
    expect(await entries(page).first().locator('time').innerText()).toMatch(/^\d{2}:\d{2}$/);

    // The deleted section's text, read back from the server.
    const deletion = entries(page).first();
    await deletion.locator('summary', { hasText: '查看删除时的内容' }).click();
    const firstLine = deletedText.split('\n').find((l) => l.trim() !== '')!;
    await expect.poll(() => deletion.locator('.history-deleted__body').innerText(), { timeout: 10_000 }).toContain(firstLine.trim().slice(0, 20));
    await page.screenshot({ path: `${ARTIFACTS}history.png`, fullPage: true });

    // Kind filter: 大纲 keeps the outline edits only; 流程 the workflow.
    const shownTypes = () => entries(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    await page.locator('[data-testid=history-kind-outline]').click();
    await expect.poll(shownTypes, { timeout: 10_000 }).toEqual(['section.delete', 'section.update']);
    await page.locator('[data-testid=history-kind-workflow]').click();
    await expect.poll(async () => (await shownTypes())[0], { timeout: 10_000 }).toBe('section.return');
    const workflow = await shownTypes();
    expect(workflow.slice(0, 3)).toEqual(['section.return', 'report.review', 'section.submit']);
    expect(workflow.every((t) => /^(section\.(assign|submit|approve|return)|report\.(create|review|reopen))$/.test(t ?? ''))).toBe(true);

    // Section filter: one section's events only; the deleted section is still offered.
    await page.locator('[data-testid=history-kind-all]').click();
    await page.locator('[data-testid=history-section-filter]').selectOption(returned.id);
    await expect.poll(shownTypes, { timeout: 10_000 }).toEqual(['section.return', 'section.submit', 'section.assign']);
    const ofSection = await entries(page).evaluateAll((els) => els.map((e) => [e.getAttribute('data-type'), e.getAttribute('data-section-id')]));
    expect(new Set(ofSection.map(([, id]) => id))).toEqual(new Set([returned.id]));
    await page.locator('[data-testid=history-section-filter]').selectOption(deleted.id);
    await expect.poll(shownTypes, { timeout: 10_000 }).toEqual(['section.delete', 'section.assign']);
    expect(await page.locator('[data-testid=history-count]').innerText()).toBe('共 2 条');

    // A live section's name leads to it on the report page.
    await page.locator('[data-testid=history-section-filter]').selectOption(returned.id);
    await expect.poll(async () => (await shownTypes())[0], { timeout: 10_000 }).toBe('section.return');
    await entries(page).first().locator('[data-testid=history-section-link]').click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/reports/${reportId}/sections/${returned.id}`);
    await page.waitForSelector(`[data-testid=section][data-section-id="${returned.id}"]`);
    await expect.poll(() => page.evaluate((id) => {
      // The section's anchor (SectionHeading's sectionAnchor) is scrolled into view, below the sticky bar.
      const top = document.getElementById(`section-${id}`)?.getBoundingClientRect().top ?? -1;
      return top >= 0 && top < window.innerHeight / 2;
    }, returned.id), { timeout: 15_000 }).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  });

  it('a bureau editor finds 历史记录 too and sees new events arrive live', async () => {
    const { page } = await user('wjj');
    await openHistory(page, 'history-link-editor.png');
    expect(await page.locator('[data-testid=tab-outline]').count()).toBe(0);
    const before = await entries(page).count();
    const wjj = await ApiClient.login(server.url, 'wjj');
    expect((await wjj.post(`/api/sections/${returned.id}/submit`)).status).toBe(200);
    await expect.poll(() => entries(page).count(), { timeout: 15_000 }).toBe(before + 1);
    expect(await entries(page).first().locator('[data-testid=history-sentence]').innerText()).toBe(`重新提交了「${returned.number}${returned.title}」`);
  });
});
