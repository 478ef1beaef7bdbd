/** Exports of a locked version (docs/api.md, "Export"). */
import { Hono } from 'hono';
import { attachment, exportDraftDocx, exportVersionDocx, type ExportedFile } from '../commands/exportVersion.js';
import { ApiError } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The file as a download. */
function download(file: ExportedFile): [ArrayBuffer, Record<string, string>] {
  // A copy in an ArrayBuffer of its own (Hono's body takes ArrayBuffer, not a view of a shared one).
  return [file.bytes.slice().buffer as ArrayBuffer, { 'content-type': DOCX, 'content-disposition': attachment(file.fileName), 'cache-control': 'no-store' }];
}

/** `GET /reports/:id/versions/:n/export.docx` and `GET /reports/:id/final/export.docx`. */
export const exportRoutes = new Hono<HonoEnv>()
  .get('/reports/:id/versions/:n/export.docx', requireUser, async (c) => {
    const n = c.req.param('n');
    if (!/^[1-9]\d{0,8}$/.test(n)) throw new ApiError(400, 'invalid_version', '版本号应为正整数');
    const [body, headers] = download(await exportVersionDocx(c.get('ctx'), c.get('user')!, c.req.param('id'), Number(n)));
    return c.body(body, 200, headers);
  })
  .get('/reports/:id/final/export.docx', requireUser, async (c) => {
    const [body, headers] = download(await exportDraftDocx(c.get('ctx'), c.get('user')!, c.req.param('id')));
    return c.body(body, 200, headers);
  });
