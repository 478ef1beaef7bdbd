/**
 * The 进度看板 in real Chromium against the real server: the secretary keeps the board open while a
 * bureau editor, in another browser, types into and submits their section — the row's 字数, last
 * edit and state follow without a reload; a past due date set through the assignment endpoint
 * turns a row overdue, in red, with the days it is late; the 承办部门 filter keeps only that
 * bureau's rows (or the unassigned ones); the office's 催办 on a late section tells its bureau, and
 * a second press within the hour is refused saying when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { countChars } from '@hegao/schema';
import { ApiClient, createHalfYearReport } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { ARTIFACTS, launchBrowser, openReport, placeCaret, section, signIn, type UserPage } from './browser.js';

interface SectionRow {
  id: string;
  parentId: string | null;
  number: string;
  title: string;
  status: string;
  docName: string;
  bureaus: { id: string; name: string }[];
}

let server: ServerProcess;
let browser: Browser;
const pages: UserPage[] = [];
let reportId = '';
let leaves: SectionRow[] = [];
let bgs: UserPage;

/** A board row by section id. */
const row = (page: Page, sectionId: string) => page.locator(`[data-testid=board-row][data-section-id="${sectionId}"]`);
const rows = (page: Page) => page.locator('[data-testid=board-row]');

/** A YYYY-MM-DD date moved by whole days. */
function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Parses a computed `rgb(r, g, b)` / `rgba(…)` colour. */
function rgb(color: string): [number, number, number] {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  if (!m) throw new Error(`not an rgb colour: ${color}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Red-ish: red clearly dominates green and blue. */
function isRed(color: string): boolean {
  const [r, g, b] = rgb(color);
  return r >= 150 && r - g >= 80 && r - b >= 80;
}

/** The half-year template's 卫健局 section (the seed's heading). */
const EPIDEMIC = '构建上下贯通的组织体系，疫情防控工作取得阶段性成效';

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  const api = await ApiClient.login(server.url, 'bgs');
  const created = await createHalfYearReport(api, '看板区2031年上半年工作总结及下半年工作计划');
  reportId = created.id;
  const parents = new Set(created.sections.map((s) => s.parentId));
  leaves = created.sections.filter((s) => !parents.has(s.id));
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('the progress board in Chromium', () => {
  it('follows a bureau’s typing and submit live, without a reload', async () => {
    bgs = await signIn(browser, server.url, 'bgs');
    pages.push(bgs);
    await bgs.page.goto(`/#/reports/${reportId}/board`);
    await expect.poll(() => rows(bgs.page).count(), { timeout: 15_000 }).toBe(leaves.length);
    // Marks this page load: a reload would lose it.
    await bgs.page.evaluate(() => ((window as unknown as { boardLoad: string }).boardLoad = 'first'));

    const epidemic = leaves.find((s) => s.title === EPIDEMIC)!;
    const mine = row(bgs.page, epidemic.id);
    expect(await mine.getAttribute('data-status')).toBe('drafting');
    expect(await mine.locator('[data-testid=board-chars]').getAttribute('data-count')).toBe('0');
    expect(await mine.locator('.board-row__edit').innerText()).toContain('尚未编辑');
    expect(await mine.locator('.board-row__bureaus').innerText()).toBe('卫健局');
    expect(await bgs.page.locator('[data-testid=board-summary] [data-status=submitted]').getAttribute('data-count')).toBe('0');

    const wjj = await signIn(browser, server.url, 'wjj');
    pages.push(wjj);
    await openReport(wjj.page, reportId);
    await expect.poll(() => section(wjj.page, epidemic.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    const text = '上半年全区累计接种疫苗12万剂次，核酸检测能力提升到每日3万份。';
    await placeCaret(wjj.page, section(wjj.page, epidemic.id).locator('.ProseMirror'), 'end');
    await wjj.page.keyboard.type(text);
    await waitFor(() => storedXml(server.dbFile, epidemic.docName).includes('每日3万份。'), 'typed text stored', 15_000);

    // The board follows: 字数 (digits and punctuation count), the editor's name, just now.
    await expect.poll(() => mine.locator('[data-testid=board-chars]').getAttribute('data-count'), { timeout: 15_000 }).toBe(String(countChars(text)));
    expect(await mine.locator('[data-testid=board-chars]').innerText()).toBe(String(countChars(text)));
    await expect.poll(() => mine.locator('.board-row__edit').innerText(), { timeout: 15_000 }).toMatch(/张卫民\s*刚刚/);
    expect(await mine.getAttribute('data-status')).toBe('drafting');

    await section(wjj.page, epidemic.id).locator('[data-testid=section-submit]').click();
    await expect.poll(() => section(wjj.page, epidemic.id).getAttribute('data-status'), { timeout: 15_000 }).toBe('submitted');
    await expect.poll(() => mine.getAttribute('data-status'), { timeout: 15_000 }).toBe('submitted');
    expect(await mine.locator('.status-badge').innerText()).toBe('已提交');
    await expect.poll(() => bgs.page.locator('[data-testid=board-summary] [data-status=submitted]').getAttribute('data-count'), { timeout: 10_000 }).toBe('1');
    expect(await bgs.page.evaluate(() => (window as unknown as { boardLoad?: string }).boardLoad)).toBe('first');
  });

  it('shows a section past its due date as overdue, in red, with the days it is late', async () => {
    const api = await ApiClient.login(server.url, 'bgs');
    const { today } = (await api.get<{ today: string }>(`/api/reports/${reportId}/board`)).body;
    const economy = leaves.find((s) => s.title === '全力稳增长促转型，经济高质量发展取得新进展')!;
    const late = row(bgs.page, economy.id);
    expect(await late.getAttribute('data-overdue')).toBe('false');
    const relative = late.locator('.board-row__relative');
    expect(await relative.innerText()).toMatch(/^剩余\d+天$/);
    expect(isRed(await relative.evaluate((el) => getComputedStyle(el).color))).toBe(false);

    const res = await api.put(`/api/sections/${economy.id}/assignment`, { bureauIds: economy.bureaus.map((b) => b.id), dueDate: shiftDate(today, -2) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    await expect.poll(() => late.getAttribute('data-overdue'), { timeout: 15_000 }).toBe('true');
    expect(await relative.innerText()).toBe('已逾期2天');
    const [m, d] = shiftDate(today, -2).split('-').slice(1).map(Number);
    expect(await late.locator('.board-row__due time').innerText()).toContain(`${m}月${d}日`);
    // Red as the office sees it, not only a class: the days late and the section title.
    expect(await relative.evaluate((el) => getComputedStyle(el).color)).toSatisfy(isRed);
    expect(await late.locator('.board-row__section').evaluate((el) => getComputedStyle(el).color)).toSatisfy(isRed);
    const [r, g, b] = rgb(await late.locator('.board-row__section').evaluate((el) => getComputedStyle(el).backgroundColor));
    expect(r > b && r > g, 'a reddish row background').toBe(true);
    // Only that row; the summary counts it.
    expect(await rows(bgs.page).evaluateAll((els) => els.filter((e) => e.getAttribute('data-overdue') === 'true').map((e) => e.getAttribute('data-section-id')))).toEqual([economy.id]);
    expect(await bgs.page.locator('[data-testid=board-summary] [data-status=overdue]').getAttribute('data-count')).toBe('1');
    // A normal row keeps its normal colour.
    const epidemic = leaves.find((s) => s.title === EPIDEMIC)!;
    expect(isRed(await row(bgs.page, epidemic.id).locator('.board-row__section').evaluate((el) => getComputedStyle(el).color))).toBe(false);
    await bgs.page.screenshot({ path: `${ARTIFACTS}board-live.png`, fullPage: true });
  });

  it('催办: the office reminds an overdue section’s bureau; a second press within the hour says when, and sends nothing', async () => {
    const economy = leaves.find((s) => s.title === '全力稳增长促转型，经济高质量发展取得新进展')!;
    const epidemic = leaves.find((s) => s.title === EPIDEMIC)!;
    const late = row(bgs.page, economy.id);
    const remind = late.locator('[data-testid=board-remind]');
    expect(await remind.innerText()).toBe('催办');
    // Not on a section already handed in.
    expect(await row(bgs.page, epidemic.id).locator('[data-testid=board-remind]').count()).toBe(0);
    expect(await late.locator('[data-testid=board-reminded]').count()).toBe(0);
    await bgs.page.screenshot({ path: `${ARTIFACTS}board-remind.png`, fullPage: true });

    const fgj = await ApiClient.login(server.url, 'fgj');
    const reminders = async () =>
      (await fgj.get<{ items: { type: string; sectionId: string | null; message: string }[] }>('/api/notifications')).body.items.filter((n) => n.type === 'reminded');
    expect(await reminders()).toEqual([]);

    await remind.click();
    // The board shows when, live (the report's event refetches it).
    await expect.poll(() => late.locator('[data-testid=board-reminded]').count(), { timeout: 15_000 }).toBe(1);
    expect(await late.locator('[data-testid=board-reminded]').innerText()).toMatch(/^已催办 \d{2}:\d{2}$/);
    const told = await reminders();
    expect(told.map((n) => n.sectionId)).toEqual([economy.id]);
    expect(told[0]!.message).toMatch(/^办公室催办《看板区2031年上半年工作总结及下半年工作计划》“.*全力稳增长促转型，经济高质量发展取得新进展”，已超过截止日期（.*），请尽快提交$/);

    // Pressed again within the hour: a clear refusal saying when, and nothing sent.
    await remind.click();
    const error = late.locator('[data-testid=board-remind-error]');
    await expect.poll(() => error.count(), { timeout: 10_000 }).toBe(1);
    expect(await error.innerText()).toMatch(/^本章节已于\d{2}:\d{2}催办过，每小时只能催办一次，请于\d{2}:\d{2}后再催办$/);
    expect(await reminders()).toHaveLength(1);
    await bgs.page.screenshot({ path: `${ARTIFACTS}board-remind-again.png`, fullPage: true });

    // A bureau writer sees no 催办 on the same board.
    const fgjPage = await signIn(browser, server.url, 'fgj');
    pages.push(fgjPage);
    await fgjPage.page.goto(`/#/reports/${reportId}/board`);
    await expect.poll(() => rows(fgjPage.page).count(), { timeout: 15_000 }).toBe(leaves.length);
    expect(await fgjPage.page.locator('[data-testid=board-remind]').count()).toBe(0);
  });

  it('filters by bureau, and by unassigned', async () => {
    const filter = bgs.page.locator('[data-testid=board-filter]');
    const ofBureau = (name: string) => leaves.filter((s) => s.bureaus.some((b) => b.name === name)).map((s) => s.id);
    const fgj = leaves.flatMap((s) => s.bureaus).find((b) => b.name === '发改局')!;
    expect(ofBureau('发改局').length).toBeGreaterThan(1);
    expect(ofBureau('发改局').length).toBeLessThan(leaves.length);

    await filter.selectOption(String(fgj.id));
    await expect
      .poll(() => rows(bgs.page).evaluateAll((els) => els.map((e) => e.getAttribute('data-section-id'))), { timeout: 10_000 })
      .toEqual(ofBureau('发改局'));
    for (const names of await rows(bgs.page).locator('.board-row__bureaus').allInnerTexts()) expect(names).toContain('发改局');
    expect(await bgs.page.locator('[data-testid=board-summary] [data-status=total]').getAttribute('data-count')).toBe(String(ofBureau('发改局').length));

    // Sections whose template bureau is not in this workspace (改革办, 商务局) have none.
    const unassigned = leaves.filter((s) => s.bureaus.length === 0).map((s) => s.id);
    expect(unassigned.length).toBeGreaterThan(0);
    await filter.selectOption({ label: '未分配' });
    await expect
      .poll(() => rows(bgs.page).evaluateAll((els) => els.map((e) => e.getAttribute('data-section-id'))), { timeout: 10_000 })
      .toEqual(unassigned);
    expect(await rows(bgs.page).locator('.board-row__bureaus').allInnerTexts()).toEqual(unassigned.map(() => '未分配'));

    await filter.selectOption({ label: '全部部门' });
    await expect.poll(() => rows(bgs.page).count(), { timeout: 10_000 }).toBe(leaves.length);
  });
});
