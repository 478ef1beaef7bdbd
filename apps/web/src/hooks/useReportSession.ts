import { useEffect, useState } from 'react';
import { api } from '../api/api';
import type { Me, ReportDetail } from '../api/types';
import { ReportSession } from '../collab/ReportSession';

/**
 * The collaboration session of an open report: created when the report is first shown, kept
 * across refetches (which only add or remove section documents), destroyed on leaving. Created in
 * an effect, so StrictMode's double mount destroys the first one before it connects.
 */
export function useReportSession(report: ReportDetail | null, me: Me): ReportSession | null {
  const [session, setSession] = useState<ReportSession | null>(null);
  const reportId = report?.id ?? null;

  useEffect(() => {
    if (reportId === null) return;
    const next: ReportSession = new ReportSession({
      me,
      // A 4401 close: an authenticated request tells whether the login expired (the session store
      // then shows the login page with 登录已失效) or the socket just needs to try again.
      onUnauthenticated: () => {
        api.getReport(reportId).then(
          () => next.reconnectUnauthenticated(),
          () => undefined,
        );
      },
    });
    setSession(next);
    return () => {
      next.destroy();
      setSession(null);
    };
    // `me` is fixed for the lifetime of the signed-in app; its id is enough to detect a change.
  }, [reportId, me.id]);

  useEffect(() => {
    if (session && report) session.update(report);
  }, [session, report]);

  return session;
}
