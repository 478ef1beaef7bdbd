import { isHandedIn } from '@hegao/domain';
import type { MySection } from '../api/types';
import { sectionHref } from '../router/route';
import { DueDate } from './DueDate';
import { StatusBadge } from './StatusBadge';
import './MySections.css';

/** Props of {@link MySections}. */
export interface MySectionsProps {
  reportId: string;
  sections: MySection[];
  today: Date;
}

/** The sections assigned to the user's bureau within one report, with state and deadline; each opens the report at it. */
export function MySections({ reportId, sections, today }: MySectionsProps) {
  return (
    <section className="my-sections" aria-label="我的章节">
      <h3 className="my-sections__title">我的章节</h3>
      {sections.length === 0 ? (
        <p className="my-sections__empty">本部门在此报告中暂无分配章节</p>
      ) : (
        <ul className="my-sections__list">
          {sections.map((section) => (
            <li key={section.id} className="my-sections__item">
              <a className="my-sections__heading" href={sectionHref(reportId, section.id)} data-testid="my-section-link">
                <span className="my-sections__number">{section.number}</span>
                <span className="my-sections__name">{section.title}</span>
              </a>
              <span className="my-sections__meta">
                {section.dueDate && (
                  <DueDate
                    dueDate={section.dueDate}
                    today={today}
                    finished={isHandedIn(section.status)}
                  />
                )}
                <StatusBadge kind="section" status={section.status} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
