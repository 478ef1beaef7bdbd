import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PDF_EXPORT_ERROR } from '@hegao/contract';
import { ApiError } from '../http/ApiError.js';
import { FONT } from './gongwenLayout.js';
import { PDF_UNAVAILABLE, PdfConverter, findSoffice, fontConfigXml, pdfRefusal } from './pdfConverter.js';
import { versionDocx } from './versionDocx.js';

const scratch = mkdtempSync(join(tmpdir(), 'hegao-pdf-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The LibreOffice of this machine; npm test installs it (scripts/libreoffice.mjs) and says so when it cannot. */
function soffice(): string {
  const found = findSoffice();
  if (!found) throw new Error(process.env.HEGAO_SOFFICE_MISSING ?? '缺少 LibreOffice（soffice）：PDF 导出测试无法运行。请安装 Debian 的 libreoffice-writer-nogui，或设置 HEGAO_SOFFICE。');
  return found;
}

const docx = () =>
  versionDocx(
    { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '一、总体情况' }] }, { type: 'paragraph', content: [{ type: 'text', text: '上半年各项工作稳中有进。' }] }] },
    { title: '示例区工作总结', version: 1, sha256: null, author: '李文静' },
  );

/** The JSON the API answers for a refusal (as http/app.ts renders an ApiError). */
function answer(err: ApiError): Record<string, unknown> {
  return { ...err.body, error: err.code, message: err.message };
}

describe('pdfRefusal', () => {
  it('answers the contract’s PDF refusals with their statuses, keeping the output for logs only', () => {
    const busy = pdfRefusal({ error: 'pdf_busy', message: '请稍后再试', queuePosition: 5 });
    expect([busy.status, PDF_EXPORT_ERROR.parse(answer(busy))]).toEqual([503, { error: 'pdf_busy', message: '请稍后再试', queuePosition: 5 }]);
    const failed = pdfRefusal({ error: 'pdf_failed', message: '未能生成' }, 'soffice output');
    expect([failed.status, failed.details, answer(failed)]).toEqual([502, 'soffice output', { error: 'pdf_failed', message: '未能生成' }]);
    expect(pdfRefusal({ error: 'pdf_timeout', message: '超时' }).status).toBe(504);
    expect(pdfRefusal({ error: 'pdf_unavailable', message: PDF_UNAVAILABLE }).status).toBe(503);
  });
});

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('findSoffice', () => {
  it('takes HEGAO_SOFFICE only, then PATH, and says null for a missing LibreOffice', () => {
    const bin = join(scratch, 'bin');
    mkdirSync(bin, { recursive: true });
    const fake = join(bin, 'soffice');
    writeFileSync(fake, '#!/bin/sh\nexit 0\n');
    chmodSync(fake, 0o755);
    expect(findSoffice({ HEGAO_SOFFICE: fake, PATH: '' })).toBe(fake);
    // A configured path that is wrong is a missing LibreOffice, even with another one on PATH.
    expect(findSoffice({ HEGAO_SOFFICE: join(scratch, 'missing', 'soffice'), PATH: bin })).toBeNull();
    expect(findSoffice({ PATH: `${join(scratch, 'nothing')}:${bin}` })).toBe(fake);
  });
});

describe('fontConfigXml', () => {
  it('names a free stand-in for each missing 公文 face and leaves installed ones alone', () => {
    const all = fontConfigXml(() => false)!;
    expect(all).toContain('<include ignore_missing="yes">/etc/fonts/fonts.conf</include>');
    for (const family of Object.values(FONT)) expect(all).toContain(`<string>${family}</string>`);
    expect(all).toMatch(/方正小标宋简体<\/string><\/test><edit name="family" mode="assign" binding="strong"><string>Noto Serif CJK SC<\/string><\/edit><edit name="weight"/);
    expect(all).toMatch(/黑体<\/string><\/test><edit[^>]*><string>Noto Sans CJK SC/);
    expect(all).toMatch(/楷体_GB2312<\/string><\/test><edit[^>]*><string>AR PL UKai CN/);
    const some = fontConfigXml((family) => family === FONT.level1)!;
    expect(some).not.toContain('<string>黑体</string>');
    expect(some).toContain(`<string>${FONT.body}</string>`);
    expect(fontConfigXml(() => true)).toBeNull();
  });
});

describe('PdfConverter', () => {
  it('is 503 pdf_unavailable with the Chinese message when LibreOffice is missing', async () => {
    const converter = new PdfConverter({ env: { HEGAO_SOFFICE: join(scratch, 'no-such', 'soffice'), PATH: process.env.PATH } });
    expect(converter.soffice()).toBeNull();
    const err = await refusal(converter.convert(await docx()));
    expect([err.status, err.code, err.message]).toEqual([503, 'pdf_unavailable', PDF_UNAVAILABLE]);
    expect(PDF_EXPORT_ERROR.parse(answer(err))).toEqual({ error: 'pdf_unavailable', message: PDF_UNAVAILABLE });
  });

  it('converts one at a time, tells the queue position, refuses past the queue and cleans up', async () => {
    const root = mkdtempSync(join(scratch, 'root-'));
    const converter = new PdfConverter({ env: { ...process.env, HEGAO_SOFFICE: soffice() }, maxWaiting: 1, tmpRoot: root });
    const bytes = await docx();
    const first = converter.convert(bytes);
    const second = converter.convert(bytes);
    expect(converter.queueLength).toBe(2);
    const busy = await refusal(converter.convert(bytes));
    expect([busy.status, busy.code]).toEqual([503, 'pdf_busy']);
    expect(busy.message).toMatch(/请稍后再试/);
    // The contract's answer: 2 conversions are ahead of the refused one.
    expect(PDF_EXPORT_ERROR.parse(answer(busy))).toEqual({ error: 'pdf_busy', message: busy.message, queuePosition: 2 });
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r.queuePosition)).toEqual([0, 1]);
    for (const { pdf } of results) expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(converter.queueLength).toBe(0);
    expect(readdirSync(root)).toEqual([]);
  }, 120_000);

  it('stops a conversion past its time limit with 504 pdf_timeout, killing LibreOffice', async () => {
    const root = mkdtempSync(join(scratch, 'slow-'));
    const converter = new PdfConverter({ env: { ...process.env, HEGAO_SOFFICE: soffice() }, timeoutMs: 300, tmpRoot: root });
    const err = await refusal(converter.convert(await docx()));
    expect([err.status, err.code]).toEqual([504, 'pdf_timeout']);
    expect(err.message).toMatch(/^生成 PDF 超过 1 秒仍未完成/);
    expect(PDF_EXPORT_ERROR.parse(answer(err))).toEqual({ error: 'pdf_timeout', message: err.message });
    expect(readdirSync(root)).toEqual([]);
    // No LibreOffice process of this conversion is left (its profile lived under `root`).
    const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
    expect(ps.split('\n').filter((line) => line.includes(root))).toEqual([]);
    // The next conversion runs normally.
    const ok = new PdfConverter({ env: { ...process.env, HEGAO_SOFFICE: soffice() }, tmpRoot: root });
    expect(Buffer.from((await ok.convert(await docx())).pdf.subarray(0, 4)).toString('latin1')).toBe('%PDF');
  }, 120_000);
});
