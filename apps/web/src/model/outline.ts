import type { ReportSection } from '../api/types';

/** A section placed in the outline: its depth from 0 and whether it holds text itself. */
export interface OutlineRow {
  section: ReportSection;
  depth: number;
  isLeaf: boolean;
}

/**
 * Lays out sections (already in outline order) for display. Depth is relative to the shallowest
 * level present, so the outline renders the same whether the server counts levels from 0 or 1.
 */
export function layoutOutline(sections: readonly ReportSection[]): OutlineRow[] {
  const parents = new Set<string>();
  for (const section of sections) {
    if (section.parentId !== null) parents.add(section.parentId);
  }
  const minLevel = sections.reduce((min, s) => Math.min(min, s.level), Number.POSITIVE_INFINITY);
  return sections.map((section) => ({
    section,
    depth: Math.max(0, section.level - (Number.isFinite(minLevel) ? minLevel : 0)),
    isLeaf: !parents.has(section.id),
  }));
}

/** Whether the section is assigned to the given bureau. */
export function isAssignedTo(section: ReportSection, bureauId: string | undefined): boolean {
  if (bureauId === undefined) return false;
  return section.bureaus.some((bureau) => bureau.id === bureauId);
}
