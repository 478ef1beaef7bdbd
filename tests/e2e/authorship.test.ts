/**
 * 显示修改人 in real Chromium against the real server: two writers of 卫健局 type into one section;
 * with the toggle on, each typed run is tinted in its writer's colour and named on hover (and on
 * the caret, Esc closing the card), the legend lists both under 卫健局, and the tint follows the
 * colleague's further typing live. In the final draft, merged text keeps its bureau writers and
 * what the office types there is the office's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, demoReport, writtenSections, type SectionJson } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { ARTIFACTS, launchBrowser, placeCaret, section, signIn, twoWritersOnOneSection, type UserPage } from './browser.js';

interface AuthorshipJson {
  text: string;
  spans: { start: number; end: number; user: { id: string; name: string; color: string }; bureau: { name: string } | null; at: string }[];
}

let server: ServerProcess;
let browser: Browser;
const pages: UserPage[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  const created = server.cli(['user', 'add', 'wjj2', '--name', '李娜', '--role', 'editor', '--bureau', '卫健局', '--password', 'second-editor-pw']);
  expect(created.status, created.stderr).toBe(0);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

/** The text of the tinted runs in a section, joined per writer's name. */
function tintedByName(page: Page, s: SectionJson): Promise<Record<string, string>> {
  return section(page, s.id)
    .locator('.ProseMirror')
    .evaluate((el) => {
      const out: Record<string, string> = {};
      for (const run of el.querySelectorAll<HTMLElement>('[data-author-name]')) {
        const name = run.dataset['authorName']!;
        out[name] = (out[name] ?? '') + (run.textContent ?? '');
      }
      return out;
    });
}

/** The computed underline colour of the first tinted run containing `text`, and `color` as the browser computes it. */
function colours(page: Page, s: SectionJson, text: string, color: string): Promise<{ run: string | null; expected: string }> {
  return section(page, s.id)
    .locator('.ProseMirror')
    .evaluate(
      (el, { text, color }) => {
        const run = [...el.querySelectorAll<HTMLElement>('[data-author-name]')].find((r) => (r.textContent ?? '').includes(text));
        const probe = document.body.appendChild(document.createElement('span'));
        probe.style.color = color;
        const expected = getComputedStyle(probe).color;
        probe.remove();
        return { run: run ? getComputedStyle(run).borderBottomColor : null, expected };
      },
      { text, color },
    );
}

describe('显示修改人', () => {
  it('tints each writer’s text in their colour, names them on hover, and follows live typing', async () => {
    const { section: s, a, b, edA, edB } = await twoWritersOnOneSection(browser, server.url, pages);
    const api = await ApiClient.login(server.url, 'wjj');

    // 张卫民 writes a paragraph, then 李娜 one after it.
    await placeCaret(a.page, edA, 'end');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('张卫民写的第一句。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('张卫民写的第一句。'), 'A stored');
    await expect.poll(() => edB.innerText(), { timeout: 10_000 }).toContain('张卫民写的第一句。');
    await placeCaret(b.page, edB, 'end');
    await b.page.keyboard.press('Enter');
    await b.page.keyboard.type('李娜补充的内容。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('李娜补充的内容。'), 'B stored');
    await expect.poll(() => edA.innerText(), { timeout: 10_000 }).toContain('李娜补充的内容。');

    // The server's description, for the colours.
    const described = await api.get<AuthorshipJson>(`/api/sections/${s.id}/authorship`);
    expect(described.status, JSON.stringify(described.body)).toBe(200);
    const colourOf = (name: string) => described.body.spans.find((span) => span.user.name === name)?.user.color;
    expect(colourOf('张卫民')).toMatch(/^hsl\(/);
    expect(colourOf('李娜')).toMatch(/^hsl\(/);
    // Two people of one bureau never share a shade (personColor ranks them among the bureau's people).
    expect(colourOf('张卫民')).not.toBe(colourOf('李娜'));

    // The toggle, on 张卫民's page.
    const toggle = section(a.page, s.id).getByRole('button', { name: '显示修改人' });
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => tintedByName(a.page, s), { timeout: 10_000 }).toMatchObject({
      张卫民: expect.stringContaining('张卫民写的第一句。'),
      李娜: expect.stringContaining('李娜补充的内容。'),
    });
    const byName = await tintedByName(a.page, s);
    expect(byName['张卫民']).not.toContain('李娜补充');
    expect(byName['李娜']).not.toContain('张卫民写的');
    for (const [name, text] of [
      ['张卫民', '张卫民写的第一句。'],
      ['李娜', '李娜补充的内容。'],
    ] as const) {
      const { run, expected } = await colours(a.page, s, text, colourOf(name)!);
      expect(run, name).toBe(expected);
    }
    // The same colour as 李娜's caret in 张卫民's editor (the server stamps it on her presence).
    const caret = edA.locator('.ProseMirror-yjs-cursor').first();
    await expect.poll(() => caret.count(), { timeout: 10_000 }).toBe(1);
    const caretColour = await caret.evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(caretColour).toBe((await colours(a.page, s, '李娜补充的内容。', colourOf('李娜')!)).run);
    const legend = section(a.page, s.id).getByTestId('authorship-legend');
    await expect.poll(() => legend.innerText()).toMatch(/卫健局：\s*张卫民、\s*李娜|卫健局：\s*李娜、\s*张卫民/);

    await legend.scrollIntoViewIfNeeded();
    await a.page.evaluate(() => window.scrollBy(0, -160));
    await a.page.screenshot({ path: `${ARTIFACTS}authorship-legend.png` });

    // Hover names the writer and the time. (Scroll first: a scroll under a resting pointer hovers
    // whatever comes under it.)
    const runB = section(a.page, s.id).locator('[data-author-name="李娜"]', { hasText: '李娜补充的内容。' }).first();
    await runB.scrollIntoViewIfNeeded();
    await runB.hover();
    const card = section(a.page, s.id).getByTestId('authorship-card');
    await expect.poll(() => card.innerText(), { timeout: 5_000 }).toMatch(/^李娜（卫健局）· \d{1,2}月\d{1,2}日 \d\d:\d\d 写入$/);
    await a.page.screenshot({ path: `${ARTIFACTS}authorship.png` });

    // The keyboard: the caret in 张卫民's run shows his card; Esc closes it.
    await a.page.mouse.move(5, 5);
    await expect.poll(() => card.count()).toBe(0);
    const runA = section(a.page, s.id).locator('[data-author-name="张卫民"]', { hasText: '张卫民写的第一句。' }).first();
    await runA.click();
    // The pointer leaves (a pointer resting on a run would show its card again when the tint is redrawn).
    await a.page.mouse.move(5, 5);
    await a.page.keyboard.press('ArrowRight');
    await expect.poll(() => card.innerText(), { timeout: 5_000 }).toMatch(/^张卫民（卫健局）· .* 写入$/);
    await a.page.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);

    // Live: 李娜 types more, and 张卫民's page tints it as hers without touching anything.
    await b.page.keyboard.type('李娜又写了一句。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('李娜又写了一句。'), 'B stored again');
    await expect.poll(async () => (await tintedByName(a.page, s))['李娜'] ?? '', { timeout: 10_000 }).toContain('李娜又写了一句。');
    await a.page.mouse.move(5, 5);
    await a.page.screenshot({ path: `${ARTIFACTS}authorship-live.png` });

    // 张卫民 types on with the tint on: no card pops up while typing, and his new words are his.
    await placeCaret(a.page, edA, 'end');
    await a.page.keyboard.type('张卫民再补一句。');
    await expect.poll(() => card.count()).toBe(0);
    await expect.poll(async () => (await tintedByName(a.page, s))['张卫民'] ?? '', { timeout: 10_000 }).toContain('张卫民再补一句。');

    // 李娜 deletes the end of 张卫民's sentence; with 显示已删除文字 张卫民 sees it struck through,
    // named as his and deleted by her — shown, not put back.
    await placeCaret(b.page, edB, 'end');
    for (let i = 0; i < 4; i++) await b.page.keyboard.press('Backspace');
    await waitFor(() => !storedXml(server.dbFile, s.docName).includes('补一句。'), 'deletion stored');
    const showDeleted = section(a.page, s.id).getByTestId('authorship-show-deleted').locator('input');
    await expect.poll(() => showDeleted.isEnabled(), { timeout: 10_000 }).toBe(true);
    await showDeleted.check();
    const struck = section(a.page, s.id).locator('del.hg-deleted[data-deleted-by="李娜"]');
    await expect.poll(() => struck.allInnerTexts().then((t) => t.join('')), { timeout: 10_000 }).toContain('补一句。');
    expect(await struck.first().getAttribute('data-author-name')).toBe('张卫民');
    expect(await struck.first().getAttribute('title')).toMatch(/^张卫民（卫健局）写入 · 李娜（卫健局）.* 删除$/);
    expect(await edA.evaluate((el) => (el as HTMLElement).innerText.replace(/补一句。/, ''))).not.toContain('补一句。');
    await a.page.mouse.move(5, 5);
    await struck.first().scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: `${ARTIFACTS}authorship-deleted.png` });
    await showDeleted.uncheck();
    await expect.poll(() => struck.count()).toBe(0);

    // A section 张卫民 may only read: a tap (click) on a tinted run shows its card.
    const other = a.page.locator('[data-testid=section][data-mode=read]').first();
    await other.getByRole('button', { name: '显示修改人' }).click();
    const tinted = other.locator('.ProseMirror [data-author-name]').first();
    await expect.poll(() => tinted.count(), { timeout: 10_000 }).toBe(1);
    await tinted.scrollIntoViewIfNeeded();
    await tinted.click({ position: { x: 4, y: 4 } });
    await expect.poll(() => other.getByTestId('authorship-card').innerText(), { timeout: 5_000 }).toMatch(/· .* 写入$/);
    await a.page.keyboard.press('Escape');
    await expect.poll(() => other.getByTestId('authorship-card').count()).toBe(0);
    // Without a caret there, the runs are tab stops (the click focused the first): Tab moves to
    // the next run, whose card shows.
    await a.page.keyboard.press('Tab');
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.classList.contains('hg-author') ?? false)).toBe(true);
    await expect.poll(() => other.getByTestId('authorship-card').innerText(), { timeout: 5_000 }).toMatch(/· .* 写入$/);
    await a.page.keyboard.press('Escape');
    await expect.poll(() => other.getByTestId('authorship-card').count()).toBe(0);

    // Every section has the toggle; turning it off removes the tints.
    const sections = await a.page.locator('[data-testid=section]').count();
    await expect.poll(() => a.page.locator('[data-testid=authorship-toggle]').count()).toBe(sections);
    await toggle.click();
    await expect.poll(() => edA.locator('[data-author-name]').count()).toBe(0);
    expect(a.console.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
  });

  it('in the final draft, merged text keeps its writers and the office’s typing is the office’s', async () => {
    const EDITORS: Record<string, string> = { 卫健局: 'wjj', 发改局: 'fgj', 农业农村局: 'nyj', 民政局: 'mzj', 组织部: 'zzb' };
    const bgsApi = await ApiClient.login(server.url, 'bgs');
    const report = await demoReport(bgsApi);
    const wjj = report.sections.flatMap((x) => x.bureaus).find((b) => b.name === '卫健局')!;
    for (const leaf of writtenSections(report.sections)) {
      let bureau = leaf.bureaus.find((b) => EDITORS[b.name]);
      if (!bureau) {
        expect((await bgsApi.put(`/api/sections/${leaf.id}/assignment`, { bureauIds: [wjj.id] })).status).toBe(200);
        bureau = wjj;
      }
      const editor = await ApiClient.login(server.url, EDITORS[bureau.name]!);
      expect((await editor.post(`/api/sections/${leaf.id}/submit`)).status).toBe(200);
      expect((await bgsApi.post(`/api/sections/${leaf.id}/approve`)).status).toBe(200);
    }
    expect((await bgsApi.post(`/api/reports/${report.id}/merge`)).status).toBe(200);

    const office = await signIn(browser, server.url, 'bgs');
    pages.push(office);
    await office.page.goto(`/#/reports/${report.id}/final`);
    const finalEditor = office.page.locator('[data-testid=final-editor]');
    await expect.poll(() => finalEditor.getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    await expect.poll(() => finalEditor.getAttribute('data-synced'), { timeout: 15_000 }).toBe('true');
    const pm = finalEditor.locator('.ProseMirror');
    await placeCaret(office.page, pm, 'end');
    await office.page.keyboard.press('Enter');
    await office.page.keyboard.type('办公室在合稿中补充的一句。');
    await waitFor(() => storedXml(server.dbFile, `final-${report.id}`).includes('办公室在合稿中补充的一句。'), 'office text stored');
    // 下载 Word（草稿）: the current final draft as a .docx, named as a draft.
    const [download] = await Promise.all([office.page.waitForEvent('download'), office.page.getByTestId('final-export-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/（合稿，未定稿）\.docx$/);

    const toggle = finalEditor.getByRole('button', { name: '显示修改人' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    const tinted = () =>
      pm.evaluate((el) => {
        const out: Record<string, string> = {};
        for (const run of el.querySelectorAll<HTMLElement>('[data-author-name]')) {
          const name = run.dataset['authorName']!;
          out[name] = (out[name] ?? '') + (run.textContent ?? '');
        }
        return out;
      });
    await expect.poll(tinted, { timeout: 10_000 }).toMatchObject({
      张卫民: expect.stringContaining('张卫民写的第一句。'),
      李娜: expect.stringContaining('李娜补充的内容。'),
      李文静: expect.stringContaining('办公室在合稿中补充的一句。'),
    });
    expect((await tinted())['李文静']).not.toContain('张卫民写的第一句');
    await expect.poll(() => finalEditor.getByTestId('authorship-legend').innerText()).toMatch(/卫健局：.*张卫民/);
    await office.page.evaluate(() => window.scrollTo(0, 0));
    await office.page.screenshot({ path: `${ARTIFACTS}authorship-final-legend.png` });

    const run = pm.locator('[data-author-name="张卫民"]', { hasText: '张卫民写的第一句。' }).first();
    await run.scrollIntoViewIfNeeded();
    await run.hover();
    await expect.poll(() => finalEditor.getByTestId('authorship-card').innerText(), { timeout: 5_000 }).toMatch(/^张卫民（卫健局）· .* 写入$/);
    await office.page.screenshot({ path: `${ARTIFACTS}authorship-final.png` });
    expect(office.console.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
  });
});
