import type { ReactNode } from 'react';
import type { ReportDetail } from '../../api/types';
import { useMe } from '../../hooks/useMe';
import { REPORTS_HREF, reportHref, reportPageHref } from '../../router/route';
import { DueDate } from '../DueDate';
import { StatusBadge } from '../StatusBadge';
import './OfficePageHeader.css';

/** Props of {@link OfficePageHeader}. */
export interface OfficePageHeaderProps {
  report: ReportDetail;
  /** The page being shown, marked in the tabs. */
  current: 'outline' | 'board' | 'history';
  /** Page name, e.g. 大纲与分配. */
  heading: string;
  today: Date;
  /** Shown at the right of the title row (e.g. a live-update hint). */
  aside?: ReactNode;
}

/**
 * Heading of a report's side page (office pages, the history): back link, the report's title and
 * state, and tabs to its other pages — 大纲与分配 and 进度看板 for the office, as the report page links them.
 */
export function OfficePageHeader({ report, current, heading, today, aside }: OfficePageHeaderProps) {
  const office = useMe().role === 'secretary';
  const tabs: { href: string; label: string; key: string }[] = [
    { key: 'report', href: reportHref(report.id), label: '报告正文' },
    ...(office || current === 'outline' || current === 'board'
      ? [
          { key: 'outline', href: reportPageHref(report.id, 'outline'), label: '大纲与分配' },
          { key: 'board', href: reportPageHref(report.id, 'board'), label: '进度看板' },
        ]
      : []),
    { key: 'history', href: reportPageHref(report.id, 'history'), label: '历史记录' },
    ...(report.finalDocName ? [{ key: 'final', href: reportPageHref(report.id, 'final'), label: '合稿' }] : []),
  ];
  return (
    <header className="office-header">
      <a className="office-header__back" href={REPORTS_HREF}>
        <span aria-hidden="true">←</span> 返回报告列表
      </a>
      <div className="office-header__card">
        <div className="office-header__title-row">
          <div className="office-header__titles">
            <p className="office-header__eyebrow">{heading}</p>
            <h1 className="office-header__title">{report.title}</h1>
          </div>
          <StatusBadge kind="report" status={report.status} />
        </div>
        <div className="office-header__meta">
          {report.period && <span>{report.period}</span>}
          <DueDate dueDate={report.dueDate} today={today} finished={report.status === 'locked'} prefix="报告截止" />
          {aside && <span className="office-header__aside">{aside}</span>}
        </div>
        <nav className="office-header__tabs" aria-label="报告页面">
          {tabs.map((tab) => (
            <a
              key={tab.key}
              className={tab.key === current ? 'office-header__tab office-header__tab--current' : 'office-header__tab'}
              href={tab.href}
              aria-current={tab.key === current ? 'page' : undefined}
              data-testid={`tab-${tab.key}`}
            >
              {tab.label}
            </a>
          ))}
        </nav>
      </div>
    </header>
  );
}
