/**
 * Joins this server to the others on the same database through Redis (HEGAO_REDIS_URL): the
 * bus, and over it the rooms' updates (peerLink.ts), access changes (accessSync.ts), report
 * events (eventsSync.ts) and ended sessions (sessionSync.ts). Each kind of channel has its own
 * answer to a gap the bus reports; the bus's liveness (liveness.ts: heartbeats) reports the gaps
 * a server that died between storing and publishing leaves. Without HEGAO_REDIS_URL there is no
 * cluster: one server.
 */
import { hostname } from 'node:os';
import type { CollabLogger, CollabServer } from '@hegao/collab';
import type { SessionSockets } from '../collab/sessionSockets.js';
import type { Config } from '../config.js';
import type { ReportEvents } from '../events/ReportEvents.js';
import { ACCESS_CHANNEL, shareAccessChanges } from './accessSync.js';
import type { Bus, GapHandler, GapInfo } from './bus.js';
import { EVENTS_CHANNEL, shareReportEvents } from './eventsSync.js';
import type { LivenessOptions } from './liveness.js';
import { AWARENESS_CHANNEL_PREFIX, BusPeerLink, DOC_CHANNEL_PREFIX } from './peerLink.js';
import { RedisBus } from './redisBus.js';
import { SESSIONS_CHANNEL, shareEndedSessions } from './sessionSync.js';

/** This server's part in a cluster. */
export interface Cluster {
  readonly bus: Bus;
  /** For the collab core (CollabServerOptions.peers). */
  readonly peers: BusPeerLink;
  /** For the collab core (CollabServerOptions.onAccessRefreshed): tells the others, awaited. */
  accessRefreshed(docNames: string[]): Promise<void>;
  /** Shares access changes, report events and ended sessions once the server's parts exist. */
  attach(parts: { collab: CollabServer; events: ReportEvents; sessions: SessionSockets }): void;
  /** Closes this session's sockets on the other servers too. */
  sessionEnded(sessionHash: string): Promise<void>;
  close(): Promise<void>;
}

/** The cluster this server belongs to, or null when it runs alone (no HEGAO_REDIS_URL). */
export function joinCluster(config: Config, logger: CollabLogger): Cluster | null {
  const url = config.redisUrl;
  if (!url) return null;
  const serverId = config.serverId ?? `${hostname()}:${config.port}`;
  return linkCluster(
    (onGap, liveness) => new RedisBus({ url, serverId, logger, onGap, liveness: { ...liveness, intervalMs: config.heartbeatMs } }),
    logger,
    { faultDropPublish: config.faultDropPublish },
  );
}

/**
 * This server's part in a cluster over the bus `makeBus` builds with the given gap handler and
 * liveness options (RedisBus in production; LocalBus on a shared hub in tests).
 */
export function linkCluster(
  makeBus: (onGap: GapHandler, liveness: LivenessOptions) => Bus,
  logger: CollabLogger,
  options: { faultDropPublish?: boolean } = {},
): Cluster {
  let route: (channels: string[]) => void = () => {};
  // Gaps are handled once per channel per event-loop turn: a silent peer reports one on every
  // channel at once, and access and report events re-check everything whatever the channel count.
  const due = new Map<string, GapInfo>();
  const handleDue = () => {
    const batch = [...due];
    due.clear();
    const byCause = new Map<string, { reason: string; serverId?: string; channels: number; channel: string }>();
    for (const [channel, info] of batch) {
      const from = 'serverId' in info ? info.serverId : undefined;
      const cause = `${info.reason}\n${from ?? ''}`;
      const known = byCause.get(cause);
      if (known) known.channels++;
      else byCause.set(cause, { reason: info.reason, ...(from ? { serverId: from } : {}), channels: 1, channel });
    }
    for (const summary of byCause.values()) logger.warn('message bus gap', summary);
    route(batch.map(([channel]) => channel));
  };
  const bus = makeBus(
    (channel, info) => {
      if (due.size === 0) setImmediate(handleDue);
      if (!due.has(channel)) due.set(channel, info);
    },
    // Presence needs no catch-up; a lost logout is found by the account watch.
    { ignore: (channel) => channel.startsWith(AWARENESS_CHANNEL_PREFIX) || channel === SESSIONS_CHANNEL },
  );
  const dropPublishes = options.faultDropPublish ?? false;
  if (dropPublishes) logger.warn('FAULT INJECTION (HEGAO_FAULT_DROP_PUBLISH=1): stored text is not published to the other servers; for tests only');
  const peers = new BusPeerLink(bus, logger, dropPublishes);
  let access: ReturnType<typeof shareAccessChanges> | null = null;
  let events: ReturnType<typeof shareReportEvents> | null = null;
  let sessions: ReturnType<typeof shareEndedSessions> | null = null;
  route = (channels) => {
    for (const channel of channels) if (channel.startsWith(DOC_CHANNEL_PREFIX)) peers.gap(channel);
    if (channels.includes(ACCESS_CHANNEL)) access?.gap();
    if (channels.includes(EVENTS_CHANNEL)) events?.gap();
  };
  return {
    bus,
    peers,
    accessRefreshed: (docNames) => access?.announce(docNames) ?? Promise.resolve(),
    attach(parts) {
      access = shareAccessChanges(parts.collab, bus, logger);
      events = shareReportEvents(parts.events, bus, logger);
      sessions = shareEndedSessions(parts.sessions, bus);
    },
    sessionEnded: (sessionHash) => sessions?.ended(sessionHash) ?? Promise.resolve(),
    async close() {
      access?.stop();
      events?.stop();
      sessions?.stop();
      await bus.close();
    },
  };
}
