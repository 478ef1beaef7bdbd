/** Request middleware: session loading, CSRF defence and sign-in requirement. */
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { findSessionUserId, getUser } from '@hegao/storage';
import type { AppContext } from '../context.js';
import { hashToken } from '../auth/tokens.js';
import { ApiError } from './ApiError.js';
import type { HonoEnv } from './env.js';
import { isAllowedOrigin } from './origin.js';

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'hegao_session';

/** Puts the context on the request and loads the signed-in user from the session cookie. */
export function session(ctx: AppContext) {
  return createMiddleware<HonoEnv>(async (c, next) => {
    c.set('ctx', ctx);
    c.set('user', null);
    c.set('sessionHash', null);
    const token = getCookie(c, SESSION_COOKIE);
    if (token && token.length <= 200) {
      const hash = hashToken(token);
      const userId = await findSessionUserId(ctx.db, hash);
      const user = userId ? await getUser(ctx.db, userId) : null;
      if (user && !user.disabled) {
        c.set('user', user);
        c.set('sessionHash', hash);
      }
    }
    await next();
  });
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated writes: a state-changing request is refused when its
 * Origin is foreign or its Fetch Metadata says it came from another site. Browsers send both
 * on cross-origin POSTs; the session cookie is also SameSite=Lax. Non-browser integrations
 * (no Origin, no Sec-Fetch-Site) are unaffected.
 */
export function csrf(allowedOrigins: readonly string[]) {
  return createMiddleware<HonoEnv>(async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if (origin !== undefined && !isAllowedOrigin(origin, c.req.header('host'), allowedOrigins)) {
        throw new ApiError(403, 'csrf', '请求来源不受信任，已拒绝（跨站请求）');
      }
      if (site !== undefined && site !== 'same-origin' && site !== 'none' && origin === undefined) {
        throw new ApiError(403, 'csrf', '请求来源不受信任，已拒绝（跨站请求）');
      }
      if (site === 'cross-site' || site === 'same-site') {
        if (origin === undefined || !isAllowedOrigin(origin, c.req.header('host'), allowedOrigins)) {
          throw new ApiError(403, 'csrf', '请求来源不受信任，已拒绝（跨站请求）');
        }
      }
    }
    await next();
  });
}

/** Refuses the request with 401 unless someone is signed in. */
export const requireUser = createMiddleware<HonoEnv>(async (c, next) => {
  if (!c.get('user')) throw new ApiError(401, 'unauthenticated', '请先登录');
  await next();
});
