import type { Id, ReportSection } from '../api/types';
import { isAssignedTo, layoutOutline } from '../model/outline';
import { BureauTag } from './BureauTag';
import { StatusBadge } from './StatusBadge';
import './SectionOutline.css';

/** Props of {@link SectionOutline}. */
export interface SectionOutlineProps {
  sections: ReportSection[];
  /** The user's bureau, whose sections are highlighted. */
  ownBureauId?: Id | undefined;
}

/** The report's outline: number, title, bureaus and state of each section. */
export function SectionOutline({ sections, ownBureauId }: SectionOutlineProps) {
  const rows = layoutOutline(sections);
  return (
    <ol className="outline">
      {rows.map(({ section, depth, isLeaf }) => {
        const own = isAssignedTo(section, ownBureauId);
        const classes = ['outline__row', `outline__row--depth-${Math.min(depth, 3)}`];
        if (own) classes.push('outline__row--own');
        return (
          <li key={section.id} className={classes.join(' ')} style={{ paddingLeft: `${16 + depth * 24}px` }}>
            <span className="outline__heading">
              <span className="outline__number">{section.number}</span>
              <span className="outline__title">{section.title}</span>
            </span>
            <span className="outline__meta">
              {section.bureaus.length > 0 && (
                <span className="outline__bureaus">
                  {section.bureaus.map((bureau) => (
                    <BureauTag key={bureau.id} name={bureau.name} own={String(bureau.id) === String(ownBureauId)} />
                  ))}
                </span>
              )}
              {isLeaf && <StatusBadge kind="section" status={section.status} />}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
