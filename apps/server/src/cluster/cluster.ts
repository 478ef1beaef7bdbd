/**
 * Joins this server to the others on the same database through Redis (HEGAO_REDIS_URL): the
 * bus, and over it the rooms' updates (peerLink.ts), access changes (accessSync.ts), report
 * events (eventsSync.ts) and ended sessions (sessionSync.ts). Each kind of channel has its own
 * answer to a gap the bus reports. Without HEGAO_REDIS_URL there is no cluster: one server.
 */
import { hostname } from 'node:os';
import type { CollabLogger, CollabServer } from '@hegao/collab';
import type { SessionSockets } from '../collab/sessionSockets.js';
import type { Config } from '../config.js';
import type { ReportEvents } from '../events/ReportEvents.js';
import { ACCESS_CHANNEL, shareAccessChanges } from './accessSync.js';
import type { Bus } from './bus.js';
import { EVENTS_CHANNEL, shareReportEvents } from './eventsSync.js';
import { BusPeerLink, DOC_CHANNEL_PREFIX } from './peerLink.js';
import { RedisBus } from './redisBus.js';
import { shareEndedSessions } from './sessionSync.js';

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
  if (!config.redisUrl) return null;
  const serverId = config.serverId ?? `${hostname()}:${config.port}`;
  let onGap: (channel: string) => void = () => {};
  const bus = new RedisBus({ url: config.redisUrl, serverId, logger, onGap: (channel, info) => {
    logger.warn('message bus gap', { channel, reason: info.reason });
    onGap(channel);
  } });
  const peers = new BusPeerLink(bus, logger);
  let access: ReturnType<typeof shareAccessChanges> | null = null;
  let events: ReturnType<typeof shareReportEvents> | null = null;
  let sessions: ReturnType<typeof shareEndedSessions> | null = null;
  onGap = (channel) => {
    if (channel.startsWith(DOC_CHANNEL_PREFIX)) peers.gap(channel);
    else if (channel === ACCESS_CHANNEL) access?.gap();
    else if (channel === EVENTS_CHANNEL) events?.gap();
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
