import type { ImportPreview, ImportReportInput } from '@hegao/contract';
import { describe, expect, it, vi } from 'vitest';
import { createImportsApi } from './imports';
import { fakeFetch, json, rejection } from './testFetch';

const PREVIEW: ImportPreview = {
  title: 't',
  titleLine: null,
  period: '',
  kind: 'custom',
  sections: [],
  removed: [],
  warnings: [],
  lines: [],
  sourceName: null,
  sourceSha256: 'a'.repeat(64),
};

describe('createImportsApi', () => {
  it('sends pasted text as JSON and a file as multipart field `file`', async () => {
    const { fetch, calls } = fakeFetch(json(200, PREVIEW), json(200, { ...PREVIEW, sourceName: 'a.docx' }));
    const api = createImportsApi({ fetch });
    await expect(api.preview({ text: '一、总体情况' })).resolves.toEqual(PREVIEW);
    const file = new File(['x'], 'a.docx');
    await expect(api.preview({ file })).resolves.toMatchObject({ sourceName: 'a.docx' });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['POST /api/imports', 'POST /api/imports']);
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ text: '一、总体情况' });
    const form = calls[1]!.init.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect((form.get('file') as File).name).toBe('a.docx');
    expect((calls[1]!.init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
    expect(calls[1]!.init.credentials).toBe('same-origin');
  });

  it("rejects with the server's Chinese message and code, for text and files", async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch(
      json(400, { error: 'empty_import', message: '没有可导入的文字' }),
      json(400, { error: 'encrypted_docx', message: '该文件已加密，请先取消密码保护' }),
      new Response('too big', { status: 413 }),
      json(401, { error: 'unauthenticated', message: '请先登录' }),
    );
    const api = createImportsApi({ fetch, onUnauthorized });
    expect(await rejection(api.preview({ text: ' ' }))).toMatchObject({ status: 400, code: 'empty_import', message: '没有可导入的文字' });
    const file = new File(['x'], 'a.docx');
    expect(await rejection(api.preview({ file }))).toMatchObject({ status: 400, code: 'encrypted_docx', message: '该文件已加密，请先取消密码保护' });
    expect(await rejection(api.preview({ file }))).toMatchObject({ status: 413, message: '文件过大，无法导入' });
    await rejection(api.preview({ file }));
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('creates the report and rejects an answer without a string id', async () => {
    const { fetch, calls } = fakeFetch(json(201, { id: 'r9', sections: [] }), json(201, {}), json(201, { id: 9 }));
    const api = createImportsApi({ fetch });
    const input: ImportReportInput = { title: 't', period: 'p', kind: 'custom', dueDate: '2026-12-31', sourceName: null, sections: [{ title: '一', level: 1 }] };
    await expect(api.createReport(input)).resolves.toMatchObject({ id: 'r9' });
    expect(calls[0]!.url).toBe('/api/imports/report');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual(input);
    expect((await rejection(api.createReport(input))).code).toBe('invalid_response');
    expect((await rejection(api.createReport(input))).code).toBe('invalid_response');
  });
});
