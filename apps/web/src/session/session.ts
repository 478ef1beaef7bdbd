import { api } from '../api/api';
import { createSessionStore } from './sessionStore';

/** The application's session store. */
export const session = createSessionStore(api);
