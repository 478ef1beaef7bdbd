/**
 * The report workspace in real Chromium against the real server: live co-editing with cursors,
 * 字数 and 最后编辑 following the typing, read-only rights enforced by the server, IME input, offline editing across a reload, and a
 * live downgrade when a colleague submits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personColor } from '@hegao/domain';
import type { Browser, Page } from 'playwright-core';
import { countChars } from '@hegao/schema';
import { ApiClient, sectionOf, type SectionJson } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { bureauPeers, storedXml, userId } from '../helpers/store.js';
import { ARTIFACTS, forceWrite, launchBrowser, openReport, placeCaret, section, signIn, type UserPage } from './browser.js';

let server: ServerProcess;
let browser: Browser;
let reportId: string;
const pages: UserPage[] = [];

async function user(username: string, password?: string): Promise<UserPage> {
  const u = await signIn(browser, server.url, username, password);
  pages.push(u);
  return u;
}

function editor(page: Page, s: SectionJson) {
  return section(page, s.id).locator('.ProseMirror');
}

/** Puts the caret at the end of a section's text. */
async function caretToEnd(page: Page, s: SectionJson): Promise<void> {
  // By keyboard, not click: ProseMirror's delayed mouse handling could put the caret back.
  await placeCaret(page, editor(page, s), 'end');
}

/** The editor's text without the colleagues' caret widgets (name labels drawn inside the text). */
async function textOf(page: Page, s: SectionJson): Promise<string> {
  return editor(page, s).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.ProseMirror-yjs-cursor')) caret.remove();
    return copy.textContent ?? '';
  });
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

beforeAll(async () => {
  server = await ServerProcess.start();
  const created = server.cli(['user', 'add', 'wjj2', '--name', '王卫', '--role', 'editor', '--bureau', '卫健局', '--password', 'second-editor-pw']);
  expect(created.status, created.stderr).toBe(0);
  browser = await launchBrowser();
  const api = await ApiClient.login(server.url, 'wjj');
  const list = await api.get<{ id: string }[]>('/api/reports');
  reportId = list.body[0]!.id;
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('the report workspace in Chromium', () => {
  it('two editors of one bureau type into one section and see each other’s text and named cursor', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'wjj'), '卫健局');
    const a = await user('wjj');
    const b = await user('wjj2', 'second-editor-pw');
    await openReport(a.page, reportId);
    await openReport(b.page, reportId);
    await expect.poll(() => section(a.page, s.id).getAttribute('data-mode')).toBe('write');
    await expect.poll(() => section(b.page, s.id).getAttribute('data-mode')).toBe('write');
    expect(await editor(a.page, s).getAttribute('contenteditable')).toBe('true');

    // 字数 of the section and of the report before anyone typed.
    const sectionChars = section(a.page, s.id).locator('[data-testid=section-chars]');
    const reportChars = a.page.locator('[data-testid=report-chars]');
    const sectionChars0 = Number(await sectionChars.getAttribute('data-count'));
    const reportChars0 = Number(await reportChars.getAttribute('data-count'));
    expect(sectionChars0).toBeGreaterThan(0);
    const lastEditOn = (page: Page) => section(page, s.id).locator('[data-testid=section-last-edit]');

    await caretToEnd(a.page, s);
    await a.page.keyboard.type('甲：全区累计接种疫苗X万剂次。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('甲：全区累计接种疫苗X万剂次。'), 'A stored');
    // 最后编辑 names who typed, on the colleague's page too.
    await expect.poll(() => lastEditOn(b.page).innerText().catch(() => ''), { timeout: 15_000 }).toContain('最后编辑：张卫民');
    await caretToEnd(b.page, s);
    await b.page.keyboard.type('乙：核酸检测能力提升。');
    await expect.poll(() => textOf(a.page, s), { timeout: 10_000 }).toContain('乙：核酸检测能力提升。');
    await expect.poll(() => textOf(b.page, s), { timeout: 10_000 }).toContain('甲：全区累计接种疫苗X万剂次。');
    await expect.poll(() => lastEditOn(a.page).innerText().catch(() => ''), { timeout: 15_000 }).toContain('最后编辑：王卫');
    // Both counts grew by exactly the characters typed (every CJK character and punctuation mark is 1).
    const typed = countChars('甲：全区累计接种疫苗X万剂次。乙：核酸检测能力提升。');
    expect(typed).toBe(26);
    await expect.poll(() => sectionChars.getAttribute('data-count'), { timeout: 10_000 }).toBe(String(sectionChars0 + typed));
    await expect.poll(() => reportChars.getAttribute('data-count'), { timeout: 10_000 }).toBe(String(reportChars0 + typed));
    expect(await sectionChars.innerText()).toContain(`${(sectionChars0 + typed).toLocaleString('zh-CN')}`);

    // Each sees the other's caret, labelled with the server-known name and bureau.
    await expect.poll(() => section(a.page, s.id).locator('.ProseMirror-yjs-cursor').allInnerTexts(), { timeout: 10_000 }).toContainEqual(
      expect.stringContaining('王卫'),
    );
    const labelsOnB = () => section(b.page, s.id).locator('.ProseMirror-yjs-cursor').allInnerTexts().then((t) => t.join(' '));
    await expect.poll(labelsOnB, { timeout: 10_000 }).toContain('张卫民');
    expect(await labelsOnB()).toContain('卫健局');
    // The caret wears 张卫民's own colour, stamped by the server: 卫健局's hue (#c0392b), his shade.
    const caretStyle = await section(b.page, s.id).locator('.ProseMirror-yjs-cursor').first().getAttribute('style');
    const expected = await b.page.evaluate((color) => {
      const probe = document.createElement('div');
      probe.style.borderColor = color;
      return probe.style.borderColor;
    }, personColor(userId(server.dbFile, 'wjj'), '#c0392b', bureauPeers(server.dbFile, 'wjj')));
    expect(caretStyle?.replace(/\s/g, '')).toContain(`border-color:${expected.replace(/\s/g, '')}`);
    // Presence: each sees the other in the report, placed in this section.
    const presence = a.page.locator('[data-testid=presence-user]', { hasText: '王卫' });
    await expect.poll(() => presence.getAttribute('data-section-id'), { timeout: 10_000 }).toBe(s.id);
    expect(await presence.innerText()).toContain('卫健局');

    await waitFor(() => {
      const stored = storedXml(server.dbFile, s.docName);
      return stored.includes('乙：核酸检测能力提升。') && stored.includes('甲：全区累计接种疫苗X万剂次。');
    }, 'both texts stored');
    await section(a.page, s.id).scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: `${ARTIFACTS}two-editors-wjj.png` });
    await section(b.page, s.id).scrollIntoViewIfNeeded();
    await b.page.screenshot({ path: `${ARTIFACTS}two-editors-wjj2.png` });
  });

  it('another bureau sees the text live but cannot type, and a write forced through the page’s Y.Doc is refused and not stored', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'wjj'), '卫健局');
    const a = pages[0]!;
    const c = await user('fgj');
    await openReport(c.page, reportId);
    await expect.poll(() => section(c.page, s.id).getAttribute('data-mode')).toBe('read');
    expect(await editor(c.page, s).getAttribute('contenteditable')).toBe('false');
    await expect(section(c.page, s.id).locator('[data-testid=section-readonly-reason]').innerText()).resolves.toContain('未分配');

    await caretToEnd(a.page, s);
    await a.page.keyboard.type('实时：新增定点医院X家。');
    await expect.poll(() => textOf(c.page, s), { timeout: 10_000 }).toContain('实时：新增定点医院X家。');

    const before = await textOf(c.page, s);
    await editor(c.page, s).click();
    await c.page.keyboard.type('发改局的越权输入');
    expect(await textOf(c.page, s)).toBe(before);

    expect(await forceWrite(c.page, s.docName, 0, '控制台强行写入')).toBe(true);
    await caretToEnd(a.page, s);
    await a.page.keyboard.type('之后的正常输入。');
    await expect.poll(() => textOf(c.page, s), { timeout: 10_000 }).toContain('之后的正常输入。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('之后的正常输入。'), 'later write stored');
    expect(storedXml(server.dbFile, s.docName)).not.toContain('控制台强行写入');
    expect(await textOf(a.page, s)).not.toContain('控制台强行写入');
    expect(server.output).toContain('write from read-only connection dropped');
  });

  it('Chinese typed through IME composition arrives intact, once', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'wjj'), '卫健局');
    const [a, b] = pages as [UserPage, UserPage];
    await caretToEnd(a.page, s);
    const cdp = await a.context.newCDPSession(a.page);
    await cdp.send('Input.imeSetComposition', { text: 'wei', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.imeSetComposition', { text: 'weisheng', selectionStart: 8, selectionEnd: 8 });
    await cdp.send('Input.imeSetComposition', { text: '卫生', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: '卫生健康事业' });
    await cdp.send('Input.imeSetComposition', { text: 'hao', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.insertText', { text: '好' });
    await expect.poll(() => textOf(b.page, s), { timeout: 10_000 }).toContain('卫生健康事业好');
    expect(count(await textOf(a.page, s), '卫生健康事业好')).toBe(1);
    expect(count(await textOf(a.page, s), 'wei')).toBe(0);
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('卫生健康事业好'), 'composition stored');
    expect(count(storedXml(server.dbFile, s.docName), '卫生健康事业')).toBe(1);
  });

  it('offline typing survives a reload and a closed tab while offline, and merges with what others wrote meanwhile', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'wjj'), '卫健局');
    const [a, b] = pages as [UserPage, UserPage];
    const status = a.page.locator('[data-testid=connection-status]');
    await expect.poll(() => status.getAttribute('data-state')).toBe('connected');
    await a.context.setOffline(true);
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toContain('离线');
    await caretToEnd(a.page, s);
    await a.page.keyboard.type('离线时写的一段。');
    await caretToEnd(b.page, s);
    await b.page.keyboard.type('同事同时写的一段。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('同事同时写的一段。'), 'colleague stored');
    expect(storedXml(server.dbFile, s.docName)).not.toContain('离线时写的一段。');

    await a.page.reload();
    await a.page.waitForSelector(`[data-testid=section][data-section-id="${s.id}"] .ProseMirror`, { timeout: 30_000 });
    await expect.poll(() => textOf(a.page, s), { timeout: 15_000 }).toContain('离线时写的一段。');
    await a.page.screenshot({ path: `${ARTIFACTS}offline-after-reload.png` });

    // Closing the tab while offline loses nothing either: a new tab, still offline, shows the text.
    await a.page.close();
    a.page = await a.context.newPage();
    await a.page.goto(`/#/reports/${reportId}`);
    await a.page.waitForSelector(`[data-testid=section][data-section-id="${s.id}"] .ProseMirror`, { timeout: 30_000 });
    await expect.poll(() => textOf(a.page, s), { timeout: 15_000 }).toContain('离线时写的一段。');
    const statusNow = a.page.locator('[data-testid=connection-status]');
    expect(await statusNow.getAttribute('data-state')).toBe('offline');

    await a.context.setOffline(false);
    await expect.poll(() => statusNow.getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => textOf(a.page, s), { timeout: 15_000 }).toContain('同事同时写的一段。');
    await expect.poll(() => textOf(b.page, s), { timeout: 15_000 }).toContain('离线时写的一段。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('离线时写的一段。'), 'offline text stored');
  });

  it('a section submitted by one user turns read-only in the other user’s open editor', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'wjj'), '卫健局');
    const [a, b] = pages as [UserPage, UserPage];
    await openReport(a.page, reportId);
    await expect.poll(() => section(a.page, s.id).getAttribute('data-mode')).toBe('write');
    await expect.poll(() => section(b.page, s.id).getAttribute('data-mode')).toBe('write');
    // The last sentence typed right before 提交 is on the server before the section turns read-only.
    await caretToEnd(b.page, s);
    await b.page.keyboard.type('提交前的最后一句。');
    await section(b.page, s.id).locator('[data-testid=section-submit]').click();
    // The section still has X placeholders: the page asks first, in-page.
    await b.page.locator('[data-testid=confirm-ok]').click();
    await expect.poll(() => section(a.page, s.id).getAttribute('data-mode'), { timeout: 10_000 }).toBe('read');
    expect(await editor(a.page, s).getAttribute('contenteditable')).toBe('false');
    await expect(section(a.page, s.id).locator('[data-testid=section-readonly-reason]').innerText()).resolves.toContain('已提交');
    await expect.poll(() => section(a.page, s.id).getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
    expect(storedXml(server.dbFile, s.docName)).toContain('提交前的最后一句。');
    await expect.poll(() => textOf(a.page, s)).toContain('提交前的最后一句。');
    await section(a.page, s.id).scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: `${ARTIFACTS}after-submit-readonly.png` });
  });

  it('text typed offline into a section a colleague submitted meanwhile stays on the page, and the user is told it was not saved', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'wjj'), '卫健局');
    const [a] = pages as [UserPage];
    await openReport(a.page, reportId);
    await expect.poll(() => section(a.page, s.id).getAttribute('data-mode')).toBe('write');
    const status = a.page.locator('[data-testid=connection-status]');
    await a.context.setOffline(true);
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toContain('离线');
    await caretToEnd(a.page, s);
    await a.page.keyboard.type('离线时补充的一句。');
    const colleague = await ApiClient.login(server.url, 'wjj2', 'second-editor-pw');
    expect((await colleague.post(`/api/sections/${s.id}/submit`)).status).toBe(200);
    await a.context.setOffline(false);
    await expect.poll(() => section(a.page, s.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('read');
    const notice = section(a.page, s.id).locator('[data-testid=section-unsaved]');
    await notice.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await notice.innerText()).toContain('未能保存');
    expect(await textOf(a.page, s)).toContain('离线时补充的一句。');
    expect(storedXml(server.dbFile, s.docName)).not.toContain('离线时补充的一句。');
    await notice.scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: `${ARTIFACTS}unsaved-after-submit.png` });
  });
});
