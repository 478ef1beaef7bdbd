import { useCallback, useMemo, useRef, useSyncExternalStore } from 'react';
import type { EditorView } from 'prosemirror-view';
import type { ReportSection } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { PageNav } from '../components/PageNav';
import { ReportLoadState } from '../components/ReportLoadState';
import { OutlineNav } from '../components/workspace/OutlineNav';
import { ReportHeader } from '../components/workspace/ReportHeader';
import { SectionCard } from '../components/workspace/SectionCard';
import { SectionHeading, sectionAnchor } from '../components/workspace/SectionHeading';
import { useCurrentSection } from '../hooks/useCurrentSection';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveReport } from '../hooks/useLiveReport';
import { applyReportEvent } from '../report/applyReportEvent';
import { useMe } from '../hooks/useMe';
import { useReportEvents } from '../hooks/useReportEvents';
import { useReportSession } from '../hooks/useReportSession';
import { useToday } from '../hooks/useToday';
import { usePlaceholderTour } from '../hooks/workspace/usePlaceholderTour';
import { useRefetchOnReconnect } from '../hooks/workspace/useRefetchOnReconnect';
import { useSectionJump } from '../hooks/workspace/useSectionJump';
import { layoutOutline } from '../model/outline';
import { REPORTS_HREF } from '../router/route';
import './ReportPage.css';
import { StreamNotice } from '../components/StreamNotice';

const noop = () => () => undefined;

/** The report workspace: header, 目录, and every section with its live editor. */
export function ReportPage({ id, sectionId }: { id: string; sectionId?: string | undefined }) {
  const me = useMe();
  const today = useToday();
  const { state, loader } = useLiveReport(id);
  const report = state.status === 'ready' ? state.data : null;
  const session = useReportSession(report, me);
  // Re-render when section documents are opened or closed (after an outline change).
  const sessions = useSyncExternalStore(session?.sessions.subscribe ?? noop, session?.sessions.get ?? (() => null));
  useDocumentTitle(report ? report.title : '报告');

  useReportEvents(id, (event) => applyReportEvent(loader, event));
  // Events sent while the sockets were away were missed: the states shown must be current once back.
  const refetch = useCallback(() => loader?.refetch(), [loader]);
  useRefetchOnReconnect(session, loader ? refetch : null);

  const rows = useMemo(() => (report ? layoutOutline(report.sections) : []), [report]);
  const leaves = useMemo(() => rows.filter((r) => r.isLeaf).map((r) => r.section), [rows]);
  const rowIds = useMemo(() => rows.map((r) => r.section.id), [rows]);
  const currentId = useCurrentSection(rowIds);
  const sectionLabels = useMemo(() => new Map(rows.map((r) => [r.section.id, `${r.section.number}${r.section.title}`])), [rows]);

  const views = useRef(new Map<string, EditorView>());
  const handleSelect = useCallback((sectionId: string) => {
    // Focus first: a focus that scrolls would otherwise cut the smooth scroll short.
    const view = views.current.get(sectionId);
    if (view && !view.isDestroyed) view.focus();
    document.getElementById(sectionAnchor(sectionId))?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, []);
  const handleView = useCallback((viewSectionId: string, view: EditorView | null) => {
    if (view) views.current.set(viewSectionId, view);
    else views.current.delete(viewSectionId);
  }, []);
  const settled = useSyncExternalStore(session?.settled.subscribe ?? noop, session?.settled.get ?? (() => false));
  useSectionJump(sectionId, settled, handleSelect);
  const handleNextPlaceholder = usePlaceholderTour(leaves, sessions, views);
  const handleSubmitted = useCallback(
    (section: ReportSection) => {
      loader?.patchSection(section);
      loader?.refetch();
    },
    [loader],
  );

  return (
    <main className="page report-page">
      <PageNav backHref={REPORTS_HREF} backLabel="返回报告列表" refreshError={state.status === 'ready' ? state.refreshError : null} />
      <StreamNotice reportId={id} />

      <ReportLoadState state={state} loadingLabel="正在加载报告…" onRetry={() => loader?.refetch()} />
      {report && (
        <>
          <ReportHeader report={report} leaves={leaves} session={session} sectionLabels={sectionLabels} today={today} onNextPlaceholder={handleNextPlaceholder} />
          {rows.length === 0 ? (
            <EmptyState title="暂无章节" message="办公室编排大纲后，章节将显示在这里。" />
          ) : (
            <div className="workspace">
              <aside className="workspace__sidebar">
                <OutlineNav rows={rows} ownBureauId={me.bureau?.id} currentId={currentId} onSelect={handleSelect} />
              </aside>
              <div className="workspace__main">
                {rows.map(({ section, depth, isLeaf }) => {
                  const sectionId = section.id;
                  if (!isLeaf) return <SectionHeading key={sectionId} section={section} depth={depth} />;
                  const sectionSession = sessions?.get(sectionId);
                  if (!session || !sectionSession) return <SectionPlaceholder key={sectionId} section={section} />;
                  return (
                    <SectionCard
                      key={sectionId}
                      section={section}
                      reportStatus={report.status}
                      reportDueDate={report.dueDate}
                      session={sectionSession}
                      reportSession={session}
                      me={me}
                      today={today}
                      onView={handleView}
                      onSubmitted={handleSubmitted}
                      onRefused={refetch}
                    />
                  );
                })}
              </div>
            </div>
          )}
        </>
      )}
    </main>
  );
}

/** A section whose document is being opened (one render at most). */
function SectionPlaceholder({ section }: { section: ReportSection }) {
  return (
    <div className="section-card section-card--pending" id={sectionAnchor(section.id)} aria-busy="true">
      <h3 className="section-card__title">
        {section.number}
        {section.title}
      </h3>
      <span className="section-card__muted">正在打开…</span>
    </div>
  );
}
