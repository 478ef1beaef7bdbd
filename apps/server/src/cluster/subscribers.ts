/**
 * The subscriptions of one bus and the delivery of a received frame to them: decode once, drop the
 * bus's own messages unless a handler asked for them, detect gaps (sequenceTracker.ts), call each
 * handler with its exceptions caught. Shared by LocalBus and RedisBus, so both behave alike.
 */
import type { BusHandler, BusLogger, GapHandler, GapInfo } from './bus.js';
import { decode, isFrom, type Publisher } from './envelope.js';
import { SequenceTracker } from './sequenceTracker.js';

interface Entry {
  handler: BusHandler;
  includeOwn: boolean;
}

interface Channel {
  entries: Set<Entry>;
  tracker: SequenceTracker;
  /** performance.now() when the subscription became active (again), null while it is not. */
  activeSince: number | null;
}

export class Subscribers {
  private readonly channels = new Map<string, Channel>();
  /** Channels whose gaps are not reported (the heartbeat channel: liveness reads it itself). */
  private readonly silenced = new Set<string>();
  /**
   * Whether a publisher's epoch was settled already (liveness: it said goodbye, or its restart was
   * reported on every channel): a per-channel 'publisher-restart' from it is then not reported again.
   */
  restartSettled: ((serverId: string, epoch: string) => boolean) | null = null;

  constructor(
    private readonly self: Publisher,
    private readonly onGap: GapHandler | undefined,
    private readonly log: BusLogger | undefined,
  ) {}

  /**
   * Adds a handler. `first` tells whether the channel had none (the transport must subscribe);
   * `remove` returns true when it took the channel's last one (the transport must unsubscribe).
   */
  add(channel: string, handler: BusHandler, includeOwn: boolean): { first: boolean; remove(): boolean } {
    let entry: Channel | undefined = this.channels.get(channel);
    const first = !entry;
    if (!entry) {
      entry = { entries: new Set(), tracker: new SequenceTracker(), activeSince: null };
      this.channels.set(channel, entry);
    }
    const state = entry;
    const item: Entry = { handler, includeOwn };
    state.entries.add(item);
    return {
      first,
      remove: () => {
        if (!state.entries.delete(item)) return false;
        if (state.entries.size > 0 || this.channels.get(channel) !== state) return false;
        this.channels.delete(channel);
        return true;
      },
    };
  }

  has(channel: string): boolean {
    return this.channels.has(channel);
  }

  /** The channels with at least one handler. */
  names(): string[] {
    return [...this.channels.keys()];
  }

  /** Gaps on `channel` are not reported from now on. */
  silence(channel: string): void {
    this.silenced.add(channel);
  }

  /** The last seq received on `channel` from a publisher's epoch (undefined: none since the subscription). */
  heard(channel: string, serverId: string, epoch: string): number | undefined {
    return this.channels.get(channel)?.tracker.last(serverId, epoch);
  }

  /** Takes `seq` as received on `channel` from a publisher's epoch (see SequenceTracker.advance). */
  advance(channel: string, serverId: string, epoch: string, seq: number): void {
    this.channels.get(channel)?.tracker.advance(serverId, epoch, seq);
  }

  /** Forgets the sequence state of `channel` (its subscription was interrupted): not active until markActive. */
  resetSequences(channel: string): void {
    const entry = this.channels.get(channel);
    if (!entry) return;
    entry.tracker.reset();
    entry.activeSince = null;
  }

  /** The transport's subscription to `channel` is active (again) from now on. */
  markActive(channel: string): void {
    const entry = this.channels.get(channel);
    if (entry && entry.activeSince === null) entry.activeSince = performance.now();
  }

  /** When the subscription to `channel` became active (performance.now()), or null when it is not. */
  activeSince(channel: string): number | null {
    return this.channels.get(channel)?.activeSince ?? null;
  }

  /** Reports a gap on `channel` to the bus's onGap, if the channel is still subscribed. */
  gap(channel: string, info: GapInfo): void {
    if (!this.channels.has(channel) || !this.onGap || this.silenced.has(channel)) return;
    if (info.reason === 'publisher-restart' && this.restartSettled?.(info.serverId, info.previousEpoch)) return;
    try {
      this.onGap(channel, info);
    } catch (error) {
      this.log?.error('bus onGap handler threw', { channel, error: String(error) });
    }
  }

  /** Delivers a received frame to the handlers of `channel`. */
  deliver(channel: string, frame: Uint8Array): void {
    const entry = this.channels.get(channel);
    if (!entry) return;
    const own = isFrom(frame, this.self);
    if (own && ![...entry.entries].some((item) => item.includeOwn)) return;
    const envelope = decode(frame);
    if (!envelope) {
      this.log?.warn('bus dropped a malformed frame', { channel, bytes: frame.length });
      return;
    }
    const { serverId, epoch, seq } = envelope;
    if (envelope.kind === 'lost') {
      const gap = own ? null : entry.tracker.observeLoss(serverId, epoch, seq, envelope.lostFrom);
      if (gap) this.gap(channel, gap);
      return;
    }
    const message = envelope.message;
    if (!own) {
      const verdict = entry.tracker.observe(serverId, epoch, seq);
      if (verdict.gap) this.gap(channel, verdict.gap);
      if (!verdict.deliver) return;
    }
    const meta = { channel, serverId, epoch, seq };
    // A snapshot: a handler may unsubscribe (itself or others) while we deliver.
    for (const item of [...entry.entries]) {
      if (own && !item.includeOwn) continue;
      if (!entry.entries.has(item)) continue;
      try {
        item.handler(message, meta);
      } catch (error) {
        this.log?.error('bus handler threw', { channel, error: String(error) });
      }
    }
  }
}
