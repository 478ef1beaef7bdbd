/** Shapes of a report template: an outline whose sections carry a default bureau, a writing instruction and an example. */
import type { TemplateKind } from '@hegao/domain';

/** Kinds a report can be created from (every template kind but 'custom'). */
export type TemplateKindWithOutline = Exclude<TemplateKind, 'custom'>;

/** One section of a template outline. */
export interface TemplateSection {
  /** Heading text without its number (the product numbers headings from the tree). */
  title: string;
  /** False for an unnumbered block such as the opening 导语 or the closing 结束语 (default true). */
  numbered?: boolean;
  /** Name of the bureau that usually writes this section (matched by name to the workspace's bureaus). */
  defaultBureau?: string;
  /** 写作要求 shown to the writer, e.g. 「不超过800字，数据截至6月底，写明同比增幅」. */
  instruction: string;
  /** 参考范文: the matching text of a real report from seeds/, paragraphs separated by '\n'. */
  example?: string;
  /** Sub-sections in order. */
  children: readonly TemplateSection[];
}

/**
 * A report template: what the secretary picks when creating a report. Several templates may share a kind
 * (the report's `kind`): each follows the outline of one real report in seeds/.
 */
export interface Template {
  /** Stable id the picker sends (`templateId`); the first template of a kind has the kind as its id. */
  id: string;
  /** The kind a report created from this template gets. */
  kind: TemplateKindWithOutline;
  /** Chinese name shown in the picker. */
  name: string;
  /** Which real report the outline follows, shown under the name, e.g. 「按某区2020年上半年工作总结及下半年工作计划的结构」. */
  source: string;
  /** File name in seeds/ whose parsed outline this template's numbered headings equal. */
  seed: string;
  /** Suggested report title with placeholders {地区} {年份} {届次}; see renderTitle. */
  titlePattern: string;
  /** Suggested period with placeholders, e.g. '{年份}年上半年'. */
  periodPattern: string;
  /**
   * Top-level sections in order. The numbered sections are the seed's headings (wording, levels, order);
   * unnumbered blocks hold the seed's text outside any heading: the opening, a heading's lead, a closing.
   */
  sections: readonly TemplateSection[];
}

/** A template section placed in the outline: depth-first order, with its level and official number. */
export interface TemplateOutlineEntry {
  title: string;
  /** 1-based depth. */
  level: number;
  numbered: boolean;
  /** Official heading number (一、 （一） …), '' for an unnumbered block. */
  number: string;
  defaultBureau: string | null;
  instruction: string;
  example: string | null;
  /** Index of the parent entry in the same list, null at the top level. */
  parentIndex: number | null;
  /** True when the section has sub-sections (a heading that is not written itself). */
  hasChildren: boolean;
}
