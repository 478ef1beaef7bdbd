import { useEffect, useRef, useState } from 'react';
import { PDF_NETWORK_FAILURE, fileNameFromDisposition, pdfFailureMessage } from './exportDownload';
import './ExportButtons.css';

type PdfState = { status: 'idle' } | { status: 'working'; since: number } | { status: 'error'; message: string };

/**
 * 下载 Word and 下载 PDF of a locked version or of the final draft. `base` is the export path
 * without its extension (`/api/reports/:id/versions/:n/export`). Word is a plain download; the PDF
 * is made by the server's LibreOffice on request, which takes seconds and may be refused (503 when
 * the server has no LibreOffice or is busy, 504 past its time limit): it is fetched here, with
 * 正在生成 PDF… and the seconds passing while it is made, then handed to the browser as a
 * download, or the server's Chinese message is shown beside the button.
 */
export function ExportButtons({ base, draft = false, testId }: { base: string; /** The final draft, marked （草稿）. */ draft?: boolean; /** `version-export` gives version-export-docx / -pdf / -pdf-status. */ testId: string }) {
  const [pdf, setPdf] = useState<PdfState>({ status: 'idle' });
  const [, tick] = useState(0);
  const abort = useRef<AbortController | null>(null);
  const suffix = draft ? '（草稿）' : '';

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (pdf.status !== 'working') return;
    const timer = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, [pdf.status]);

  async function downloadPdf(): Promise<void> {
    const controller = new AbortController();
    abort.current = controller;
    setPdf({ status: 'working', since: Date.now() });
    let res: Response;
    try {
      res = await fetch(`${base}.pdf`, { credentials: 'same-origin', signal: controller.signal });
    } catch {
      if (!controller.signal.aborted) setPdf({ status: 'error', message: PDF_NETWORK_FAILURE });
      return;
    }
    if (!res.ok) {
      const body: unknown = await res.json().catch(() => null);
      setPdf({ status: 'error', message: pdfFailureMessage(res.status, body) });
      return;
    }
    try {
      const blob = await res.blob();
      const href = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = href;
      link.download = fileNameFromDisposition(res.headers.get('content-disposition')) ?? (draft ? '合稿（未定稿）.pdf' : '定稿.pdf');
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(href), 60_000);
      setPdf({ status: 'idle' });
    } catch {
      if (!controller.signal.aborted) setPdf({ status: 'error', message: PDF_NETWORK_FAILURE });
    }
  }

  const seconds = pdf.status === 'working' ? Math.floor((Date.now() - pdf.since) / 1000) : 0;
  return (
    <>
      <a className="button" data-testid={`${testId}-docx`} href={`${base}.docx`} download title="按公文格式（GB/T 9704）导出 Word 文档">
        下载 Word{suffix}
      </a>
      <button
        type="button"
        className="button"
        data-testid={`${testId}-pdf`}
        aria-busy={pdf.status === 'working'}
        disabled={pdf.status === 'working'}
        title="由服务器按公文格式生成 PDF"
        onClick={() => void downloadPdf()}
      >
        {pdf.status === 'working' ? '正在生成 PDF…' : `下载 PDF${suffix}`}
      </button>
      {pdf.status === 'working' && seconds >= 2 && (
        <span className="export-buttons__status" data-testid={`${testId}-pdf-status`} role="status">
          已用 {seconds} 秒
        </span>
      )}
      {pdf.status === 'error' && (
        <span className="export-buttons__error" data-testid={`${testId}-pdf-error`} role="alert">
          {pdf.message}
        </span>
      )}
    </>
  );
}
