// Client of the import endpoints: `POST /api/imports` (text or a file → an outline preview, writes
// nothing) and `POST /api/imports/report` (the edited outline → a new report).
// The shapes are the contract's (packages/contract/src/office.ts: IMPORT_PREVIEW, IMPORT_REPORT).
import type { ImportPreview, ImportReportInput, ReportDetail } from '@hegao/contract';
import { ApiError, NETWORK_ERROR_MESSAGE, fallbackMessage } from './ApiError';
import { invalidResponse, requestJson } from './request';

/** What to import: pasted text, or a chosen .docx/.txt file. */
export type ImportSource = { text: string } | { file: File };

/** Typed access to the import endpoints. Every failure rejects with an {@link ApiError} (Chinese message). */
export interface ImportsApi {
  /** The outline the importer finds in the text or file (400/413 with `invalid_import`, `not_docx`, …). */
  preview(source: ImportSource, signal?: AbortSignal): Promise<ImportPreview>;
  /** Creates the report from the edited outline (secretary); resolves with the new report (its `id` names it). */
  createReport(input: ImportReportInput): Promise<ReportDetail>;
}

/** Options for {@link createImportsApi}. */
export interface ImportsApiOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request is answered 401 (the session expired). */
  onUnauthorized?: () => void;
}

const globalFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

function isPreview(body: ImportPreview): boolean {
  return !!body && Array.isArray(body.sections) && Array.isArray(body.lines) && Array.isArray(body.removed) && Array.isArray(body.warnings);
}

/**
 * Creates the imports client. Text goes as JSON like every other call; a file goes as
 * multipart/form-data (field `file`), with the same credentials and error handling.
 *
 * @example
 * const preview = await createImportsApi().preview({ text: pasted });
 */
export function createImportsApi(options: ImportsApiOptions = {}): ImportsApi {
  const doFetch = options.fetch ?? globalFetch;

  async function upload(file: File, signal?: AbortSignal): Promise<ImportPreview> {
    const form = new FormData();
    form.append('file', file, file.name);
    const init: RequestInit = { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (signal) init.signal = signal;
    let response: Response;
    try {
      response = await doFetch('/api/imports', init);
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE);
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const { error, message } = (body && typeof body === 'object' ? body : {}) as { error?: unknown; message?: unknown };
      if (response.status === 401) options.onUnauthorized?.();
      throw new ApiError(
        response.status,
        typeof error === 'string' && error ? error : `http_${response.status}`,
        typeof message === 'string' && message.trim() ? message : response.status === 413 ? '文件过大，无法导入' : fallbackMessage(response.status),
        body,
      );
    }
    if (!body || !isPreview(body as ImportPreview)) throw invalidResponse(response.status);
    return body as ImportPreview;
  }

  return {
    preview: (source, signal) =>
      'file' in source
        ? upload(source.file, signal)
        : requestJson<ImportPreview>('POST', '/api/imports', { text: source.text }, { fetch: options.fetch, onUnauthorized: options.onUnauthorized, signal, accept: isPreview }),
    createReport: (input) =>
      requestJson<ReportDetail>('POST', '/api/imports/report', input, {
        fetch: options.fetch,
        onUnauthorized: options.onUnauthorized,
        accept: (answer) => !!answer && typeof answer.id === 'string',
      }),
  };
}
