import { useCallback, useMemo } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ReportLoadState } from '../components/ReportLoadState';
import { OfficePageHeader } from '../components/office/OfficePageHeader';
import { OutlineList } from '../components/office/OutlineList';
import { ConfirmDialog } from '../components/workspace/ConfirmDialog';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveReport } from '../hooks/useLiveReport';
import { applyReportEvent } from '../report/applyReportEvent';
import { useMe } from '../hooks/useMe';
import { useReportEvents } from '../hooks/useReportEvents';
import { useToday } from '../hooks/useToday';
import { outlineAccess } from '../hooks/office/officeAccess';
import { buildOutlineTree } from '../hooks/office/outlineTree';
import { useBureaus } from '../hooks/office/useBureaus';
import { useOutlineEditor } from '../hooks/office/useOutlineEditor';
import './OutlinePage.css';

/**
 * 大纲与分配: the report's outline as a numbered tree. The secretary renames, numbers, reorders,
 * nests, adds and deletes sections and assigns them (承办部门, 截止, 写作要求); numbers follow from the
 * server after each change. Everyone else sees the same outline read-only.
 */
export function OutlinePage({ id }: { id: string }) {
  const me = useMe();
  const today = useToday();
  const { state, loader } = useLiveReport(id);
  const report = state.status === 'ready' ? state.data : null;
  useDocumentTitle(report ? `大纲与分配 - ${report.title}` : '大纲与分配');
  useReportEvents(id, (event) => applyReportEvent(loader, event));
  const refetch = useCallback(() => loader?.refetch(), [loader]);
  const editor = useOutlineEditor(id, refetch);
  const bureaus = useBureaus();
  const tree = useMemo(() => (report ? buildOutlineTree(report.sections) : null), [report]);
  const access = report ? outlineAccess(me, report.status) : null;
  const editable = access?.allowed === true;
  const leafCount = tree ? tree.rows.filter((n) => n.children.length === 0).length : 0;

  return (
    <main className="page outline-page">
      <ReportLoadState state={state} loadingLabel="正在加载大纲…" onRetry={refetch} />
      {report && tree && (
        <>
          <OfficePageHeader report={report} current="outline" heading="大纲与分配" today={today} />

          <div className="outline-page__bar">
            <p className="outline-page__summary">
              共 {tree.rows.length} 节，其中 {leafCount} 节需撰写
              {editable && <span className="outline-page__hint">调整结构后编号自动更新；分配承办部门后，该部门即可编写</span>}
            </p>
            {editor.busy && (
              <span className="outline-page__saving" role="status">
                正在保存…
              </span>
            )}
          </div>

          {!editable && access && (
            <p className="outline-page__notice" data-testid="outline-readonly" role="note">
              只读：{access.reason}
            </p>
          )}
          {state.status === 'ready' && state.refreshError && (
            <p className="outline-page__notice outline-page__notice--warning" role="status">
              显示的是上次获取的大纲（{state.refreshError.message}）
            </p>
          )}
          {editable && bureaus.status === 'error' && (
            <p className="outline-page__notice outline-page__notice--warning" role="alert">
              部门列表加载失败：{bureaus.error.message}
              <button type="button" className="outline-page__link" onClick={bureaus.reload}>
                重试
              </button>
            </p>
          )}
          {editor.error && (
            <p className="outline-page__notice outline-page__notice--error" data-testid="outline-error" role="alert">
              {editor.error}
              <button type="button" className="outline-page__link" onClick={editor.dismissError}>
                知道了
              </button>
            </p>
          )}

          {tree.rows.length === 0 ? (
            <EmptyState title="大纲为空" message={editable ? '添加第一个章节，开始编排大纲。' : '办公室编排大纲后，章节将显示在这里。'} />
          ) : (
            <OutlineList tree={tree} editable={editable} bureaus={bureaus.status === 'ready' ? bureaus.data : []} editor={editor} today={today} />
          )}
          {editable && (
            <button type="button" className="button outline-page__add" data-testid="outline-add-top" disabled={editor.busy} onClick={() => void editor.add(null, 'sibling')}>
              ＋ 添加一级章节
            </button>
          )}

          {editor.pendingDelete && (
            <ConfirmDialog
              title={`删除“${editor.pendingDelete.label}”？`}
              messages={editor.pendingDelete.messages}
              confirmLabel="删除"
              cancelLabel="取消"
              onConfirm={() => void editor.confirmDelete()}
              onCancel={editor.cancelDelete}
            />
          )}
        </>
      )}
    </main>
  );
}
