import type { ReportSection } from '../api/types';
import { DueDate } from '../components/DueDate';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { LoadingState } from '../components/LoadingState';
import { ProgressBar } from '../components/ProgressBar';
import { SectionOutline } from '../components/SectionOutline';
import { StatusBadge } from '../components/StatusBadge';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useMe } from '../hooks/useMe';
import { useReport } from '../hooks/useReport';
import { useToday } from '../hooks/useToday';
import { layoutOutline } from '../model/outline';
import { countStatuses } from '../model/progress';
import { REPORTS_HREF } from '../router/route';
import './ReportPage.css';

/** One report: its heading facts and section outline (the editor comes later). */
export function ReportPage({ id }: { id: string }) {
  const me = useMe();
  const report = useReport(id);
  const today = useToday();
  useDocumentTitle(report.status === 'ready' ? report.data.title : '报告');

  return (
    <main className="page report-page">
      <nav className="report-page__nav" aria-label="导航">
        <a className="report-page__back" href={REPORTS_HREF}>
          <span aria-hidden="true">←</span> 返回报告列表
        </a>
      </nav>

      {report.status === 'loading' && <LoadingState label="正在加载报告…" rows={1} />}
      {report.status === 'error' &&
        (report.error.status === 404 || report.error.status === 403 ? (
          <ErrorState title="无法查看此报告" message={report.error.message}>
            <a className="button" href={REPORTS_HREF}>
              返回报告列表
            </a>
          </ErrorState>
        ) : (
          <ErrorState message={report.error.message} onRetry={report.reload} />
        ))}
      {report.status === 'ready' && (
        <>
          <header className="report-page__header">
            <div className="report-page__title-row">
              <h1 className="report-page__title">{report.data.title}</h1>
              <StatusBadge kind="report" status={report.data.status} />
            </div>
            <div className="report-page__meta">
              {report.data.period && <span>{report.data.period}</span>}
              {report.data.status === 'locked' && report.data.version > 0 && <span>第 {report.data.version} 版定稿</span>}
              <DueDate dueDate={report.data.dueDate} today={today} finished={report.data.status === 'locked'} />
            </div>
            <ReportProgress sections={report.data.sections} />
          </header>

          <h2 className="report-page__section-title">章节大纲</h2>
          {report.data.sections.length === 0 ? (
            <EmptyState title="暂无章节" message="办公室编排大纲后，章节将显示在这里。" />
          ) : (
            <SectionOutline sections={report.data.sections} ownBureauId={me.bureau?.id} />
          )}
        </>
      )}
    </main>
  );
}

/** Progress over the sections that hold text (leaves); headings with children are not counted. */
function ReportProgress({ sections }: { sections: ReportSection[] }) {
  const leaves = layoutOutline(sections).filter((row) => row.isLeaf).map((row) => row.section);
  if (leaves.length === 0) return null;
  return <ProgressBar statusCounts={countStatuses(leaves)} sectionCount={leaves.length} />;
}
