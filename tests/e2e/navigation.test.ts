/**
 * Finding one's way in a long report in real Chromium: the report list's card shows what the
 * server has, the 目录 marks one's own sections and jumps to a section, a section's 待填数据 selects
 * its placeholder, the report list's 我的章节 open the report at that section, and the report bar's
 * 待填数据 walks through every unfilled placeholder of the report, section after section in outline order,
 * while masked names (X区) are only lightly marked as 待确认名称 and not counted.
 * On a phone-sized window the connection state and the report's counts stay in view while scrolling,
 * under a one-line header.
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
  it('the report list’s card shows the title, period, state, due date and progress the server has', async () => {
    const u = await signIn(browser, server.url, 'mzj');
    pages.push(u);
    const api = await ApiClient.login(server.url, 'mzj');
    type Summary = { id: string; title: string; period: string | null; status: string; dueDate: string | null; sectionCount: number; statusCounts: Record<string, number> };
    const report = (await api.get<Summary[]>('/api/reports')).body.find((r) => r.id === reportId)!;
    const card = u.page.locator('.report-card', { has: u.page.locator(`a[href$="/reports/${reportId}"]`) });
    await card.waitFor();
    expect(await card.locator('.report-card__title').innerText()).toBe(report.title);
    expect(report.period).toBe('2020年上半年');
    expect(await card.locator('.report-card__meta').innerText()).toContain(report.period!);
    expect(report.status).toBe('drafting');
    expect(await card.locator('.report-card__header .status-badge').innerText()).toBe('起草中');
    expect(report.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [year, month, day] = report.dueDate!.split('-').map(Number);
    const due = card.locator('.report-card__meta .due-date time');
    expect(await due.getAttribute('datetime')).toBe(report.dueDate);
    expect(await due.innerText()).toBe(`${year}年${month}月${day}日`);
    const approved = report.statusCounts['approved'] ?? 0;
    expect(await card.locator('.progress__label').innerText()).toBe(`已通过 ${approved} / 共 ${report.sectionCount} 节`);
    expect(await card.locator('.progress__track').getAttribute('aria-valuemax')).toBe(String(report.sectionCount));
  });

  it('目录 marks the bureau’s own sections, and a click on one jumps to it', async () => {
    const u = await signIn(browser, server.url, 'nyj');
    pages.push(u);
    await openReport(u.page, reportId);
    const api = await ApiClient.login(server.url, 'nyj');
    const detail = await api.get<{ sections: { id: string; parentId: string | null; bureaus: { name: string }[] }[] }>(`/api/reports/${reportId}`);
    const parents = new Set(detail.body.sections.map((x) => x.parentId));
    const own = detail.body.sections.filter((x) => !parents.has(x.id) && x.bureaus.some((b) => b.name === '农业农村局')).map((x) => x.id);
    expect(own.length).toBeGreaterThan(0);
    const items = u.page.locator('[data-testid=outline] [data-testid=outline-item]');
    expect(await items.count()).toBe(detail.body.sections.length);
    // Exactly the bureau's sections carry the mark.
    expect(await u.page.locator('[data-testid=outline-item][data-mine=true]').evaluateAll((els) => els.map((el) => el.getAttribute('data-section-id')))).toEqual(own);

    // The last own section is far down the report: a click scrolls it up below the bars, and the
    // entry becomes 当前位置.
    const target = own.at(-1)!;
    const card = u.page.locator(`[data-testid=section][data-section-id="${target}"]`);
    expect(await card.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(900);
    await u.page.locator(`[data-testid=outline-item][data-section-id="${target}"]`).click();
    await expect.poll(() => card.evaluate((el) => Math.round(el.getBoundingClientRect().top)), { timeout: 15_000 }).toBeLessThan(400);
    expect(await card.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
    await expect
      .poll(() => u.page.locator('[data-testid=outline-item][aria-current=location]').getAttribute('data-section-id'), { timeout: 10_000 })
      .toBe(target);
  });

  it('a section’s own 待填数据 button selects a placeholder in that section', async () => {
    const u = pages.at(-1)!;
    const withPlaceholders = u.page.locator('[data-testid=section][data-mine=true]', {
      has: u.page.locator('[data-testid=section-placeholders]:not([disabled])'),
    });
    const card = withPlaceholders.last();
    const sectionId = await card.getAttribute('data-section-id');
    const button = card.locator('[data-testid=section-placeholders]');
    expect(Number(await button.getAttribute('data-count'))).toBeGreaterThan(0);
    // While typing in the section (its toolbar shown): a click as a person makes it, with the
    // button held down for a moment, must land.
    await card.locator('.ProseMirror').click();
    await card.locator('.hg-toolbar').waitFor();
    await button.click({ delay: 150 });
    const selected = () =>
      u.page.evaluate(() => {
        const sel = document.getSelection();
        const node = sel?.anchorNode;
        const el = node ? (node.nodeType === 1 ? (node as Element) : node.parentElement) : null;
        return { text: sel?.toString() ?? '', sectionId: el?.closest('[data-testid=section]')?.getAttribute('data-section-id') ?? null };
      });
    // The editor takes focus and shows its selection by the next frame.
    await expect.poll(async () => (await selected()).text, { timeout: 5_000 }).toMatch(/^(X|XX|X%|X亿元|××)/);
    expect((await selected()).sectionId).toBe(sectionId);
  });

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

  it('masked names (X区, XX经济带) are marked apart — 待确认名称, dotted — and not counted as 待填数据', async () => {
    // The office's page of the test before, with every section open.
    const u = pages.at(-1)!;
    const names = u.page.locator('[data-testid=masked-name-mark]');
    await expect.poll(() => names.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const look = await names.first().evaluate((el) => {
      const style = getComputedStyle(el);
      return { title: el.getAttribute('title'), line: style.textDecorationLine, dots: style.textDecorationStyle, background: style.backgroundColor };
    });
    expect(look).toEqual({ title: '待确认名称', line: 'underline', dots: 'dotted', background: 'rgba(0, 0, 0, 0)' });
    // Each section's 待填数据 count is its number marks alone; the names are beside them.
    const perSection = () =>
      u.page.locator('[data-testid=section]').evaluateAll((els) =>
        els.map((el) => ({
          count: Number(el.querySelector('[data-testid=section-placeholders]')?.getAttribute('data-count') ?? 0),
          marks: el.querySelectorAll('[data-testid=placeholder-mark]').length,
          names: el.querySelectorAll('[data-testid=masked-name-mark]').length,
        })),
      );
    await expect.poll(async () => (await perSection()).every((s) => s.count === s.marks), { timeout: 10_000 }).toBe(true);
    const all = await perSection();
    expect(all.some((s) => s.names > 0 && s.marks > 0)).toBe(true);
    // No name mark inside a placeholder mark, nor the other way round.
    expect(await u.page.locator('.placeholder-mark .masked-name-mark, .masked-name-mark .placeholder-mark').count()).toBe(0);
  }, 60_000);
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
