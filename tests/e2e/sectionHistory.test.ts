/**
 * 修改记录 in real Chromium against the real server: 卫健局 writes a figure and submits; the office
 * returns it with a reason; 卫健局 changes the figure and submits again. The office's review offers
 * 自上次提交以来的修改, showing exactly the changed figure struck and inserted in the writer's
 * colour; the section's 修改记录 lists the sessions and the 提交 / 退回（理由）/ 提交 steps, compares
 * two points, and a restore by the office brings the earlier text back into the writer's open editor.
 * A comment made meanwhile is listed among the steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient, sectionOf } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { ARTIFACTS, launchBrowser, openReport, placeCaret, section, signIn, type UserPage } from './browser.js';
import { computed, diffMarks } from './diffMarks.js';

interface AuthorshipJson {
  spans: { user: { username: string; color: string } }[];
}

let server: ServerProcess;
let browser: Browser;
const pages: UserPage[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('修改记录', () => {
  it('reviews only what changed, lists sessions and steps, compares two points and restores', async () => {
    const wjjApi = await ApiClient.login(server.url, 'wjj');
    const bgsApi = await ApiClient.login(server.url, 'bgs');
    const reportId = (await wjjApi.get<{ id: string }[]>('/api/reports')).body[0]!.id;
    const s = await sectionOf(wjjApi, '卫健局');
    const storedText = async () => (await wjjApi.get<{ text: string }>(`/api/sections/${s.id}/text`)).body.text;

    // 张卫民 writes a figure and submits.
    const writer = await signIn(browser, server.url, 'wjj');
    pages.push(writer);
    await openReport(writer.page, reportId);
    const editor = section(writer.page, s.id).locator('.ProseMirror');
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('true');
    await placeCaret(writer.page, editor, 'end');
    await writer.page.keyboard.press('Enter');
    await writer.page.keyboard.type('上半年全区门诊量同比增长12%。');
    await expect.poll(storedText, { timeout: 10_000 }).toContain('同比增长12%。');
    expect((await wjjApi.post(`/api/sections/${s.id}/submit`)).status).toBe(200);

    // The office returns it with a reason.
    const reason = '门诊量增幅请与统计局核对';
    expect((await bgsApi.post(`/api/sections/${s.id}/return`, { reason })).status).toBe(200);
    expect((await bgsApi.post(`/api/sections/${s.id}/comments`, { body: '请注明数据来源' })).status).toBe(201);

    // 张卫民 changes the figure (12 → 15) in the editor and submits again.
    await expect.poll(() => editor.getAttribute('contenteditable'), { timeout: 10_000 }).toBe('true');
    await placeCaret(writer.page, editor, 'end');
    await writer.page.keyboard.press('ArrowLeft');
    await writer.page.keyboard.press('ArrowLeft');
    await writer.page.keyboard.press('Backspace');
    await writer.page.keyboard.press('Backspace');
    await writer.page.keyboard.type('15');
    await expect.poll(storedText, { timeout: 10_000 }).toContain('同比增长15%。');
    expect((await wjjApi.post(`/api/sections/${s.id}/submit`)).status).toBe(200);

    const described = await wjjApi.get<AuthorshipJson>(`/api/sections/${s.id}/authorship`);
    const wjjColor = described.body.spans.find((span) => span.user.username === 'wjj')!.user.color;

    // The office reviews: only the changed figure, struck and inserted in 张卫民's colour.
    const office = await signIn(browser, server.url, 'bgs');
    pages.push(office);
    await openReport(office.page, reportId);
    const card = section(office.page, s.id);
    const sinceSubmit = card.getByTestId('review-since-submit');
    await expect.poll(() => sinceSubmit.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => card.getByTestId('review-since-return').count()).toBe(1);
    await sinceSubmit.scrollIntoViewIfNeeded();
    await sinceSubmit.click();
    const reviewDiff = office.page.getByTestId('review-diff');
    await expect.poll(() => reviewDiff.count(), { timeout: 10_000 }).toBe(1);
    const expected = await computed(office.page, wjjColor);
    const marks = await diffMarks(reviewDiff);
    expect(marks.map((m) => [m.kind, m.text])).toEqual([
      ['del', '12'],
      ['ins', '15'],
    ]);
    for (const mark of marks) expect(mark.color, mark.kind).toBe(expected);
    expect(marks[0]!.title).toMatch(/^张卫民（卫健局）· .* 删除$/);
    expect(marks[1]!.title).toMatch(/^张卫民（卫健局）· .* 写入$/);
    await office.page.screenshot({ path: `${ARTIFACTS}review-changes.png` });
    await office.page.getByTestId('review-changes-close').click();

    // 修改记录: sessions, and 提交 / 退回（理由）/ 提交, newest first.
    await card.getByTestId('section-history-open').click();
    const dialog = office.page.getByTestId('section-history');
    const entries = dialog.getByTestId('timeline-entry');
    await expect.poll(() => entries.count(), { timeout: 10_000 }).toBeGreaterThan(3);
    const steps = async () =>
      (await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))).filter((t) => t === 'section.submit' || t === 'section.return');
    expect(await steps()).toEqual(['section.submit', 'section.return', 'section.submit']);
    expect(await dialog.locator('[data-testid=timeline-entry][data-type="section.return"]').innerText()).toContain(`理由：${reason}`);
    // The comment is listed once (its recorded step is not listed again).
    const comment = dialog.locator('[data-testid=timeline-entry]', { hasText: '请注明数据来源' });
    expect(await comment.count()).toBe(1);
    expect(await comment.getAttribute('data-kind')).toBe('comment');
    const sessions = dialog.locator('[data-testid=timeline-entry][data-kind=edit]', { hasText: '张卫民（卫健局）' });
    expect(await sessions.count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => sessions.first().innerText()).toMatch(/\d{1,2}月\d{1,2}日 \d\d:\d\d.* · (\+\d+ ?)?(−\d+)?字/);

    // The text at the first 提交, tinted by its writer.
    const firstSubmit = dialog.locator('[data-testid=timeline-entry][data-type="section.submit"]').last();
    await firstSubmit.locator('.sh-entry__main').click();
    const past = dialog.getByTestId('history-past-text');
    await expect.poll(() => past.innerText(), { timeout: 10_000 }).toContain('同比增长12%。');
    const tint = past.locator('[data-author-id]', { hasText: '同比增长12%' }).first();
    expect(await tint.evaluate((el) => getComputedStyle(el).borderBottomColor)).toBe(expected);
    await tint.scrollIntoViewIfNeeded();
    await office.page.screenshot({ path: `${ARTIFACTS}history-timeline.png` });

    // Two points: the first 提交 and the second.
    await firstSubmit.getByTestId('timeline-compare').check();
    await dialog.locator('[data-testid=timeline-entry][data-type="section.submit"]').first().getByTestId('timeline-compare').check();
    const diff = dialog.getByTestId('history-diff');
    await expect.poll(async () => (await diffMarks(diff)).map((m) => [m.kind, m.text]), { timeout: 10_000 }).toEqual([
      ['del', '12'],
      ['ins', '15'],
    ]);
    await office.page.screenshot({ path: `${ARTIFACTS}history-diff.png` });

    // The office restores the text of the first 提交: it arrives in 张卫民's open editor.
    await firstSubmit.getByTestId('timeline-compare').uncheck();
    await firstSubmit.locator('.sh-entry__main').click();
    await dialog.getByTestId('history-restore').click();
    const confirm = office.page.getByTestId('confirm-dialog');
    await expect.poll(() => confirm.innerText()).toMatch(/将本节恢复到 \d{1,2}月\d{1,2}日 \d\d:\d\d 的内容？恢复会作为一次新的修改记录在您名下，历史不会被删除。/);
    await office.page.getByTestId('confirm-ok').click();
    await expect.poll(() => dialog.getByTestId('history-restored').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => editor.innerText(), { timeout: 10_000 }).toContain('同比增长12%。');
    expect(await editor.innerText()).not.toContain('同比增长15%');
    await expect.poll(() => entries.first().getAttribute('data-type'), { timeout: 10_000 }).toBe('section.restore');
    await office.page.screenshot({ path: `${ARTIFACTS}history-restored.png` });

    // On a phone the timeline sits above the text, nothing wider than the screen.
    await office.page.setViewportSize({ width: 390, height: 800 });
    await expect.poll(() => dialog.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await dialog.getByTestId('history-timeline').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(300);
    await office.page.screenshot({ path: `${ARTIFACTS}history-phone.png` });

    for (const p of pages) expect(p.console.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
  });
});
