import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_PREVIEW } from '@hegao/contract';
import { listReports } from '@hegao/storage';
import { ApiError } from '../http/ApiError.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { IMPORT_MAX_CHARS, IMPORT_MAX_FILE_BYTES, textLength, decodeText, fileKind, isLeafAt, previewImportSource, proposeBureaus } from './importPreview.js';

/** The ApiError a promise rejects with. */
async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

const REPORT = ['示例区2020年上半年工作总结', '一、上半年工作', '（一）做好常态化疫情防控工作', '全区累计排查X人。', '（二）抓紧推进项目建设', '开工项目X个。', '二、存在问题和不足', '发展不平衡。'].join('\n');

describe('decodeText', () => {
  it('reads UTF-8 (BOM removed), GB18030 when not UTF-8, and UTF-16 with a BOM', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('一、疫情防控')]))).toBe('一、疫情防控');
    // 一、疫情防控 in GB18030 (GBK range).
    expect(decodeText(new Uint8Array([0xd2, 0xbb, 0xa1, 0xa2, 0xd2, 0xdf, 0xc7, 0xe9, 0xb7, 0xc0, 0xbf, 0xd8]))).toBe('一、疫情防控');
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...Buffer.from('报告', 'utf16le')]))).toBe('报告');
  });

  it('refuses a binary file as not text', () => {
    const err = (() => {
      try {
        decodeText(new Uint8Array([0x50, 0x00, 0x00, 0x01]));
        return null;
      } catch (e) {
        return e as ApiError;
      }
    })();
    expect(err).toMatchObject({ status: 400, code: 'invalid_import' });
  });
});

describe('helpers', () => {
  it('fileKind takes .docx and .txt in any case, nothing else', () => {
    expect(['a.docx', 'B.DOCX', '报告.txt', 'x.doc', 'x.pdf', 'docx', 'a.txt.exe'].map(fileKind)).toEqual(['docx', 'docx', 'txt', null, null, null, null]);
  });
  it('textLength counts a character outside the BMP once', () => {
    expect(textLength('𠀀字a')).toBe(3);
  });
  it('isLeafAt: a section is a leaf unless the next one is deeper', () => {
    const levels = [1, 2, 2, 1, 1].map((level) => ({ level }));
    expect(levels.map((_, i) => isLeafAt(levels, i))).toEqual([false, true, true, true, true]);
  });
  it('proposeBureaus fills leaves by the keyword rules and clears headings', () => {
    const bureaus = [
      { id: 'w', name: '卫健局' },
      { id: 'f', name: '发改局' },
    ];
    const out = proposeBureaus(
      [
        { level: 1, title: '经济发展', bureauIds: ['f'] },
        { level: 2, title: '疫情防控', bureauIds: [] },
        { level: 2, title: '存在问题', bureauIds: [] },
        { level: 1, title: '招商引资', bureauIds: [] },
      ],
      bureaus,
    );
    expect(out.map((s) => s.bureauIds)).toEqual([[], ['w'], [], ['f']]);
  });
});

describe('previewImportSource', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => {
    await ws.close();
  });

  it('previews pasted text with proposed bureaus and writes nothing', async () => {
    const before = await listReports(ws.db);
    const preview = await previewImportSource(ws.ctx, ws.users.bgs, { kind: 'text', text: REPORT });
    // The answer is the contract's preview, exactly.
    expect(IMPORT_PREVIEW.parse(preview)).toEqual(preview);
    expect(preview.title).toBe('示例区2020年上半年工作总结');
    expect(preview.sourceName).toBeNull();
    expect(preview.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    const wjj = ws.sections.epidemic.bureauIds[0];
    const byTitle = new Map(preview.sections.map((s) => [s.title, s]));
    expect(byTitle.get('做好常态化疫情防控工作')!.bureauIds).toEqual([wjj]);
    expect(byTitle.get('抓紧推进项目建设')!.bureauIds).toEqual(ws.sections.economy.bureauIds);
    expect(byTitle.get('上半年工作')!.bureauIds).toEqual([]);
    expect(byTitle.get('存在问题和不足')!.bureauIds).toEqual([]);
    expect(await listReports(ws.db)).toEqual(before);
  });

  it('reads a .txt in GB18030 and names the source', async () => {
    // Every character of the report is in GBK, GB18030's two-byte part.
    const gbk = encodeGbk(REPORT);
    const preview = await previewImportSource(ws.ctx, ws.users.bgs, { kind: 'file', name: '上半年总结.txt', bytes: gbk });
    expect(preview.sourceName).toBe('上半年总结.txt');
    expect(preview.title).toBe('示例区2020年上半年工作总结');
    expect(preview.sections.some((s) => s.title === '做好常态化疫情防控工作')).toBe(true);
  });

  it('refuses other roles, other files, empty text and text over the limit', async () => {
    expect(await apiError(previewImportSource(ws.ctx, ws.users.wjj, { kind: 'text', text: REPORT }))).toMatchObject({ status: 403 });
    expect(await apiError(previewImportSource(ws.ctx, ws.users.quzhang, { kind: 'text', text: REPORT }))).toMatchObject({ status: 403 });
    expect(await apiError(previewImportSource(ws.ctx, ws.users.bgs, { kind: 'file', name: 'a.pdf', bytes: new Uint8Array(3) }))).toMatchObject({
      status: 400,
      code: 'invalid_import',
      message: '仅支持 .docx 和 .txt 文件',
    });
    expect(await apiError(previewImportSource(ws.ctx, ws.users.bgs, { kind: 'file', name: '总结.DOC', bytes: new Uint8Array(3) }))).toMatchObject({
      status: 400,
      code: 'invalid_import',
      message: '仅支持 .docx 和 .txt 文件：请在 Word 或 WPS 中把文件另存为 .docx 后再导入',
    });
    expect(await apiError(previewImportSource(ws.ctx, ws.users.bgs, { kind: 'text', text: ' \n\u3000 ' }))).toMatchObject({ status: 400, code: 'empty_import' });
    expect(await apiError(previewImportSource(ws.ctx, ws.users.bgs, { kind: 'text', text: '字'.repeat(IMPORT_MAX_CHARS + 1) }))).toMatchObject({
      status: 413,
      code: 'import_too_large',
    });
    // At the limit is fine.
    await previewImportSource(ws.ctx, ws.users.bgs, { kind: 'text', text: `一、标题\n${'字'.repeat(IMPORT_MAX_CHARS - 6)}` });
    expect(await apiError(previewImportSource(ws.ctx, ws.users.bgs, { kind: 'file', name: 'a.txt', bytes: new Uint8Array(IMPORT_MAX_FILE_BYTES + 1) }))).toMatchObject({
      status: 413,
      code: 'import_too_large',
    });
  });

  it('maps .docx refusals to their codes', async () => {
    expect(await apiError(previewImportSource(ws.ctx, ws.users.bgs, { kind: 'file', name: 'a.docx', bytes: new Uint8Array([1, 2, 3]) }))).toMatchObject({ status: 400, code: 'not_docx' });
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await apiError(previewImportSource(ws.ctx, ws.users.bgs, { kind: 'file', name: 'a.docx', bytes: ole }))).toMatchObject({
      status: 400,
      code: 'encrypted_docx',
      message: '文件已加密，请在 Word 中取消密码后再导入',
    });
  });
});

/** GBK bytes of text, found by searching the two-byte space with the GB18030 decoder (test only, small texts). */
function encodeGbk(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (!table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else out.push(...table.get(ch)!);
  }
  return new Uint8Array(out);
}
