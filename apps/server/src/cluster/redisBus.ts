/**
 * The bus on Redis pub/sub (ioredis): one connection publishes, one subscribes; frames are
 * envelope.ts buffers, published and received as Buffers (`messageBuffer`), never as strings.
 *
 * - Reconnects by itself (backoff up to `maxReconnectDelayMs`). ioredis' own resubscription is off:
 *   this bus resubscribes every channel once the connection is ready and then reports one
 *   'reconnect' gap per channel whose subscription was interrupted.
 * - A PING every `healthCheckMs` on each connection; one still unanswered at the next tick means
 *   a dead or stalled connection, which is dropped and reconnected (a black-holed subscriber would
 *   otherwise miss messages silently).
 * - `publish` never waits longer than `publishTimeoutMs` (default 1000 ms): when the connection
 *   is not ready it waits for it within that time, then rejects with BusTimeoutError; nothing is
 *   queued to be sent after the caller was told it failed.
 * - A publish that failed is announced: once the connection works again (or before this bus's
 *   next message on that channel) a loss notice goes out, and every subscriber that may have
 *   missed something reports a 'publish-failed' gap. So a message lost on the way is always
 *   noticed, even if its server publishes nothing more on that channel.
 * - Nothing is stored in Redis: FLUSHALL (or a Redis restart) loses no state of the bus.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Bus, BusHandler, BusLogger, BusMessage, GapHandler, SubscribeOptions, Subscription } from './bus.js';
import { BusClosedError } from './bus.js';
import { encode, encodeLost, newEpoch, publisher, type Publisher } from './envelope.js';
import { HEARTBEAT_CHANNEL, Liveness, type LivenessOptions } from './liveness.js';
import { Subscribers } from './subscribers.js';
import { subscription } from './subscription.js';

/** Thrown by publish when Redis did not take the message within `publishTimeoutMs`. */
export class BusTimeoutError extends Error {
  constructor(channel: string, ms: number) {
    super(`message bus: publish to ${channel} not answered within ${ms} ms`);
    this.name = 'BusTimeoutError';
  }
}

export interface RedisBusOptions {
  /** redis://[:password@]host:port[/db] */
  url: string;
  /** This server's id: stable across its restarts, unique among the servers running at once. */
  serverId: string;
  /** Told of every gap (see GapHandler). */
  onGap?: GapHandler;
  logger?: BusLogger;
  /** Upper bound of a publish, waiting for a connection included. Default 1000. */
  publishTimeoutMs?: number;
  /** Interval of the health PING on each connection. Default 2000. */
  healthCheckMs?: number;
  /** Longest wait between reconnection attempts. Default 1000. */
  maxReconnectDelayMs?: number;
  /** Prefix of the Redis channel names, so deployments can share a Redis. Default 'hegao:bus:'. */
  prefix?: string;
  /** Heartbeats and peer tracking (liveness.ts): what a server that died between storing and publishing leaves. Off unless given. */
  liveness?: LivenessOptions;
}

/** Publishes on a channel failed from seq `from` on (compared by identity: a newer failure replaces it). */
interface Loss {
  from: number;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/** A pending PING on a connection: unanswered at the next health tick means the connection is dead. */
interface Health {
  pending: object | null;
  reported: boolean;
}

export class RedisBus implements Bus {
  readonly serverId: string;
  readonly epoch: string;
  /** The publish bound in ms (options.publishTimeoutMs or its default). */
  readonly publishTimeoutMs: number;
  private readonly self: Publisher;
  private readonly prefix: string;
  private readonly log: BusLogger | undefined;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly subscribers: Subscribers;
  private readonly seqs = new Map<string, number>();
  /** Channels subscribed on the current subscriber connection. */
  private readonly active = new Set<string>();
  /** Channels whose subscription was active when the connection was lost. */
  private readonly interrupted = new Set<string>();
  /** Subscriptions waiting to become active, by channel. */
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** Sends of publishes waiting for the publishing connection. */
  private readonly pubWaiters = new Set<() => void>();
  /** Settles each publish in flight (with an error on close). */
  private readonly inFlight = new Set<(error?: Error) => void>();
  private readonly health = new Map<Redis, Health>();
  private readonly healthTimer: NodeJS.Timeout;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Channels whose publishes failed and no loss notice got through yet. */
  private readonly lost = new Map<string, Loss>();
  private noticeTimer: NodeJS.Timeout | null = null;
  /** Incremented whenever the subscriber connection closes: an older sync loop stops. */
  private generation = 0;
  private syncing = false;
  private syncAgain = false;
  private closing: Promise<void> | null = null;
  /** Present when options.liveness was given. */
  readonly liveness: Liveness | null;

  constructor(options: RedisBusOptions) {
    this.serverId = options.serverId;
    this.epoch = newEpoch();
    this.self = publisher(this.serverId, this.epoch);
    this.prefix = options.prefix ?? 'hegao:bus:';
    this.log = options.logger;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 1000;
    const maxDelay = options.maxReconnectDelayMs ?? 1000;
    this.subscribers = new Subscribers(this.self, options.onGap, options.logger);
    const common: RedisOptions = {
      retryStrategy: (attempt) => Math.min(25 * 2 ** Math.min(attempt, 10), maxDelay),
      enableOfflineQueue: false,
      autoResubscribe: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      disableClientInfo: true,
      connectTimeout: Math.max(2000, this.publishTimeoutMs),
      disconnectTimeout: 500,
    };
    this.pub = new Redis(options.url, { ...common, connectionName: `hegao-bus-pub-${this.serverId}`, commandTimeout: this.publishTimeoutMs });
    this.sub = new Redis(options.url, { ...common, connectionName: `hegao-bus-sub-${this.serverId}` });
    for (const [conn, role] of [[this.pub, 'publish'], [this.sub, 'subscribe']] as const) {
      const health: Health = { pending: null, reported: false };
      this.health.set(conn, health);
      conn.on('error', (error: Error) => {
        // Once per outage: a reconnecting connection fails every attempt.
        if (health.reported || this.closing) return;
        health.reported = true;
        this.log?.warn('bus connection lost', { role, error: error.message });
      });
      conn.on('ready', () => {
        if (health.reported) this.log?.warn('bus connection restored', { role });
        health.reported = false;
        health.pending = null;
      });
    }
    this.pub.on('ready', () => {
      const sends = [...this.pubWaiters];
      this.pubWaiters.clear();
      for (const send of sends) send();
      this.announceLosses();
    });
    this.sub.on('ready', () => void this.sync());
    this.sub.on('close', () => this.subscriberLost());
    this.sub.on('messageBuffer', (channel: Buffer, frame: Buffer) => {
      const name = channel.toString('utf8');
      if (name.startsWith(this.prefix)) this.subscribers.deliver(name.slice(this.prefix.length), frame);
    });
    this.healthTimer = setInterval(() => this.checkHealth(), options.healthCheckMs ?? 2000);
    this.healthTimer.unref();
    this.liveness = options.liveness
      ? new Liveness(
          {
            bus: this,
            subscribers: this.subscribers,
            publish: (message) => this.publishAs(HEARTBEAT_CHANNEL, message),
            publishedSeq: (channel) => this.seqs.get(channel),
            listening: () => this.active.has(HEARTBEAT_CHANNEL),
            logger: options.logger,
          },
          options.liveness,
        )
      : null;
  }

  /** Resolves once both connections are ready (at start: fail fast on a wrong URL); rejects after `timeoutMs`. */
  async connected(timeoutMs = 10_000): Promise<void> {
    const ready = (conn: Redis) =>
      conn.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => conn.once('ready', () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`message bus: Redis not ready within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all([ready(this.pub), ready(this.sub)]), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  publish(channel: string, message: BusMessage): Promise<void> {
    if (this.closing) return Promise.reject(new BusClosedError());
    return this.publishAs(channel, message);
  }

  /** publish without the closed check (the goodbye heartbeat goes out while closing). */
  private publishAs(channel: string, message: BusMessage): Promise<void> {
    const last = this.seqs.get(channel) ?? 0;
    const lost = this.lost.get(channel);
    // An unannounced loss on this channel goes first, as a notice, so no subscriber can take this message as its baseline.
    const seq = last + (lost ? 2 : 1);
    let frames: Buffer[];
    try {
      const frame = encode(this.self, seq, message);
      frames = lost ? [encodeLost(this.self, last + 1, lost.from), frame] : [frame];
    } catch (error) {
      // Nothing was sent: the numbers stay free.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.seqs.set(channel, seq);
    this.liveness?.published(channel);
    return this.send(channel, frames, last + 1, lost);
  }

  /**
   * Publishes `frames` (numbered from `first`) in order within the bound. On failure the channel
   * is remembered as having lost messages from `first` on (or from where `announcing` says),
   * until a loss notice gets through; on success a loss that `announcing` announced is cleared.
   */
  private async send(channel: string, frames: Buffer[], first: number, announcing: Loss | undefined): Promise<void> {
    try {
      await this.publishFrames(channel, frames);
    } catch (error) {
      if (!(error instanceof BusClosedError)) this.markLost(channel, first);
      throw error;
    }
    if (announcing && this.lost.get(channel) === announcing) this.lost.delete(channel);
  }

  private markLost(channel: string, from: number): void {
    const known = this.lost.get(channel);
    // A new object each time: a notice in flight for the old one no longer clears it.
    this.lost.set(channel, { from: Math.min(from, known?.from ?? from) });
    if (this.pub.status === 'ready') this.scheduleNotices();
  }

  /** Announces every unannounced loss (on 'ready', and a while after a failure on a live connection). */
  private announceLosses(): void {
    if (this.closing || this.pub.status !== 'ready') return;
    for (const [channel, loss] of this.lost) {
      const seq = (this.seqs.get(channel) ?? 0) + 1;
      this.seqs.set(channel, seq);
      this.liveness?.published(channel);
      this.send(channel, [encodeLost(this.self, seq, loss.from)], seq, loss).catch(() => {
        if (this.lost.has(channel)) this.scheduleNotices();
      });
    }
  }

  private scheduleNotices(): void {
    if (this.noticeTimer || this.closing) return;
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = null;
      this.announceLosses();
    }, this.publishTimeoutMs);
  }

  /** PUBLISHes `frames` to `channel` in order, waiting for a connection within the bound. */
  private publishFrames(channel: string, frames: Buffer[]): Promise<void> {
    const key = this.prefix + channel;
    const ms = this.publishTimeoutMs;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const send = () => {
        if (settled) return;
        Promise.all(frames.map((frame) => this.pub.publish(key, frame))).then(
          () => finish(),
          (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
        );
      };
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pubWaiters.delete(send);
        this.inFlight.delete(finish);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => finish(new BusTimeoutError(channel, ms)), ms);
      this.inFlight.add(finish);
      if (this.pub.status === 'ready') send();
      else if (this.pub.status === 'end') finish(new BusClosedError());
      else this.pubWaiters.add(send);
    });
  }

  subscribe(channel: string, handler: BusHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closing) return subscription(() => {}, Promise.reject(new BusClosedError()));
    const added = this.subscribers.add(channel, handler, options.includeOwn ?? false);
    if (this.active.has(channel)) this.subscribers.markActive(channel);
    let waiter: Waiter | null = null;
    const ready = this.active.has(channel)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const own: Waiter = { resolve, reject };
          waiter = own;
          let set = this.waiters.get(channel);
          if (!set) this.waiters.set(channel, (set = new Set()));
          set.add(own);
        });
    void this.sync();
    return subscription(() => {
      if (waiter) {
        this.waiters.get(channel)?.delete(waiter);
        waiter.resolve();
      }
      if (added.remove()) {
        this.interrupted.delete(channel);
        this.waiters.delete(channel);
        void this.sync();
      }
    }, ready);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    // The goodbye first, while the connections work (within the publish bound; skipped when down).
    if (this.liveness) await this.liveness.stop(this.pub.status === 'ready');
    clearInterval(this.healthTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    const closed = new BusClosedError();
    for (const set of this.waiters.values()) for (const waiter of set) waiter.reject(closed);
    this.waiters.clear();
    for (const finish of [...this.inFlight]) finish(closed);
    this.pubWaiters.clear();
    await Promise.all([end(this.pub), end(this.sub)]);
  }

  /** The subscriber connection closed: every active subscription is interrupted. */
  private subscriberLost(): void {
    this.generation++;
    this.syncing = false;
    this.syncAgain = false;
    for (const channel of this.active) {
      this.interrupted.add(channel);
      this.subscribers.resetSequences(channel);
    }
    this.active.clear();
  }

  /**
   * Brings the subscriber connection's subscriptions in line with the subscribed channels, one
   * loop at a time; resolves waiters and reports 'reconnect' gaps as channels become active.
   */
  private async sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    const generation = this.generation;
    try {
      do {
        this.syncAgain = false;
        if (this.closing || this.sub.status !== 'ready') return;
        const wanted = this.subscribers.names();
        const add = wanted.filter((channel) => !this.active.has(channel));
        const drop = [...this.active].filter((channel) => !this.subscribers.has(channel));
        if (drop.length > 0) {
          await this.sub.unsubscribe(...drop.map((channel) => this.prefix + channel));
          if (generation !== this.generation) return;
          for (const channel of drop) this.active.delete(channel);
        }
        if (add.length > 0) {
          await this.sub.subscribe(...add.map((channel) => this.prefix + channel));
          if (generation !== this.generation) return;
          for (const channel of add) {
            // Active at Redis even if unsubscribed meanwhile: the next round unsubscribes it.
            this.active.add(channel);
            this.subscribers.markActive(channel);
            if (!this.subscribers.has(channel)) {
              this.syncAgain = true;
              continue;
            }
            const waiting = this.waiters.get(channel);
            this.waiters.delete(channel);
            for (const waiter of waiting ?? []) waiter.resolve();
            if (this.interrupted.delete(channel)) this.subscribers.gap(channel, { reason: 'reconnect' });
          }
        }
      } while (this.syncAgain);
    } catch (error) {
      // A lost connection: the next 'ready' syncs again.
      if (generation !== this.generation || this.closing || this.sub.status !== 'ready') return;
      // Not a lost connection (that bumps the generation): an error answer. Try again shortly.
      this.log?.error('bus could not update its subscriptions', { error: error instanceof Error ? error.message : String(error) });
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        void this.sync();
      }, 1000);
    } finally {
      if (generation === this.generation) this.syncing = false;
    }
  }

  /**
   * Readiness (GET /api/health/ready): resolves when both connections are ready and each answers a
   * PING within `timeoutMs`; rejects at once when one is not connected (naming its state), or at
   * the bound (an error named 'TimeoutError'). Never waits for a reconnection: the caller asks
   * again later.
   */
  async ping(timeoutMs = 1000): Promise<void> {
    if (this.closing) throw new BusClosedError();
    const roles = [['publish', this.pub], ['subscribe', this.sub]] as const;
    for (const [role, conn] of roles) {
      if (conn.status !== 'ready') throw new Error(`${role} connection not ready (${conn.status})`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`Redis did not answer PING within ${timeoutMs} ms`);
        error.name = 'TimeoutError';
        reject(error);
      }, timeoutMs);
    });
    const pings = roles.map(([role, conn]) =>
      conn.ping().then(
        () => undefined,
        (error: Error) => Promise.reject(new Error(`${role} connection: ${error.message}`)),
      ),
    );
    // A PING that settles after the bound must not surface as an unhandled rejection.
    for (const p of pings) p.catch(() => {});
    try {
      await Promise.race([Promise.all(pings), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One health tick: a PING still unanswered from the last tick drops the connection (it reconnects). */
  private checkHealth(): void {
    for (const [conn, health] of this.health) {
      if (conn.status !== 'ready') {
        health.pending = null;
        continue;
      }
      if (health.pending) {
        health.pending = null;
        this.log?.warn('bus connection unresponsive, reconnecting', { role: conn === this.pub ? 'publish' : 'subscribe' });
        conn.disconnect(true);
        continue;
      }
      const token = {};
      health.pending = token;
      conn.ping().then(
        () => {
          if (health.pending === token) health.pending = null;
        },
        () => {},
      );
    }
  }
}

/**
 * Closes an ioredis connection for good; resolves once its socket is gone (ioredis destroys one
 * the peer does not close within disconnectTimeout). Between attempts ('reconnecting') there is no
 * socket, only the retry timer disconnect() clears, and ioredis emits no 'end'.
 */
function end(conn: Redis): Promise<void> {
  if (conn.status === 'end') return Promise.resolve();
  const between = conn.status === 'reconnecting';
  const ended = new Promise<void>((resolve) => conn.once('end', () => resolve()));
  conn.disconnect();
  return between ? Promise.resolve() : ended;
}
