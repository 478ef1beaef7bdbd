/**
 * The message bus the servers of one deployment share: named channels, messages that are either
 * JSON values or binary (a Yjs update), each stamped with the publishing server's identity and a
 * sequence number per publisher and channel, so a subscriber can tell when it missed some.
 *
 * Two implementations: `LocalBus` (one process: a single server, or tests with several "servers"
 * on one hub) and `RedisBus` (Redis pub/sub). The bus is a relay, never a store: the database is
 * the source of truth, and a subscriber told of a gap (`onGap`) catches up from it.
 * See docs/scaling.md, "Message bus".
 */

/** A JSON value: what JSON.stringify/JSON.parse carry unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A message: a JSON value (objects, in practice), or bytes carried as they are (no base64). A
 * received binary message is a view into the frame it arrived in: read it, do not modify it.
 */
export type BusMessage = JsonValue | Uint8Array;

/** Who published a message, and where it falls in that publisher's sequence on the channel. */
export interface MessageMeta {
  channel: string;
  /** The publishing server's configured id (stable across its restarts). */
  serverId: string;
  /** The publishing bus instance: 16 hex digits, random per process start (per bus). */
  epoch: string;
  /** 1, 2, 3… per publishing bus instance and channel. A publish that failed still used its number. */
  seq: number;
}

/** Receives the messages of a channel. Exceptions are caught and logged; they stop nothing. */
export type BusHandler = (message: BusMessage, meta: MessageMeta) => void;

/** Why a subscriber may have missed messages on a channel. */
export type GapInfo =
  /** The subscription was interrupted (connection lost, Redis restarted) and is active again. */
  | { reason: 'reconnect' }
  /** A publisher's sequence jumped: `expected` … `received - 1` never arrived. */
  | { reason: 'sequence'; serverId: string; epoch: string; expected: number; received: number }
  /** A publisher announced that its publishes `from` … `to` failed (may not have reached anyone). */
  | { reason: 'publish-failed'; serverId: string; epoch: string; from: number; to: number }
  /** A publisher restarted (same server id, new epoch): its last messages before the restart may never have been published. */
  | { reason: 'publisher-restart'; serverId: string; epoch: string; previousEpoch: string }
  /**
   * Liveness (liveness.ts): a publisher's heartbeat names `published` as its last seq on the
   * channel, and this bus received only up to `heard` (0: nothing from it there yet).
   */
  | { reason: 'heartbeat'; serverId: string; epoch: string; heard: number; published: number }
  /** Liveness: a publisher sent no heartbeat for `silentMs`; it may have died between storing and publishing. */
  | { reason: 'peer-silent'; serverId: string; epoch: string; silentMs: number };

/**
 * Called once per gap per channel, before the message that revealed it is delivered (for
 * 'reconnect': once the subscription is active again). The caller must then bring the state it
 * keeps from that channel up to date from the database: messages delivered afterwards are the
 * ones after the gap, but may overlap what the catch-up reads, so applying them must be idempotent.
 */
export type GapHandler = (channel: string, info: GapInfo) => void;

export interface SubscribeOptions {
  /** Also deliver the messages this bus publishes itself (default false). */
  includeOwn?: boolean;
}

/**
 * Ends a subscription (idempotent). `ready` resolves once the subscription is active: a message
 * published after that is delivered (or reported as a gap). Await it before reading the state
 * that the channel's messages will patch. It rejects when the bus closes first, and resolves at
 * once when unsubscribed before becoming active.
 */
export interface Subscription {
  (): void;
  readonly ready: Promise<void>;
}

export interface Bus {
  /** This server's id, stamped on every message it publishes. */
  readonly serverId: string;
  /** This bus instance's epoch (16 hex digits). */
  readonly epoch: string;
  /**
   * Publishes to every subscriber of `channel` on the other servers (and on this one with
   * `includeOwn`). Resolves once the bus accepted it (Redis: PUBLISH answered); rejects when
   * it could not be handed on within the implementation's bound. A rejected publish may still
   * have been delivered; its sequence number is not reused, so subscribers that see the next one
   * report a gap.
   */
  publish(channel: string, message: BusMessage): Promise<void>;
  /** Delivers the channel's messages to `handler`, in publication order per publisher. */
  subscribe(channel: string, handler: BusHandler, options?: SubscribeOptions): Subscription;
  /** Ends every subscription and connection; publish rejects afterwards. Idempotent. */
  close(): Promise<void>;
  /**
   * Checks that the bus can reach its relay now (readiness, GET /api/health/ready): resolves when
   * it answered within `timeoutMs`, rejects with the reason otherwise. Absent on an in-process bus,
   * which has nothing to reach.
   */
  ping?(timeoutMs?: number): Promise<void>;
}

/** Where a bus reports what it cannot throw (a handler's exception, a malformed frame, a lost connection). */
export interface BusLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Thrown by publish on a closed bus. */
export class BusClosedError extends Error {
  constructor() {
    super('message bus is closed');
    this.name = 'BusClosedError';
  }
}
