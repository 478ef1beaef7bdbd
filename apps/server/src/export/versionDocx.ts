/**
 * A locked version (or the final draft, marked as draft) as a .docx in the GB/T 9704-2012 layout
 * (gongwenLayout.ts), built with the `docx` package: title, then every paragraph of the version's
 * content in order — headings by their numbering (一、 黑体, （一） 楷体, 1. / （1） 仿宋 like the
 * body), body text 仿宋 3号 with a two-character first-line indent, list items as paragraphs,
 * tables as tables — page numbers 「— N —」 right on odd pages and left on even ones, one
 * character in; the version number and SHA-256 in the document's properties, not its body.
 */
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import type { PMJSON } from '@hegao/schema';
import {
  BODY_CHARACTER_SPACING,
  CHARS_PER_LINE,
  FIRST_LINE_INDENT,
  FONT,
  LINE_PITCH,
  PAGE,
  SIZE,
  breakTitle,
  headingLevelOf,
  mm,
} from './gongwenLayout.js';

/** What goes into the document besides the content. */
export interface DocxMeta {
  title: string;
  /** 第N版, or null for the current final draft (exported marked as draft). */
  version: number | null;
  sha256: string | null;
  /** Who is exporting, for the document properties. */
  author: string;
  /** Optional 落款: issuing office and date (Arabic numerals), at the end. */
  signature?: { office: string; date: string };
}

/** A run's font: the East-Asian face named as such, so Word and WPS on an office PC pick it. */
function font(name: string): IRunOptions['font'] {
  return { ascii: name, hAnsi: name, eastAsia: name, hint: 'eastAsia' };
}

/** The text is Chinese: a stand-in face is picked for Simplified Chinese (not Japanese) glyphs. */
const LANGUAGE = { value: 'zh-CN', eastAsia: 'zh-CN' } as const;

const FIXED_LINE = { line: LINE_PITCH, lineRule: 'exact' as const, before: 0, after: 0 };

/** Attribute-safe text for the hand-written styles part. */
const xmlAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `w:rFonts` naming one face for every script, the East-Asian one as such. */
const rFonts = (name: string) => `<w:rFonts w:ascii="${xmlAttr(name)}" w:eastAsia="${xmlAttr(name)}" w:hAnsi="${xmlAttr(name)}" w:hint="eastAsia"/>`;

/**
 * The styles part, written out because the `docx` package cannot say `w:snapToGrid` of a
 * paragraph: Normal in 仿宋 3号 on the 28.95 pt line; 公文标题 in 方正小标宋简体 2号, centred, off
 * the line grid (LibreOffice would give each 22 pt title line two grid lines, Word keeps the exact
 * 28.95 pt either way); tables with thin borders.
 */
function gongwenStyles(): string {
  const spacing = `<w:spacing w:before="0" w:after="0" w:line="${LINE_PITCH}" w:lineRule="exact"/>`;
  const lang = '<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>';
  const body = `<w:rPr>${rFonts(FONT.body)}<w:sz w:val="${SIZE.body}"/><w:szCs w:val="${SIZE.body}"/>${lang}</w:rPr>`;
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
    `<w:docDefaults><w:rPrDefault>${body}</w:rPrDefault><w:pPrDefault><w:pPr>${spacing}</w:pPr></w:pPrDefault></w:docDefaults>`,
    // overflowPunct on is Word's default; LibreOffice reads it as "no hanging punctuation", so a
    // comma at the end of a full line goes down with the character before it instead of into the margin.
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:overflowPunct w:val="1"/>${spacing}<w:jc w:val="both"/></w:pPr>${body}</w:style>`,
    `<w:style w:type="paragraph" w:styleId="${TITLE_STYLE}"><w:name w:val="公文标题"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>`,
    `<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/>${spacing}<w:jc w:val="center"/></w:pPr>`,
    `<w:rPr>${rFonts(FONT.title)}<w:sz w:val="${SIZE.title}"/><w:szCs w:val="${SIZE.title}"/></w:rPr></w:style>`,
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>',
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    `<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders></w:tblPr></w:style>`,
    '</w:styles>',
  ].join('');
}

/** The style id of the title lines. */
const TITLE_STYLE = 'GongwenTitle';

/** Text runs of an inline node list, with bold / italic / underline from its marks. */
function runs(nodes: readonly PMJSON[] | undefined, face: string, size: number): TextRun[] {
  const out: TextRun[] = [];
  for (const node of nodes ?? []) {
    if (node.type === 'hard_break') {
      out.push(new TextRun({ break: 1 }));
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const marks = new Set((node.marks ?? []).map((m) => m.type));
    out.push(
      new TextRun({
        text: node.text,
        font: font(face),
        size,
        language: LANGUAGE,
        characterSpacing: BODY_CHARACTER_SPACING,
        bold: marks.has('strong'),
        italics: marks.has('em'),
        ...(marks.has('underline') ? { underline: {} } : {}),
      }),
    );
  }
  return out;
}

/** Plain text of an inline node list. */
function inlineText(nodes: readonly PMJSON[] | undefined): string {
  return (nodes ?? []).map((n) => (n.type === 'text' ? (n.text ?? '') : '')).join('');
}

/** A textblock (paragraph or heading) as a 公文 paragraph: face by its numbering. */
function textblock(node: PMJSON): Paragraph {
  const text = inlineText(node.content);
  const level = headingLevelOf(text);
  const face = level === 1 ? FONT.level1 : level === 2 ? FONT.level2 : FONT.body;
  return new Paragraph({
    spacing: FIXED_LINE,
    // A heading (a numbered line of at most two lines, not a numbered paragraph) stays with its text.
    keepNext: level > 0 && [...text].length <= 2 * CHARS_PER_LINE,
    indent: { firstLine: FIRST_LINE_INDENT.twips, firstLineChars: FIRST_LINE_INDENT.chars },
    alignment: AlignmentType.JUSTIFIED,
    children: runs(node.content, face, SIZE.body),
  });
}

/** A table of the content, cells in the body face without indent. */
function table(node: PMJSON): Table {
  const rows = (node.content ?? []).filter((r) => r.type === 'table_row');
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (row) =>
        new TableRow({
          children: (row.content ?? []).map(
            (cell) =>
              new TableCell({
                columnSpan: Number(cell.attrs?.['colspan'] ?? 1) || 1,
                rowSpan: Number(cell.attrs?.['rowspan'] ?? 1) || 1,
                children: (cell.content ?? []).map((p) => new Paragraph({ spacing: FIXED_LINE, children: runs(p.content, FONT.body, SIZE.body) })),
              }),
          ),
        }),
    ),
  });
}

/** Every block of the content in order: textblocks as paragraphs, lists flattened, tables as tables. */
function blocks(node: PMJSON, out: Array<Paragraph | Table>): void {
  for (const child of node.content ?? []) {
    if (child.type === 'paragraph' || child.type === 'heading') out.push(textblock(child));
    else if (child.type === 'table') out.push(table(child));
    else blocks(child, out);
  }
}

/** 「— N —」 in 4号 宋体, one character in from the outer edge. */
function pageNumberFooter(side: 'right' | 'left'): Footer {
  const run = (text: string | (typeof PageNumber)[keyof typeof PageNumber]) =>
    new TextRun({ children: [text], font: font(FONT.pageNumber), size: SIZE.pageNumber, language: LANGUAGE });
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // One 4号 character (14 pt = 280 twips) in from the edge of the 版心.
        indent: side === 'right' ? { right: 280 } : { left: 280 },
        children: [run('— '), run(PageNumber.CURRENT), run(' —')],
      }),
    ],
  });
}

/**
 * The .docx of `content` (a version's or the final draft's doc JSON).
 * @example const bytes = await versionDocx(content, { title: report.title, version: 2, sha256, author: '李文静' });
 */
export async function versionDocx(content: PMJSON, meta: DocxMeta): Promise<Uint8Array> {
  const body: Array<Paragraph | Table> = [];
  for (const line of breakTitle(meta.title)) {
    body.push(
      new Paragraph({
        style: TITLE_STYLE,
        alignment: AlignmentType.CENTER,
        spacing: FIXED_LINE,
        keepNext: true,
        children: [new TextRun({ text: line, font: font(FONT.title), size: SIZE.title, language: LANGUAGE })],
      }),
    );
  }
  // One empty line between the title and the text, as 公文 have it.
  body.push(new Paragraph({ spacing: FIXED_LINE, children: [] }));
  blocks(content, body);
  if (meta.signature) {
    body.push(new Paragraph({ spacing: FIXED_LINE, children: [] }));
    for (const text of [meta.signature.office, meta.signature.date]) {
      body.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: FIXED_LINE, indent: { right: 640 }, children: runs([{ type: 'text', text }], FONT.body, SIZE.body) }));
    }
  }
  const doc = new Document({
    creator: meta.author,
    title: meta.title,
    description: meta.version === null ? '合稿（未定稿）' : `第${meta.version}版`,
    customProperties: [
      { name: 'hegao.version', value: meta.version === null ? 'draft' : String(meta.version) },
      ...(meta.sha256 ? [{ name: 'hegao.sha256', value: meta.sha256 }] : []),
    ],
    evenAndOddHeaderAndFooters: true,
    externalStyles: gongwenStyles(),
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            // The footer 21 mm from the bottom edge puts 「— N —」 about 7 mm below the text block, as GB/T 9704 has it.
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, footer: mm(21) },
          },
          // 22 lines a page on a line grid; 28 characters a line come from BODY_CHARACTER_SPACING.
          grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: body,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
