import { useCallback, useMemo, useReducer } from 'react';
import { EmptyState } from '../components/EmptyState';
import { PageNav } from '../components/PageNav';
import { ExportButtons } from '../components/export/ExportButtons';
import { ReportLoadState } from '../components/ReportLoadState';
import { FinalEditor } from '../components/final/FinalEditor';
import { FinalHeader } from '../components/final/FinalHeader';
import { LockControls } from '../components/final/LockControls';
import { LockedBanner } from '../components/final/LockedBanner';
import { MergePanel } from '../components/final/MergePanel';
import { MergeResult } from '../components/final/MergeResult';
import { OfficeEdits } from '../components/final/OfficeEdits';
import { VersionList } from '../components/final/VersionList';
import { finalControls } from '../components/final/finalControls';
import { formatDateTime, personName } from '../components/final/formatTime';
import { sourceLabels } from '../components/final/sourceRuns';
import { errorOf } from '../hooks/final/finalActionsState';
import { useFinalActions } from '../hooks/final/useFinalActions';
import { useFinalDraftSession } from '../hooks/final/useFinalDraftSession';
import { useVersions } from '../hooks/final/useVersions';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveReport } from '../hooks/useLiveReport';
import { applyReportEvent } from '../report/applyReportEvent';
import { useMe } from '../hooks/useMe';
import { useReportEvents } from '../hooks/useReportEvents';
import { REPORTS_HREF, reportHref } from '../router/route';
import '../components/final/FinalDraft.css';
import '../styles/gongwenPrint.css';
import { StreamNotice } from '../components/StreamNotice';

/**
 * 合稿 page `#/reports/:id/final`: the office merges the approved sections into one final draft,
 * edits it (transition sentences) and locks it as version N; everyone else reads it. The report and
 * its versions follow server events, and the editor turns read-only the moment the server says so.
 */
export function FinalDraftPage({ id }: { id: string }) {
  const me = useMe();
  const { state, loader } = useLiveReport(id);
  const report = state.status === 'ready' ? state.data : null;
  const [actionsDone, bumpActions] = useReducer((n: number) => n + 1, 0);
  useReportEvents(id, (event) => applyReportEvent(loader, event));
  useDocumentTitle(report ? `合稿 - ${report.title}` : '合稿');

  const onChanged = useCallback(() => {
    loader?.refetch();
    bumpActions();
  }, [loader]);
  const actions = useFinalActions(id, onChanged);
  const { resource: versionsResource, versions } = useVersions(id, `${report?.status ?? ''}|${report?.version ?? ''}|${actionsDone}`);
  const final = useFinalDraftSession(id, report?.finalDocName ?? null, me);

  const controls = useMemo(() => (report ? finalControls(me, report) : null), [me, report]);
  const labels = useMemo(() => sourceLabels(report?.sections ?? []), [report]);

  const currentVersion = report?.status === 'locked' ? report.version : null;
  const currentRecord = versions?.find((v) => v.version === currentVersion) ?? null;
  const lockedAnswer = actions.state.locked?.version === currentVersion ? actions.state.locked : null;
  const currentSha = currentRecord?.sha256 ?? lockedAnswer?.sha256 ?? null;

  return (
    <main className="page final-page">
      <PageNav backHref={report ? reportHref(report.id) : REPORTS_HREF} backLabel="返回报告" refreshError={state.status === 'ready' ? state.refreshError : null} />
      <StreamNotice reportId={id} />

      <ReportLoadState state={state} loadingLabel="正在加载合稿…" onRetry={() => loader?.refetch()} />

      {report && controls && (
        <>
          <FinalHeader
            report={report}
            actions={
              <>
                {report.finalDocName && (
                  <ExportButtons base={`/api/reports/${encodeURIComponent(report.id)}/final/export`} draft testId="final-export" />
                )}
                {controls.lock || controls.unlock ? (
                <LockControls
                  canLock={controls.lock}
                  canUnlock={controls.unlock}
                  version={report.version}
                  final={final}
                  busy={actions.state.busy}
                  lockError={errorOf(actions.state, 'lock')}
                  unlockError={errorOf(actions.state, 'unlock')}
                  onLock={() => void actions.lock()}
                  onUnlock={actions.unlock}
                  onClearError={actions.clearError}
                />
                ) : null}
              </>
            }
          />

          {controls.merge && (
            <MergePanel
              merge={controls.merge}
              pending={controls.pending}
              busy={actions.state.busy === 'merge'}
              error={errorOf(actions.state, 'merge')}
              onMerge={() => void actions.merge()}
            />
          )}

          {currentVersion !== null && (
            <LockedBanner
              reportId={report.id}
              version={currentVersion}
              sha256={currentSha}
              lockedBy={currentRecord ? personName(currentRecord.lockedBy) : null}
              lockedAt={currentRecord ? formatDateTime(currentRecord.lockedAt) : ''}
            />
          )}

          {controls.merge && actions.state.officeEdits && (
            <OfficeEdits
              // A new refusal (e.g. another section was edited meanwhile) starts the choices afresh.
              key={actions.state.officeEdits.edits.map((e) => e.sectionId).join('|')}
              message={actions.state.officeEdits.message}
              edits={actions.state.officeEdits.edits}
              labels={labels}
              busy={actions.state.busy === 'merge'}
              onConfirm={(resolve) => void actions.merge(resolve)}
              onCancel={actions.cancelOfficeEdits}
            />
          )}

          {actions.state.merged && <MergeResult result={actions.state.merged} labels={labels} onDismiss={actions.dismissMerge} />}

          <div className="final-layout">
            <div className="final-layout__main">
              {final ? (
                <FinalEditor final={final} report={report} me={me} labels={labels} />
              ) : (
                <EmptyState
                  title="尚未合稿"
                  message={
                    controls.merge
                      ? '全部章节审核通过后，点击上方“合稿”，将各章节按目录顺序合为一稿。'
                      : '各章节审核通过后，由办公室合稿。合稿后，全文将显示在这里。'
                  }
                />
              )}
            </div>
            <aside className="final-layout__side">
              <VersionList
                reportId={report.id}
                versions={versions}
                current={currentVersion}
                error={versionsResource.status === 'error' ? versionsResource.error : null}
                onRetry={versionsResource.reload}
              />
            </aside>
          </div>
        </>
      )}
    </main>
  );
}
