/**
 * Real headless Chromium (Debian's package, driven by playwright-core; never a browser download)
 * against the real server, with helpers to sign in and open the demo report as a user would.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../helpers/api.js';

/** Where screenshots go (ignored by git). */
export const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));

/** Launches Chromium with the flags this environment needs, on a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
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

/** The section container of a section id. */
export function section(page: Page, sectionId: string) {
  return page.locator(`[data-testid=section][data-section-id="${sectionId}"]`);
}
