/**
 * The server goes away while the browser stays online (a restart for an update, a crash): the
 * report's connection pill says 重连中, the user goes on typing, and when the server is back on the
 * same port and data the pill returns to 已连接, the text typed meanwhile is stored and a colleague
 * sees it. Not the browser's offline event (see workspace.test.ts): the network is fine throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { ApiClient, sectionOf, type SectionJson } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { ARTIFACTS, launchBrowser, openReport, placeCaret, section, signIn, type UserPage } from './browser.js';

let server: ServerProcess;
let browser: Browser;
let reportId: string;
let s: SectionJson;
const pages: UserPage[] = [];

/** The editor's text without the remote carets' name labels. */
function plainText(editor: Locator): Promise<string> {
  return editor.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.ProseMirror-yjs-cursor')) caret.remove();
    return copy.textContent ?? '';
  });
}

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  const api = await ApiClient.login(server.url, 'nyj');
  reportId = (await api.get<{ id: string }[]>('/api/reports')).body[0]!.id;
  s = await sectionOf(api, '农业农村局');
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('the server restarts while the browser stays online', () => {
  for (const [how, signal] of [
    ['stopped for a restart (SIGTERM)', 'SIGTERM'],
    ['killed (SIGKILL)', 'SIGKILL'],
  ] as const) {
    it(`${how}: 重连中, typing goes on, then 已连接 with the text stored and seen by a colleague`, async () => {
      const a = await signIn(browser, server.url, 'nyj');
      const b = await signIn(browser, server.url, 'bgs');
      pages.push(a, b);
      await openReport(a.page, reportId);
      await openReport(b.page, reportId);
      const status = a.page.locator('[data-testid=connection-status]');
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
      expect(await status.innerText()).toContain('已连接');
      await expect.poll(() => section(a.page, s.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
      const edA = section(a.page, s.id).locator('.ProseMirror');
      const edB = section(b.page, s.id).locator('.ProseMirror');
      const text = `服务器${signal === 'SIGTERM' ? '重启' : '中断'}期间写的一句。`;

      await server.kill(signal);
      // The browser is online all along: the pill says 重连中, not 离线.
      await expect.poll(() => status.innerText(), { timeout: 20_000 }).toContain('重连中');
      expect(await status.getAttribute('data-state')).toBe('connecting');
      expect(await a.page.evaluate(() => navigator.onLine)).toBe(true);
      // The editor stays writable: the user goes on typing.
      expect(await edA.getAttribute('contenteditable')).toBe('true');
      await placeCaret(a.page, edA, 'end');
      await a.page.keyboard.type(text);
      expect(await plainText(edA)).toContain(text);
      await section(a.page, s.id).scrollIntoViewIfNeeded();
      await a.page.screenshot({ path: `${ARTIFACTS}reconnecting-${signal}.png` });
      // Still 重连中 while the server is down: the text has nowhere to go.
      expect(await status.innerText()).toContain('重连中');

      await server.boot();
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('connected');
      expect(await status.innerText()).toContain('已连接');
      await waitFor(() => storedXml(server.dbFile, s.docName).includes(text), 'text typed while the server was down stored', 20_000);
      expect(storedXml(server.dbFile, s.docName).split(text).length - 1).toBe(1);
      // The colleague's page, which lost the server too, reconnects and shows it.
      await expect.poll(() => plainText(edB), { timeout: 20_000 }).toContain(text);
      await expect.poll(() => b.page.locator('[data-testid=connection-status]').getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
    }, 120_000);
  }
});
