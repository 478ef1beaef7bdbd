import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { ErrorState } from './components/ErrorState';
import { useSession } from './hooks/useSession';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReportListPage } from './pages/ReportListPage';
import { ReportPage } from './pages/ReportPage';
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
          {route.name === 'report' && <ReportPage key={route.id} id={route.id} />}
          {route.name === 'notFound' && <NotFoundPage />}
        </>
      );
  }
}
