/** The Hono application: middleware pipeline, API routes, the built web app, and error shaping. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import { z } from 'zod';
import { zhCN } from 'zod/locales';
import type { AppContext } from '../context.js';
import { authRoutes } from '../routes/auth.js';
import { boardRoutes } from '../routes/board.js';
import { bureauRoutes } from '../routes/bureaus.js';
import { collabRoutes } from '../routes/collab.js';
import { commentsRoutes } from '../routes/comments.js';
import { finalDraftRoutes } from '../routes/finalDraft.js';
import { historyRoutes } from '../routes/history.js';
import { notificationsRoutes } from '../routes/notifications.js';
import { eventRoutes } from '../routes/events.js';
import { reportRoutes } from '../routes/reports.js';
import { importBodyLimit, importRoutes, isImportPath } from '../routes/imports.js';
import { sectionRoutes } from '../routes/sections.js';
import { templateRoutes } from '../routes/templates.js';
import { outlineRoutes } from '../routes/outline.js';
import { ApiError } from './ApiError.js';
import type { HonoEnv } from './env.js';
import { csrf, session } from './middleware.js';
import { MAX_BODY } from './validate.js';
import { checkReadiness, readinessBody, readinessLog } from './readiness.js';
import { authorshipRoutes } from '../routes/authorship.js';
import { exportRoutes } from '../routes/export.js';
import type { ErrorBody } from '@hegao/contract';

const tooLarge = (): never => {
  throw new ApiError(413, 'body_too_large', '请求体过大');
};

z.config(zhCN());

/** Builds the HTTP application for a running context. */
export function createApp(ctx: AppContext): Hono<HonoEnv> {
  const logReadiness = readinessLog(ctx.logger);
  const apiBodyLimit = bodyLimit({ maxSize: MAX_BODY, onError: tooLarge });
  const api = new Hono<HonoEnv>()
    // Refuse oversized bodies by Content-Length, or while streaming, before anything reads them
    // (an import's file or report may be larger: its paths have their own limit).
    .use((c, next) => (isImportPath(c.req.path) ? importBodyLimit(c, next) : apiBodyLimit(c, next)))
    // Readiness before the session: a probe that sends a cookie must not reach the database there.
    .get('/health/ready', async (c) => {
      const outcome = await checkReadiness({ db: ctx.db, bus: ctx.cluster?.bus ?? null });
      logReadiness(outcome);
      c.header('Cache-Control', 'no-store');
      return c.json(readinessBody(outcome), outcome.ok ? 200 : 503);
    })
    .use(session(ctx))
    .use(csrf(ctx.config.allowedOrigins))
    .get('/health', (c) => c.json({ ok: true }))
    .route('/', authRoutes)
    .route('/', reportRoutes)
    .route('/', importRoutes)
    .route('/', eventRoutes)
    .route('/', historyRoutes)
    .route('/', authorshipRoutes)
    .route('/', exportRoutes)
    .route('/', sectionRoutes)
    .route('/', collabRoutes)
    .route('/', templateRoutes)
    .route('/', outlineRoutes)
    .route('/', finalDraftRoutes)
    .route('/', commentsRoutes)
    .route('/', notificationsRoutes)
    .route('/', bureauRoutes)
    .route('/', boardRoutes)
    .all('*', () => {
      throw new ApiError(404, 'not_found', '接口不存在');
    });

  const app = new Hono<HonoEnv>();
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'SAMEORIGIN');
  });
  app.route('/api', api);
  const webDir = ctx.config.webDir;
  if (webDir) {
    app.use('/assets/*', serveStatic({ root: webDir }));
    // A bundle this build does not have (a page of another version, during a rolling upgrade of
    // several servers) is 404, not the app shell, so a proxy can try another server.
    app.get('/assets/*', (c) => c.text('Not Found', 404));
    app.use('*', serveStatic({ root: webDir }));
    // Client-side routes fall back to the app shell.
    app.get('*', async (c) => {
      try {
        return c.html(await readFile(join(webDir, 'index.html'), 'utf8'));
      } catch {
        return c.text('前端尚未构建：请运行 npm start', 503);
      }
    });
  }
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ ...err.body, error: err.code, message: err.message } satisfies ErrorBody, err.status);
    ctx.logger.error('request failed', { path: c.req.path, error: err.stack ?? String(err) });
    return c.json({ error: 'internal', message: '服务器内部错误，请稍后再试' } satisfies ErrorBody, 500);
  });
  return app;
}
