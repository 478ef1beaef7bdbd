/**
 * 导入报告, step one: pasted text, a .txt or a .docx → an outline preview with proposed bureaus, for the
 * secretary to check and edit. Writes nothing.
 */
import { createHash } from 'node:crypto';
import { decide, proposeBureau, type Bureau, type User } from '@hegao/domain';
import type { ImportPreview, ImportSection } from '@hegao/contract';
import { DocxError, IMPORT_MAX_CHARS, IMPORT_MAX_FILE_BYTES, previewImport, previewText, readDocx, type SourceLine } from '@hegao/import';
import { listBureaus } from '@hegao/storage';
import type { AppContext } from '../context.js';
import { ApiError, refusal } from '../http/ApiError.js';

export { IMPORT_MAX_CHARS, IMPORT_MAX_FILE_BYTES };

/** Largest request body on the import paths: a file at the limit plus the multipart framing, or the JSON of a large report. */
export const IMPORT_MAX_BODY = IMPORT_MAX_FILE_BYTES + 1024 * 1024;

/** What is imported: pasted text, or an uploaded file by its name. */
export type ImportSource = { kind: 'text'; text: string } | { kind: 'file'; name: string; bytes: Uint8Array };

/** Refuses with 403 unless `user` may create reports (an import creates one). */
export function assertMayImport(user: User): void {
  const decision = decide(user, 'report.create');
  if (!decision.ok) throw refusal(decision.code, decision.reason);
}

/** 413 with the limit named. */
export function importTooLarge(what = `导入的文字不能超过${IMPORT_MAX_CHARS.toLocaleString('en-US')}字`): ApiError {
  return new ApiError(413, 'import_too_large', `内容过大：${what}`);
}

/** 400 `invalid_import` with a Chinese message. */
export function invalidImport(message: string): ApiError {
  return new ApiError(400, 'invalid_import', message);
}

/** Length of text in characters, spaces included, a character outside the BMP counting once (not 字数: see countChars of @hegao/schema). */
export function textLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/**
 * A .txt's text: UTF-8, or UTF-16 with its BOM, else GB18030 (what Chinese Windows saves as 「ANSI」);
 * the BOM removed. Throws invalid_import for a binary file (NUL characters).
 * @example decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4])) // '中文'
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes);
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('gb18030').decode(bytes);
    }
  }
  if (text.includes('\u0000')) throw invalidImport('文件不是文本文件，无法导入：仅支持 .docx 和 .txt 文件');
  return text.replace(/^\uFEFF/, '');
}

/** What kind of file a name is, by its extension; null for anything but .docx and .txt. */
export function fileKind(name: string): 'docx' | 'txt' | null {
  const match = /\.(docx|txt)$/i.exec(name.trim());
  return match ? (match[1]!.toLowerCase() as 'docx' | 'txt') : null;
}

/** Refuses text beyond IMPORT_MAX_CHARS, or with no characters but spaces. */
function checkText(text: string): void {
  if (text.length > IMPORT_MAX_CHARS * 2 || textLength(text) > IMPORT_MAX_CHARS) throw importTooLarge();
  if (text.trim() === '') throw new ApiError(400, 'empty_import', '没有可导入的文字：内容为空');
}

/** The source's lines (a .docx) or text (pasted, a .txt), checked against the limits. */
async function readSource(source: ImportSource): Promise<{ lines: SourceLine[] } | { text: string }> {
  if (source.kind === 'text') {
    checkText(source.text);
    return { text: source.text };
  }
  if (source.bytes.length > IMPORT_MAX_FILE_BYTES) throw importTooLarge(`文件不能超过${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MB`);
  const kind = fileKind(source.name);
  if (kind === null) {
    // The old Word and WPS formats are what secretaries most often have: say how to get a .docx.
    if (/\.(doc|wps|rtf)$/i.test(source.name.trim())) throw invalidImport('仅支持 .docx 和 .txt 文件：请在 Word 或 WPS 中把文件另存为 .docx 后再导入');
    throw invalidImport('仅支持 .docx 和 .txt 文件');
  }
  if (kind === 'txt') {
    const text = decodeText(source.bytes);
    checkText(text);
    return { text };
  }
  let lines: SourceLine[];
  try {
    lines = await readDocx(source.bytes);
  } catch (err) {
    if (!(err instanceof DocxError)) throw err;
    switch (err.code) {
      case 'not_docx':
        throw new ApiError(400, 'not_docx', err.message);
      case 'encrypted':
        throw new ApiError(400, 'encrypted_docx', err.message);
      case 'empty':
        throw new ApiError(400, 'empty_import', err.message);
      case 'too_large':
        throw importTooLarge(err.message);
    }
  }
  if (lines.reduce((n, l) => n + textLength(l.text), 0) > IMPORT_MAX_CHARS) throw importTooLarge();
  return { lines };
}

/** True when the section at `index` of a depth-first list has no children (the next one is not deeper). */
export function isLeafAt(sections: readonly Pick<ImportSection, 'level'>[], index: number): boolean {
  const next = sections[index + 1];
  return next === undefined || next.level <= sections[index]!.level;
}

/**
 * The sections with proposed bureaus: each leaf the keyword rules assign (by its title, to a bureau of
 * this workspace by name) gets that bureau; headings with children get none; others stay as they are.
 */
export function proposeBureaus<S extends Pick<ImportSection, 'level' | 'title' | 'bureauIds'>>(sections: readonly S[], bureaus: readonly Pick<Bureau, 'id' | 'name'>[]): S[] {
  return sections.map((s, i) => {
    if (!isLeafAt(sections, i)) return { ...s, bureauIds: [] };
    if (s.bureauIds.length > 0) return s;
    const bureau = proposeBureau(s.title, bureaus);
    return bureau ? { ...s, bureauIds: [bureau.id] } : s;
  });
}

/** SHA-256 of bytes, hex. */
function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Previews an import as `POST /api/imports` answers it (`IMPORT_PREVIEW`, with the source's SHA-256
 * for the report's event): reads the source (refusing what is not .docx/.txt, encrypted or empty files, and
 * sources over the limits), parses it into an outline and proposes bureaus. Writes nothing.
 * Throws ApiError: 403 unless the user may create reports; 400 invalid_import, not_docx,
 * encrypted_docx, empty_import; 413 import_too_large.
 */
export async function previewImportSource(ctx: Pick<AppContext, 'db'>, user: User, source: ImportSource): Promise<ImportPreview> {
  assertMayImport(user);
  const read = await readSource(source);
  const result = 'lines' in read ? previewImport(read.lines) : previewText(read.text);
  const bureaus = await listBureaus(ctx.db);
  return {
    ...result,
    sections: proposeBureaus(result.sections, bureaus),
    sourceName: source.kind === 'file' ? source.name : null,
    sourceSha256: sha256(source.kind === 'file' ? source.bytes : source.text),
  };
}
