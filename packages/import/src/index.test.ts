import { describe, expect, it } from 'vitest';
import * as importer from './index.js';

describe('public surface', () => {
  it('exports exactly the documented runtime names', () => {
    expect(Object.keys(importer).sort()).toEqual(['DOCX_MAX_XML', 'DocxError', 'IMPORT_MAX_CHARS', 'IMPORT_MAX_FILE_BYTES', 'kindFromTitle', 'parseReportText', 'periodFromTitle', 'previewImport', 'previewProblems', 'previewText', 'readDocx', 'stripJunk', 'textToSourceLines']);
  });
});
