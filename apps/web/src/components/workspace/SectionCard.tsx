import { effectiveDueDate, isHandedIn } from '@hegao/domain';
import { memo, useCallback, useMemo, useRef, useState, type FocusEvent } from 'react';
import type { EditorView } from 'prosemirror-view';
import { fragmentToText } from '@hegao/schema';
import type { Me, ReportSection, ReportStatus } from '../../api/types';
import type { ReportSession } from '../../collab/ReportSession';
import type { SectionSession } from '../../collab/SectionSession';
import type { SectionState } from '../../collab/sectionState';
import { compositionHoldPlugin } from '../../editor/compositionHold';
import { SectionEditor } from '../../editor/SectionEditor';
import { Toolbar } from '../../editor/Toolbar';
import { selectNextPlaceholder } from '../../editor/placeholders';
import { useSectionComments } from '../../hooks/review/useSectionComments';
import { useSectionPresence } from '../../hooks/usePresence';
import { useCopyText } from '../../hooks/useCopyText';
import { useSectionSession } from '../../hooks/useSectionSession';
import { useSectionAuthorship } from '../../hooks/workspace/useAuthorship';
import { maySubmit, readOnlyReason } from '../../model/access';
import { isAssignedTo } from '../../model/outline';
import { BureauTag } from '../BureauTag';
import { CommentsPanel } from '../comments/CommentsPanel';
import { CommentsToggle } from '../comments/CommentsToggle';
import { NewCommentButton } from '../comments/NewCommentButton';
import { ReturnReason } from '../review/ReturnReason';
import { ReviewControls } from '../review/ReviewControls';
import { SectionHistoryButton } from '../sectionHistory/SectionHistoryButton';
import { DueDate } from '../DueDate';
import { StatusBadge } from '../StatusBadge';
import { AuthorshipCard } from './AuthorshipCard';
import { AuthorshipLegend } from './AuthorshipLegend';
import { AuthorshipToggle } from './AuthorshipToggle';
import { LastEdit } from './LastEdit';
import { SectionPresence } from './PresenceList';
import { SectionCounts } from './SectionCounts';
import { sectionAnchor } from './SectionHeading';
import { SubmitButton } from './SubmitButton';
import './SectionCard.css';

/** Props of {@link SectionCard}. */
export interface SectionCardProps {
  section: ReportSection;
  reportStatus: ReportStatus;
  /** The report's due date: a section without its own is due then. */
  reportDueDate: string | null;
  session: SectionSession;
  reportSession: ReportSession;
  me: Me;
  today: Date;
  /** Receives the section's editor view (null when it goes), for 目录 clicks. */
  onView: (sectionId: string, view: EditorView | null) => void;
  /** The server changed the section (提交, 通过, 退回) and answered it, shown alone. */
  onSubmitted: (section: ReportSection) => void;
  /** The server refused an action (提交, 通过, 退回): the page's copy of the report may be stale, so refetch it. */
  onRefused: () => void;
}

/**
 * One section that holds text: its facts (bureaus, state, deadline, 写作要求, 退回理由), the editor
 * bound to its document, counts, 提交, the office's review (通过 / 退回 / 重新打开) and the 批注
 * side panel. Re-renders on its own document's state only, never on another section's keystrokes.
 */
export const SectionCard = memo(function SectionCard(props: SectionCardProps) {
  const { section, reportStatus, reportDueDate, session, reportSession, me, today, onView, onSubmitted, onRefused } = props;
  const dueDate = effectiveDueDate(section, { dueDate: reportDueDate });
  const id = section.id;
  const state = useSectionSession(session);
  const here = useSectionPresence(reportSession, id);
  const [view, setView] = useState<EditorView | null>(null);
  const [focused, setFocused] = useState(false);
  const comments = useSectionComments(section, view);
  const authorship = useSectionAuthorship(id, session.doc, state.mode !== 'write');
  const editorBoxRef = useRef<HTMLDivElement>(null);
  // Read once when the editor is created; the session is this card's for its whole life.
  const editorPlugins = useMemo(
    () => [...comments.plugins, ...authorship.plugins, compositionHoldPlugin(session.holdRemote)],
    [comments.plugins, authorship.plugins, session],
  );
  const panelId = `${sectionAnchor(id)}-comments`;
  const legendId = `${sectionAnchor(id)}-authors`;

  const editable = state.mode === 'write';
  const mine = isAssignedTo(section, me.bureau?.id);
  const finished = isHandedIn(section.status);

  const handleView = useCallback(
    (next: EditorView | null) => {
      setView(next);
      onView(id, next);
    },
    [id, onView],
  );
  const handleEditorFocus = useCallback((focus: boolean) => session.setFocus(focus), [session]);
  const handleNextPlaceholder = useCallback(() => {
    if (view && !view.isDestroyed) selectNextPlaceholder(view);
  }, [view]);

  // The toolbar shows while focus is in the editor, on the toolbar or on the counts beside it (待填数据
  // puts the caret back in the text; hiding the toolbar on its mousedown would unstick the bar and
  // move the button away before the mouseup, losing the click); not for the card's other buttons
  // (退回, 通过, 提交, 批注), whose click must not move the card under the pointer.
  const handleFocus = (event: FocusEvent<HTMLElement>) =>
    setFocused(Boolean((event.target as Element).closest?.('.section-card__editor, .hg-toolbar, .section-card__tools')));
  const handleBlur = (event: FocusEvent<HTMLElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(false);
  };

  const classes = ['section-card'];
  if (mine) classes.push('section-card--mine');
  if (focused && editable) classes.push('section-card--focused');

  return (
    <article
      className={classes.join(' ')}
      id={sectionAnchor(id)}
      data-testid="section"
      data-section-id={id}
      data-doc-name={section.docName}
      data-status={section.status}
      data-mode={state.mode}
      data-synced={String(state.synced)}
      {...(mine ? { 'data-mine': 'true' } : {})}
      onFocus={handleFocus}
      onBlur={handleBlur}
      aria-labelledby={`${sectionAnchor(id)}-title`}
    >
      <header className="section-card__header">
        <h3 className="section-card__title" id={`${sectionAnchor(id)}-title`} data-testid="section-title">
          <span className="section-card__number">{section.number}</span>
          {section.title}
        </h3>
        <div className="section-card__meta">
          {section.bureaus.map((bureau) => (
            <BureauTag key={bureau.id} name={bureau.name} own={bureau.id === me.bureau?.id} />
          ))}
          <StatusBadge kind="section" status={section.status} />
          {dueDate && <DueDate dueDate={dueDate} today={today} finished={finished} />}
          <SectionPresence users={here} />
          <span className="section-card__comment-tools">
            <SectionHistoryButton sectionId={id} label={`${section.number}${section.title}`} canRestore={editable} />
            <AuthorshipToggle on={authorship.on} loading={authorship.loading} legendId={legendId} onToggle={authorship.toggle} />
            <NewCommentButton enabled={comments.canStartDraft} leader={me.role === 'leader'} onClick={comments.startDraft} />
            <CommentsToggle count={comments.openCount} open={comments.panelOpen} panelId={panelId} onToggle={comments.togglePanel} />
          </span>
        </div>
      </header>

      {section.instruction && (
        <p className="section-card__instruction">
          <span className="section-card__label">写作要求</span>
          {section.instruction}
        </p>
      )}
      {section.status === 'returned' && section.returnReason && <ReturnReason reason={section.returnReason} />}

      <div className={editable && focused ? 'section-card__bar section-card__bar--sticky' : 'section-card__bar'}>
        {editable ? (
          focused ? (
            <Toolbar view={view} editable={editable} />
          ) : (
            <span className="section-card__hint">点击正文即可编辑{state.status === 'offline' ? '，离线修改将在联网后自动同步' : ''}</span>
          )
        ) : (
          <ReadOnlyReason state={state} section={section} reportStatus={reportStatus} me={me} />
        )}
        <span className="section-card__tools">
          <SectionCounts session={session} instruction={section.instruction} onNextPlaceholder={handleNextPlaceholder} />
        </span>
      </div>

      {authorship.on && <AuthorshipLegend id={legendId} load={authorship} showDeleted={authorship.showDeleted} onToggleDeleted={authorship.toggleDeleted} />}

      {state.closed && (
        <p className="section-card__error" role="alert">
          {state.closed.message}
        </p>
      )}
      {state.unsaved && !editable && <UnsavedNotice session={session} reason={state.reason} />}

      <div className={comments.panelOpen ? 'section-card__body section-card__body--with-panel' : 'section-card__body'}>
        <div className="section-card__editor" ref={editorBoxRef}>
          <SectionEditor
            fragment={session.fragment}
            awareness={session.awareness}
            editable={editable}
            sectionId={id}
            onView={handleView}
            onFocusChange={handleEditorFocus}
            placeholder="在此撰写本节内容…"
            extraPlugins={editorPlugins}
          />
          {authorship.active && <AuthorshipCard active={authorship.active} containerRef={editorBoxRef} onClose={authorship.close} />}
        </div>
        {comments.panelOpen && <CommentsPanel id={panelId} comments={comments} section={section} me={me} view={view} />}
      </div>

      <footer className="section-card__footer">
        {section.lastEdit ? <LastEdit edit={section.lastEdit} /> : <span className="section-card__muted">尚无编辑记录</span>}
        {maySubmit(me, reportStatus, section) && <SubmitButton section={section} session={session} onSubmitted={onSubmitted} onRefused={onRefused} />}
        <ReviewControls section={section} reportStatus={reportStatus} me={me} session={session} onChanged={onSubmitted} onRefused={onRefused} />
      </footer>
    </article>
  );
}, sameCardProps);

/**
 * Edits made here that the server refused (typed offline while a colleague submitted the section):
 * they stay in this browser, in the editor and in IndexedDB, and reach the server if the section
 * becomes writable again. Meanwhile the user is told, and can copy the text to pass it on.
 */
function UnsavedNotice({ session, reason }: { session: SectionSession; reason: string }) {
  const [copied, copy] = useCopyText();
  return (
    <div className="section-card__unsaved" role="alert" data-testid="section-unsaved">
      <span>
        您在本机的部分修改未能保存到服务器{reason ? `（${reason}）` : ''}。这些文字仍保留在本机浏览器中，本节重新可编辑时会自动保存；也可复制后交办公室处理。
      </span>
      <button type="button" className="button" data-testid="section-unsaved-copy" onClick={() => copy(fragmentToText(session.fragment))}>
        复制本节文字
      </button>
      {copied === 'copied' && <span className="section-card__muted">已复制</span>}
      {copied === 'failed' && <span className="section-card__muted">无法访问剪贴板，请手动选中文字复制</span>}
    </div>
  );
}

/** Why the section cannot be edited here (model/access.ts decides the words). */
function ReadOnlyReason({ state, section, reportStatus, me }: { state: SectionState; section: ReportSection; reportStatus: ReportStatus; me: Me }) {
  return (
    <span className="section-card__readonly" data-testid="section-readonly-reason">
      只读：{readOnlyReason(me, reportStatus, section, state)}
    </span>
  );
}

/** Refetches give every section a new object; re-render only when something shown changed. */
function sameCardProps(a: SectionCardProps, b: SectionCardProps): boolean {
  return (
    a.session === b.session &&
    a.reportSession === b.reportSession &&
    a.reportStatus === b.reportStatus &&
    a.reportDueDate === b.reportDueDate &&
    a.me === b.me &&
    a.today === b.today &&
    a.onView === b.onView &&
    a.onSubmitted === b.onSubmitted &&
    a.onRefused === b.onRefused &&
    (a.section === b.section || JSON.stringify(a.section) === JSON.stringify(b.section))
  );
}
