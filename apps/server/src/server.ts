/** Assembles a running 合稿 server: database, collab core, HTTP app and WebSocket upgrade. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { CollabServer, warmLoadWorker } from '@hegao/collab';
import { sectionContentRules } from '@hegao/schema';
import { SqlDocStore, getOrCreateSetting, openPostgres, openSqlite } from '@hegao/storage';
import { ReportEvents } from './events/ReportEvents.js';
import { editRecorder } from './events/editRecorder.js';
import { LOGIN_LIMITS, LoginLimiter } from './auth/LoginLimiter.js';
import { RedisLimitStore } from './auth/redisLimitStore.js';
import { startSessionPurge } from './auth/sessionPurge.js';
import { sectionAccess } from './collab/access.js';
import { collabUpgradeHandler } from './collab/upgrade.js';
import { startDueReminders } from './commands/dueReminders.js';
import { startAccountWatch } from './collab/accountWatch.js';
import { SessionSockets } from './collab/sessionSockets.js';
import { ConnectionQuota } from './http/connectionQuota.js';
import { RedisConnectionQuota } from './http/redisConnectionQuota.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { createApp } from './http/app.js';
import { createLogger } from './logger.js';
import { warmAuthorIndex } from './authorship/sectionAuthorship.js';
import { seedDemo } from './seed/demo.js';
import { joinCluster } from './cluster/cluster.js';

/** A started server. */
export interface RunningServer {
  ctx: AppContext;
  port: number;
  close(): Promise<void>;
}

/** Opens the database (seeding the demo if empty), then listens. */
export async function startServer(config: Config, opts: { quiet?: boolean } = {}): Promise<RunningServer> {
  const logger = createLogger(opts.quiet);
  // The logger hears of transactions retried after a deadlock (PostgreSQL; @hegao/storage transaction.ts).
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl, { logger }) : await openSqlite(config.dbFile, { logger });
  const tokenSecret = await getOrCreateSetting(db, 'collab_token_secret', () => randomBytes(32).toString('base64url'));
  const events = new ReportEvents();
  // With HEGAO_REDIS_URL, the other servers on this database (docs/scaling.md).
  const cluster = joinCluster(config, logger);
  const collab = new CollabServer({
    ...(cluster ? { peers: cluster.peers, onAccessRefreshed: (docNames: string[]) => cluster.accessRefreshed(docNames) } : {}),
    store: new SqlDocStore(db),
    resolveAccess: sectionAccess(db),
    logger,
    onStored: editRecorder(db, events, logger),
    // The author index of an opened document is built in the background, for 显示修改人.
    onLoaded: (docName) => warmAuthorIndex(db, docName, (err) => logger.warn('author index not built', { docName, error: (err as Error).message })),
    // Only what the section schema can hold is stored, so every reader shows the same text.
    contentRules: sectionContentRules,
  });
  const sessionSockets = new SessionSockets();
  cluster?.attach({ collab, events, sessions: sessionSockets });
  // In a cluster one login budget for all servers, in Redis (docs/scaling.md "Login limit").
  const loginLimiter = new LoginLimiter(LOGIN_LIMITS, cluster && config.redisUrl ? new RedisLimitStore({ url: config.redisUrl, logger }) : undefined);
  // Likewise one budget of sockets and streams per user and per address (docs/scaling.md "Connection quotas").
  const quota = cluster && config.redisUrl ? new RedisConnectionQuota({ url: config.redisUrl, limits: config.quota, logger }) : new ConnectionQuota(config.quota);
  const ctx: AppContext = { config, db, collab, logger, tokenSecret, loginLimiter, events, sessionSockets, quota, cluster };
  const seeded = config.seedDemo ? await seedDemo(ctx) : false;
  const reminders = await startDueReminders(ctx);
  const accountWatch = await startAccountWatch(ctx, config.accountCheckMs);
  const sessionPurge = await startSessionPurge(ctx);
  const app = createApp(ctx);
  const server = createAdaptorServer({ fetch: app.fetch });
  // Longer than the usual 60 s of proxies and clients, so a reused idle connection is never cut mid-request.
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const upgrade = collabUpgradeHandler(ctx);
  server.on('upgrade', upgrade.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // Booted now, so the first long document to open does not wait for it (see workerLoad).
  warmLoadWorker();
  logger.info('listening', { port, database: db.dialect, ...(db.dialect === 'sqlite' ? { dataDir: config.dataDir } : {}), seeded });
  return {
    ctx,
    port,
    async close() {
      await reminders.stop();
      await accountWatch.stop();
      await sessionPurge.stop();
      // Collab first: upgraded sockets count as open connections and would keep server.close() waiting.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await collab.close();
      upgrade.terminateAll();
      if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
      // A socket caught mid-upgrade can keep server.close() waiting; do not let it block shutdown.
      const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref());
      if ((await Promise.race([closed, grace])) === 'timeout') {
        server.getConnections((_err, count) => logger.warn('shutdown: connections still open after grace period', { count }));
      }
      await loginLimiter.close();
      await quota.close();
      await cluster?.close();
      await db.close();
    },
  };
}
