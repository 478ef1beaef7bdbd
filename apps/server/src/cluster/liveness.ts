/**
 * Server liveness over the bus: what sequence numbers alone cannot see (docs/scaling.md,
 * "Liveness"). A gap shows only when a later message from the same publisher arrives; a server
 * that stored an update, died before publishing it and never comes back sends no later message.
 *
 * Each bus with liveness on publishes one heartbeat every `intervalMs` on the `heartbeat` channel
 * (one message per server per interval, however many documents): `{ v, every, seqs }`, where
 * `seqs` holds, for each channel it published on during its last `missedBeats` beats, the last
 * sequence number it used there and how many ms ago (repeated for that many beats, so one lost
 * heartbeat loses nothing). Each bus tracks its peers from their heartbeats and reports through the bus's onGap:
 *
 * - `heartbeat`: a peer's heartbeat names a seq on a subscribed channel that this bus did not
 *   receive (a lost final publish), also from a publisher it has heard nothing from on that
 *   channel, unless that publish came before its subscription became active. That channel only.
 * - `peer-silent`: a peer sent no heartbeat for `missedBeats` of its intervals. Every subscribed
 *   channel, once per silence (if it beats again, it is alive again; nothing is reported).
 * - `publisher-restart`: a known server id beats with a new epoch while its previous epoch had not
 *   said goodbye. Every subscribed channel, once; the per-channel restart reports of that epoch's
 *   later messages are then left out (Subscribers asks `settled`).
 *
 * A bus that closes publishes a last heartbeat with `bye`: the others compare its seqs (a gap
 * where they lack one), then forget it, with no silence report. While this bus itself cannot
 * hear (its subscription to the heartbeat channel is interrupted, or its event loop was stalled),
 * silence is not counted: the bus reports 'reconnect' gaps for that.
 */
import type { Bus, BusLogger, JsonValue, MessageMeta } from './bus.js';
import type { Subscribers } from './subscribers.js';

export const HEARTBEAT_CHANNEL = 'heartbeat';

export interface LivenessOptions {
  /** Time between two heartbeats of this server (ms). Default 2000. */
  intervalMs?: number;
  /** Heartbeats a peer may miss before it is taken for dead. Default 3. */
  missedBeats?: number;
  /** Channels whose lost messages need no catch-up (presence): left out of heartbeats and of silence reports. */
  ignore?: (channel: string) => boolean;
}

/** What a bus gives its liveness. */
export interface LivenessHost {
  bus: Pick<Bus, 'serverId' | 'epoch' | 'subscribe'>;
  subscribers: Subscribers;
  /** Publishes on the heartbeat channel (also after the bus began closing, for the goodbye). */
  publish(message: JsonValue): Promise<void>;
  /** The last seq this bus used on `channel`. */
  publishedSeq(channel: string): number | undefined;
  /** Whether this bus hears the heartbeat channel now (its subscription is active). */
  listening(): boolean;
  logger?: BusLogger | undefined;
}

interface Peer {
  epoch: string;
  /** performance.now() when its last heartbeat arrived. */
  heardAt: number;
  /** Its announced interval. */
  every: number;
  /** Taken for dead (reported); a heartbeat of the same epoch makes it alive again. */
  silent: boolean;
}

/** Peers' epochs that were settled (goodbye, or restart reported), remembered for the per-channel restart reports. */
const SETTLED_REMEMBERED = 1024;
const MIN_INTERVAL_MS = 20;
const MAX_INTERVAL_MS = 60_000;

export class Liveness {
  readonly intervalMs: number;
  readonly missedBeats: number;
  private readonly ignore: (channel: string) => boolean;
  private readonly peers = new Map<string, Peer>();
  private readonly settledEpochs = new Set<string>();
  /** Channels published on recently → beats left to name them in, and when the last publish was. */
  private readonly recent = new Map<string, { left: number; at: number }>();
  private readonly beatTimer: NodeJS.Timeout;
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly sweepMs: number;
  private lastSweep = performance.now();
  private readonly unsubscribe: () => void;
  private stopped = false;
  /** Counters for tests and diagnostics. */
  readonly stats = { beatsSent: 0, beatsReceived: 0, silent: 0, restarts: 0, behind: 0 };

  constructor(
    private readonly host: LivenessHost,
    options: LivenessOptions = {},
  ) {
    this.intervalMs = clampInterval(options.intervalMs ?? 2000);
    this.missedBeats = Math.max(1, Math.floor(options.missedBeats ?? 3));
    this.ignore = options.ignore ?? (() => false);
    host.subscribers.silence(HEARTBEAT_CHANNEL);
    host.subscribers.restartSettled = (serverId, epoch) => this.settledEpochs.has(key(serverId, epoch));
    this.unsubscribe = host.bus.subscribe(HEARTBEAT_CHANNEL, (message, meta) => this.received(message, meta));
    this.beatTimer = setInterval(() => this.beat(), this.intervalMs);
    this.beatTimer.unref();
    this.sweepMs = Math.max(MIN_INTERVAL_MS / 2, Math.floor(this.intervalMs / 4));
    this.sweepTimer = setInterval(() => this.sweep(), this.sweepMs);
    this.sweepTimer.unref();
    // At once: the others learn of a restart before this server's rooms publish anything.
    this.beat();
  }

  /** The bus used a seq on `channel` (called by the bus on every publish). */
  published(channel: string): void {
    if (channel === HEARTBEAT_CHANNEL || this.ignore(channel)) return;
    this.recent.set(channel, { left: this.missedBeats, at: performance.now() });
  }

  /** The servers this one hears (for diagnostics and tests). */
  peerStatus(): Array<{ serverId: string; epoch: string; silent: boolean }> {
    return [...this.peers].map(([serverId, p]) => ({ serverId, epoch: p.epoch, silent: p.silent }));
  }

  /** Stops beating and listening. With `bye`, publishes the goodbye heartbeat first (awaited, within the bus's publish bound). */
  async stop(bye: boolean): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.beatTimer);
    clearInterval(this.sweepTimer);
    this.unsubscribe();
    if (bye) await this.host.publish(this.heartbeat(true)).catch(() => {});
  }

  private heartbeat(bye: boolean): JsonValue {
    const seqs: Record<string, [number, number]> = {};
    const now = performance.now();
    for (const [channel, entry] of this.recent) {
      const seq = this.host.publishedSeq(channel);
      if (seq !== undefined) seqs[channel] = [seq, Math.max(0, Math.floor(now - entry.at))];
      if (entry.left <= 1) this.recent.delete(channel);
      else entry.left--;
    }
    return bye ? { v: 1, every: this.intervalMs, seqs, bye: true } : { v: 1, every: this.intervalMs, seqs };
  }

  private beat(): void {
    if (this.stopped) return;
    this.stats.beatsSent++;
    // A heartbeat that fails is a lost one: the next names the same channels.
    this.host.publish(this.heartbeat(false)).catch(() => {});
  }

  private received(message: unknown, meta: MessageMeta): void {
    if (this.stopped || !isHeartbeat(message)) return;
    this.stats.beatsReceived++;
    const { serverId, epoch } = meta;
    const now = performance.now();
    const every = clampInterval(message.every);
    const peer = this.peers.get(serverId);
    if (this.settledEpochs.has(key(serverId, epoch))) return; // an epoch that said goodbye or was replaced
    if (!peer) {
      this.peers.set(serverId, { epoch, heardAt: now, every, silent: false });
    } else if (peer.epoch !== epoch) {
      // Restarted. Whatever its previous incarnation stored and did not publish is in the database:
      // every channel catches up once, unless it said goodbye (then it was forgotten already).
      this.peers.set(serverId, { epoch, heardAt: now, every, silent: false });
      this.stats.restarts++;
      this.host.logger?.warn('peer server restarted; catching up from the database', { serverId, previousEpoch: peer.epoch, epoch });
      this.reportAll({ reason: 'publisher-restart', serverId, epoch, previousEpoch: peer.epoch });
      // Settled after the report (which would otherwise be left out as settled).
      this.settle(serverId, peer.epoch);
    } else {
      if (peer.silent) this.host.logger?.warn('peer server heard again', { serverId, epoch });
      peer.heardAt = now;
      peer.every = every;
      peer.silent = false;
    }
    this.compare(serverId, epoch, message.seqs, now);
    if (message.bye) {
      this.peers.delete(serverId);
      this.settle(serverId, epoch);
    }
  }

  /**
   * A gap on each subscribed channel where the peer used a seq this bus has not received. From a
   * publisher not heard on the channel since the subscription became active, only when its last
   * publish there may have come after that (it published at most `age` ms before the heartbeat
   * arrived: earlier, and the subscriber's initial read of the database holds it).
   */
  private compare(serverId: string, epoch: string, seqs: Record<string, unknown>, now: number): void {
    const subscribers = this.host.subscribers;
    for (const [channel, entry] of Object.entries(seqs)) {
      if (!Array.isArray(entry)) continue;
      const [seq, age] = entry as unknown[];
      if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || typeof age !== 'number' || !(age >= 0)) continue;
      if (channel === HEARTBEAT_CHANNEL || this.ignore(channel)) continue;
      const since = subscribers.activeSince(channel);
      if (since === null) continue;
      const heard = subscribers.heard(channel, serverId, epoch);
      if (heard !== undefined && heard >= seq) continue;
      subscribers.advance(channel, serverId, epoch, seq);
      if (heard === undefined && now - age < since) continue;
      this.stats.behind++;
      subscribers.gap(channel, { reason: 'heartbeat', serverId, epoch, heard: heard ?? 0, published: seq });
    }
  }

  private sweep(): void {
    if (this.stopped) return;
    const now = performance.now();
    const late = now - this.lastSweep - this.sweepMs;
    this.lastSweep = now;
    // Deaf meanwhile (no subscription, or a stalled event loop whose heartbeats still wait to be
    // read): that time does not count as the peers' silence.
    if (!this.host.listening()) {
      for (const peer of this.peers.values()) peer.heardAt = now;
      return;
    }
    if (late > this.sweepMs) for (const peer of this.peers.values()) peer.heardAt += late;
    for (const [serverId, peer] of this.peers) {
      if (peer.silent) continue;
      const silentMs = now - peer.heardAt;
      if (silentMs <= peer.every * this.missedBeats) continue;
      peer.silent = true;
      this.stats.silent++;
      this.host.logger?.warn('peer server silent; catching up from the database', { serverId, epoch: peer.epoch, silentMs: Math.round(silentMs) });
      this.reportAll({ reason: 'peer-silent', serverId, epoch: peer.epoch, silentMs: Math.round(silentMs) });
    }
  }

  private reportAll(info: Parameters<Subscribers['gap']>[1]): void {
    for (const channel of this.host.subscribers.names()) {
      if (channel === HEARTBEAT_CHANNEL || this.ignore(channel)) continue;
      this.host.subscribers.gap(channel, info);
    }
  }

  private settle(serverId: string, epoch: string): void {
    const k = key(serverId, epoch);
    this.settledEpochs.delete(k);
    this.settledEpochs.add(k);
    if (this.settledEpochs.size > SETTLED_REMEMBERED) {
      const oldest = this.settledEpochs.values().next();
      if (!oldest.done) this.settledEpochs.delete(oldest.value);
    }
  }
}

interface Heartbeat {
  v: 1;
  every: number;
  seqs: Record<string, unknown>;
  bye?: boolean;
}

function isHeartbeat(message: unknown): message is Heartbeat {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  const m = message as Record<string, unknown>;
  return m.v === 1 && typeof m.every === 'number' && typeof m.seqs === 'object' && m.seqs !== null && !Array.isArray(m.seqs);
}

function clampInterval(ms: number): number {
  return Number.isFinite(ms) ? Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.round(ms))) : 2000;
}

function key(serverId: string, epoch: string): string {
  return `${serverId}\n${epoch}`;
}
