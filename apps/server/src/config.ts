/** Server configuration from the environment, with the defaults of the public contract. */
import { resolve } from 'node:path';
import { DEFAULT_MAX_FRAME_BYTES } from '@hegao/collab';
import { parseTrustedProxies } from './http/trustedProxies.js';
import { DEFAULT_CONNECTION_QUOTA, type ConnectionQuotaLimits } from './http/connectionQuota.js';

/** Everything the server reads from its environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  /** PostgreSQL instead of the SQLite file (`HEGAO_DATABASE_URL=postgres://…`), or null. */
  databaseUrl: string | null;
  /** Redis linking several servers into one system (`HEGAO_REDIS_URL=redis://…`), or null for one server. */
  redisUrl: string | null;
  /** This server's name among several (`HEGAO_SERVER_ID`; default: host name and port). */
  serverId: string | null;
  /** Between two heartbeats of this server to the others (`HEGAO_HEARTBEAT_SECONDS`, default 2; cluster only). */
  heartbeatMs: number;
  /**
   * FAULT INJECTION, for tests only (`HEGAO_FAULT_DROP_PUBLISH=1`): the text this server stores is
   * never published to the other servers, as if it died between storing and publishing each time.
   * Off unless exactly `1`.
   */
  faultDropPublish: boolean;
  demoPassword: string;
  /** Seed the demo workspace when the database has no users. */
  seedDemo: boolean;
  /** Extra origins allowed for state-changing requests and WebSocket upgrades. */
  allowedOrigins: string[];
  /** Reverse proxies whose X-Forwarded-For is believed (normalised IP addresses); none by default. */
  trustedProxies: string[];
  /** Largest WebSocket frame accepted, in bytes. */
  maxFrameBytes: number;
  /** Directory of the built web app, or null to serve the API only. */
  webDir: string | null;
  secureCookies: boolean;
  sessionTtlMs: number;
  collabTokenTtlMs: number;
  /** How often open sockets of disabled accounts are looked for. */
  accountCheckMs: number;
  /** Open collaboration sockets and event streams per user and per client address. */
  quota: ConnectionQuotaLimits;
}

/** A positive number of seconds as milliseconds (fractions allowed), or the fallback. */
function seconds(value: string | undefined, fallbackSeconds: number): number {
  const n = Number(value);
  return Math.round((value !== undefined && value.trim() !== '' && Number.isFinite(n) && n > 0 ? n : fallbackSeconds) * 1000);
}

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

/** Reads the configuration; `webDir` defaults to the web app's build output. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaultWebDir: string | null = null): Config {
  const dataDir = resolve(env.HEGAO_DATA ?? './data');
  return {
    port: int(env.PORT, 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    dbFile: resolve(dataDir, 'hegao.db'),
    databaseUrl: env.HEGAO_DATABASE_URL?.trim() || null,
    redisUrl: env.HEGAO_REDIS_URL?.trim() || null,
    serverId: env.HEGAO_SERVER_ID?.trim() || null,
    heartbeatMs: seconds(env.HEGAO_HEARTBEAT_SECONDS, 2),
    faultDropPublish: env.HEGAO_FAULT_DROP_PUBLISH === '1',
    demoPassword: env.HEGAO_DEMO_PASSWORD ?? 'hegao-demo',
    seedDemo: env.HEGAO_SEED_DEMO !== '0',
    allowedOrigins: (env.HEGAO_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    trustedProxies: parseTrustedProxies(env.HEGAO_TRUSTED_PROXIES),
    maxFrameBytes: int(env.HEGAO_MAX_FRAME_BYTES, DEFAULT_MAX_FRAME_BYTES),
    webDir: env.HEGAO_WEB_DIR ? resolve(env.HEGAO_WEB_DIR) : defaultWebDir,
    secureCookies: env.HEGAO_SECURE_COOKIES === '1',
    sessionTtlMs: int(env.HEGAO_SESSION_HOURS, 7 * 24) * 3600_000,
    collabTokenTtlMs: int(env.HEGAO_COLLAB_TOKEN_SECONDS, 300) * 1000,
    accountCheckMs: int(env.HEGAO_ACCOUNT_CHECK_SECONDS, 5) * 1000,
    quota: {
      socketsPerUser: int(env.HEGAO_MAX_SOCKETS_PER_USER, DEFAULT_CONNECTION_QUOTA.socketsPerUser),
      socketsPerAddress: int(env.HEGAO_MAX_SOCKETS_PER_ADDRESS, DEFAULT_CONNECTION_QUOTA.socketsPerAddress),
      streamsPerUser: int(env.HEGAO_MAX_STREAMS_PER_USER, DEFAULT_CONNECTION_QUOTA.streamsPerUser),
      streamsPerAddress: int(env.HEGAO_MAX_STREAMS_PER_ADDRESS, DEFAULT_CONNECTION_QUOTA.streamsPerAddress),
    },
  };
}
