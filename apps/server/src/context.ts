/** What every route and the socket adapter share. */
import type { CollabLogger, CollabServer } from '@hegao/collab';
import type { Db } from '@hegao/storage';
import type { LoginLimiter } from './auth/LoginLimiter.js';
import type { SessionSockets } from './collab/sessionSockets.js';
import type { Config } from './config.js';
import type { ConnectionQuotaStore } from './http/connectionQuota.js';
import type { ReportEvents } from './events/ReportEvents.js';
import type { Cluster } from './cluster/cluster.js';

/** The running server's shared state. */
export interface AppContext {
  config: Config;
  db: Db;
  collab: CollabServer;
  logger: CollabLogger;
  /** HMAC secret for collab tokens (persisted in the database). */
  tokenSecret: string;
  /** Failed logins per (username, client address) and per client address. */
  loginLimiter: LoginLimiter;
  /** Live metadata events per report (server-sent events). */
  events: ReportEvents;
  /** Open collaboration sockets by login session, closed when their session ends. */
  sessionSockets: SessionSockets;
  /**
   * Open collaboration sockets and event streams per user and per client address: counted in this
   * process (synchronous) on a single server, in Redis for the whole cluster (a promise).
   */
  quota: ConnectionQuotaStore;
  /** The other servers on this database (HEGAO_REDIS_URL), or null when this one runs alone. */
  cluster: Cluster | null;
}
