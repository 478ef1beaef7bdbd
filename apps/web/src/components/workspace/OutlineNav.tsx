import { memo } from 'react';
import type { Id } from '../../api/types';
import { isAssignedTo, type OutlineRow } from '../../model/outline';
import { StatusBadge } from '../StatusBadge';
import './OutlineNav.css';

/** Props of {@link OutlineNav}. */
export interface OutlineNavProps {
  rows: readonly OutlineRow[];
  ownBureauId: Id | undefined;
  onSelect: (sectionId: string) => void;
}

/** The 目录 sidebar: numbered titles with state; own sections are marked; a click jumps to the section. */
export const OutlineNav = memo(function OutlineNav({ rows, ownBureauId, onSelect }: OutlineNavProps) {
  return (
    <nav className="outline-nav" data-testid="outline" aria-label="目录">
      <h2 className="outline-nav__title">目录</h2>
      <ol className="outline-nav__list">
        {rows.map(({ section, depth, isLeaf }) => {
          const id = String(section.id);
          const mine = isLeaf && isAssignedTo(section, ownBureauId);
          return (
            <li key={id}>
              <button
                type="button"
                className={`outline-nav__item outline-nav__item--depth-${Math.min(depth, 3)}${mine ? ' outline-nav__item--mine' : ''}`}
                style={{ paddingLeft: `${10 + depth * 14}px` }}
                data-testid="outline-item"
                data-section-id={id}
                {...(mine ? { 'data-mine': 'true' } : {})}
                onClick={() => onSelect(id)}
                title={`${section.number}${section.title}`}
              >
                <span className="outline-nav__text">
                  <span className="outline-nav__number">{section.number}</span>
                  {section.title}
                </span>
                {isLeaf && <StatusBadge kind="section" status={section.status} />}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
});
