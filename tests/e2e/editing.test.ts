/**
 * Editing as Word and WPS users expect it, in real Chromium against the real server: a paste from
 * Word keeps paragraphs, bold and the table and drops fonts, colours, links and images; Ctrl+B
 * makes bold; Ctrl+Z undoes only one's own typing, never a colleague's, and Ctrl+Y redoes it.
 * What counts is what the server stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient, sectionOf, type SectionJson } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { ARTIFACTS, launchBrowser, openReport, placeCaret, section, signIn, type UserPage } from './browser.js';

let server: ServerProcess;
let browser: Browser;
let reportId: string;
const pages: UserPage[] = [];

/** Clipboard HTML as Word for Windows puts it there (abridged): Mso classes, fonts, colours, a table. */
const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><body lang=ZH-CN>
<!--StartFragment--><p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体;color:red'>强化项目支撑。</span></b><span style='font-family:仿宋_GB2312;font-size:16.0pt'>上半年新开工项目X个，完成投资X亿元。</span></p>
<p class=MsoNormal><i>斜体只留文字</i><a href="http://example.com/x">外部链接文字</a><img src="file:///C:/Users/x/image001.png"><o:p></o:p></p>
<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>指标</p></td><td><p class=MsoNormal>数值</p></td></tr>
<tr><td><p class=MsoNormal>地区生产总值</p></td><td><p class=MsoNormal><span style='color:#0070C0'>X亿元</span></p></td></tr></table><!--EndFragment-->
</body></html>`;

beforeAll(async () => {
  server = await ServerProcess.start();
  const created = server.cli(['user', 'add', 'fgj2', '--name', '方改', '--role', 'editor', '--bureau', '发改局', '--password', 'second-editor-pw']);
  expect(created.status, created.stderr).toBe(0);
  browser = await launchBrowser();
  const api = await ApiClient.login(server.url, 'fgj');
  reportId = (await api.get<{ id: string }[]>('/api/reports')).body[0]!.id;
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

async function user(username: string, password?: string): Promise<UserPage> {
  const u = await signIn(browser, server.url, username, password);
  pages.push(u);
  await openReport(u.page, reportId);
  return u;
}

function editorOf(u: UserPage, s: SectionJson) {
  return section(u.page, s.id).locator('.ProseMirror');
}

describe('editing in Chromium', () => {
  it('a paste from Word keeps paragraphs, bold and the table, and drops fonts, colours, italics, links and images', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'fgj'), '发改局');
    const a = await user('fgj');
    await expect.poll(() => section(a.page, s.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    const ed = editorOf(a, s);
    await placeCaret(a.page, ed, 'end');
    await a.page.keyboard.press('Enter');
    // A real paste event with Word's clipboard flavours, as the browser delivers it.
    await ed.evaluate((el, html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', '强化项目支撑。上半年新开工项目X个，完成投资X亿元。');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, WORD_HTML);

    // The seeded text already names 地区生产总值: wait for the pasted table itself, and its last cell.
    await waitFor(() => /<table>.*X亿元.*<\/table>/.test(storedXml(server.dbFile, s.docName)), 'pasted table stored');
    const stored = storedXml(server.dbFile, s.docName);
    // Bold survives as the schema's strong mark, around exactly the lead sentence.
    expect(stored).toContain('<strong>强化项目支撑。</strong>');
    expect(stored).toContain('上半年新开工项目X个，完成投资X亿元。');
    // The table, its four cells in order.
    const table = /<table>.*<\/table>/.exec(stored)?.[0] ?? '';
    expect(table.match(/<table_cell[^>]*>/g)).toHaveLength(4);
    expect(table.replace(/<[^>]+>/g, '')).toBe('指标数值地区生产总值X亿元');
    // Italics and links keep their words, as plain text; images, fonts and colours are gone.
    expect(stored).toContain('斜体只留文字');
    expect(stored).toContain('外部链接文字');
    expect(stored).not.toMatch(/<(em|link|a|image|img)\b/);
    expect(stored).not.toMatch(/黑体|仿宋|color|font|Mso|image001|example\.com/);
    await section(a.page, s.id).scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: `${ARTIFACTS}paste-from-word.png` });
  });

  it('Ctrl+B makes the lead sentence bold, as stored', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'fgj'), '发改局');
    const a = pages[0]!;
    const ed = editorOf(a, s);
    await placeCaret(a.page, ed, 'end');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.press('Control+b');
    await a.page.keyboard.type('优化营商环境。');
    await a.page.keyboard.press('Control+b');
    await a.page.keyboard.type('企业开办时间压缩至X个工作日。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('企业开办时间压缩至X个工作日。'), 'typed text stored');
    expect(storedXml(server.dbFile, s.docName)).toContain('<strong>优化营商环境。</strong>企业开办时间压缩至X个工作日。');
  });

  it('Ctrl+Z undoes only one’s own typing, never a colleague’s; Ctrl+Y redoes it', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'fgj'), '发改局');
    const a = pages[0]!;
    const b = await user('fgj2', 'second-editor-pw');
    await expect.poll(() => section(b.page, s.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    const edA = editorOf(a, s);
    const edB = editorOf(b, s);

    await placeCaret(a.page, edA, 'end');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('甲写的一句。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('甲写的一句。'), 'A stored');
    // B writes at the very start while A's sentence stands.
    await expect.poll(() => edB.innerText(), { timeout: 10_000 }).toContain('甲写的一句。');
    await placeCaret(b.page, edB, 'start');
    await b.page.keyboard.type('乙写的开头。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('乙写的开头。'), 'B stored');
    await expect.poll(() => edA.innerText(), { timeout: 10_000 }).toContain('乙写的开头。');

    // A undoes: A's sentence goes, B's stays — in both browsers and in the store.
    await edA.focus();
    await a.page.keyboard.press('Control+z');
    await waitFor(() => !storedXml(server.dbFile, s.docName).includes('甲写的一句。'), 'A’s sentence undone in the store');
    expect(storedXml(server.dbFile, s.docName)).toContain('乙写的开头。');
    await expect.poll(() => edB.innerText(), { timeout: 10_000 }).not.toContain('甲写的一句。');
    expect(await edA.innerText()).toContain('乙写的开头。');
    // Further undos take back A's earlier edits in this editor (the bold sentence, the paste),
    // however many: never B's.
    for (let i = 0; i < 6; i++) await a.page.keyboard.press('Control+z');
    await waitFor(() => !storedXml(server.dbFile, s.docName).includes('优化营商环境。'), 'A’s earlier typing undone');
    await a.page.waitForTimeout(300);
    expect(storedXml(server.dbFile, s.docName)).toContain('乙写的开头。');

    // Redo brings A's edits back, in order.
    for (let i = 0; i < 7; i++) await a.page.keyboard.press('Control+y');
    await waitFor(() => {
      const stored = storedXml(server.dbFile, s.docName);
      return stored.includes('甲写的一句。') && stored.includes('<strong>优化营商环境。</strong>');
    }, 'A’s edits redone');
    expect(storedXml(server.dbFile, s.docName)).toContain('乙写的开头。');
  });
});
