/**
 * The print view of a locked version and of the final draft in real Chromium against the real server, measured in the PDF
 * Chromium prints: the GB/T 9704-2012 layout (A4; margins top 37 mm, bottom 35 mm, left 28 mm,
 * right 26 mm; 22 lines of 28 characters; title 2号 centred at the top of page 1; page numbers
 * 「— N —」 under the text block, right on odd pages and left on even ones, one character in) and
 * nothing of the page around the document (navigation, buttons, the version record, 对比). The
 * demo report is merged and locked as 第1版 through the API; the office prints 第1版 and the
 * current final draft with 显示修改人 on, and the draft prints in black, without the source margin.
 * Measured with poppler: pdfinfo, pdftotext -bbox-layout (lines, characters, x positions) and
 * pdftoppm (where the ink is, for vertical positions: the fonts' boxes differ from face to face).
 * Pages 1–2 of each print are rendered to PNG in artifacts/ to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, mergeDemoReport as mergeDemo, type SectionJson } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { ARTIFACTS, launchBrowser, signIn, type UserPage } from './browser.js';


/** The layout in points (1 mm = 72 / 25.4 pt). */
const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const MARGIN = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const TEXT_RIGHT = A4.width - MARGIN.right;
const TEXT_BOTTOM = A4.height - MARGIN.bottom;
const LINE_PITCH = 28.95;

let server: ServerProcess;
let browser: Browser;
let tmp: string;
const pages: UserPage[] = [];
const api: Record<string, ApiClient> = {};

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
  tmp = mkdtempSync(join(tmpdir(), 'hegao-print-'));
  api['bgs'] = await ApiClient.login(server.url, 'bgs');
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Every section submitted by its bureau and approved by the office, then merged. */
async function mergeDemoReport(): Promise<{ id: string; sections: SectionJson[] }> {
  const { report, merge } = await mergeDemo(api['bgs']!);
  expect(merge.status, JSON.stringify(merge.body)).toBe(200);
  return report;
}

/** One line of text in the PDF as poppler lays it out, in points from the top left. */
interface PdfLine {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** The lines of every page of a PDF (pdftotext -bbox-layout), words joined without spaces. */
function pdfLines(file: string): PdfLine[][] {
  const out = join(tmp, 'layout.html');
  execFileSync('pdftotext', ['-bbox-layout', file, out]);
  const html = readFileSync(out, 'utf8');
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...html.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((page) =>
    [...page[1]!.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: unescape([...m[5]!.matchAll(/<word [^>]*>([\s\S]*?)<\/word>/g)].map((w) => w[1]!).join('')),
    })),
  );
}

/** A box in points from the top left of the page. */
interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One page rendered by pdftoppm: gray (1 channel) or colour (3), `scale` pixels per point. */
interface Raster {
  width: number;
  height: number;
  channels: 1 | 3;
  scale: number;
  data: Buffer;
}

/** Pages `from`–`to` of a PDF rendered at `dpi`, gray or in colour (PGM / PPM from pdftoppm). */
function render(file: string, dpi: number, color: boolean, from = 1, to?: number): Raster[] {
  const root = join(tmp, `r${dpi}${color ? 'c' : 'g'}-${Date.now()}`);
  execFileSync('pdftoppm', ['-r', String(dpi), ...(color ? [] : ['-gray']), '-f', String(from), ...(to ? ['-l', String(to)] : []), file, root]);
  const dir = dirname(root);
  const prefix = `${basename(root)}-`;
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .sort((a, b) => Number(/-(\d+)\./.exec(a)![1]) - Number(/-(\d+)\./.exec(b)![1]))
    .map((name) => {
      const bytes = readFileSync(join(dir, name));
      rmSync(join(dir, name));
      const header = /^P([56])\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'));
      if (!header) throw new Error(`pdftoppm wrote no PNM: ${name}`);
      return { width: Number(header[2]), height: Number(header[3]), channels: header[1] === '5' ? 1 : 3, scale: dpi / 72, data: bytes.subarray(header[0].length) };
    });
}

/** Where the ink is (dark pixels) inside `within` (points): what an office sees, whatever the fonts' boxes say. Null when blank there. */
function ink(page: Raster, within: Box): Box | null {
  const { width, height, scale, data } = page;
  let box: Box | null = null;
  const [y0, y1] = [Math.max(0, Math.floor(within.top * scale)), Math.min(height, Math.ceil(within.bottom * scale))];
  const [x0, x1] = [Math.max(0, Math.floor(within.left * scale)), Math.min(width, Math.ceil(within.right * scale))];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (data[y * width + x]! > 128) continue;
      const [t, l] = [y / scale, x / scale];
      box = box ? { top: Math.min(box.top, t), left: Math.min(box.left, l), bottom: Math.max(box.bottom, t), right: Math.max(box.right, l) } : { top: t, left: l, bottom: t, right: l };
    }
  }
  return box;
}

/** Pixels of a colour page that are clearly coloured (not gray: channels more than 48 apart). */
function colouredPixels(page: Raster): number {
  let count = 0;
  for (let i = 0; i < page.data.length; i += 3) {
    const [r, g, b] = [page.data[i]!, page.data[i + 1]!, page.data[i + 2]!];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 48) count++;
  }
  return count;
}

/** Prints the page as Chromium's print dialog would (media print, the page's own @page size). */
async function printPdf(page: Page, name: string): Promise<{ file: string; lines: PdfLine[][]; info: string }> {
  await page.emulateMedia({ media: 'print' });
  const file = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', file, join(ARTIFACTS, `${name}-page`)]);
  return { file, lines: pdfLines(file), info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }) };
}

const isPageNumber = (line: PdfLine) => /^—\s*\d+\s*—$/.test(line.text.trim());
const near = (value: number, target: number, tolerance: number) => Math.abs(value - target) <= tolerance;
/** Only full-width characters (CJK and its punctuation): such a line sits exactly on the grid. */
const fullWidth = (text: string) => /^[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e“”‘’]+$/u.test(text);

/** What the page around the document shows and must not print. */
const CHROME = ['返回合稿', '返回报告', '下载 Word', '下载Word', '打印', '对比', 'SHA-256', '定稿人', '版本号', '退出', '版本记录', '显示修改人', '全文'];

/**
 * Prints `page` and checks the PDF against GB/T 9704 (see the file's comment) and that none of
 * `chrome` (the page's own words around the document) is in it. Returns the PDF.
 */
async function expectGongwenPrint(page: Page, name: string, title: string, chrome: readonly string[]): Promise<string> {
  const { file, lines, info } = await printPdf(page, name);
  const gray = render(file, 144, false);
  expect(gray.length).toBe(lines.length);

  // A4, several pages.
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  expect(size, info).not.toBeNull();
  expect(near(Number(size![1]), A4.width, 1) && near(Number(size![2]), A4.height, 1), info).toBe(true);
  expect(lines.length, 'the demo report fills more than two pages').toBeGreaterThan(2);

  // Nothing of the page around the document.
  const all = lines.flat().map((l) => l.text).join('\n');
  for (const word of chrome) expect(all, word).not.toContain(word);

  // Page 1 starts with the title: nothing above it, its ink from the top margin down, centred, 2号.
  const first = lines[0]!.filter((l) => !isPageNumber(l));
  const titleLines = first.filter((l) => title.includes(l.text) && l.text.length > 1);
  expect(titleLines.map((l) => l.text).join('')).toBe(title);
  expect(first.indexOf(titleLines[0]!)).toBe(0);
  expect(ink(gray[0]!, { top: 0, left: 0, bottom: MARGIN.top - 1, right: A4.width }), 'ink above the text block of page 1').toBeNull();
  const titleInk = ink(gray[0]!, { top: 0, left: 0, bottom: MARGIN.top + LINE_PITCH, right: A4.width })!;
  expect(titleInk.top, 'the title starts at the top margin').toBeGreaterThan(MARGIN.top - 1);
  expect(titleInk.top, 'the title starts at the top margin').toBeLessThan(MARGIN.top + 8);
  for (const l of titleLines) expect(near((l.xMin + l.xMax) / 2, (MARGIN.left + TEXT_RIGHT) / 2, 2), `title centred: ${l.xMin}–${l.xMax}`).toBe(true);
  const titleCjk = titleLines.filter((l) => fullWidth(l.text));
  expect(titleCjk.length).toBeGreaterThan(0);
  for (const l of titleCjk) expect((l.xMax - l.xMin) / [...l.text].length, `title 22 pt: ${l.text}`).toBeCloseTo(22, 0);

  // Every page: ink only inside the text block and the page number's place; 22 lines at most on a
  // 28.95 pt pitch, a full page 22; every page after the first starts at the top margin.
  let fullPages = 0;
  const body: PdfLine[] = [];
  lines.forEach((pageLines, i) => {
    const text = pageLines.filter((l) => !isPageNumber(l));
    for (const l of text) {
      expect(l.xMin, `page ${i + 1} ${l.text}`).toBeGreaterThan(MARGIN.left - 1);
      expect(l.xMax, `page ${i + 1} ${l.text}`).toBeLessThan(TEXT_RIGHT + 1);
    }
    const block = ink(gray[i]!, { top: 0, left: 0, bottom: TEXT_BOTTOM + 3 * MM, right: A4.width })!;
    expect(block.top, `page ${i + 1} top`).toBeGreaterThan(MARGIN.top - 1);
    if (i > 0) expect(block.top, `page ${i + 1} starts at the top margin`).toBeLessThan(MARGIN.top + 8);
    expect(block.left, `page ${i + 1} left`).toBeGreaterThan(MARGIN.left - 1);
    expect(block.right, `page ${i + 1} right`).toBeLessThan(TEXT_RIGHT + 1);
    expect(block.bottom, `page ${i + 1} bottom`).toBeLessThan(TEXT_BOTTOM + 1);
    expect(text.length, `lines on page ${i + 1}`).toBeLessThanOrEqual(22);
    if (i > 0) body.push(...text);
    if (text.length === 22) {
      fullPages++;
      // Lines in the body face have boxes of one height: their distance over the lines between.
      const height = (l: PdfLine) => Math.round((l.yMax - l.yMin) * 10);
      const same = text.filter((l) => height(l) === height(text[text.length - 1]!));
      const [a, b] = [same[0]!, same[same.length - 1]!];
      expect((b.yMin - a.yMin) / (text.indexOf(b) - text.indexOf(a)), `line pitch on page ${i + 1}`).toBeCloseTo(LINE_PITCH, 1);
    }
  });
  expect(fullPages, 'pages with 22 lines').toBeGreaterThan(0);

  // The text block: left edge at 28 mm, full lines end at the right edge (156 mm wide).
  expect(near(Math.min(...body.map((l) => l.xMin)), MARGIN.left, 1), `left ${Math.min(...body.map((l) => l.xMin))}`).toBe(true);
  const full = body.filter((l) => near(l.xMax, TEXT_RIGHT, 1.5));
  expect(full.length).toBeGreaterThan(20);

  // 28 characters a line: a full line of full-width characters from the left edge has 28, a first
  // line (two characters in) 26. Fewer only where characters moved down with punctuation that may
  // not end a line (“) or start one (…“加油 / 站”，…); never more.
  const gridLines = full.filter((l) => fullWidth(l.text));
  const flush = gridLines.filter((l) => near(l.xMin, MARGIN.left, 1));
  const indented = gridLines.filter((l) => near(l.xMin, MARGIN.left + (2 * (TEXT_RIGHT - MARGIN.left)) / 28, 1.5));
  expect(flush.length, 'full lines of CJK text').toBeGreaterThan(5);
  expect(indented.length, 'full first lines of CJK text').toBeGreaterThan(0);
  const count = (l: PdfLine) => [...l.text].length;
  for (const [lines, most] of [[flush, 28], [indented, 26]] as const) {
    expect(Math.max(...lines.map(count))).toBe(most);
    expect(lines.filter((l) => count(l) === most).length / lines.length, `most full lines hold ${most}`).toBeGreaterThan(0.75);
    for (const l of lines.filter((l) => count(l) < most)) {
      expect(count(l), l.text).toBeGreaterThanOrEqual(most - 2);
      const next = body[body.indexOf(l) + 1]!.text;
      // What moved down (and the one after it) holds punctuation that may not end or start a line.
      expect([...next].slice(0, most - count(l) + 1).join(''), `${l.text} / ${next}`).toMatch(/[“‘（《「『【”’）》」』】，。、；：？！]/u);
    }
  }

  // Page numbers 「— N —」 7 mm under the text block: right on odd pages, left on even, one 4号 character in.
  lines.forEach((pageLines, i) => {
    const numbers = pageLines.filter(isPageNumber);
    expect(numbers.map((l) => l.text.replace(/\s/g, '')), `page ${i + 1}`).toEqual([`—${i + 1}—`]);
    const n = numbers[0]!;
    if (i % 2 === 0) expect(near(n.xMax, TEXT_RIGHT - 14, 1.5), `page ${i + 1} number right ${n.xMax}`).toBe(true);
    else expect(near(n.xMin, MARGIN.left + 14, 1.5), `page ${i + 1} number left ${n.xMin}`).toBe(true);
    if (i > 1) return;
    const mark = ink(gray[i]!, { top: TEXT_BOTTOM + 1, left: 0, bottom: A4.height, right: A4.width })!;
    expect(mark.top, `page number ${i + 1} 7 mm under the text block`).toBeGreaterThan(TEXT_BOTTOM + 6 * MM);
    expect(mark.top, `page number ${i + 1} 7 mm under the text block`).toBeLessThan(TEXT_BOTTOM + 9 * MM);
    expect(mark.bottom - mark.top, 'page number 4号').toBeLessThan(14);
  });

  // Headings keep with what follows: none is the last line of a page.
  const headings = await page.evaluate(() => [...document.querySelectorAll('.final-doc :is(h1, h2, h3, h4):not(.final-doc__title)')].map((h) => h.textContent ?? ''));
  expect(headings.length).toBeGreaterThan(2);
  lines.forEach((pageLines, i) => {
    const text = pageLines.filter((l) => !isPageNumber(l));
    const last = text[text.length - 1]!.text;
    if (i < lines.length - 1) expect(headings.some((h) => h.includes(last)), `heading at the bottom of page ${i + 1}: ${last}`).toBe(false);
  });
  return file;
}

describe('print view (GB/T 9704)', () => {
  let reportId = '';
  let title = '';

  it('prints 第1版 on A4 in the 公文 layout: margins, 22 × 28 grid, title at the top, page numbers', async () => {
    const report = await mergeDemoReport();
    reportId = report.id;
    const bgs = api['bgs']!;
    expect((await bgs.post(`/api/reports/${report.id}/lock`)).status).toBe(200);
    title = (await bgs.get<{ title: string }>(`/api/reports/${report.id}`)).body.title;

    const user = await signIn(browser, server.url, 'bgs');
    pages.push(user);
    const page = user.page;
    await page.goto(`/#/reports/${report.id}/versions/1`);
    await page.locator('[data-testid=version-content][data-rendered=document] p').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('version-sha256').waitFor();
    await page.evaluate(() => document.fonts.ready);
    await expectGongwenPrint(page, 'print', title, [...CHROME, '第1版', '李文静']);
    expect(user.console.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
  }, 120_000);

  it('prints the final draft the same way, in black: no toolbar, source margin, versions or authorship colours', async () => {
    expect(reportId, 'the first case merged and locked the report').not.toBe('');
    const user = await signIn(browser, server.url, 'bgs');
    pages.push(user);
    const page = user.page;
    await page.goto(`/#/reports/${reportId}/final`);
    const editor = page.getByTestId('final-editor');
    await expect.poll(() => editor.getAttribute('data-synced'), { timeout: 15_000 }).toBe('true');
    // 显示修改人 on: every run tinted in its writer's colour on screen.
    const toggle = editor.getByRole('button', { name: '显示修改人' });
    await toggle.click();
    await expect.poll(() => editor.locator('.hg-author').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    const labels = await page.locator('.final-gutter__title').allInnerTexts();
    expect(labels.length).toBeGreaterThan(0);
    await page.evaluate(() => document.fonts.ready);

    const file = await expectGongwenPrint(page, 'print-final', title, [...CHROME, '只读', '修改人', '已定稿', '版本记录']);
    // Black on white: the writers' colours stay on screen.
    for (const [i, colour] of render(file, 72, true, 1, 3).entries()) expect(colouredPixels(colour), `coloured pixels on page ${i + 1}`).toBe(0);
    expect(user.console.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
  }, 120_000);
});
