import { useMemo, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { LoadingState } from '../components/LoadingState';
import { ReportLoadError } from '../components/ReportLoadState';
import { HistoryFilters } from '../components/history/HistoryFilters';
import { HistoryList } from '../components/history/HistoryList';
import { OfficePageHeader } from '../components/office/OfficePageHeader';
import { useClock } from '../hooks/useClock';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useHistory } from '../hooks/useHistory';
import { useLiveReport } from '../hooks/useLiveReport';
import { useReportEvents } from '../hooks/useReportEvents';
import { useToday } from '../hooks/useToday';
import { useBureaus } from '../hooks/office/useBureaus';
import type { SentenceContext } from '../model/historySentence';
import { countKinds, filterHistory, sectionOptions, type HistoryFilter } from '../model/historyView';
import './HistoryPage.css';

const EVERYTHING: HistoryFilter = { sectionId: '', kind: 'all' };

/**
 * 历史记录: every recorded workflow event of the report, newest first and grouped by day — who did
 * what to which section and why — filtered by section and kind. Deleted sections stay findable
 * (their text can be read back); refetched on every event of the report, so it follows live.
 */
export function HistoryPage({ id }: { id: string }) {
  const today = useToday();
  const now = useClock();
  const { state: reportState, loader: reportLoader } = useLiveReport(id);
  const { state, loader } = useHistory(id);
  const report = reportState.status === 'ready' ? reportState.data : null;
  useDocumentTitle(report ? `历史记录 - ${report.title}` : '历史记录');
  useReportEvents(id, () => {
    loader?.refetch();
    reportLoader?.refetch();
  });
  const [filter, setFilter] = useState<HistoryFilter>(EVERYTHING);
  const bureaus = useBureaus();
  const bureauList = bureaus.status === 'ready' ? bureaus.data : null;

  const all = useMemo(() => (state.status === 'ready' ? state.data : []), [state]);
  const context = useMemo<SentenceContext>(
    () => ({
      sections: new Map((report?.sections ?? []).map((s) => [s.id, { number: s.number, title: s.title }])),
      bureaus: new Map((bureauList ?? []).map((b) => [b.id, b.name])),
    }),
    [report, bureauList],
  );
  const options = useMemo(
    () => sectionOptions((report?.sections ?? []).map((s) => ({ id: s.id, number: s.number, title: s.title })), all),
    [report, all],
  );
  const ofSection = useMemo(() => filterHistory(all, { ...filter, kind: 'all' }), [all, filter]);
  const shown = useMemo(() => filterHistory(all, filter), [all, filter]);
  const counts = useMemo(() => countKinds(ofSection), [ofSection]);

  // Bureau names are part of the sentences: without them every bureau would read 已删除的部门.
  const ready = report !== null && state.status === 'ready' && bureaus.status !== 'loading';
  const failed = reportState.status === 'error' ? reportState.error : state.status === 'error' ? state.error : null;
  const retry = () => {
    loader?.refetch();
    reportLoader?.refetch();
  };
  return (
    <main className="page history-page">
      {failed && <ReportLoadError error={failed} onRetry={retry} />}
      {!failed && !ready && <LoadingState label="正在加载历史记录…" rows={3} />}
      {!failed && ready && report && (
        <>
          <OfficePageHeader
            report={report}
            current="history"
            heading="历史记录"
            today={today}
            aside={
              <span className="history-page__live">
                <span className="history-page__dot" aria-hidden="true" />
                实时更新
              </span>
            }
          />
          <div className="history-page__toolbar">
            <HistoryFilters value={filter} onChange={setFilter} sections={options} counts={counts} />
            {state.refreshError && (
              <span className="history-page__stale" role="status">
                显示的是上次获取的记录（{state.refreshError.message}）
              </span>
            )}
            <span className="history-page__shown" data-testid="history-count">
              共 {shown.length} 条
            </span>
          </div>
          {shown.length > 0 ? (
            <HistoryList reportId={report.id} entries={shown} context={context} now={new Date(now)} />
          ) : (
            <EmptyState
              title={all.length === 0 ? '还没有操作记录' : '没有符合条件的记录'}
              message={all.length === 0 ? '提交、审核、调整大纲和定稿后，会在这里留下记录。' : '换一个章节或类型试试。'}
            >
              {all.length > 0 && (
                <button type="button" className="button" onClick={() => setFilter(EVERYTHING)}>
                  显示全部记录
                </button>
              )}
            </EmptyState>
          )}
          <p className="history-page__note">记录提交、退回、通过、分配、大纲调整、批注与批示、合稿与定稿等操作；正文的逐字修改不在此列出。删除的章节可在此查看删除时的内容。</p>
        </>
      )}
    </main>
  );
}
