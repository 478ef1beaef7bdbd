import { useCallback, useState } from 'react';
import { toApiError } from '../../api/ApiError';
import { officeClient } from './officeClient';

/** The office's 催办 of one section: in flight, what came of the last press. */
export interface Remind {
  busy: boolean;
  /** The server's refusal (e.g. within the hour: when it may be done again), else null. */
  error: string | null;
  /** How many writers the last press told, else null. */
  notified: number | null;
  remind: () => void;
}

/** Posts 催办 for a section; the board refetches on the report event that follows. */
export function useRemind(sectionId: string): Remind {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notified, setNotified] = useState<number | null>(null);
  const remind = useCallback(() => {
    setBusy(true);
    setError(null);
    setNotified(null);
    officeClient
      .remindSection(sectionId)
      .then((done) => setNotified(done.notified))
      .catch((e: unknown) => setError(toApiError(e).message))
      .finally(() => setBusy(false));
  }, [sectionId]);
  return { busy, error, notified, remind };
}
