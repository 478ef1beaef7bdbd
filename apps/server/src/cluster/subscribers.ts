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
}

export class Subscribers {
  private readonly channels = new Map<string, Channel>();

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
      entry = { entries: new Set(), tracker: new SequenceTracker() };
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

  /** Forgets the sequence state of `channel` (its subscription was interrupted). */
  resetSequences(channel: string): void {
    this.channels.get(channel)?.tracker.reset();
  }

  /** Reports a gap on `channel` to the bus's onGap, if the channel is still subscribed. */
  gap(channel: string, info: GapInfo): void {
    if (!this.channels.has(channel) || !this.onGap) return;
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
