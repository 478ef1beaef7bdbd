import { useMemo, useState } from 'react';
import { LoadingState } from '../components/LoadingState';
import { ReportLoadError } from '../components/ReportLoadState';
import { BoardFilter } from '../components/office/BoardFilter';
import { BoardSummary } from '../components/office/BoardSummary';
import { BoardTable } from '../components/office/BoardTable';
import { OfficePageHeader } from '../components/office/OfficePageHeader';
import { useClock } from '../hooks/useClock';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveReport } from '../hooks/useLiveReport';
import { useReportEvents } from '../hooks/useReportEvents';
import { useToday } from '../hooks/useToday';
import { ancestorNumbers, boardBureaus, countRows, filterRows, sortRows, toggleSort, type BoardFilterValue as Filter, type BoardSort } from '../hooks/office/boardView';
import { useBureaus } from '../hooks/office/useBureaus';
import { mayRemind } from '../hooks/office/remind';
import { useMe } from '../hooks/useMe';
import type { BoardRow } from '../api/officeApi';
import { useLiveBoard } from '../hooks/office/useLiveBoard';
import './BoardPage.css';
import { StreamNotice } from '../components/StreamNotice';

const OUTLINE_ORDER: BoardSort = { key: 'outline', dir: 'asc' };

/**
 * 进度看板: every written section with its bureaus, state, 字数, unfilled placeholders, last edit and
 * deadline; filtered by bureau, sortable, and refetched on every event of the report, so it follows
 * typing, submissions and reassignments live.
 */
export function BoardPage({ id }: { id: string }) {
  const today = useToday();
  const now = useClock();
  const { state: reportState, loader: reportLoader } = useLiveReport(id);
  const { state, loader } = useLiveBoard(id);
  const report = reportState.status === 'ready' ? reportState.data : null;
  useDocumentTitle(report ? `进度看板 - ${report.title}` : '进度看板');
  useReportEvents(id, () => {
    loader?.refetch();
    reportLoader?.refetch();
  });
  const [filter, setFilter] = useState<Filter>('');
  const [sort, setSort] = useState<BoardSort>(OUTLINE_ORDER);

  const all = useMemo(() => (state.status === 'ready' ? state.data.sections : []), [state]);
  const shown = useMemo(() => sortRows(filterRows(all, filter), sort), [all, filter, sort]);
  const counts = useMemo(() => countRows(filterRows(all, filter)), [all, filter]);
  const bureaus = useMemo(() => boardBureaus(all), [all]);
  const bureauList = useBureaus();
  const bureauData = bureauList.status === 'ready' ? bureauList.data : null;
  const colors = useMemo(() => new Map((bureauData ?? []).map((b) => [b.id, b.color])), [bureauData]);
  const context = useMemo(() => ancestorNumbers(report?.sections ?? []), [report]);
  const me = useMe();
  const reportStatus = report?.status ?? null;
  // The 催办 column only for someone who may remind here at all (the office, report still being written).
  const remindable = useMemo(() => {
    if (reportStatus === null || !all.some((row) => mayRemind(me, reportStatus, row))) return undefined;
    return (row: BoardRow) => mayRemind(me, reportStatus, row);
  }, [me, reportStatus, all]);

  const failed = reportState.status === 'error' ? reportState.error : state.status === 'error' ? state.error : null;
  return (
    <main className="page board-page">
      <StreamNotice reportId={id} />
      {failed && (
        <ReportLoadError
          error={failed}
          onRetry={() => {
            loader?.refetch();
            reportLoader?.refetch();
          }}
        />
      )}
      {!failed && (!report || state.status !== 'ready') && <LoadingState label="正在加载进度看板…" rows={2} />}
      {!failed && report && state.status === 'ready' && (
        <>
          <OfficePageHeader
            report={report}
            current="board"
            heading="进度看板"
            today={today}
            aside={
              <span className="board-page__live">
                <span className="board-page__dot" aria-hidden="true" />
                实时更新
              </span>
            }
          />
          <BoardSummary counts={counts} />
          <div className="board-page__toolbar">
            <BoardFilter bureaus={bureaus} value={filter} onChange={setFilter} hasUnassigned={all.some((r) => r.bureaus.length === 0)} />
            {sort.key !== 'outline' || sort.dir !== 'asc' ? (
              <button type="button" className="board-page__reset" onClick={() => setSort(OUTLINE_ORDER)}>
                恢复大纲顺序
              </button>
            ) : null}
            {state.refreshError && (
              <span className="board-page__stale" role="status">
                显示的是上次获取的数据（{state.refreshError.message}）
              </span>
            )}
          </div>
          <BoardTable
            rows={shown}
            sort={sort}
            onSort={(key) => setSort((s) => toggleSort(s, key))}
            now={now}
            context={context}
            colors={colors}
            {...(remindable ? { remindable } : {})}
          />
          <p className="board-page__note">字数不计空格；“未填数据”统计正文中待填写的数字占位（如“同比增长X%”）。截止日期按北京时间计算。</p>
        </>
      )}
    </main>
  );
}
