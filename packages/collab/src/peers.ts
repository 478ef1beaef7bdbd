/**
 * Several servers on one database (issue 15): how a room learns of the updates other servers
 * stored and tells them of its own. The transport (Redis in apps/server/src/cluster) is not the
 * collab core's business; it only has to deliver each server's messages in the order they were
 * published and to say when it may have lost some (`gap`), after which the room catches up from
 * the store, which is the source of truth.
 */

/** One update another server stored durably, with what the room needs to check later writes. */
export interface PeerUpdate {
  seq: number;
  update: Uint8Array;
  userId: string;
  bureauId: string | null;
  createdAt: number;
  /** Yjs clientIDs this update bound to `userId` (a later write under them by someone else is refused). */
  bindClients: number[];
}

/** What a room is told about a document while it is loaded. */
export interface PeerHandlers {
  /** Updates another server stored, in the order it stored them. */
  updates(updates: PeerUpdate[]): void;
  /** Messages may have been lost (reconnect, restart): read the document again from the store. */
  gap(): void;
  /**
   * Presence another server relayed (a y-protocols awareness update, already checked and stamped
   * with its user there). Nothing to catch up after a gap: clients renew their presence every 15 s
   * and a state not renewed for 30 s times out.
   */
  awareness?(update: Uint8Array): void;
}

/** Following a document: `ready` resolves once every update published later will be delivered. */
export interface PeerFollow {
  ready: Promise<void>;
  stop(): void;
}

/** The link between the servers sharing a database. */
export interface PeerLink {
  /** Updates this server stored (durable already), for the other servers. */
  publish(docName: string, updates: PeerUpdate[]): void;
  /** Presence changes of this server's connections (an awareness update), for the other servers. */
  publishAwareness?(docName: string, update: Uint8Array): void;
  /**
   * Follows other servers' updates of a document until `stop`. A room awaits `ready` before it
   * reads the store, so an update is either in what it reads or delivered afterwards.
   */
  follow(docName: string, handlers: PeerHandlers): PeerFollow;
}
