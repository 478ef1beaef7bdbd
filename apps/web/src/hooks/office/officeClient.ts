import { createOfficeApi } from '../../api/officeApi';
import { session } from '../../session/session';

/** The office API client of the app; a 401 makes the session store ask who is signed in (→ login page). */
export const officeClient = createOfficeApi({
  onUnauthorized: () => {
    void session.load();
  },
});
