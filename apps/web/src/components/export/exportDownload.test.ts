import { describe, expect, it } from 'vitest';
import { PDF_NETWORK_FAILURE, fileNameFromDisposition, pdfFailureMessage } from './exportDownload';

describe('fileNameFromDisposition', () => {
  it('takes the UTF-8 name, else the plain one', () => {
    const name = '示例区2020年上半年工作总结（第1版）.pdf';
    expect(fileNameFromDisposition(`attachment; filename="____2020_____.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)).toBe(name);
    expect(fileNameFromDisposition('attachment; filename="report.pdf"')).toBe('report.pdf');
    expect(fileNameFromDisposition('attachment; filename=report.pdf')).toBe('report.pdf');
    expect(fileNameFromDisposition(`attachment; filename="a.pdf"; filename*=UTF-8''%E0%A4`)).toBe('a.pdf');
    expect(fileNameFromDisposition('attachment')).toBeNull();
    expect(fileNameFromDisposition(null)).toBeNull();
  });
});

describe('pdfFailureMessage', () => {
  it('says what the server said, in Chinese, and something clear when it said nothing', () => {
    const unavailable = '服务器未安装 LibreOffice，暂不能导出 PDF，请下载 Word 版本';
    expect(pdfFailureMessage(503, { error: 'pdf_unavailable', message: unavailable })).toBe(unavailable);
    expect(pdfFailureMessage(503, null)).toMatch(/^服务器暂不能生成 PDF/);
    expect(pdfFailureMessage(504, '<html>gateway</html>')).toMatch(/^生成 PDF 超时/);
    expect(pdfFailureMessage(401, { error: 'unauthorized', message: 'x' })).toMatch(/^登录已过期/);
    expect(pdfFailureMessage(500, {})).toBe('导出 PDF 失败（HTTP 500），请稍后再试，或下载 Word 版本');
    expect(PDF_NETWORK_FAILURE).toMatch(/网络/);
  });
});
