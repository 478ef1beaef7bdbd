/** Hono environment type shared by middleware and routes. */
import type { User } from '@hegao/domain';
import type { AppContext } from '../context.js';

/** Variables set by middleware on every request. */
export interface HonoEnv {
  Variables: {
    ctx: AppContext;
    /** The signed-in user, or null. */
    user: User | null;
    /** Hash of the session token, when signed in. */
    sessionHash: string | null;
  };
}
