/**
 * Reads a .docx into source lines for the importer: paragraphs (bold runs kept), lists and tables, through
 * mammoth's document model. Headings come out as plain paragraphs: the parser decides levels from their numbers.
 */
import { inflateRawSync } from 'node:zlib';
import mammoth from 'mammoth';
import type { ImportRun } from '@hegao/contract';
import type { SourceLine } from './types.js';

/** Why a file could not be read. */
export type DocxErrorCode = 'not_docx' | 'encrypted' | 'empty' | 'too_large';

/** A .docx the importer refuses, with a Chinese message for the secretary. */
export class DocxError extends Error {
  constructor(
    readonly code: DocxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocxError';
  }
}

/**
 * Largest total unpacked size of the XML parts of a .docx (the parts mammoth parses): a small file that
 * unpacks to gigabytes is refused before it is parsed. A 200,000-character report is a few MB of XML.
 */
export const DOCX_MAX_XML = 48 * 1024 * 1024;

const MESSAGES: Record<DocxErrorCode, string> = {
  not_docx: '文件不是有效的 Word（.docx）文档，请在 Word 中另存为 .docx 后再导入',
  encrypted: '文件已加密，请在 Word 中取消密码后再导入',
  empty: '文件中没有可导入的文字',
  too_large: `文件解压后超过${DOCX_MAX_XML / 1024 / 1024} MB，无法导入`,
};

/** The error of `code` with its standard message (or a more specific one). */
function fail(code: DocxErrorCode, message = MESSAGES[code]): DocxError {
  return new DocxError(code, message);
}

/** An OLE compound file (D0 CF 11 E0 A1 B1 1A E1): how Word stores an encrypted .docx, and an old .doc. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** A zip's local file header. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** True when the UTF-16LE form of `name` occurs in `bytes` (an OLE directory entry's name). */
function containsUtf16(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, 'utf16le'));
}

/** One entry of a zip's central directory. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** The central directory of a zip; null when there is none (not a zip, or cut short). */
function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is within the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) return null;
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      offset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The unpacked size of one entry (stored or deflated), inflating at most `budget` bytes; null when it can't be read. */
function unpackedSize(bytes: Uint8Array, entry: ZipEntry, budget: number): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== 0x04034b50) return null;
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.length;
  if (entry.method !== 8) return null;
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
  } catch (err) {
    if (err instanceof RangeError) return Number.POSITIVE_INFINITY;
    return null;
  }
}

/**
 * Checks the container before mammoth unpacks it: an OLE file is encrypted (or an old .doc), anything
 * but a zip with a content-types part is not a .docx, and XML parts that unpack beyond DOCX_MAX_XML are
 * refused. The sizes are measured by unpacking, not read from the directory, which a crafted file can fake.
 */
function checkContainer(bytes: Uint8Array): void {
  if (startsWith(bytes, OLE_SIGNATURE)) {
    // A binary .doc has a WordDocument stream; an encrypted .docx has EncryptedPackage instead.
    if (containsUtf16(bytes, 'WordDocument') && !containsUtf16(bytes, 'EncryptedPackage')) {
      throw fail('not_docx', '这是旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再导入');
    }
    throw fail('encrypted');
  }
  if (!startsWith(bytes, ZIP_SIGNATURE)) throw fail('not_docx');
  const entries = zipEntries(bytes);
  if (entries === null || !entries.some((e) => e.name === '[Content_Types].xml')) throw fail('not_docx');
  let total = 0;
  for (const e of entries) {
    if (!/\.(xml|rels)$/i.test(e.name)) continue;
    const size = unpackedSize(bytes, e, DOCX_MAX_XML - total + 1);
    if (size === null) throw fail('not_docx');
    total += size;
    if (total > DOCX_MAX_XML) throw fail('too_large');
  }
}

// ---- mammoth's document model (lib/documents.js), the parts read here ----------------------------

interface MNode {
  type: string;
  children?: MNode[];
  value?: string;
  breakType?: string;
  checked?: boolean;
  isBold?: boolean;
  styleName?: string | null;
  numbering?: { level: string | number; isOrdered: boolean } | null;
  colSpan?: number;
}

/** A paragraph's runs, cut where a line, page or column break was. */
function paragraphPieces(paragraph: MNode): ImportRun[][] {
  const pieces: ImportRun[][] = [[]];
  const push = (text: string, bold: boolean): void => {
    const runs = pieces[pieces.length - 1]!;
    const last = runs[runs.length - 1];
    if (last && (last.bold === true) === bold) last.text += text;
    else runs.push(bold ? { text, bold: true } : { text });
  };
  const visit = (node: MNode, bold: boolean): void => {
    switch (node.type) {
      case 'text':
        if (node.value) push(node.value, bold);
        return;
      case 'tab':
        push(' ', bold);
        return;
      case 'checkbox':
        push(node.checked ? '☑' : '☐', bold);
        return;
      case 'break':
        // A soft break (Shift+Enter) often stands between a heading and its text: each side is a line of its own.
        pieces.push([]);
        return;
      case 'run': {
        const strong = node.isBold === true || node.styleName === 'Strong';
        for (const child of node.children ?? []) visit(child, strong);
        return;
      }
      // Footnotes, comments and images carry no text of the report.
      case 'noteReference':
      case 'commentReference':
      case 'image':
      case 'bookmarkStart':
        return;
      default:
        for (const child of node.children ?? []) visit(child, bold);
    }
  };
  for (const child of paragraph.children ?? []) visit(child, false);
  return pieces.map(trimRuns).filter((runs) => runs.length > 0);
}

/** Space at either end of a paragraph (indentation with full-width spaces, a stray tab) is not text. */
const EDGE_SPACE_START = /^[\s\u3000]+/;
const EDGE_SPACE_END = /[\s\u3000]+$/;

function trimRuns(runs: ImportRun[]): ImportRun[] {
  const out = runs.map((r) => ({ ...r }));
  while (out.length > 0) {
    out[0]!.text = out[0]!.text.replace(EDGE_SPACE_START, '');
    if (out[0]!.text !== '') break;
    out.shift();
  }
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    last.text = last.text.replace(EDGE_SPACE_END, '');
    if (last.text !== '') break;
    out.pop();
  }
  return out;
}

/** Adjacent runs of the same weight as one. */
function mergeRuns(runs: readonly ImportRun[]): ImportRun[] {
  const out: ImportRun[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && (last.bold === true) === (r.bold === true)) last.text += r.text;
    else out.push({ ...r });
  }
  return out;
}

function runsText(runs: readonly ImportRun[]): string {
  return runs.map((r) => r.text).join('');
}

/** Plain text of any node (a table cell's content), its paragraphs separated by `separator`. */
function nodeText(node: MNode, separator: string): string {
  const parts: string[] = [];
  const visit = (n: MNode): void => {
    if (n.type === 'paragraph') {
      for (const runs of paragraphPieces(n)) parts.push(runsText(runs));
    } else if (n.type === 'table') {
      for (const row of n.children ?? []) for (const cell of row.children ?? []) visit(cell);
    } else {
      for (const child of n.children ?? []) visit(child);
    }
  };
  visit(node);
  return parts.join(separator);
}

/** A table as rows of cell text, padded to a rectangle (a merged cell keeps its text in the first of its cells). */
function tableRows(table: MNode): string[][] {
  const rows: string[][] = [];
  for (const row of table.children ?? []) {
    if (row.type !== 'tableRow') continue;
    const cells: string[] = [];
    for (const cell of row.children ?? []) {
      if (cell.type !== 'tableCell') continue;
      cells.push(nodeText(cell, '\n'));
      for (let i = 1; i < Math.min(cell.colSpan ?? 1, 100); i++) cells.push('');
    }
    if (cells.length > 0) rows.push(cells);
  }
  const width = Math.max(0, ...rows.map((r) => r.length));
  for (const r of rows) while (r.length < width) r.push('');
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

/** A Word heading style (Heading 1, 标题 1): its numbering, when automatic, is the section number. */
const HEADING_STYLE = /^(heading|标题)\s*\d$/i;

/** The number of the `index`-th heading (1-based) at `level` (0-based Word list level): 一、 （一） 1. （1）. */
function headingMarker(level: number, index: number): string {
  const chinese = (n: number): string => {
    const digits = '零一二三四五六七八九';
    if (n < 10) return digits[n]!;
    if (n < 20) return `十${n % 10 === 0 ? '' : digits[n % 10]}`;
    if (n < 100) return `${digits[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : digits[n % 10]}`;
    return String(n);
  };
  switch (level) {
    case 0:
      return `${chinese(index)}、`;
    case 1:
      return `（${chinese(index)}）`;
    case 2:
      return `${index}.`;
    default:
      return `（${index}）`;
  }
}

/** A block of the document before lists are grouped and automatic heading numbers written out. */
type Entry =
  | { kind: 'paragraph'; runs: ImportRun[] }
  | { kind: 'item'; ordered: boolean; level: number; text: string; pieces: ImportRun[][] }
  | { kind: 'heading'; level: number; pieces: ImportRun[][] }
  | { kind: 'table'; rows: string[][] };

/** A paragraph that opens with a top-level section number typed by hand (一、). */
const TYPED_TOP_NUMBER = /^[一二三四五六七八九十]{1,3}、/;
/** A heading is short and does not end a sentence. */
const HEADING_MAX = 40;
const SENTENCE_END = /[。；;：:！!？?，,]$/;

/** The document's blocks in order: paragraph pieces, numbered or bulleted paragraphs, heading-style numbered paragraphs, tables. */
function documentEntries(document: MNode): Entry[] {
  const entries: Entry[] = [];
  const visit = (node: MNode): void => {
    if (node.type === 'paragraph') {
      const pieces = paragraphPieces(node);
      const numbering = node.numbering ?? null;
      const level = Math.max(0, Number(numbering?.level) || 0);
      if (numbering && HEADING_STYLE.test(node.styleName ?? '')) entries.push({ kind: 'heading', level, pieces });
      else if (numbering) entries.push({ kind: 'item', ordered: numbering.isOrdered, level, text: pieces.map(runsText).join(' '), pieces });
      else for (const runs of pieces) entries.push({ kind: 'paragraph', runs });
      return;
    }
    if (node.type === 'table') {
      const rows = tableRows(node);
      if (rows.length > 0) entries.push({ kind: 'table', rows });
      return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(document);
  return entries;
}

/**
 * Automatically numbered headings in a plain style: when no paragraph carries a typed 一、, a run of
 * ordered items in which no two neighbours share a level (一、 then （一）, then body text) and every item
 * is short and ends no sentence is a run of headings whose numbers Word draws — the parser needs them
 * written out. A real list has neighbouring items of one level.
 */
function promoteNumberedHeadings(entries: Entry[]): Entry[] {
  if (entries.some((e) => e.kind === 'paragraph' && TYPED_TOP_NUMBER.test(runsText(e.runs)))) return entries;
  const out = [...entries];
  const headingLike = (e: Entry): boolean => {
    if (e.kind !== 'item' || !e.ordered) return false;
    const text = e.text.trim();
    return text !== '' && codePoints(text) <= HEADING_MAX && !SENTENCE_END.test(text);
  };
  for (let start = 0; start < out.length; ) {
    if (out[start]!.kind !== 'item') {
      start++;
      continue;
    }
    let end = start;
    while (out[end + 1]?.kind === 'item') end++;
    const run = out.slice(start, end + 1) as Extract<Entry, { kind: 'item' }>[];
    const headings = run.every(headingLike) && run.every((e, i) => i === 0 || e.level !== run[i - 1]!.level);
    if (headings) run.forEach((e, i) => (out[start + i] = { kind: 'heading', level: e.level, pieces: e.pieces }));
    start = end + 1;
  }
  return out;
}

function codePoints(text: string): number {
  return [...text].length;
}

/**
 * The document's blocks as source lines, in order: one per paragraph piece, list and table.
 * Automatically numbered headings get their number written out (一、 （一） 1. （1） by level), since
 * the parser finds headings by their numbers; other numbered or bulleted paragraphs become lists.
 */
function documentLines(document: MNode): SourceLine[] {
  const lines: SourceLine[] = [];
  // Typed by a cast: TypeScript does not see closeList() reset it inside the loop.
  let list = null as { type: 'bullet_list' | 'ordered_list'; items: string[] } | null;
  const headingCounters: number[] = [];
  const closeList = (): void => {
    if (list && list.items.length > 0) lines.push({ text: list.items.join(' '), block: list });
    list = null;
  };
  const paragraph = (runs: ImportRun[]): void => {
    lines.push({ text: runsText(runs), block: { type: 'paragraph', runs: mergeRuns(runs) } });
  };
  for (const entry of promoteNumberedHeadings(documentEntries(document))) {
    switch (entry.kind) {
      case 'item': {
        const type = entry.ordered ? 'ordered_list' : 'bullet_list';
        if (list?.type !== type) closeList();
        list ??= { type, items: [] };
        if (entry.text !== '') list.items.push(entry.text);
        break;
      }
      case 'heading': {
        closeList();
        const level = entry.level;
        headingCounters.length = level + 1;
        for (let i = 0; i < level; i++) headingCounters[i] ??= 1;
        headingCounters[level] = (headingCounters[level] ?? 0) + 1;
        const [first, ...rest] = entry.pieces;
        if (!first) break;
        paragraph([{ text: headingMarker(level, headingCounters[level]!) }, ...first]);
        for (const runs of rest) paragraph(runs);
        break;
      }
      case 'paragraph':
        closeList();
        paragraph(entry.runs);
        break;
      case 'table':
        closeList();
        lines.push({ text: entry.rows.flat().filter((c) => c !== '').join(' ').replace(/\n/g, ' '), block: { type: 'table', rows: entry.rows } });
        break;
    }
  }
  closeList();
  return lines;
}

/**
 * Reads a .docx's text as source lines: each paragraph (cut at soft breaks) with its bold runs, each list
 * and each table as one block. Throws DocxError: `not_docx` for anything but a readable .docx, `encrypted`
 * for a password-protected one, `too_large` when its XML unpacks beyond DOCX_MAX_XML, `empty` when it has no text.
 * @example const lines = await readDocx(new Uint8Array(await file.arrayBuffer())); previewImport(lines)
 */
export async function readDocx(bytes: Uint8Array): Promise<SourceLine[]> {
  checkContainer(bytes);
  let document: MNode | null = null;
  try {
    await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // The model is all that is needed: keep it and let mammoth write an empty document (no images read).
        transformDocument: (doc: MNode) => {
          document = doc;
          return { ...doc, children: [] };
        },
      },
    );
  } catch {
    throw fail('not_docx');
  }
  if (document === null) throw fail('not_docx');
  const lines = documentLines(document);
  if (!lines.some((l) => l.text.trim() !== '')) throw fail('empty');
  return lines;
}
