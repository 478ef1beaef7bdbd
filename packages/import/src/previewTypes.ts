/**
 * The import contract: what `POST /api/imports` answers (an outline preview, writing nothing) and what
 * the secretary sends back, edited, to create the report (`POST /api/imports/report`). Shared by the
 * parser (this package), the server routes and the web's import page.
 */

/** A run of text inside a paragraph; `bold` keeps a .docx's bold lead sentence (深入组织动员，构建防控体系。). */
export interface ImportRun {
  text: string;
  bold?: boolean;
}

/** One block of a section's body, as the ProseMirror schema holds it. */
export type ImportBlock =
  | { type: 'paragraph'; runs: ImportRun[] }
  | { type: 'bullet_list' | 'ordered_list'; items: string[] }
  | { type: 'table'; rows: string[][] };

/**
 * One line of the source as the importer reads it: a paragraph of pasted text or .txt, or one block of
 * a .docx (mammoth). `block` is absent for plain text (the line is then one plain paragraph).
 */
export interface SourceLine {
  /** The block's plain text on one line (a table or list: its cells/items joined by ' '). */
  text: string;
  block?: ImportBlock;
  /**
   * The Word heading style's level (1 for Heading 1 / 标题 1) when the paragraph has one; lets the importer take
   * an unnumbered styled heading (经济发展 in 标题 2) for a heading. Absent for plain text and body paragraphs.
   */
  styleLevel?: number;
}

/** One section of the previewed outline, in document order (depth-first). */
export interface ImportSection {
  /** The number it will carry in the report (一、 （一） 1. （1）), '' for an unnumbered block (导语, a part heading). */
  number: string;
  title: string;
  /** 1-based depth; a section's level is at most its predecessor's level + 1. */
  level: number;
  /** Plain text of the body, paragraphs separated by '\n' (blocks' text). */
  text: string;
  /** The body as blocks (bold runs, lists, tables kept). */
  blocks: ImportBlock[];
  /** Index into `lines` of the heading's source line; null for a section the importer made up (导语). */
  line: number | null;
  /** Indices into `lines` of the body's source lines, in order. */
  bodyLines: number[];
  /** Proposed writing bureaus (ids), from the same keyword rules as the demo; [] for headings with children. */
  bureauIds: string[];
}

/** A source line the importer left out of the report, and why (Chinese, for the secretary). */
export interface RemovedLine {
  line: number;
  text: string;
  /** e.g. 网页导航, 广告, 通知正文, 重复标题, 网页页脚 (all listed in preview.ts). */
  reason: string;
  /**
   * True when the line's text is not lost but folded into a title (并入标题, 并入上一行标题,
   * 单独成行的编号): it is already in the report, so it cannot be put back as a paragraph.
   */
  merged?: true;
}

/** Something the importer doubts, for the secretary to check. */
export interface ImportWarning {
  /** Stable machine code: missing_number, duplicate_number, skipped_level, long_title, no_title, … (all listed in preview.ts). */
  code: string;
  /** Chinese message for a person. */
  message: string;
  /** Index into `sections` it concerns, when it concerns one. */
  section?: number;
  /** Index into `lines`, when it concerns a source line. */
  line?: number;
}

/** The answer of `POST /api/imports`. */
export interface ImportPreview {
  title: string;
  /** Index into `lines` of the title's source line; null (or absent) when no title was recognised. */
  titleLine?: number | null;
  /** e.g. 2020年上半年, 2021年; '' when the title says nothing. */
  period: string;
  /** Template kind guessed from the title: half_year, work_points, plenum_speech, or custom. */
  kind: string;
  sections: ImportSection[];
  removed: RemovedLine[];
  warnings: ImportWarning[];
  /** The normalised source, one entry per line, that `line`/`bodyLines` index (shown beside the outline). */
  lines: string[];
  /** Where the text came from: the uploaded file's name, or null for pasted text. */
  sourceName: string | null;
}
