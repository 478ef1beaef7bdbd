/**
 * Editing as Word and WPS users expect it, in real Chromium against the real server: a paste from
 * Word, or a real Ctrl+V of a web page through the system clipboard, keeps paragraphs apart, bold
 * and the table and drops fonts, colours, links, images and scripts; Ctrl+B makes bold; headings,
 * lists and tables made with the keyboard and toolbar are stored as such, and Ctrl+Z takes a table
 * back; Ctrl+Z undoes only one's own typing, never a colleague's, and Ctrl+Y redoes it.
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

/** Clipboard HTML copied from a web page: text, bold, a table, and what the editor must not keep. */
const WEB_HTML = `<div class="article">
<p>网页第一段：<b>加强</b>基层治理。</p>
<p><strong>网页第二段加粗。</strong>后续<em>强调</em>文字，详见<a href="https://www.example.gov.cn/news/1.html">政府网站</a>。</p>
<p><span style="color:#ff0000">红色文字</span>照常保留<img src="https://www.example.gov.cn/logo.png" alt="标志图">。</p>
<script>window.pastedScriptRan = true; document.title = "脚本执行了";</script>
<table border="1"><tbody><tr><td>项目</td><td>金额</td></tr><tr><td>民生支出</td><td>X亿元</td></tr></tbody></table>
</div>`;

/** The plain-text flavour the same copy puts on the clipboard. */
const WEB_TEXT = '网页第一段：加强基层治理。\n网页第二段加粗。后续强调文字，详见政府网站。\n红色文字照常保留。\n项目\t金额\n民生支出\tX亿元';

/** A stored table cell holding one paragraph of text. */
function cell(text: string): string {
  return `<table_cell colspan="1" rowspan="1"><paragraph>${text}</paragraph></table_cell>`;
}

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
    const before = storedXml(server.dbFile, s.docName);
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
    // Exactly two new paragraphs and the table after the text that was there: the Word paragraphs
    // stay apart (neither merged into one nor into the paragraph before), the table is not flattened.
    expect(stored).toBe(
      before +
        '<paragraph><strong>强化项目支撑。</strong>上半年新开工项目X个，完成投资X亿元。</paragraph>' +
        '<paragraph>斜体只留文字外部链接文字</paragraph>' +
        `<table><table_row>${cell('指标')}${cell('数值')}</table_row><table_row>${cell('地区生产总值')}${cell('X亿元')}</table_row></table>`,
    );
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

describe('a real paste through the system clipboard', () => {
  it('Ctrl+V of a web page keeps its paragraphs apart, bold and the table, and drops links, italics, colours, images and scripts', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'mzj'), '民政局');
    const u = await user('mzj');
    const origin = new URL(server.url).origin;
    await u.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await expect.poll(() => section(u.page, s.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    const ed = editorOf(u, s);
    const before = storedXml(server.dbFile, s.docName);

    // The page writes the copy onto the real clipboard, as the browser does on Ctrl+C in another tab.
    await u.page.evaluate(
      async ({ html, text }) => {
        await navigator.clipboard.write([
          new ClipboardItem({
            'text/html': new Blob([html], { type: 'text/html' }),
            'text/plain': new Blob([text], { type: 'text/plain' }),
          }),
        ]);
      },
      { html: WEB_HTML, text: WEB_TEXT },
    );
    await placeCaret(u.page, ed, 'end');
    await u.page.keyboard.press('Enter');
    await u.page.keyboard.press('Control+V');

    await waitFor(() => /<table>.*X亿元.*<\/table>/.test(storedXml(server.dbFile, s.docName)), 'pasted table stored');
    // Exactly three new paragraphs and the table after the text that was there: nothing merged,
    // bold as the strong mark, the link's and the coloured span's words as plain text, no image,
    // no italics, nothing of the script.
    expect(storedXml(server.dbFile, s.docName)).toBe(
      before +
        '<paragraph>网页第一段：<strong>加强</strong>基层治理。</paragraph>' +
        '<paragraph><strong>网页第二段加粗。</strong>后续强调文字，详见政府网站。</paragraph>' +
        '<paragraph>红色文字照常保留。</paragraph>' +
        `<table><table_row>${cell('项目')}${cell('金额')}</table_row><table_row>${cell('民生支出')}${cell('X亿元')}</table_row></table>`,
    );
    expect(await u.page.evaluate(() => (window as { pastedScriptRan?: boolean }).pastedScriptRan)).toBeUndefined();
    expect(await u.page.title()).not.toBe('脚本执行了');
    // The editor shows it the same way: the table with its four cells, no image, no link.
    expect(await ed.locator('table td').allInnerTexts()).toEqual(['项目', '金额', '民生支出', 'X亿元']);
    expect(await ed.locator('img, a, em, script').count()).toBe(0);
    await section(u.page, s.id).scrollIntoViewIfNeeded();
    await u.page.screenshot({ path: `${ARTIFACTS}paste-from-web-page.png` });
  });
});

describe('structures made by the user', () => {
  it('a heading, a bullet and a numbered list, bold and a table typed with Tab are stored as such; Ctrl+Z takes the table back', async () => {
    const s = await sectionOf(await ApiClient.login(server.url, 'zjj'), '住建局');
    const u = await user('zjj');
    await expect.poll(() => section(u.page, s.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    const ed = editorOf(u, s);
    const button = (name: string) => section(u.page, s.id).locator(`[data-testid=editor-toolbar] [data-command="${name}"]`);
    const kb = u.page.keyboard;
    const before = storedXml(server.dbFile, s.docName);

    await placeCaret(u.page, ed, 'end');
    await kb.press('Enter');
    await kb.press('Control+Alt+1');
    await kb.type('城市更新');
    await kb.press('Enter');
    await button('bullet-list').click();
    await kb.type('老旧小区改造');
    await kb.press('Enter');
    await kb.type('背街小巷整治');
    await kb.press('Enter');
    await kb.press('Enter');
    await button('ordered-list').click();
    await kb.type('第一步');
    await kb.press('Enter');
    await kb.type('第二步');
    await kb.press('Enter');
    await kb.press('Enter');
    await kb.press('Control+b');
    await kb.type('完成改造X个。');
    await kb.press('Control+b');
    await kb.type('惠及居民X户。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('惠及居民X户。'), 'text before the table stored');
    const withoutTable = storedXml(server.dbFile, s.docName);
    // The heading (一级标题 = level 2), both lists with their items, the bold lead: each its own block.
    expect(withoutTable).toBe(
      before +
        '<heading level="2">城市更新</heading>' +
        '<bullet_list><list_item><paragraph>老旧小区改造</paragraph></list_item><list_item><paragraph>背街小巷整治</paragraph></list_item></bullet_list>' +
        '<ordered_list order="1"><list_item><paragraph>第一步</paragraph></list_item><list_item><paragraph>第二步</paragraph></list_item></ordered_list>' +
        '<paragraph><strong>完成改造X个。</strong>惠及居民X户。</paragraph>',
    );

    await button('table').click();
    await kb.type('指标');
    await kb.press('Tab');
    await kb.type('目标');
    await kb.press('Tab');
    await kb.type('完成');
    await kb.press('Tab');
    await kb.type('改造小区');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('改造小区'), 'table cells stored');
    // A 3 × 3 table, Tab moving cell by cell and on to the next row, after the paragraph.
    const empty = '<table_cell colspan="1" rowspan="1"><paragraph></paragraph></table_cell>';
    const table =
      `<table><table_row>${cell('指标')}${cell('目标')}${cell('完成')}</table_row>` +
      `<table_row>${cell('改造小区')}${empty}${empty}</table_row><table_row>${empty}${empty}${empty}</table_row></table>`;
    expect(storedXml(server.dbFile, s.docName)).toBe(`${withoutTable}${table}<paragraph></paragraph>`);
    expect((await ed.locator('table td').allInnerTexts()).map((t) => t.trim())).toEqual(['指标', '目标', '完成', '改造小区', '', '', '', '', '']);

    // Ctrl+Z, press by press: first the words typed into the cells, then the table itself goes —
    // and nothing typed before it.
    for (let press = 0; press < 8 && storedXml(server.dbFile, s.docName).includes('<table>'); press++) {
      const was = storedXml(server.dbFile, s.docName);
      await kb.press('Control+z');
      await waitFor(() => storedXml(server.dbFile, s.docName) !== was, `undo ${press + 1} stored`);
    }
    expect(storedXml(server.dbFile, s.docName)).toBe(withoutTable);
    await expect.poll(() => ed.locator('table').count(), { timeout: 10_000 }).toBe(0);
  });
});
