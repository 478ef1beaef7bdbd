/**
 * Chinese IME composition while a colleague types in the same section: the composed word arrives
 * once, intact, and the colleague's text is kept too; Ctrl+Z takes back only the composed word and
 * Ctrl+Shift+Z brings it back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { ApiClient, sectionOf } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { launchBrowser, placeCaret, section, twoWritersOnOneSection, type UserPage } from './browser.js';

/** The editor's text without the remote carets' name labels. */
function plainText(editor: Locator): Promise<string> {
  return editor.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.ProseMirror-yjs-cursor')) caret.remove();
    return copy.textContent ?? '';
  });
}

let server: ServerProcess;
let browser: Browser;
const pages: UserPage[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  const created = server.cli(['user', 'add', 'wjj2', '--name', '王卫', '--role', 'editor', '--bureau', '卫健局', '--password', 'second-editor-pw']);
  expect(created.status, created.stderr).toBe(0);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('IME composition with a colleague typing', () => {
  it('keeps the composed word once and the colleague’s text', async () => {
    const { section: s, a, b, edA, edB } = await twoWritersOnOneSection(browser, server.url, pages);
    // A at the end of the text, B at the very start.
    await placeCaret(a.page, edA, 'end');
    await placeCaret(b.page, edB, 'start');

    const cdp = await a.context.newCDPSession(a.page);
    await cdp.send('Input.imeSetComposition', { text: 'wei', selectionStart: 3, selectionEnd: 3 });
    // The colleague types while A is composing.
    await b.page.keyboard.type('同事插入。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('同事插入。'), 'colleague stored');
    // The pinyin being composed never leaves A's browser.
    expect(storedXml(server.dbFile, s.docName)).not.toMatch(/wei/);
    await cdp.send('Input.imeSetComposition', { text: 'weisheng', selectionStart: 8, selectionEnd: 8 });
    await b.page.keyboard.type('再来。');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('同事插入。再来。'), 'colleague stored again');
    await cdp.send('Input.insertText', { text: '卫生应急能力再提升' });

    await waitFor(() => storedXml(server.dbFile, s.docName).includes('卫生应急能力再提升'), 'composition stored', 10_000);
    // Once the composition ended, the colleague's text held meanwhile is merged in.
    await expect.poll(() => edA.innerText(), { timeout: 10_000 }).toContain('同事插入。再来。');
    const textA = await edA.innerText();
    expect(textA.split('卫生应急能力再提升').length - 1).toBe(1);
    expect(textA).not.toMatch(/wei/);
    expect(textA).toContain('同事插入。再来。');
    const stored = storedXml(server.dbFile, s.docName);
    expect(stored.split('卫生应急能力再提升').length - 1).toBe(1);
    expect(stored).toContain('同事插入。再来。');
    await expect.poll(() => edB.innerText(), { timeout: 10_000 }).toContain('卫生应急能力再提升');
  });

  it('also when the colleague types in the same paragraph, just before the composition', async () => {
    const api = await ApiClient.login(server.url, 'wjj');
    const s = await sectionOf(api, '卫健局');
    const [a, b] = pages as [UserPage, UserPage];
    const edA = section(a.page, s.id).locator('.ProseMirror');
    const edB = section(b.page, s.id).locator('.ProseMirror');
    // A (still in the editor, after the first test) opens a new last paragraph; B puts its caret
    // into that same paragraph. No click for A: a click may land on a placeholder and select it.
    await expect.poll(() => edA.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await placeCaret(a.page, edA, 'end');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('新段落：');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('新段落：'), 'new paragraph stored');
    const newParagraphB = edB.locator('p', { hasText: '新段落：' });
    await newParagraphB.waitFor({ timeout: 10_000 });
    await placeCaret(b.page, edB, 'end');
    await b.page.keyboard.press('ArrowLeft');

    const cdp = await a.context.newCDPSession(a.page);
    await cdp.send('Input.imeSetComposition', { text: 'gong', selectionStart: 4, selectionEnd: 4 });
    await b.page.keyboard.type('（乙补）');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes('（乙补）'), 'colleague stored');
    expect(storedXml(server.dbFile, s.docName)).not.toMatch(/gong/);
    await cdp.send('Input.imeSetComposition', { text: 'gonggong', selectionStart: 8, selectionEnd: 8 });
    await cdp.send('Input.insertText', { text: '公共卫生体系' });

    await waitFor(() => storedXml(server.dbFile, s.docName).includes('公共卫生体系'), 'composition stored', 10_000);
    const paragraph = /<paragraph>([^<]*新段落[^<]*)<\/paragraph>/.exec(storedXml(server.dbFile, s.docName))?.[1] ?? '';
    // One paragraph with both people's text, the composed word once, no pinyin.
    expect(paragraph).toContain('（乙补）');
    expect(paragraph.split('公共卫生体系').length - 1).toBe(1);
    expect(paragraph).not.toMatch(/gong/);
    expect(paragraph.replace('（乙补）', '')).toBe('新段落：公共卫生体系');
    // Both editors show exactly what the server stored.
    await expect.poll(() => plainText(edA), { timeout: 10_000 }).toContain(paragraph);
    await expect.poll(() => plainText(edB), { timeout: 10_000 }).toContain(paragraph);
    expect(await edA.innerText()).not.toMatch(/gong/);
  });

  it('Ctrl+Z takes back only the composed word, never the colleague’s text typed meanwhile; Ctrl+Shift+Z brings it back', async () => {
    const api = await ApiClient.login(server.url, 'wjj');
    const s = await sectionOf(api, '卫健局');
    const [a, b] = pages as [UserPage, UserPage];
    const edA = section(a.page, s.id).locator('.ProseMirror');
    const edB = section(b.page, s.id).locator('.ProseMirror');
    const word = '医疗资源扩容提质';
    const colleague = '（同事此时补充）';
    await placeCaret(a.page, edA, 'end');
    await placeCaret(b.page, edB, 'start');
    const before = storedXml(server.dbFile, s.docName);

    const cdp = await a.context.newCDPSession(a.page);
    await cdp.send('Input.imeSetComposition', { text: 'yi', selectionStart: 2, selectionEnd: 2 });
    await b.page.keyboard.type(colleague);
    await waitFor(() => storedXml(server.dbFile, s.docName).includes(colleague), 'colleague stored');
    await cdp.send('Input.imeSetComposition', { text: 'yiliao', selectionStart: 6, selectionEnd: 6 });
    await cdp.send('Input.insertText', { text: word });
    await waitFor(() => storedXml(server.dbFile, s.docName).includes(word), 'composition stored', 10_000);
    // Both edits are there: the colleague's at the start, the word at the end.
    expect(storedXml(server.dbFile, s.docName).replace(colleague, '')).toBe(before.replace(/<\/paragraph>$/, `${word}</paragraph>`));
    await expect.poll(() => plainText(edB), { timeout: 10_000 }).toContain(word);

    // A undoes: the composed word goes — all of it, at once — and the colleague's text stays,
    // on the server and in both browsers.
    await expect.poll(() => edA.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await a.page.keyboard.press('Control+z');
    await waitFor(() => !storedXml(server.dbFile, s.docName).includes(word), 'composed word undone in the store');
    expect(storedXml(server.dbFile, s.docName).replace(colleague, '')).toBe(before);
    expect(storedXml(server.dbFile, s.docName)).toContain(colleague);
    await expect.poll(() => plainText(edB), { timeout: 10_000 }).not.toContain(word);
    await expect.poll(() => plainText(edA), { timeout: 10_000 }).not.toContain(word);
    expect(await plainText(edA)).toContain(colleague);
    expect(await plainText(edB)).toContain(colleague);

    // Redo brings the word back, once, where it was.
    await a.page.keyboard.press('Control+Shift+z');
    await waitFor(() => storedXml(server.dbFile, s.docName).includes(word), 'composed word redone in the store');
    expect(storedXml(server.dbFile, s.docName).replace(colleague, '')).toBe(before.replace(/<\/paragraph>$/, `${word}</paragraph>`));
    await expect.poll(() => plainText(edB), { timeout: 10_000 }).toContain(word);
    expect((await plainText(edA)).split(word).length - 1).toBe(1);
  });
});
