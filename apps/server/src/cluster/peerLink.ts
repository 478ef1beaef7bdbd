/**
 * The collab core's PeerLink (packages/collab/src/peers.ts) over the message bus: one channel per
 * document, `doc:<docName>`, carrying each room flush's stored updates (peerCodec.ts), and one for
 * its presence, `awareness:<docName>`. A gap the bus reports on a `doc:` channel makes every room
 * following it catch up from the database, once per event-loop turn however many reports arrive
 * together; presence needs nothing (clients renew it, and what is not renewed times out).
 */
import type { CollabLogger, PeerFollow, PeerHandlers, PeerLink, PeerUpdate } from '@hegao/collab';
import type { Bus } from './bus.js';
import { decodePeerUpdates, encodePeerUpdates } from './peerCodec.js';

export const DOC_CHANNEL_PREFIX = 'doc:';
/** Presence of a document's connections: y-protocols awareness updates as they are. */
export const AWARENESS_CHANNEL_PREFIX = 'awareness:';

export class BusPeerLink implements PeerLink {
  private readonly followers = new Map<string, Set<PeerHandlers>>();
  private readonly gapsDue = new Set<string>();

  constructor(
    private readonly bus: Bus,
    private readonly logger: CollabLogger,
    /**
     * FAULT INJECTION for tests (HEGAO_FAULT_DROP_PUBLISH=1): stored updates are never published,
     * as if the server died between storing and publishing each time. Inert by default.
     */
    private readonly dropPublishes = false,
  ) {}

  publish(docName: string, updates: PeerUpdate[]): void {
    if (this.dropPublishes) return;
    // Durable already: a lost publish is a gap for the others (the bus tells them), not a loss.
    this.bus.publish(DOC_CHANNEL_PREFIX + docName, encodePeerUpdates(updates)).catch((err: unknown) => {
      this.logger.warn('stored updates not published to the other servers', { docName, error: (err as Error).message });
    });
  }

  publishAwareness(docName: string, update: Uint8Array): void {
    this.bus.publish(AWARENESS_CHANNEL_PREFIX + docName, update).catch((err: unknown) => {
      this.logger.warn('presence not published to the other servers', { docName, error: (err as Error).message });
    });
  }

  follow(docName: string, handlers: PeerHandlers): PeerFollow {
    const channel = DOC_CHANNEL_PREFIX + docName;
    let set = this.followers.get(channel);
    if (!set) this.followers.set(channel, (set = new Set()));
    set.add(handlers);
    const unsubscribe = this.bus.subscribe(channel, (message) => {
      if (!(message instanceof Uint8Array)) return;
      let updates: PeerUpdate[];
      try {
        updates = decodePeerUpdates(message);
      } catch (err) {
        this.logger.error('malformed updates from another server', { docName, error: (err as Error).message });
        handlers.gap();
        return;
      }
      handlers.updates(updates);
    });
    const unsubscribePresence = this.bus.subscribe(AWARENESS_CHANNEL_PREFIX + docName, (message) => {
      if (message instanceof Uint8Array) handlers.awareness?.(message.slice());
    });
    return {
      ready: Promise.all([unsubscribe.ready, unsubscribePresence.ready]).then(() => undefined),
      stop: () => {
        unsubscribePresence();
        unsubscribe();
        set.delete(handlers);
        if (set.size === 0) this.followers.delete(channel);
      },
    };
  }

  /** The bus reported a gap on `channel`: its followers catch up (coalesced per turn). */
  gap(channel: string): void {
    if (!this.followers.has(channel) || this.gapsDue.has(channel)) return;
    this.gapsDue.add(channel);
    setImmediate(() => {
      this.gapsDue.delete(channel);
      for (const handlers of this.followers.get(channel) ?? []) handlers.gap();
    });
  }
}
