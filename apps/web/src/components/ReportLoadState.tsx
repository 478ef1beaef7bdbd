import type { ApiError } from '../api/ApiError';
import type { LiveState } from '../report/LiveLoader';
import { REPORTS_HREF } from '../router/route';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';

/** A report that could not be loaded: no access or gone (404/403) leads back to the list, anything else can be retried. */
export function ReportLoadError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  if (error.status === 404 || error.status === 403) {
    return (
      <ErrorState title="无法查看此报告" message={error.message}>
        <a className="button" href={REPORTS_HREF}>
          返回报告列表
        </a>
      </ErrorState>
    );
  }
  return <ErrorState message={error.message} onRetry={onRetry} />;
}

/** Props of {@link ReportLoadState}. */
export interface ReportLoadStateProps {
  state: LiveState<unknown>;
  /** Announced while loading, e.g. 正在加载报告…. */
  loadingLabel: string;
  onRetry: () => void;
}

/** The first load of a page's report: skeletons while loading, {@link ReportLoadError} on failure, nothing once ready. */
export function ReportLoadState({ state, loadingLabel, onRetry }: ReportLoadStateProps) {
  if (state.status === 'loading') return <LoadingState label={loadingLabel} rows={2} />;
  if (state.status === 'error') return <ReportLoadError error={state.error} onRetry={onRetry} />;
  return null;
}
