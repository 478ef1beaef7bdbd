import type { ImportBlock } from '@hegao/contract';

/** One section of an imported report: a heading with its body paragraphs and sub-sections. */
export interface ParsedSection {
  /** Heading text without its source numbering (一、 （一） 1. （1）) and without a trailing 。. */
  title: string;
  /** Depth in the outline, 1-based (1 = 一、, 2 = （一）, 3 = 1., 4 = （1） when the source is well formed). */
  level: number;
  /** Body paragraphs directly under this heading, before its first sub-section. */
  paragraphs: string[];
  /** Sub-sections in source order. */
  children: ParsedSection[];
}

/** A report recovered from plain text as it circulates. */
export interface ParsedReport {
  /** The report title (e.g. 区2020年上半年工作总结及下半年工作计划); empty when none was recognised. */
  title: string;
  /** Paragraphs between the title and the first heading (e.g. 同志们：, the opening summary). */
  preamble: string[];
  /** Top-level sections in source order. */
  sections: ParsedSection[];
  /** Lines dropped as advertising (the header above the title and ad lines elsewhere), normalised. */
  junk: string[];
  /** Problems found and repaired, in Simplified Chinese, for the secretary to review. */
  warnings: string[];
}

/**
 * One line of the source as the importer reads it: a paragraph of pasted text or .txt, or one block of
 * a .docx (mammoth). `block` is absent for plain text (the line is then one plain paragraph). The
 * importer's input, not an API shape: what it produces is the contract's `ImportPreview`.
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
