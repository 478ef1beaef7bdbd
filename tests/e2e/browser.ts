/**
 * Real headless Chromium (Debian's package, driven by playwright-core; never a browser download)
 * against the real server, with helpers to sign in and open the demo report as a user would.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ApiClient, DEMO_PASSWORD, sectionOf, type SectionJson } from '../helpers/api.js';

/** Where screenshots go (ignored by git). */
export const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));

/** Launches Chromium with the flags this environment needs, on a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  // npm test found no Chromium: fail every browser test with the reason, never skip them.
  const missing = process.env.HEGAO_CHROMIUM_MISSING;
  if (missing) throw new Error(missing);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.HEGAO_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A signed-in user in their own browser context (own cookies, own IndexedDB). */
export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Console messages, for diagnosing failures. */
  console: string[];
}

/** Opens a new context and signs in through the login form. */
export async function signIn(browser: Browser, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<UserPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (msg) => consoleLines.push(`[${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => consoleLines.push(`[pageerror] ${err.message}`));
  await page.goto('/');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button:has-text("登录")');
  await page.waitForSelector('button:has-text("退出")');
  return { context, page, console: consoleLines };
}

/** Opens a report page and waits until every section's document has synced. */
export async function openReport(page: Page, reportId: string): Promise<void> {
  await page.goto(`/#/reports/${reportId}`);
  await page.waitForSelector('[data-testid=section]');
  await page.waitForFunction(() => {
    const sections = [...document.querySelectorAll('[data-testid=section][data-doc-name]')];
    return sections.length > 0 && sections.every((s) => s.getAttribute('data-synced') === 'true');
  }, undefined, { timeout: 30_000 });
}

/** Opens a report's final draft and waits until its editor has synced and may be written. */
export async function openFinalDraft(page: Page, reportId: string): Promise<Locator> {
  await page.goto(`/#/reports/${reportId}/final`);
  const editor = page.locator('[data-testid=final-editor]');
  await page.waitForFunction(
    () => {
      const e = document.querySelector('[data-testid=final-editor]');
      return e?.getAttribute('data-mode') === 'write' && e.getAttribute('data-synced') === 'true';
    },
    undefined,
    { timeout: 15_000 },
  );
  return editor;
}

/**
 * Two writers of the 卫健局, 张卫民 (`wjj`) and a second one (`wjj2`, which the suite creates), each on the
 * demo report with the bureau's drafting section open and writable. Their pages go into `pages`
 * as soon as they exist, for the suite to close.
 */
export async function twoWritersOnOneSection(
  browser: Browser,
  baseUrl: string,
  pages: UserPage[],
): Promise<{ section: SectionJson; reportId: string; a: UserPage; b: UserPage; edA: Locator; edB: Locator }> {
  const api = await ApiClient.login(baseUrl, 'wjj');
  const reportId = (await api.get<{ id: string }[]>('/api/reports')).body[0]!.id;
  const s = await sectionOf(api, '卫健局');
  const a = await signIn(browser, baseUrl, 'wjj');
  pages.push(a);
  const b = await signIn(browser, baseUrl, 'wjj2', 'second-editor-pw');
  pages.push(b);
  await openReport(a.page, reportId);
  await openReport(b.page, reportId);
  const edA = section(a.page, s.id).locator('.ProseMirror');
  const edB = section(b.page, s.id).locator('.ProseMirror');
  await expect.poll(() => edA.getAttribute('contenteditable')).toBe('true');
  await expect.poll(() => edB.getAttribute('contenteditable')).toBe('true');
  return { section: s, reportId, a, b, edA, edB };
}

/** The section container of a section id. */
export function section(page: Page, sectionId: string) {
  return page.locator(`[data-testid=section][data-section-id="${sectionId}"]`);
}

/**
 * Puts the caret at the very start or end of a ProseMirror editor by keyboard, as a user would
 * (Ctrl+Home / Ctrl+End), and waits until it is really there. ProseMirror re-applies its own
 * selection 20 ms after a focus when it has not yet read the browser's; keys pressed within that
 * window (a loaded test machine, never a person) could land at the old caret. So: focus, let
 * ProseMirror settle, press, and check the text before/after the caret, pressing again if needed.
 */
export async function placeCaret(page: Page, editor: Locator, where: 'start' | 'end'): Promise<void> {
  await editor.focus();
  await expect.poll(() => editor.evaluate((el) => el.classList.contains('ProseMirror-focused')), { timeout: 5_000 }).toBe(true);
  await page.waitForTimeout(60);
  // No editable text between the caret and that end (widgets such as remote cursor labels,
  // contenteditable=false, do not count).
  const atPlace = () =>
    editor.evaluate((el, at) => {
      const doc = el.ownerDocument;
      const sel = doc.getSelection();
      if (!sel || sel.rangeCount === 0 || !sel.isCollapsed || !sel.focusNode || !el.contains(sel.focusNode)) return false;
      const caret = doc.createRange();
      caret.setStart(sel.focusNode, sel.focusOffset);
      const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
        if (t.length === 0 || t.parentElement?.closest('[contenteditable="false"]')) continue;
        if (t === sel.focusNode) {
          if (at === 'end' ? sel.focusOffset < t.length : sel.focusOffset > 0) return false;
        } else if (at === 'end' ? caret.comparePoint(t, 0) === 1 : caret.comparePoint(t, t.length) === -1) {
          return false;
        }
      }
      return true;
    }, where);
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press(where === 'end' ? 'Control+End' : 'Control+Home');
    await page.waitForTimeout(40);
    if ((await atPlace()) && (await page.waitForTimeout(40).then(atPlace))) return;
  }
  throw new Error(`caret did not reach the ${where} of the editor`);
}

/**
 * Writes into a document through the page's own Y.Doc (`window.hegao.docs`), bypassing the
 * editor — what someone with the browser console could do. Inserts `text` at the start of the
 * text of block `block`. Returns false when the page has no such document open.
 */
export function forceWrite(page: Page, docName: string, block: number, text: string): Promise<boolean> {
  return page.evaluate(
    ({ docName, block, text }) => {
      type Text = { insert(index: number, text: string): void };
      type Docs = Map<string, { getXmlFragment(name: string): { get(index: number): { get(index: number): Text } } }>;
      const doc = (window as unknown as { hegao: { docs: Docs } }).hegao.docs.get(docName);
      if (!doc) return false;
      doc.getXmlFragment('prosemirror').get(block).get(0).insert(0, text);
      return true;
    },
    { docName, block, text },
  );
}
