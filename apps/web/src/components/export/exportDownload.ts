/** Helpers of the export buttons: the file name a download is given and what to tell on a failure. */

/**
 * The file name of a `Content-Disposition` header: the UTF-8 `filename*` (RFC 5987) when there is
 * one, else the plain `filename`; null when neither.
 * @example fileNameFromDisposition(`attachment; filename="_.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`) // '报告.pdf'
 */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = plain?.[1] ?? plain?.[2]?.trim();
  return name ? name : null;
}

/**
 * What the server says on a refused export: `{ error, message }` — the contract's
 * `PDF_EXPORT_ERROR` (packages/contract/src/versions.ts) for the PDF's own refusals, the API's usual
 * error body for the others (404, 409 …). Only `message` is read, so either kind is told as is.
 */
interface ErrorBody {
  error?: unknown;
  message?: unknown;
}

/**
 * The Chinese message for a PDF export that did not come back as a file: the server's own
 * message (503 pdf_unavailable / pdf_busy, 504 pdf_timeout, 404, 409 …) when it gave one.
 */
export function pdfFailureMessage(status: number, body: unknown): string {
  if (status === 401) return '登录已过期，请重新登录后再下载';
  const message = body && typeof body === 'object' ? (body as ErrorBody).message : undefined;
  if (typeof message === 'string' && message.trim()) return message;
  if (status === 503) return '服务器暂不能生成 PDF，请稍后再试，或下载 Word 版本';
  if (status === 504) return '生成 PDF 超时，请稍后再试，或下载 Word 版本';
  return `导出 PDF 失败（HTTP ${status}），请稍后再试，或下载 Word 版本`;
}

/** Said when the request itself fails (no network, server gone). */
export const PDF_NETWORK_FAILURE = '网络连接失败，未能生成 PDF，请稍后再试';
