import type { Me } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { LoadingState } from '../components/LoadingState';
import { ReportCard } from '../components/ReportCard';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useMe } from '../hooks/useMe';
import { useReports } from '../hooks/useReports';
import { useToday } from '../hooks/useToday';
import { listsOwnSections } from '../model/access';
import { IMPORT_REPORT_HREF, NEW_REPORT_HREF } from '../router/route';
import './ReportListPage.css';

const EMPTY_HINT: Record<Me['role'], string> = {
  secretary: '创建或导入报告后，报告将显示在这里。',
  editor: '办公室为本部门分配章节后，相关报告将显示在这里。',
  leader: '办公室发起报告后，报告将显示在这里。',
};

/** 报告列表: every report the user can see, with state, deadline and progress. */
export function ReportListPage() {
  const me = useMe();
  useDocumentTitle('报告列表');
  const reports = useReports();
  const today = useToday();

  return (
    <main className="page report-list">
      <div className="report-list__head">
        <h1 className="report-list__title">报告列表</h1>
        <div className="report-list__tools">
          {reports.status === 'ready' && reports.data.length > 0 && (
            <p className="report-list__count">共 {reports.data.length} 份报告</p>
          )}
          {me.role === 'secretary' && (
            <>
              <a className="button" href={IMPORT_REPORT_HREF} data-testid="import-report">
                导入报告
              </a>
              <a className="button button--primary" href={NEW_REPORT_HREF} data-testid="new-report">
                新建报告
              </a>
            </>
          )}
        </div>
      </div>

      {reports.status === 'loading' && <LoadingState label="正在加载报告列表…" />}
      {reports.status === 'error' && <ErrorState message={reports.error.message} onRetry={reports.reload} />}
      {reports.status === 'ready' &&
        (reports.data.length === 0 ? (
          <EmptyState title="暂无报告" message={EMPTY_HINT[me.role] ?? ''} />
        ) : (
          <ul className="report-list__items">
            {reports.data.map((report) => (
              <li key={report.id}>
                <ReportCard report={report} today={today} showMySections={listsOwnSections(me, report)} />
              </li>
            ))}
          </ul>
        ))}
    </main>
  );
}
