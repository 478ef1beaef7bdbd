// Public surface of @hegao/import: reports as they circulate (ads, web pages, notices and all) → an import
// preview (previewImport / previewText: flat outline, removed lines with reasons, warnings), .docx reading
// (readDocx), and the older title + section tree (parseReportText) that the demo seed uses.
export type { ParsedReport, ParsedSection, SourceLine } from './types.js';
export { parseReportText } from './parse.js';
export { stripJunk } from './junk.js';
export { DOCX_MAX_XML, DocxError, readDocx } from './docx.js';
export type { DocxErrorCode } from './docx.js';
export { previewImport, previewText, textToSourceLines } from './preview.js';
export type { PreviewResult } from './preview.js';
export { previewProblems } from './invariant.js';
export { periodFromTitle, kindFromTitle } from './meta.js';
// The preview's shapes are the contract's (one home: @hegao/contract); re-exported for the importer's users.
export type { ImportBlock, ImportPreview, ImportRun, ImportSection, ImportWarning, RemovedLine } from '@hegao/contract';
export { IMPORT_MAX_CHARS, IMPORT_MAX_FILE_BYTES } from './limits.js';
