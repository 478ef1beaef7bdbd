/**
 * Issue 16: turning a leaf into a heading silently dropped its bureaus, due date and 写作要求, hid
 * its text and left a stale 分配 notification. Now the office adds a sub-section under a written
 * leaf on 大纲与分配, is told what moved, and the bureau's open report page shows its text, bureau
 * and due date in the new sub-section, still writable; no notification points at the heading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient, sectionOf, type NotificationJson, type SectionJson } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { ARTIFACTS, launchBrowser, openReport, placeCaret, section, signIn, type UserPage } from './browser.js';

let server: ServerProcess;
let browser: Browser;
let reportId: string;
const pages: UserPage[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  const api = await ApiClient.login(server.url, 'nyj');
  reportId = (await api.get<{ id: string }[]>('/api/reports')).body[0]!.id;
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

interface ReportJson {
  sections: (SectionJson & { parentId: string | null; dueDate: string | null; instruction: string })[];
}

describe('adding a sub-section under a written leaf', () => {
  it('moves bureaus, due date, 写作要求 and text to the sub-section, says so, and the bureau goes on writing it', async () => {
    const office = await ApiClient.login(server.url, 'bgs');
    const s: SectionJson = await sectionOf(await ApiClient.login(server.url, 'nyj'), '农业农村局');
    expect((await office.request('PATCH', `/api/sections/${s.id}`, { dueDate: '2026-12-20', instruction: '不超过800字，数据截至11月底' })).status).toBe(200);
    const before = storedXml(server.dbFile, s.docName);
    const firstWords = /<paragraph[^>]*>([^<]{6})/.exec(before)?.[1];
    expect(firstWords).toBeDefined();

    // The bureau's writer has the report open, in their section.
    const writer = await signIn(browser, server.url, 'nyj');
    pages.push(writer);
    await openReport(writer.page, reportId);
    await expect.poll(() => section(writer.page, s.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');

    // The office adds a sub-section under it on 大纲与分配.
    const sec = await signIn(browser, server.url, 'bgs');
    pages.push(sec);
    await sec.page.goto(`/#/reports/${reportId}/outline`);
    const row = sec.page.locator(`[data-testid=outline-row][data-section-id="${s.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-leaf')).toBe('true');
    await row.locator('[data-testid=outline-add-child]').first().click();
    const notice = sec.page.locator('[data-testid=outline-handover]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.innerText()).toContain(`原章节“${s.title}”的承办部门、截止日期、写作要求和正文已转给新的子章节`);
    await expect.poll(() => row.getAttribute('data-leaf'), { timeout: 10_000 }).toBe('false');
    await notice.scrollIntoViewIfNeeded();
    await sec.page.screenshot({ path: `${ARTIFACTS}outline-handover-notice.png` });

    const report = (await office.get<ReportJson>(`/api/reports/${reportId}`)).body;
    const heading = report.sections.find((x) => x.id === s.id)!;
    const children = report.sections.filter((x) => x.parentId === s.id);
    expect(children).toHaveLength(1);
    const child = children[0]!;
    expect(heading).toMatchObject({ bureaus: [], dueDate: null, instruction: '', status: 'not_started' });
    expect(child).toMatchObject({ bureaus: s.bureaus, dueDate: '2026-12-20', instruction: '不超过800字，数据截至11月底', status: 'drafting', docName: s.docName });

    // The writer's page shows the sub-section with the text written so far, writable.
    const card = section(writer.page, child.id);
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.locator('.ProseMirror').innerText(), { timeout: 15_000 }).toContain(firstWords!);
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    expect(await card.innerText()).toContain('不超过800字，数据截至11月底');
    expect(await card.innerText()).toContain('农业农村局');
    expect(await section(writer.page, s.id).count()).toBe(0);
    const editor = card.locator('.ProseMirror');
    await placeCaret(writer.page, editor, 'end');
    await writer.page.keyboard.type('拆分后续写的一句。');
    await waitFor(() => storedXml(server.dbFile, child.docName).includes('拆分后续写的一句。'), 'text typed into the sub-section stored', 20_000);
    await card.scrollIntoViewIfNeeded();
    await writer.page.screenshot({ path: `${ARTIFACTS}outline-handover-writer.png` });

    // No notification of the bureau points at the heading any more.
    const notes = (await (await ApiClient.login(server.url, 'nyj')).get<{ items: NotificationJson[] }>('/api/notifications')).body.items;
    expect(notes.filter((n) => n.sectionId === s.id)).toEqual([]);
  }, 120_000);
});
