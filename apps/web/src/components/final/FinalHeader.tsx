import type { ReactNode } from 'react';
import type { ReportDetail } from '../../api/types';
import { StatusBadge } from '../StatusBadge';

/** Props of {@link FinalHeader}. */
export interface FinalHeaderProps {
  report: Pick<ReportDetail, 'id' | 'title' | 'period' | 'status' | 'version'>;
  /** The office's buttons (定稿 / 解锁), shown at the right. */
  actions?: ReactNode;
}

/** What the version line says for a report state and version number. */
export function versionText(status: ReportDetail['status'], version: number): string {
  if (status === 'locked' && version > 0) return `第${version}版（已定稿）`;
  if (version > 0) return `第${version}版已解锁，再次定稿将成为第${version + 1}版`;
  return '尚未定稿';
}

/** The final-draft page's heading: report title, state and version. */
export function FinalHeader({ report, actions }: FinalHeaderProps) {
  return (
    <header className="final-header">
      <div className="final-header__eyebrow">合稿与定稿</div>
      <div className="final-header__title-row">
        <h1 className="final-header__title" data-testid="final-title">
          {report.title}
        </h1>
        <span data-testid="final-status" data-status={report.status}>
          <StatusBadge kind="report" status={report.status} />
        </span>
      </div>
      <div className="final-header__meta-row">
        <div className="final-header__meta">
          {report.period && <span>{report.period}</span>}
          <span data-testid="final-version" data-version={report.version}>
            {versionText(report.status, report.version)}
          </span>
        </div>
        {actions && <div className="final-header__actions">{actions}</div>}
      </div>
    </header>
  );
}
