import { useEffect, useState } from 'react';
import { CLOSE } from '@hegao/collab/protocol';
import { api } from '../../api/api';
import type { Me } from '../../api/types';
import { FinalDraftSession } from '../../collab/FinalDraftSession';

/**
 * The final draft's collaboration session while the report has one (`finalDocName` non-null; before
 * the first merge the document does not exist). Created in an effect, so StrictMode's double mount
 * destroys the first one before it connects; a new docName opens a new session.
 */
export function useFinalDraftSession(reportId: string, finalDocName: string | null, me: Pick<Me, 'id'>): FinalDraftSession | null {
  const [session, setSession] = useState<FinalDraftSession | null>(null);
  const userId = me.id;

  useEffect(() => {
    if (!finalDocName) return;
    const next: FinalDraftSession = new FinalDraftSession({
      docName: finalDocName,
      userId,
      // A 4401 close: an authenticated request tells whether the login expired (the session store then
      // shows the login page with 登录已失效) or the socket just needs to try again.
      onClosed: (code) => {
        if (code !== CLOSE.unauthenticated) return;
        api.getReport(reportId).then(
          () => next.reconnect(),
          () => undefined,
        );
      },
    });
    setSession(next);
    return () => {
      next.destroy();
      setSession(null);
    };
  }, [reportId, finalDocName, userId]);

  return session && session.session.docName === finalDocName ? session : null;
}
