import { describeDue } from '../model/dueDate';
import './DueDate.css';

/** Props of {@link DueDate}. */
export interface DueDateProps {
  dueDate: string | null;
  today: Date;
  /** The work is done, so only the date is shown, without a countdown. */
  finished?: boolean;
  /** Words before the date, e.g. 截止. */
  prefix?: string;
}

/** A due date with 剩余X天 / 今天截止 / 已逾期X天 (in red). */
export function DueDate({ dueDate, today, finished = false, prefix = '截止' }: DueDateProps) {
  const info = describeDue(dueDate, today, finished);
  return (
    <span className={`due-date due-date--${info.tone}`}>
      {dueDate ? (
        <>
          {prefix} <time dateTime={dueDate}>{info.dateText}</time>
        </>
      ) : (
        info.dateText
      )}
      {info.relative && <span className="due-date__relative">{info.relative}</span>}
    </span>
  );
}
