import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { ErrorState } from './components/ErrorState';
import { useSession } from './hooks/useSession';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReportListPage } from './pages/ReportListPage';
import { BoardPage } from './pages/BoardPage';
import { FinalDraftPage } from './pages/FinalDraftPage';
import { HistoryPage } from './pages/HistoryPage';
import { ImportPage } from './pages/ImportPage';
import { NewReportPage } from './pages/NewReportPage';
import { OutlinePage } from './pages/OutlinePage';
import { ReportPage } from './pages/ReportPage';
import { VersionPage } from './pages/VersionPage';
import { useRoute } from './router/useRoute';
import { session } from './session/session';
import './App.css';

/** Root: the login page until signed in, then the page the hash route names. */
export function App() {
  const state = useSession();
  const route = useRoute();

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [route]);

  switch (state.status) {
    case 'loading':
      return (
        <div className="app-splash" role="status" aria-live="polite">
          <span className="app-splash__spinner" aria-hidden="true" />
          <span>正在加载…</span>
        </div>
      );
    case 'error':
      return (
        <main className="page app-error">
          <ErrorState title="无法连接合稿" message={state.message} onRetry={() => void session.load()} />
        </main>
      );
    case 'signedOut':
      return <LoginPage notice={state.notice} />;
    case 'signedIn':
      return (
        <>
          <AppHeader />
          {route.name === 'reports' && <ReportListPage />}
          {route.name === 'newReport' && <NewReportPage />}
          {route.name === 'importReport' && <ImportPage />}
          {route.name === 'report' && <ReportPage key={route.id} id={route.id} sectionId={route.sectionId} />}
          {route.name === 'outline' && <OutlinePage key={route.id} id={route.id} />}
          {route.name === 'board' && <BoardPage key={route.id} id={route.id} />}
          {route.name === 'history' && <HistoryPage key={route.id} id={route.id} />}
          {route.name === 'final' && <FinalDraftPage key={route.id} id={route.id} />}
          {route.name === 'version' && <VersionPage key={`${route.id}/${route.version}`} id={route.id} version={route.version} compare={route.compare} />}
          {route.name === 'notFound' && <NotFoundPage />}
        </>
      );
  }
}
