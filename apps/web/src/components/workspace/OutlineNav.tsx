import { memo, useEffect, useRef } from 'react';
import { isAssignedTo, type OutlineRow } from '../../model/outline';
import { StatusBadge } from '../StatusBadge';
import './OutlineNav.css';

/** Props of {@link OutlineNav}. */
export interface OutlineNavProps {
  rows: readonly OutlineRow[];
  ownBureauId: string | undefined;
  /** The section being read (the page's scroll position), marked 「当前位置」. */
  currentId: string | null;
  onSelect: (sectionId: string) => void;
}

/**
 * The 目录 sidebar: numbered titles with state; sections of my bureau carry a bar (explained by a
 * legend), the section being read is highlighted and kept in view; a click jumps to the section.
 */
export const OutlineNav = memo(function OutlineNav({ rows, ownBureauId, currentId, onSelect }: OutlineNavProps) {
  const list = useRef<HTMLOListElement>(null);
  const anyMine = rows.some((r) => r.isLeaf && isAssignedTo(r.section, ownBureauId));
  useEffect(() => {
    // Keep the current entry visible inside the (scrolling) list, without scrolling the page.
    const box = list.current;
    const item = box?.querySelector<HTMLElement>('[aria-current="location"]');
    if (!box || !item) return;
    const top = item.offsetTop - box.offsetTop;
    if (top < box.scrollTop) box.scrollTop = top - 8;
    else if (top + item.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = top + item.offsetHeight - box.clientHeight + 8;
  }, [currentId]);
  return (
    <nav className="outline-nav" data-testid="outline" aria-label="目录">
      <div className="outline-nav__head">
        <h2 className="outline-nav__title">目录</h2>
        {anyMine && (
          <span className="outline-nav__legend" data-testid="outline-legend">
            <span className="outline-nav__legend-bar" aria-hidden="true" />
            本部门负责
          </span>
        )}
      </div>
      <ol className="outline-nav__list" ref={list}>
        {rows.map(({ section, depth, isLeaf }) => {
          const id = section.id;
          const mine = isLeaf && isAssignedTo(section, ownBureauId);
          const current = id === currentId;
          return (
            <li key={id}>
              <button
                type="button"
                className={`outline-nav__item outline-nav__item--depth-${Math.min(depth, 3)}${mine ? ' outline-nav__item--mine' : ''}${current ? ' outline-nav__item--current' : ''}`}
                style={{ paddingLeft: `${10 + depth * 14}px` }}
                data-testid="outline-item"
                data-section-id={id}
                {...(mine ? { 'data-mine': 'true' } : {})}
                {...(current ? { 'aria-current': 'location' as const } : {})}
                onClick={() => onSelect(id)}
                title={`${section.number}${section.title}${mine ? '（本部门负责）' : ''}`}
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
