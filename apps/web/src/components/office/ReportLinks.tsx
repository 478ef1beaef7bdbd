import type { ReportDetail } from '../../api/types';
import { useMe } from '../../hooks/useMe';
import { reportPageHref } from '../../router/route';
import './ReportLinks.css';

/** Props of {@link ReportLinks}. */
export interface ReportLinksProps {
  report: Pick<ReportDetail, 'id' | 'finalDocName'>;
}

/** Links from the report workspace to its other pages: 大纲与分配 and 进度看板 for the office, 历史记录 for everyone, 合稿 once merged. */
export function ReportLinks({ report }: ReportLinksProps) {
  const me = useMe();
  const office = me.role === 'secretary';
  return (
    <nav className="report-links" aria-label="报告页面">
      {office && (
        <>
          <a className="report-links__link" href={reportPageHref(report.id, 'outline')} data-testid="link-outline">
            大纲与分配
          </a>
          <a className="report-links__link" href={reportPageHref(report.id, 'board')} data-testid="link-board">
            进度看板
          </a>
        </>
      )}
      <a className="report-links__link" href={reportPageHref(report.id, 'history')} data-testid="link-history">
        历史记录
      </a>
      {report.finalDocName && (
        <a className="report-links__link report-links__link--final" href={reportPageHref(report.id, 'final')} data-testid="link-final">
          合稿
        </a>
      )}
    </nav>
  );
}
