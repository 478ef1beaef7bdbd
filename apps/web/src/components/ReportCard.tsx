import type { ReportSummary } from '../api/types';
import { reportHref } from '../router/route';
import { DueDate } from './DueDate';
import { MySections } from './MySections';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';
import './ReportCard.css';

/** Props of {@link ReportCard}. */
export interface ReportCardProps {
  report: ReportSummary;
  today: Date;
  /** Lists the user's own sections (editors; the office for the sections it writes itself). */
  showMySections: boolean;
}

/** One report in the list; the whole card links to the report. */
export function ReportCard({ report, today, showMySections }: ReportCardProps) {
  const locked = report.status === 'locked';
  return (
    <article className="report-card">
      <header className="report-card__header">
        <h2 className="report-card__title">
          {/* The link's ::after covers the card, so the whole card is one click target. */}
          <a className="report-card__link" href={reportHref(report.id)}>
            {report.title}
          </a>
        </h2>
        <StatusBadge kind="report" status={report.status} />
      </header>

      <div className="report-card__meta">
        {report.period && <span>{report.period}</span>}
        {locked && report.version > 0 && <span>第 {report.version} 版定稿</span>}
        <DueDate dueDate={report.dueDate} today={today} finished={locked} />
      </div>

      <ProgressBar statusCounts={report.statusCounts} sectionCount={report.sectionCount} />

      {showMySections && <MySections reportId={report.id} sections={report.mySections ?? []} today={today} />}
    </article>
  );
}
