import { isHandedIn } from '@hegao/domain';
import type { OutlineSection } from '../../api/officeApi';
import { BureauTag } from '../BureauTag';
import { DueDate } from '../DueDate';
import './AssignmentSummary.css';

/** Props of {@link AssignmentSummary}. */
export interface AssignmentSummaryProps {
  section: OutlineSection;
  today: Date;
}

/** A section's 承办部门, 截止 and 写作要求, read-only. */
export function AssignmentSummary({ section, today }: AssignmentSummaryProps) {
  const finished = isHandedIn(section.status);
  return (
    <div className="assignment-summary">
      <div className="assignment-summary__line">
        {section.bureaus.length > 0 ? (
          section.bureaus.map((b) => <BureauTag key={b.id} name={b.name} />)
        ) : (
          <span className="assignment-summary__none">未分配</span>
        )}
        <DueDate dueDate={section.dueDate} today={today} finished={finished} />
      </div>
      {section.instruction && <p className="assignment-summary__instruction">写作要求：{section.instruction}</p>}
    </div>
  );
}
