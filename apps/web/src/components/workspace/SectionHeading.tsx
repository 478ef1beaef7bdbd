import { memo } from 'react';
import type { ReportSection } from '../../api/types';

/** A heading of the outline that has sub-sections: it holds no text of its own. */
export const SectionHeading = memo(function SectionHeading({ section, depth }: { section: ReportSection; depth: number }) {
  const Tag = depth === 0 ? 'h2' : 'h3';
  return (
    <div className={`section-heading section-heading--depth-${Math.min(depth, 3)}`} id={sectionAnchor(section.id)} data-testid="section-heading" data-section-id={section.id}>
      <Tag className="section-heading__title">
        {section.number}
        {section.title}
      </Tag>
    </div>
  );
});

/** DOM id of a section's block, for scrolling to it. */
export function sectionAnchor(id: string | number): string {
  return `section-${id}`;
}
