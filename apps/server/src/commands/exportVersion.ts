/**
 * `GET /api/reports/:id/versions/:n/export.docx` and `GET /api/reports/:id/final/export.docx`: a
 * locked version, or the current final draft marked as draft, as a GB/T 9704 .docx; the same as
 * PDF (`…/export.pdf`), that .docx rendered by LibreOffice (export/pdfConverter.ts).
 */
import { getReport } from '@hegao/storage';
import { decide, type User } from '@hegao/domain';
import { fragmentToJSON } from '@hegao/schema';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import { versionDocx } from '../export/versionDocx.js';
import { pdfConverter, type PdfConverter } from '../export/pdfConverter.js';
import { readVersion } from './lock.js';

/** The file and its name. */
export interface ExportedFile {
  bytes: Uint8Array;
  fileName: string;
  /** For a PDF: where its conversion stood in the queue when asked for (0: at once). */
  queuePosition?: number;
}

/**
 * The PDF of an exported .docx, named like it; the errors of `PdfConverter.convert` (503
 * `pdf_unavailable` / `pdf_busy`, 504 `pdf_timeout`). The rights and checks are the .docx's:
 * `docx` is only called by whoever may export it.
 */
export async function asPdf(ctx: AppContext, file: ExportedFile, converter: PdfConverter = pdfConverter): Promise<ExportedFile> {
  const started = Date.now();
  let result: Awaited<ReturnType<PdfConverter['convert']>>;
  try {
    result = await converter.convert(file.bytes);
  } catch (err) {
    // LibreOffice's own output (kept in `details`) is for the log, never for the client.
    if (err instanceof ApiError) ctx.logger.warn('pdf export refused', { fileName: file.fileName, code: err.code, ms: Date.now() - started, details: err.details });
    throw err;
  }
  const { pdf, queuePosition } = result;
  ctx.logger.info('pdf export', { fileName: file.fileName, queuePosition, ms: Date.now() - started, bytes: pdf.byteLength });
  return { bytes: pdf, fileName: file.fileName.replace(/\.docx$/, '.pdf'), queuePosition };
}

/**
 * Version `n` of a report as .docx, for whoever may read the report. A version whose content no
 * longer matches its SHA-256 is not exported (409 `version_unverified`): an office must never print
 * a text other than the one locked.
 */
export async function exportVersionDocx(ctx: AppContext, user: User, reportId: string, n: number): Promise<ExportedFile> {
  const { record, content, verified } = await readVersion(ctx, user, reportId, n);
  if (!verified || !content) throw new ApiError(409, 'version_unverified', `第${n}版的内容与其校验值不符，不能导出，请联系管理员`);
  const report = await getReport(ctx.db, reportId);
  if (!report) throw notFound('报告');
  const bytes = await versionDocx(content, { title: report.title, version: n, sha256: record.sha256, author: user.name });
  return { bytes, fileName: `${report.title}（第${n}版）.docx` };
}

/**
 * The current final draft (合稿) as .docx, marked as a draft in its properties and file name,
 * for whoever may read the report; 404 「合稿不存在」 before the first merge.
 */
export async function exportDraftDocx(ctx: AppContext, user: User, reportId: string): Promise<ExportedFile> {
  const report = await getReport(ctx.db, reportId);
  if (!report) throw notFound('报告');
  const decision = decide(user, 'report.read', { report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  if (!report.finalDocName) throw notFound('合稿');
  const doc = await ctx.collab.doc(report.finalDocName);
  const content = fragmentToJSON(doc.getXmlFragment('prosemirror'));
  const bytes = await versionDocx(content, { title: report.title, version: null, sha256: null, author: user.name });
  return { bytes, fileName: `${report.title}（合稿，未定稿）.docx` };
}

/** `Content-Disposition` for a download named `fileName`: an ASCII fallback and the UTF-8 name (RFC 5987 / 6266). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
