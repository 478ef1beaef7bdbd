import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../api/api';
import { ReportLoader, type LiveReportState } from '../report/ReportLoader';

const LOADING: LiveReportState = { status: 'loading' };
const noop = () => () => undefined;

/** A report that stays on screen while refetched; `loader.refetch()` after every server event. */
export function useLiveReport(id: string): { state: LiveReportState; loader: ReportLoader | null } {
  const [loader, setLoader] = useState<ReportLoader | null>(null);
  useEffect(() => {
    const next = new ReportLoader(id, (reportId, signal) => api.getReport(reportId, signal));
    setLoader(next);
    return () => {
      next.destroy();
      setLoader(null);
    };
  }, [id]);
  const state = useSyncExternalStore(loader?.store.subscribe ?? noop, loader?.store.get ?? (() => LOADING));
  // A loader of a previous id (between the id change and the effect) must not show its report.
  return { state: loader && loader.id === id ? state : LOADING, loader: loader && loader.id === id ? loader : null };
}
