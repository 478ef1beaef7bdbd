/**
 * Issue 13: the exported version has the GB/T 9704 layout where it counts — on paper. The demo
 * report is merged and locked as 第1版; its .docx (export.docx) is converted by LibreOffice here in
 * the test, with this machine's fonts as they are (no 仿宋_GB2312: whatever LibreOffice substitutes),
 * and the server's own PDF (export.pdf, with its stand-in faces) is measured the same way:
 * pdfinfo for the page size, `pdftotext -bbox-layout` for where every line and character stands —
 * A4, the margins, 22 lines on a full page, 28 characters on a full body line, 「— N —」 right on
 * odd pages and left on even ones, the section headings in outline order. Without LibreOffice the
 * route is 503 pdf_unavailable. The first two pages are saved as PNG (tests/e2e/artifacts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demoReport, mergeDemoReport, type SectionJson } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';

const ARTIFACTS = fileURLToPath(new URL('../e2e/artifacts/', import.meta.url));

/** GB/T 9704 in PDF points: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. */
const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGIN = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const LINE_PITCH = 28.95;

let server: ServerProcess;
const api: Record<string, ApiClient> = {};
let report: { id: string; title: string; sections: SectionJson[] };
const work = mkdtempSync(join(tmpdir(), 'hegao-pdf-it-'));

/** soffice of this machine; npm test installs it (scripts/libreoffice.mjs) or says what is missing. */
function soffice(): string {
  const missing = process.env.HEGAO_SOFFICE_MISSING;
  if (missing) throw new Error(missing);
  const configured = process.env.HEGAO_SOFFICE;
  const found = configured ?? spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('缺少 LibreOffice（soffice）：PDF 导出测试无法运行。请安装 Debian 的 libreoffice-writer-nogui，或设置 HEGAO_SOFFICE。');
  return found;
}

beforeAll(async () => {
  soffice();
  server = await ServerProcess.start();
  for (const username of ['bgs', 'quzhang']) api[username] = await ApiClient.login(server.url, username);
  // Every section submitted by its bureau and approved by the office, merged, locked as 第1版.
  expect(await mergeAll(api['bgs']!)).toBe(200);
  const demo = await demoReport(api['bgs']!);
  expect((await api['bgs']!.post(`/api/reports/${demo.id}/lock`)).status).toBe(200);
  const detail = await api['bgs']!.get<{ id: string; title: string; sections: SectionJson[] }>(`/api/reports/${demo.id}`);
  report = detail.body;
}, 120_000);

afterAll(async () => {
  await server?.dispose();
  rmSync(work, { recursive: true, force: true });
});

/** A download's bytes, status and headers. */
async function download(client: ApiClient, path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(server.url + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** The .docx converted by LibreOffice here, in a profile of its own. */
function convert(docx: Buffer, name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const input = join(dir, `${name}.docx`);
  writeFileSync(input, docx);
  execFileSync(soffice(), [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], { stdio: 'pipe', timeout: 120_000 });
  return join(dir, `${name}.pdf`);
}

interface Line {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

/** Every page's text lines with their boxes, from `pdftotext -bbox-layout` (XHTML). */
function pagesOf(pdf: string): { width: number; height: number; lines: Line[] }[] {
  const xhtml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...xhtml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((page) => ({
    width: Number(page[1]),
    height: Number(page[2]),
    lines: [...page[3]!.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: [...m[5]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => unescape(w[1]!)).join(''),
    })),
  }));
}

const PAGE_NUMBER = /^—\s*(\d+)\s*—$/;
/** A line of Chinese only: Han characters and full-width punctuation, nothing whose width varies by face. */
const ALL_CHINESE = /^[\p{Script=Han}\u3000-\u303f\uff01-\uff5e]+$/u;

/** Measures a PDF of the demo report as an office would with a ruler; `label` names it in failures. */
function measure(pdf: string, label: string, headings: string[]): void {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
  expect(Number(size[1]), `${label}: page width`).toBeCloseTo(PAGE.width, 0);
  expect(Number(size[2]), `${label}: page height`).toBeCloseTo(PAGE.height, 0);
  const pages = pagesOf(pdf);
  expect(pages.length, `${label}: pages`).toBeGreaterThan(5);

  const fullLines: Line[] = [];
  const bodyLines: Line[] = [];
  let fullPages = 0;
  for (const [index, page] of pages.entries()) {
    const number = index + 1;
    const footer = page.lines.filter((l) => PAGE_NUMBER.test(l.text));
    const body = page.lines.filter((l) => !PAGE_NUMBER.test(l.text));
    // 「— N —」: one on every page, its number, right on odd pages and left on even ones, one
    // character (4号, 14 pt) in from the edge of the text block, below it.
    expect(footer.map((l) => PAGE_NUMBER.exec(l.text)![1]), `${label}: page ${number} footer`).toEqual([String(number)]);
    const [foot] = footer;
    if (number % 2 === 1) expect(foot!.x1, `${label}: page ${number} number on the right`).toBeCloseTo(page.width - MARGIN.right - 14, -1);
    else expect(foot!.x0, `${label}: page ${number} number on the left`).toBeCloseTo(MARGIN.left + 14, -1);
    // About 7 mm below the text block (GB/T 9704: 一字线上距版心下边缘 7 mm).
    const below = (foot!.y0 - (page.height - MARGIN.bottom)) / MM;
    expect(below, `${label}: page ${number} number ${below.toFixed(1)} mm below the text`).toBeGreaterThan(5);
    expect(below, `${label}: page ${number} number ${below.toFixed(1)} mm below the text`).toBeLessThan(10);
    // Every line within the margins: left edge at 28 mm (glyph boxes start a hair inside), right ≤ 26 mm from the edge.
    for (const line of body) {
      expect(line.x0, `${label}: p${number} “${line.text}” left`).toBeGreaterThanOrEqual(MARGIN.left - 1);
      expect(line.x1, `${label}: p${number} “${line.text}” right`).toBeLessThanOrEqual(page.width - MARGIN.right + 1);
      expect(line.y0, `${label}: p${number} “${line.text}” top`).toBeGreaterThanOrEqual(MARGIN.top - 1);
      expect(line.y1, `${label}: p${number} “${line.text}” bottom`).toBeLessThanOrEqual(page.height - MARGIN.bottom + 1);
    }
    // Lines stand on the 28.95 pt grid from the top margin; at most 22 of them a page.
    const rows = [...new Set(body.map((l) => Math.round(((l.y0 + l.y1) / 2 - MARGIN.top) / LINE_PITCH - 0.5)))].sort((a, b) => a - b);
    for (const line of body.filter((l) => !report.title.includes(l.text))) {
      const offset = ((line.y0 + line.y1) / 2 - MARGIN.top) / LINE_PITCH;
      expect(Math.abs(offset - Math.floor(offset) - 0.5), `${label}: p${number} “${line.text}” on the line grid`).toBeLessThan(0.1);
    }
    expect(rows.length, `${label}: page ${number} lines`).toBeLessThanOrEqual(22);
    if (index > 0 && index < pages.length - 1 && rows.length === 22) fullPages++;
    // The first line of the text block starts at the top margin (the first page with the title).
    expect(Math.min(...body.map((l) => l.y0)) - MARGIN.top, `${label}: page ${number} first line at the top margin`).toBeLessThan(LINE_PITCH / 2);
    if (index > 0) expect(rows[0], `${label}: page ${number} starts on the first line`).toBe(0);
    fullLines.push(...body.filter((l) => Math.abs(l.x0 - MARGIN.left) < 2 && l.x1 > page.width - MARGIN.right - 3 && ALL_CHINESE.test(l.text)));
    bodyLines.push(...body);
  }
  // Full pages have 22 lines: all but the odd page whose last heading went over with its text.
  expect(fullPages, `${label}: pages of 22 lines`).toBeGreaterThanOrEqual(Math.floor((pages.length - 2) * 0.75));
  // A full body line of Chinese holds 28 characters, whatever face stands in for 仿宋_GB2312 —
  // fewer only where the line break rules move characters down: a closing mark (、，。”…) may not
  // begin a line and takes the character before it along, an opening mark (“（…) may not end one.
  // No punctuation hangs into the margin.
  expect(fullLines.length, `${label}: full lines of Chinese`).toBeGreaterThan(20);
  for (const line of fullLines) {
    const count = [...line.text].length;
    if (count < 28) {
      const next = bodyLines[bodyLines.indexOf(line) + 1]!;
      expect(count, `${label}: “${line.text}”`).toBeGreaterThanOrEqual(26);
      expect(next.text, `${label}: after the ${count} of “${line.text}”`).toMatch(/^(?:[“‘（《「『]|.{1,2}[、，。；：！？）》」』”’])/u);
    } else {
      expect(count, `${label}: “${line.text}”`).toBe(28);
    }
  }
  expect(fullLines.filter((l) => [...l.text].length === 28).length, `${label}: lines of 28`).toBeGreaterThan(fullLines.length * 0.7);

  // Page 1: the title centred on its first lines, then the text — not a half-empty page.
  const first = pages[0]!.lines.filter((l) => !PAGE_NUMBER.test(l.text));
  const titleLines = first.slice(0, 2);
  expect(titleLines.map((l) => l.text).join(''), `${label}: title`).toBe(report.title);
  for (const line of titleLines) expect((line.x0 + line.x1) / 2, `${label}: title centred`).toBeCloseTo(MARGIN.left + (PAGE.width - MARGIN.left - MARGIN.right) / 2, -1);
  for (const line of titleLines) expect([...line.text].length, `${label}: title line “${line.text}”`).toBeGreaterThan(3);
  expect(first.length, `${label}: lines on page 1`).toBeGreaterThanOrEqual(18);

  // The section headings in outline order.
  const text = pages.flatMap((p) => p.lines.filter((l) => !PAGE_NUMBER.test(l.text)).map((l) => l.text)).join('');
  let at = 0;
  for (const heading of headings) {
    const found = text.indexOf(heading, at);
    expect(found, `${label}: heading “${heading}” after position ${at}`).toBeGreaterThanOrEqual(0);
    at = found + heading.length;
  }
}

describe('export of 第1版 as PDF', () => {
  it('the .docx, rendered by LibreOffice, has the GB/T 9704 layout', async () => {
    const docx = await download(api['quzhang']!, `/api/reports/${report.id}/versions/1/export.docx`);
    expect(docx.status).toBe(200);
    const headings = report.sections.filter((s) => s.number).map((s) => `${s.number}${s.title}`);
    expect(headings.length).toBeGreaterThan(5);
    measure(convert(docx.bytes, 'version-1'), 'docx via soffice', headings);
  }, 180_000);

  it('export.pdf: the server’s PDF, with its stand-in faces, measures the same; anonymous is 401', async () => {
    const res = await download(api['quzhang']!, `/api/reports/${report.id}/versions/1/export.pdf`);
    expect(res.status, res.bytes.toString('utf8').slice(0, 300)).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`${report.title}（第1版）.pdf`)}`);
    expect(res.headers.get('x-pdf-queue-position')).toBe('0');
    const pdf = join(work, 'server-version-1.pdf');
    writeFileSync(pdf, res.bytes);
    const headings = report.sections.filter((s) => s.number).map((s) => `${s.number}${s.title}`);
    measure(pdf, 'export.pdf', headings);
    // The stand-ins: a serif (Song) face for 仿宋 and the title, a sans (Hei) one for 黑体.
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSerifCJK/);
    expect(fonts).toMatch(/NotoSansCJK/);
    // The first two pages, as an office would look at them.
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const page of [1, 2]) execFileSync('pdftoppm', ['-r', '60', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf, join(ARTIFACTS, `export-page-${page}`)]);
    expect(readFileSync(join(ARTIFACTS, 'export-page-1.png')).subarray(1, 4).toString('latin1')).toBe('PNG');

    const anonymous = await fetch(`${server.url}/api/reports/${report.id}/versions/1/export.pdf`);
    expect(anonymous.status).toBe(401);
    const wrong = await api['quzhang']!.get<{ error: string }>(`/api/reports/${report.id}/versions/0/export.pdf`);
    expect([wrong.status, wrong.body.error]).toEqual([400, 'invalid_version']);
    const missing = await api['quzhang']!.get<{ error: string }>(`/api/reports/${report.id}/versions/9/export.pdf`);
    expect(missing.status).toBe(404);
  }, 180_000);

  it('final/export.pdf is the draft as PDF, named as a draft', async () => {
    const res = await download(api['bgs']!, `/api/reports/${report.id}/final/export.pdf`);
    expect(res.status).toBe(200);
    expect(res.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('（合稿，未定稿）.pdf'));
  }, 120_000);

  it('without LibreOffice: 503 pdf_unavailable with the Chinese message; the .docx still downloads', async () => {
    const bare = await ServerProcess.start({ HEGAO_SOFFICE: join(work, 'no-libreoffice', 'soffice') });
    try {
      const bgs = await ApiClient.login(bare.url, 'bgs');
      const demo = await demoReport(bgs);
      // The .docx's checks come first: before the first merge there is no draft (404).
      expect((await bgs.get(`/api/reports/${demo.id}/final/export.pdf`)).status).toBe(404);
      expect(await mergeAll(bgs)).toBe(200);
      const pdf = await bgs.get<{ error: string; message: string }>(`/api/reports/${demo.id}/final/export.pdf`);
      expect(pdf.status).toBe(503);
      expect(pdf.body).toEqual({ error: 'pdf_unavailable', message: '服务器未安装 LibreOffice，暂不能导出 PDF，请下载 Word 版本' });
      const docx = await fetch(`${bare.url}/api/reports/${demo.id}/final/export.docx`, { headers: { cookie: bgs.cookie } });
      expect(docx.status).toBe(200);
    } finally {
      await bare.dispose();
    }
  }, 120_000);
});

describe('export.pdf past its time limit', () => {
  it('is 504 pdf_timeout with the Chinese message, and the next request is served', async () => {
    const slow = await ServerProcess.start({ HEGAO_PDF_TIMEOUT_SECONDS: '0.2' });
    try {
      const bgs = await ApiClient.login(slow.url, 'bgs');
      expect(await mergeAll(bgs)).toBe(200);
      const demo = await demoReport(bgs);
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await bgs.get<{ error: string; message: string }>(`/api/reports/${demo.id}/final/export.pdf`);
        expect([res.status, res.body.error]).toEqual([504, 'pdf_timeout']);
        expect(res.body.message).toBe('生成 PDF 超过 1 秒仍未完成，已停止；请稍后再试，或下载 Word 版本');
      }
      expect(slow.output).toContain('pdf export refused');
    } finally {
      await slow.dispose();
    }
  }, 120_000);
});

/** Every section of the demo report submitted by its bureau, approved by the office, then merged; the merge's status. */
async function mergeAll(bgs: ApiClient): Promise<number> {
  return (await mergeDemoReport(bgs)).merge.status;
}
