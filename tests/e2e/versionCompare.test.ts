/**
 * 对比 on a version page in real Chromium against the real server. The demo report is merged and
 * locked as 第1版 (through the API); the secretary unlocks it with a reason and the office (李文静)
 * replaces a sentence of the final draft through a stock Yjs client; 第2版 is locked, unlocked again
 * and the office adds one more sentence. In the browser the office opens 第2版, compares it with
 * 第1版 and with 当前合稿, and 第1版 with 当前合稿: the replaced sentence is struck and the new
 * ones underlined, in 李文静's colour, titled with her name and bureau. 版本记录 on the final draft's
 * page links straight to a comparison.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { ApiClient, mergeDemoReport as mergeDemo, type SectionJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { ARTIFACTS, launchBrowser, signIn, type UserPage } from './browser.js';
import { computed, diffMarks } from './diffMarks.js';


let server: ServerProcess;
let browser: Browser;
const pages: UserPage[] = [];
const closers: Array<() => void> = [];
const api: Record<string, ApiClient> = {};

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  api['bgs'] = await ApiClient.login(server.url, 'bgs');
});

afterAll(async () => {
  for (const close of closers) close();
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

/** Every section submitted by its bureau and approved by the office, then merged. */
async function mergeDemoReport(): Promise<{ id: string; sections: SectionJson[] }> {
  const { report, merge } = await mergeDemo(api['bgs']!);
  expect(merge.status, JSON.stringify(merge.body)).toBe(200);
  return report;
}

/** The plain text of a paragraph's first text node. */
function textOf(paragraph: Y.XmlElement): string {
  const text = paragraph.get(0) as Y.XmlText;
  return (text.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
}

describe('对比 versions', () => {
  it('shows what the office changed between 第1版, 第2版 and the current draft, in the office person’s colour', async () => {
    const report = await mergeDemoReport();
    const bgs = api['bgs']!;
    expect((await bgs.post(`/api/reports/${report.id}/lock`)).status).toBe(200);
    expect((await bgs.post(`/api/reports/${report.id}/unlock`, { reason: '领导要求修改一句表述' })).status).toBe(200);

    // The office replaces the first sentence of a long paragraph in the final draft.
    const finalDocName = `final-${report.id}`;
    const office = await CollabClient.open(bgs, server.wsUrl, finalDocName);
    closers.push(() => office.destroy());
    const paragraphs = office.fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph');
    const target = paragraphs.find((p) => p.get(0) instanceof Y.XmlText && textOf(p).length > 60 && textOf(p).indexOf('。') > 10);
    if (!target) throw new Error('the merged demo report has no long paragraph for the office to rewrite');
    const oldSentence = textOf(target).slice(0, textOf(target).indexOf('。') + 1);
    const newSentence = '办公室改写：上半年各项工作稳中有进、进中提质。';
    office.doc.transact(() => {
      const text = target.get(0) as Y.XmlText;
      text.delete(0, oldSentence.length);
      text.insert(0, newSentence);
    });
    await waitFor(() => storedXml(server.dbFile, finalDocName).includes('办公室改写'), 'office edit stored');
    expect((await bgs.post(`/api/reports/${report.id}/lock`)).status).toBe(200);

    // 第2版 unlocked again; the office adds a closing sentence to the current draft.
    expect((await bgs.post(`/api/reports/${report.id}/unlock`, { reason: '补充结束语' })).status).toBe(200);
    const closing = '本报告经区政府常务会议审议通过。';
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(closing)]);
    office.fragment.insert(office.fragment.length, [p]);
    await waitFor(() => storedXml(server.dbFile, finalDocName).includes(closing), 'closing sentence stored');
    office.destroy();

    // Her colour, as the server gives it.
    const authorship = await bgs.get<{ spans: { user: { username: string; color: string } }[] }>(`/api/reports/${report.id}/final/authorship`);
    const bgsColor = authorship.body.spans.find((s) => s.user.username === 'bgs')!.user.color;

    // In the browser: 第2版 against 第1版 (the version before it is offered first).
    const user = await signIn(browser, server.url, 'bgs');
    pages.push(user);
    const page = user.page;
    await page.goto(`/#/reports/${report.id}/versions/2`);
    // 下载 Word: the browser downloads the .docx of this version, named after the report.
    const exportLink = page.getByTestId('version-export-docx');
    await exportLink.waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    expect(download.suggestedFilename()).toMatch(/（第2版）\.docx$/);
    const select = page.getByTestId('version-compare-target');
    await expect.poll(() => select.evaluate((el: HTMLSelectElement) => [...el.options].map((o) => o.textContent)), { timeout: 15_000 }).toEqual(['当前合稿', '第1版']);
    expect(await select.inputValue()).toBe('1');
    await page.getByTestId('version-compare-run').click();
    const diff = page.getByTestId('version-diff');
    await expect.poll(() => diff.getAttribute('data-from'), { timeout: 15_000 }).toBe('1');
    expect(await diff.getAttribute('data-to')).toBe('2');
    const expected = await computed(page, bgsColor);
    const text = page.getByTestId('version-diff-text');
    const marks = await diffMarks(text);
    expect(marks.map((m) => [m.kind, m.text])).toEqual(
      expect.arrayContaining([
        ['del', oldSentence],
        ['ins', newSentence],
      ]),
    );
    expect(marks.some((m) => m.text.includes(closing))).toBe(false);
    for (const mark of marks) {
      expect(mark.color, `${mark.kind} ${mark.text}`).toBe(expected);
      expect(mark.title).toMatch(new RegExp(`^李文静（办公室）· .+ ${mark.kind === 'del' ? '删除' : '新增'}$`));
    }
    const count = (s: string) => [...s.replace(/\s/gu, '')].length;
    const summary = page.getByTestId('version-diff-summary');
    expect(await summary.innerText()).toBe(`第1版 → 第2版：新增 ${count(newSentence)} 字，删除 ${count(oldSentence)} 字`);
    expect(await page.getByTestId('version-diff-legend').innerText()).toContain('李文静（办公室）');
    // Long unchanged stretches are folded, and open on a click.
    const gaps = page.getByTestId('version-diff-gap');
    expect(await gaps.count()).toBeGreaterThan(0);
    expect(await gaps.first().innerText()).toMatch(/^…未改动 \d+ 字…$/);
    await page.getByTestId('version-compare').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${ARTIFACTS}version-compare.png` });
    const before = await gaps.count();
    await gaps.first().click();
    await expect.poll(() => gaps.count()).toBe(before - 1);

    // 第2版 against the current draft: only the closing sentence, hers.
    await select.selectOption('final');
    await expect.poll(() => diff.getAttribute('data-to'), { timeout: 15_000 }).toBe('final');
    expect(await diff.getAttribute('data-from')).toBe('2');
    const toFinal = await diffMarks(text);
    expect(toFinal.map((m) => [m.kind, m.text.trim()])).toEqual([['ins', closing]]);
    expect(toFinal[0]!.color).toBe(expected);
    expect(toFinal[0]!.title).toMatch(/^李文静（办公室）· .+ 新增$/);
    expect(await summary.innerText()).toBe(`第2版 → 当前合稿：新增 ${count(closing)} 字`);
    await page.screenshot({ path: `${ARTIFACTS}version-compare-final.png` });

    // 第1版 against the current draft: everything the office changed since.
    await page.goto(`/#/reports/${report.id}/versions/1`);
    await expect.poll(() => page.getByTestId('version-number').innerText().catch(() => ''), { timeout: 15_000 }).toBe('第1版');
    await expect.poll(() => select.evaluate((el: HTMLSelectElement) => [...el.options].map((o) => o.textContent)), { timeout: 15_000 }).toEqual(['当前合稿', '第2版']);
    expect(await select.inputValue()).toBe('final');
    await page.getByTestId('version-compare-run').click();
    await expect.poll(() => diff.getAttribute('data-to'), { timeout: 15_000 }).toBe('final');
    expect(await diff.getAttribute('data-from')).toBe('1');
    const all = await diffMarks(text);
    expect(all.map((m) => [m.kind, m.text.trim()])).toEqual(
      expect.arrayContaining([
        ['del', oldSentence],
        ['ins', newSentence],
        ['ins', closing],
      ]),
    );
    for (const mark of all) expect(mark.color).toBe(expected);
    expect(await summary.innerText()).toBe(`第1版 → 当前合稿：新增 ${count(newSentence) + count(closing)} 字，删除 ${count(oldSentence)} 字`);

    // From 版本记录 on the final draft's page: 第2版's link 对比：与第1版 opens the comparison.
    await page.goto(`/#/reports/${report.id}/final`);
    const item = page.locator('[data-testid=final-versions] li', { has: page.locator('[data-testid=version-item][data-version="2"]') });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}version-compare-list.png` });
    await item.getByTestId('version-compare-previous').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/reports/${report.id}/versions/2/compare/1`);
    await expect.poll(() => diff.getAttribute('data-from'), { timeout: 15_000 }).toBe('1');
    expect(await diff.getAttribute('data-to')).toBe('2');
    expect(await summary.innerText()).toBe(`第1版 → 第2版：新增 ${count(newSentence)} 字，删除 ${count(oldSentence)} 字`);
    expect(user.console.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
  });
});
