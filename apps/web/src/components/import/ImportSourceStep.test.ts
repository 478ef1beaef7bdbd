import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_FILE_BYTES } from '@hegao/import/limits';
import { fileProblem } from './ImportSourceStep';

describe('fileProblem (checked before a file is sent)', () => {
  it('takes .docx and .txt up to the server limit', () => {
    expect(fileProblem(new File(['一、总体要求'], '上半年总结.docx'))).toBeNull();
    expect(fileProblem(new File(['一、总体要求'], 'REPORT.TXT'))).toBeNull();
  });

  it('refuses a file over the limit before uploading it, naming the limit', () => {
    const big = new File([new Uint8Array(IMPORT_MAX_FILE_BYTES + 1)], '上半年总结.docx');
    expect(fileProblem(big)).toMatch(/文件不能超过10 MB/);
  });

  it('says how to convert a .doc or .wps, and refuses other kinds', () => {
    expect(fileProblem(new File(['x'], '旧文件.doc'))).toMatch(/另存为/);
    expect(fileProblem(new File(['x'], '图片.png'))).toBe('只能导入 .docx 或 .txt 文件');
  });
});
