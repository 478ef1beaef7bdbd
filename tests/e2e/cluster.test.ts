/**
 * Two people on two different servers of one cluster (issue 15), in real Chromium: the servers
 * share one PostgreSQL and one Redis (tests/helpers/cluster.ts). A 卫健局 writer on server 1 types
 * and a colleague of the same bureau on server 2 sees it arrive live; when the first submits the
 * section, the second's editor turns read-only without a reload; both pages end with the same text
 * as the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient, sectionOf, type SectionJson } from '../helpers/api.js';
import { Cluster } from '../helpers/cluster.js';
import { launchBrowser, openReport, placeCaret, section, signIn, type UserPage } from './browser.js';

let cluster: Cluster;
let browser: Browser;
let reportId: string;
let target: SectionJson;
const pages: UserPage[] = [];

beforeAll(async () => {
  cluster = await Cluster.start({ servers: 2 });
  const created = cluster.server(0).cli(['user', 'add', 'wjj2', '--name', '卫健二', '--role', 'editor', '--bureau', '卫健局', '--password', 'second-editor-pw']);
  expect(created.status, created.stderr).toBe(0);
  browser = await launchBrowser();
  const api = await ApiClient.login(cluster.server(0).url, 'wjj');
  reportId = (await api.get<{ id: string }[]>('/api/reports')).body[0]!.id;
  target = await sectionOf(api, '卫健局');
}, 120_000);

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await cluster?.dispose();
});

async function open(server: number, username: string, password?: string): Promise<UserPage> {
  const u = await signIn(browser, cluster.server(server).url, username, password);
  pages.push(u);
  await openReport(u.page, reportId);
  await expect.poll(() => section(u.page, target.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
  return u;
}

describe('two people on two servers', () => {
  it('see each other type live, and a submit on one server turns the other read-only', async () => {
    const one = await open(0, 'wjj');
    const two = await open(1, 'wjj2', 'second-editor-pw');
    const editorOne = section(one.page, target.id).locator('.ProseMirror');
    const editorTwo = section(two.page, target.id).locator('.ProseMirror');

    await placeCaret(one.page, editorOne, 'end');
    await one.page.keyboard.type('甲在一号服务器输入');
    await expect.poll(() => editorTwo.textContent(), { timeout: 10_000 }).toContain('甲在一号服务器输入');

    await placeCaret(two.page, editorTwo, 'end');
    await two.page.keyboard.type('乙在二号服务器输入');
    await expect.poll(() => editorOne.textContent(), { timeout: 10_000 }).toContain('乙在二号服务器输入');

    // The submit answers on server 1; server 2's editor is told through Redis.
    const api = await ApiClient.login(cluster.server(0).url, 'wjj');
    const submitted = await api.post(`/api/sections/${target.id}/submit`, {});
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    await expect.poll(() => section(two.page, target.id).getAttribute('data-mode'), { timeout: 5_000 }).toBe('read');
    await expect.poll(() => editorTwo.getAttribute('contenteditable'), { timeout: 5_000 }).toBe('false');

    const stored = await cluster.storedDoc(target.docName);
    const storedText = stored.getXmlFragment('prosemirror').toString();
    expect(storedText).toContain('甲在一号服务器输入');
    expect(storedText).toContain('乙在二号服务器输入');
    expect(await editorOne.textContent()).toBe(await editorTwo.textContent());
  });
});
