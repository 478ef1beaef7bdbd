/** `/api/auth/*` and `/api/me`: sign in, sign out, who am I. */
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { LOGIN_REQUEST, type LoginAnswer } from '@hegao/contract';
import { CLOSE } from '@hegao/collab';
import { createSession, deleteSession, findBureau, findUserForLogin, getOrganisation } from '@hegao/storage';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../auth/password.js';
import { hashToken, newSessionToken } from '../auth/tokens.js';
import { ApiError } from '../http/ApiError.js';
import type { HonoEnv } from '../http/env.js';
import { SESSION_COOKIE, requireUser } from '../http/middleware.js';
import { readBody } from '../http/validate.js';
import { presentMe } from '../presenters/user.js';
import { clientAddress } from '../http/clientAddress.js';

/** Routes for sessions. */
export const authRoutes = new Hono<HonoEnv>()
  .post('/auth/login', async (c) => {
    const ctx = c.get('ctx');
    const body = await readBody(c, LOGIN_REQUEST);
    const addr = clientAddress(c);
    // Counted before the (slow) password check, in one step with the limit check, so parallel
    // guesses all meet the limit; in a cluster the count is shared by the servers (Redis).
    const wait = await ctx.loginLimiter.attempt(body.username, addr);
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      throw new ApiError(429, 'rate_limited', `登录失败次数过多，请 ${Math.ceil(wait / 60000)} 分钟后再试`);
    }
    const found = await findUserForLogin(ctx.db, body.username);
    const ok = await verifyPassword(body.password, found?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!found || !ok || found.user.disabled) {
      ctx.logger.warn('login failed', { username: body.username, addr });
      throw new ApiError(401, 'invalid_credentials', found?.user.disabled && ok ? '该账号已停用，请联系办公室' : '用户名或密码错误');
    }
    await ctx.loginLimiter.succeeded(body.username, addr);
    const token = newSessionToken();
    await createSession(ctx.db, hashToken(token), found.user.id, Date.now() + ctx.config.sessionTtlMs);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: ctx.config.secureCookies,
      path: '/',
      maxAge: Math.floor(ctx.config.sessionTtlMs / 1000),
    });
    const bureau = found.user.bureauId ? await findBureau(ctx.db, found.user.bureauId) : null;
    ctx.logger.info('login', { userId: found.user.id });
    const answer: LoginAnswer = { user: presentMe(found.user, bureau, await getOrganisation(ctx.db)) };
    return c.json(answer);
  })
  .post('/auth/logout', async (c) => {
    const ctx = c.get('ctx');
    const hash = c.get('sessionHash');
    if (hash) {
      await deleteSession(ctx.db, hash);
      // After the delete: a socket still authenticating either is registered by now or finds the session gone.
      const closed = ctx.sessionSockets.end(hash, CLOSE.unauthenticated, 'signed out');
      // Its sockets on the other servers too (else their account watch finds it ended within seconds).
      await ctx.cluster?.sessionEnded(hash).catch((err: unknown) => ctx.logger.warn('logout not published to the other servers', { error: (err as Error).message }));
      if (closed > 0) ctx.logger.info('logout closed collaboration sockets', { userId: c.get('user')?.id, sockets: closed });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  })
  .get('/me', requireUser, async (c) => {
    const user = c.get('user')!;
    const db = c.get('ctx').db;
    const bureau = user.bureauId ? await findBureau(db, user.bureauId) : null;
    return c.json(presentMe(user, bureau, await getOrganisation(db)));
  });
