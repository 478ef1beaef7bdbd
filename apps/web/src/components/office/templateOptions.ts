/** What the template picker shows of each template, and which one is selected. */
import type { ReportTemplate } from '../../api/officeApi';

/** How many top-level headings a picker card lists before “等”. */
export const CARD_HEADINGS = 3;

/**
 * The selected template: the one with `id`, else the first (the picker always has a choice once loaded).
 * @example selectedTemplate(templates, null)?.id // 'half_year'
 */
export function selectedTemplate<T extends Pick<ReportTemplate, 'id'>>(templates: readonly T[], id: string | null): T | null {
  return templates.find((t) => t.id === id) ?? templates[0] ?? null;
}

/**
 * A card's outline line: its first numbered top-level headings as the report will number them, with
 * 「等N项」 when there are more, or 无编号标题.
 * @example cardOutline(template) // '一、上半年工作完成情况 · 二、存在问题和不足 · 三、下半年工作计划'
 */
export function cardOutline(template: Pick<ReportTemplate, 'outline'>): string {
  const headings = template.outline.filter((e) => e.level === 1 && e.numbered).map((e) => `${e.number}${e.title}`);
  if (headings.length === 0) return '无编号标题';
  const shown = headings.slice(0, CARD_HEADINGS).join(' · ');
  return headings.length > CARD_HEADINGS ? `${shown} 等${headings.length}项` : shown;
}
