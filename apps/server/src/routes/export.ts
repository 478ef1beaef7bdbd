/** Exports of a locked version and of the final draft, as .docx and PDF (docs/api.md, "Export"). */
import { Hono } from 'hono';
import { VERSION_PARAM } from '@hegao/contract';
import { asPdf, attachment, exportDraftDocx, exportVersionDocx, type ExportedFile } from '../commands/exportVersion.js';
import { ApiError } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = 'application/pdf';

/** The file as a download. */
function download(file: ExportedFile, type: string): [ArrayBuffer, Record<string, string>] {
  const headers: Record<string, string> = { 'content-type': type, 'content-disposition': attachment(file.fileName), 'cache-control': 'no-store' };
  if (file.queuePosition !== undefined) headers['x-pdf-queue-position'] = String(file.queuePosition);
  // A copy in an ArrayBuffer of its own (Hono's body takes ArrayBuffer, not a view of a shared one).
  return [file.bytes.slice().buffer as ArrayBuffer, headers];
}

/** The version number of the path, or 400. */
function versionParam(n: string): number {
  const parsed = VERSION_PARAM.safeParse(n);
  if (!parsed.success) throw new ApiError(400, 'invalid_version', parsed.error.issues[0]?.message ?? '版本号应为正整数');
  return parsed.data;
}

/** `GET /reports/:id/versions/:n/export.{docx,pdf}` and `GET /reports/:id/final/export.{docx,pdf}`. */
export const exportRoutes = new Hono<HonoEnv>()
  .get('/reports/:id/versions/:n/export.docx', requireUser, async (c) => {
    const n = versionParam(c.req.param('n'));
    const [body, headers] = download(await exportVersionDocx(c.get('ctx'), c.get('user')!, c.req.param('id'), n), DOCX);
    return c.body(body, 200, headers);
  })
  .get('/reports/:id/final/export.docx', requireUser, async (c) => {
    const [body, headers] = download(await exportDraftDocx(c.get('ctx'), c.get('user')!, c.req.param('id')), DOCX);
    return c.body(body, 200, headers);
  })
  .get('/reports/:id/versions/:n/export.pdf', requireUser, async (c) => {
    const n = versionParam(c.req.param('n'));
    const ctx = c.get('ctx');
    const [body, headers] = download(await asPdf(ctx, await exportVersionDocx(ctx, c.get('user')!, c.req.param('id'), n)), PDF);
    return c.body(body, 200, headers);
  })
  .get('/reports/:id/final/export.pdf', requireUser, async (c) => {
    const ctx = c.get('ctx');
    const [body, headers] = download(await asPdf(ctx, await exportDraftDocx(ctx, c.get('user')!, c.req.param('id'))), PDF);
    return c.body(body, 200, headers);
  });
