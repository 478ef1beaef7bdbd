/**
 * The bus inside one process: for a single server (HEGAO_REDIS_URL unset) and for tests, where
 * several LocalBus instances on one LocalHub stand for several servers. Same frames and semantics
 * as RedisBus (each message is encoded and decoded, so a value JSON cannot carry fails here too;
 * no echo of its own messages unless asked), delivered asynchronously in publication order. It
 * never loses a message, so it never reports a gap.
 */
import type { Bus, BusHandler, BusLogger, BusMessage, GapHandler, SubscribeOptions, Subscription } from './bus.js';
import { BusClosedError } from './bus.js';
import { encode, newEpoch, publisher, type Publisher } from './envelope.js';
import { HEARTBEAT_CHANNEL, Liveness, type LivenessOptions } from './liveness.js';
import { Subscribers } from './subscribers.js';
import { subscription } from './subscription.js';

type Receiver = (channel: string, frame: Buffer) => void;

/** What LocalBus instances share: the in-process stand-in for Redis. */
export class LocalHub {
  private readonly receivers = new Set<Receiver>();
  /**
   * Fault injection for tests: a frame for which this returns true is lost on the way (to every
   * receiver), as on a broken network. Null (the default) loses nothing.
   */
  lose: ((channel: string, frame: Buffer) => boolean) | null = null;

  /** Adds a receiver of every frame; returns its removal. */
  join(receiver: Receiver): () => void {
    this.receivers.add(receiver);
    return () => {
      this.receivers.delete(receiver);
    };
  }

  /** Hands `frame` to every receiver present when it is delivered (a microtask later, in order). */
  send(channel: string, frame: Buffer): void {
    if (this.lose?.(channel, frame)) return;
    queueMicrotask(() => {
      for (const receiver of [...this.receivers]) receiver(channel, frame);
    });
  }
}

export interface LocalBusOptions {
  /** Default 'local'. */
  serverId?: string;
  /** The hub to share with other LocalBus instances; default a private one. */
  hub?: LocalHub;
  /** Never called by LocalBus (it loses nothing); accepted so callers configure both buses alike. */
  onGap?: GapHandler;
  logger?: BusLogger;
  /** Heartbeats and peer tracking (liveness.ts); off by default (a single server has no peers). */
  liveness?: LivenessOptions;
}

export class LocalBus implements Bus {
  readonly serverId: string;
  readonly epoch: string;
  private readonly self: Publisher;
  private readonly hub: LocalHub;
  private readonly subscribers: Subscribers;
  private readonly seqs = new Map<string, number>();
  private readonly leave: () => void;
  private closed = false;
  /** Present when options.liveness was given. */
  readonly liveness: Liveness | null;

  constructor(options: LocalBusOptions = {}) {
    this.serverId = options.serverId ?? 'local';
    this.epoch = newEpoch();
    this.self = publisher(this.serverId, this.epoch);
    this.hub = options.hub ?? new LocalHub();
    this.subscribers = new Subscribers(this.self, options.onGap, options.logger);
    this.leave = this.hub.join((channel, frame) => this.subscribers.deliver(channel, frame));
    this.liveness = options.liveness
      ? new Liveness(
          {
            bus: this,
            subscribers: this.subscribers,
            publish: (message) => this.send(HEARTBEAT_CHANNEL, message),
            publishedSeq: (channel) => this.seqs.get(channel),
            listening: () => !this.closed,
            logger: options.logger,
          },
          options.liveness,
        )
      : null;
  }

  publish(channel: string, message: BusMessage): Promise<void> {
    if (this.closed) return Promise.reject(new BusClosedError());
    return this.send(channel, message);
  }

  private send(channel: string, message: BusMessage): Promise<void> {
    const seq = (this.seqs.get(channel) ?? 0) + 1;
    let frame: Buffer;
    try {
      frame = encode(this.self, seq, message);
    } catch (error) {
      // Nothing was sent: the number stays free.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.seqs.set(channel, seq);
    this.liveness?.published(channel);
    this.hub.send(channel, frame);
    return Promise.resolve();
  }

  subscribe(channel: string, handler: BusHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closed) return subscription(() => {}, Promise.reject(new BusClosedError()));
    const added = this.subscribers.add(channel, handler, options.includeOwn ?? false);
    this.subscribers.markActive(channel);
    return subscription(() => void added.remove(), Promise.resolve());
  }

  /** Ends the bus; with liveness, after a goodbye heartbeat (so the others do not wait for its silence). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.liveness?.stop(true);
    this.leave();
  }

  /**
   * For tests: ends the bus as a killed process would, with no goodbye heartbeat; nothing more is
   * sent or received. The others notice its silence (liveness), not its departure.
   */
  kill(): void {
    if (this.closed) return;
    this.closed = true;
    void this.liveness?.stop(false);
    this.leave();
  }
}
