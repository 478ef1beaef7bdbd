import { PlaceholderButton } from '../PlaceholderButton';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { EditorView } from 'prosemirror-view';
import type { Me, ReportDetail } from '../../api/types';
import { finalCloseMessage, type FinalDraftSession } from '../../collab/FinalDraftSession';
import type { SectionState } from '../../collab/sectionState';
import { compositionHoldPlugin } from '../../editor/compositionHold';
import { SectionEditor } from '../../editor/SectionEditor';
import { Toolbar } from '../../editor/Toolbar';
import { selectNextPlaceholder } from '../../editor/placeholders';
import { useSourceRuns } from '../../hooks/final/useSourceRuns';
import { useSectionCounts, useSectionSession } from '../../hooks/useSectionSession';
import { useFinalAuthorship } from '../../hooks/workspace/useAuthorship';
import { AuthorshipCard } from '../workspace/AuthorshipCard';
import { AuthorshipLegend } from '../workspace/AuthorshipLegend';
import { AuthorshipToggle } from '../workspace/AuthorshipToggle';
import { ConnectionPill } from '../workspace/ConnectionPill';
import { predictFinalAccess } from './finalControls';
import { GongwenTitle } from './GongwenTitle';
import { SourceGutter } from './SourceGutter';
import type { SourceLabel } from './sourceRuns';

/** Props of {@link FinalEditor}. */
export interface FinalEditorProps {
  final: FinalDraftSession;
  report: Pick<ReportDetail, 'id' | 'title' | 'status'>;
  me: Me;
  labels: ReadonlyMap<string, SourceLabel>;
}

/**
 * The final draft (合稿) as an official document page, bound to `final-<reportId>`: writable only
 * when the server says so (the secretary while 合稿中), read-only at once when it says otherwise
 * (e.g. on 定稿). Each stretch of blocks is labelled in the margin with the section it came from.
 */
export function FinalEditor({ final, report, me, labels }: FinalEditorProps) {
  const state = useSectionSession(final.session);
  const { chars, placeholders } = useSectionCounts(final.session);
  const [view, setView] = useState<EditorView | null>(null);
  const reportId = report.id;
  const authorship = useFinalAuthorship(reportId, final.session.doc, state.mode !== 'write');
  // IME compositions hold the sync both ways until they end (see compositionHold).
  const editorPlugins = useMemo(() => [...authorship.plugins, compositionHoldPlugin(final.session.holdRemote)], [authorship.plugins, final]);
  const body = useRef<HTMLDivElement>(null);
  const doc = useRef<HTMLDivElement>(null);
  const runs = useSourceRuns(view, body);
  const editable = state.mode === 'write';

  const nextPlaceholder = useCallback(() => {
    if (view && !view.isDestroyed) selectNextPlaceholder(view);
  }, [view]);

  return (
    <section
      className="final-editor"
      data-testid="final-editor"
      data-doc-name={final.session.docName}
      data-mode={state.mode}
      data-synced={String(state.synced)}
      aria-label="合稿"
    >
      <div className="final-editor__bar">
        {editable ? <Toolbar view={view} editable={editable} /> : <ReadOnlyReason state={state} me={me} report={report} />}
        <span className="final-editor__tools">
          <AuthorshipToggle on={authorship.on} loading={authorship.loading} legendId="final-authors" onToggle={authorship.toggle} />
          <span className="final-editor__chars" data-testid="final-chars" data-count={chars}>
            全文 <strong>{chars.toLocaleString('zh-CN')}</strong> 字
          </span>
          <PlaceholderButton count={placeholders} onNext={nextPlaceholder} className="final-editor__placeholders" testId="final-placeholders" />
          <ConnectionPill status={state.status} />
        </span>
      </div>
      {state.closed && (
        <p className="final-panel__error final-editor__closed" role="alert">
          {finalCloseMessage(state.closed.code)}
        </p>
      )}
      {authorship.on && <AuthorshipLegend id="final-authors" load={authorship} className="final-editor__legend" />}
      <div className="final-editor__body" ref={body}>
        <SourceGutter reportId={reportId} runs={runs} labels={labels} />
        <div className="final-paper">
          <div className="final-doc final-doc--positioned" ref={doc}>
            <GongwenTitle title={report.title} />
            <SectionEditor
              fragment={final.session.fragment}
              awareness={final.session.awareness}
              editable={editable}
              sectionId="final"
              onView={setView}
              onFocusChange={(focused) => final.session.setFocus(focused)}
              placeholder="合稿为空"
              extraPlugins={editorPlugins}
            />
            {authorship.active && <AuthorshipCard active={authorship.active} containerRef={doc} onClose={authorship.close} />}
          </div>
        </div>
      </div>
    </section>
  );
}

/** Why the final draft cannot be edited here; before the server has said, the rule's prediction. */
function ReadOnlyReason({ state, me, report }: { state: SectionState; me: Me; report: Pick<ReportDetail, 'status'> }) {
  let reason = state.reason;
  if (!state.accessKnown) {
    const predicted = predictFinalAccess(me, report);
    reason = predicted.mode === 'read' ? predicted.reason : state.status === 'offline' ? '离线，暂时无法确认编辑权限' : '正在连接，稍后即可编辑';
  }
  return (
    <span className="final-editor__readonly" data-testid="final-readonly-reason">
      只读：{reason || '暂不可编辑'}
    </span>
  );
}
