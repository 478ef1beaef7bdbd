/**
 * `/api/imports`: 导入报告 — preview pasted text or a .docx/.txt (writes nothing; `IMPORT_PREVIEW`),
 * then create the report from the edited preview (`IMPORT_REPORT` in, `REPORT_DETAIL` out; @hegao/contract).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getReport, listSections } from '@hegao/storage';
import { IMPORT_MAX_BODY, IMPORT_MAX_FILE_BYTES, assertMayImport, importTooLarge, invalidImport, previewImportSource, type ImportSource } from '../commands/importPreview.js';
import { importReport } from '../commands/importReport.js';
import { ApiError } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { lookups } from '../presenters/lookups.js';
import { presentReportDetail, presentSections } from '../presenters/report.js';

/** True for a request to the import paths, whose bodies may be larger than the API's usual limit. */
export function isImportPath(path: string): boolean {
  return /^\/api\/imports(\/report)?\/?$/.test(path);
}

/** The body limit of the import paths (IMPORT_MAX_BODY), refusing with 413 import_too_large. */
export const importBodyLimit: MiddlewareHandler = bodyLimit({
  maxSize: IMPORT_MAX_BODY,
  onError: () => {
    throw importTooLarge(`文件不能超过${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MB`);
  },
});

/** The JSON body, parsed; 400 invalid_import when it is not JSON. */
async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw invalidImport('请求体不是合法的 JSON');
  }
}

/** What `POST /api/imports` was sent: `{ text }` as JSON, or a multipart `file`. */
async function readSource(c: Context): Promise<ImportSource> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const body = await jsonBody(c);
    const text = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['text'] : undefined;
    if (typeof text !== 'string') throw invalidImport('请粘贴要导入的报告文字，或上传 .docx / .txt 文件');
    return { kind: 'text', text };
  }
  if (type.startsWith('multipart/form-data')) {
    let form: Record<string, string | File>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw invalidImport('上传的文件无法读取，请重新选择文件');
    }
    const file = form['file'];
    if (!(file instanceof File)) throw invalidImport('请选择要导入的文件（.docx 或 .txt）');
    // Some browsers send the whole path of the file; only its name is the source's.
    const name = (file.name.split(/[\\/]/).pop() ?? '').slice(0, 255);
    return { kind: 'file', name, bytes: new Uint8Array(await file.arrayBuffer()) };
  }
  throw new ApiError(415, 'unsupported_media_type', '请以 JSON（粘贴的文字）或 multipart/form-data（上传文件）提交');
}

/** Routes of 导入报告. */
export const importRoutes = new Hono<HonoEnv>()
  .post('/imports', requireUser, async (c) => {
    const user = c.get('user')!;
    // Refused before the body is read: a bureau's upload is not worth reading.
    assertMayImport(user);
    return c.json(await previewImportSource(c.get('ctx'), user, await readSource(c)));
  })
  .post('/imports/report', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const user = c.get('user')!;
    assertMayImport(user);
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
      throw new ApiError(415, 'unsupported_media_type', '请求体必须是 JSON（Content-Type: application/json）');
    }
    const created = await importReport(ctx, user, await jsonBody(c));
    const report = (await getReport(ctx.db, created.id))!;
    return c.json(presentReportDetail(report, presentSections(await listSections(ctx.db, report.id), await lookups(ctx.db))), 201);
  });
