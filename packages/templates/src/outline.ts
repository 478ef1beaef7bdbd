/** A template's outline as a flat, numbered list — what the picker previews and what report creation walks. */
import { numberOutline, type OutlineNode } from '@hegao/domain';
import type { Template, TemplateOutlineEntry, TemplateSection } from './types.js';

/** Sections of the outline that hold text (no sub-sections), like a report's sectionCount. */
export function countWrittenSections(template: Template): number {
  return templateOutline(template).filter((e) => !e.hasChildren).length;
}

/**
 * Flattens a template depth-first, numbering headings exactly as a report created from it will be numbered.
 * @example templateOutline(findTemplate('half_year')!)[2] // { title: '深入实施“党建领航”工程，为高质量发展提供坚强保证', level: 2, number: '（一）', … }
 */
export function templateOutline(template: Template): TemplateOutlineEntry[] {
  const flat: { section: TemplateSection; parentIndex: number | null }[] = [];
  const visit = (sections: readonly TemplateSection[], parentIndex: number | null): void => {
    for (const section of sections) {
      const index = flat.length;
      flat.push({ section, parentIndex });
      visit(section.children, index);
    }
  };
  visit(template.sections, null);

  const siblingPosition = new Map<number | null, number>();
  const nodes: OutlineNode[] = flat.map(({ section, parentIndex }, i) => {
    const position = siblingPosition.get(parentIndex) ?? 0;
    siblingPosition.set(parentIndex, position + 1);
    return { id: String(i), parentId: parentIndex === null ? null : String(parentIndex), position, numbered: section.numbered !== false };
  });
  const numbers = new Map(numberOutline(nodes).map((n) => [Number(n.id), n]));

  return flat.map(({ section, parentIndex }, i) => ({
    title: section.title,
    level: numbers.get(i)!.level,
    numbered: section.numbered !== false,
    number: numbers.get(i)!.number,
    defaultBureau: section.defaultBureau ?? null,
    instruction: section.instruction,
    example: section.example ?? null,
    parentIndex,
    hasChildren: section.children.length > 0,
  }));
}
