import type { ApiError } from '../api/ApiError';
import './PageNav.css';

/** Props of {@link PageNav}. */
export interface PageNavProps {
  backHref: string;
  /** e.g. 返回报告列表. */
  backLabel: string;
  /** The error of the last failed refetch of a report still shown from an earlier fetch. */
  refreshError?: ApiError | null;
}

/** The line above a report page: a link back and, while the report shown is stale, why. */
export function PageNav({ backHref, backLabel, refreshError }: PageNavProps) {
  return (
    <nav className="page-nav" aria-label="导航">
      <a className="page-nav__back" href={backHref}>
        <span aria-hidden="true">←</span> {backLabel}
      </a>
      {refreshError && (
        <span className="page-nav__stale" role="status">
          显示的是上次获取的报告信息（{refreshError.message}）
        </span>
      )}
    </nav>
  );
}
