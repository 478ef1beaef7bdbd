/**
 * Gap detection for one subscribed channel: the last sequence number seen from each publisher
 * (server id + epoch) since the subscription became active.
 *
 * - The first message from a publisher sets its baseline: messages it published before this
 *   subscription was active are the caller's initial load's business, not a gap.
 * - A known server id with a new epoch is a restart: one 'publisher-restart' gap. The old epoch
 *   stays known for a while, so a rolling restart where both run at once does not flap.
 * - A jump in a publisher's sequence is one 'sequence' gap; the baseline moves to the new number.
 * - A loss notice (the publisher's publishes failed, see RedisBus) is one 'publish-failed' gap
 *   unless everything before it arrived after all.
 * - A number at or below the last one seen (a duplicate, a frame delayed past its successors) is
 *   dropped: a stale message must not undo a newer one (access changes).
 */
import type { GapInfo } from './bus.js';

/** What to do with an observed message. */
export interface Verdict {
  deliver: boolean;
  /** A gap this message revealed (report it before delivering). */
  gap: GapInfo | null;
}

/** Epochs remembered per server id (the newest ones). */
const EPOCHS_PER_SERVER = 4;
/** Server ids remembered per channel (the most recently started ones). */
const SERVERS_PER_CHANNEL = 1024;

export class SequenceTracker {
  /** server id → epoch → last seq; both in insertion order (oldest first). */
  private readonly servers = new Map<string, Map<string, number>>();

  observe(serverId: string, epoch: string, seq: number): Verdict {
    let epochs = this.servers.get(serverId);
    if (!epochs) {
      if (this.servers.size >= SERVERS_PER_CHANNEL) {
        const oldest = this.servers.keys().next();
        if (!oldest.done) this.servers.delete(oldest.value);
      }
      epochs = new Map();
      this.servers.set(serverId, epochs);
    }
    const last = epochs.get(epoch);
    if (last === undefined) {
      let previousEpoch: string | undefined;
      for (const known of epochs.keys()) previousEpoch = known;
      if (epochs.size >= EPOCHS_PER_SERVER) {
        const oldest = epochs.keys().next();
        if (!oldest.done) epochs.delete(oldest.value);
      }
      epochs.set(epoch, seq);
      return {
        deliver: true,
        gap: previousEpoch === undefined ? null : { reason: 'publisher-restart', serverId, epoch, previousEpoch },
      };
    }
    if (seq <= last) return { deliver: false, gap: null };
    epochs.set(epoch, seq);
    if (seq === last + 1) return { deliver: true, gap: null };
    return { deliver: true, gap: { reason: 'sequence', serverId, epoch, expected: last + 1, received: seq } };
  }

  /**
   * A publisher's loss notice (seq `seq`, its publishes from `lostFrom` failed): a gap unless every
   * number before it arrived after all. From a publisher not seen yet, a gap too: the failed
   * publishes may have come after this subscription began. Nothing is delivered.
   */
  observeLoss(serverId: string, epoch: string, seq: number, lostFrom: number): GapInfo | null {
    const last = this.servers.get(serverId)?.get(epoch);
    if (last !== undefined && last >= seq - 1) {
      if (seq > last) this.servers.get(serverId)?.set(epoch, seq);
      return null;
    }
    this.observe(serverId, epoch, seq);
    return { reason: 'publish-failed', serverId, epoch, from: last === undefined ? lostFrom : last + 1, to: seq - 1 };
  }

  /** The last seq seen from a publisher's epoch, or undefined when none was. */
  last(serverId: string, epoch: string): number | undefined {
    return this.servers.get(serverId)?.get(epoch);
  }

  /**
   * Takes `seq` as seen from a publisher's epoch (its heartbeat said so, and the caller catches
   * up): a message at or below it is dropped from now on. Returns false when it was seen already.
   */
  advance(serverId: string, epoch: string, seq: number): boolean {
    const last = this.last(serverId, epoch);
    if (last !== undefined && last >= seq) return false;
    // A new epoch is registered as observe() does; a restart it would reveal is the caller's business.
    if (last === undefined) this.observe(serverId, epoch, seq);
    else this.servers.get(serverId)?.set(epoch, seq);
    return true;
  }

  /** Forgets everything (the subscription was interrupted: the next messages set new baselines). */
  reset(): void {
    this.servers.clear();
  }
}
