import { PlaceholderButton } from '../PlaceholderButton';
import { memo } from 'react';
import type { ReportDetail, ReportSection } from '../../api/types';
import type { ReportSession } from '../../collab/ReportSession';
import { usePresence } from '../../hooks/usePresence';
import { useConnectionStatus, useReportChars, useReportPlaceholders } from '../../hooks/useReportTotals';
import { countStatuses } from '../../model/progress';
import { DueDate } from '../DueDate';
import { ReportLinks } from '../office/ReportLinks';
import { ProgressBar } from '../ProgressBar';
import { StatusBadge } from '../StatusBadge';
import { ConnectionPill } from './ConnectionPill';
import { PresenceList } from './PresenceList';
import './ReportHeader.css';

/** Props of {@link ReportHeader}. */
export interface ReportHeaderProps {
  report: ReportDetail;
  /** The sections that hold text (outline leaves), for the progress bar. */
  leaves: readonly ReportSection[];
  session: ReportSession | null;
  sectionLabels: ReadonlyMap<string, string>;
  today: Date;
  /** Selects the report's next unfilled placeholder, section after section. */
  onNextPlaceholder: () => void;
}

/**
 * The report's heading: title, state, deadline and progress, then a bar that stays in view while
 * scrolling, with who is here, the report's 字数 and unfilled placeholders, and the connection status.
 */
export const ReportHeader = memo(function ReportHeader({ report, leaves, session, sectionLabels, today, onNextPlaceholder }: ReportHeaderProps) {
  return (
    <>
      <header className="report-header">
        <div className="report-header__title-row">
          <h1 className="report-header__title">{report.title}</h1>
          <StatusBadge kind="report" status={report.status} />
        </div>
        <div className="report-header__meta">
          {report.period && <span>{report.period}</span>}
          {report.status === 'locked' && report.version > 0 && <span>第 {report.version} 版定稿</span>}
          <DueDate dueDate={report.dueDate} today={today} finished={report.status === 'locked'} />
          <ReportLinks report={report} />
        </div>
        {leaves.length > 0 && <ProgressBar statusCounts={countStatuses(leaves)} sectionCount={leaves.length} />}
      </header>
      <div className="report-bar">
        <LivePresence session={session} sectionLabels={sectionLabels} />
        <span className="report-bar__end">
          <ReportChars session={session} />
          <ReportPlaceholders session={session} onNext={onNextPlaceholder} />
          <LiveConnection session={session} />
        </span>
      </div>
    </>
  );
});

function ReportChars({ session }: { session: ReportSession | null }) {
  const chars = useReportChars(session);
  return (
    <span className="report-bar__chars" data-testid="report-chars" data-count={chars}>
      全文 <strong>{chars.toLocaleString('zh-CN')}</strong> 字
    </span>
  );
}

function ReportPlaceholders({ session, onNext }: { session: ReportSession | null; onNext: () => void }) {
  return <PlaceholderButton count={useReportPlaceholders(session)} onNext={onNext} className="report-bar__placeholders" testId="report-placeholders" scope="全文" />;
}

function LiveConnection({ session }: { session: ReportSession | null }) {
  return <ConnectionPill status={useConnectionStatus(session)} />;
}

function LivePresence({ session, sectionLabels }: { session: ReportSession | null; sectionLabels: ReadonlyMap<string, string> }) {
  return <PresenceList users={usePresence(session)} sectionLabels={sectionLabels} />;
}
