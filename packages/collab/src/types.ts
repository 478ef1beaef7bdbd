/** The small interfaces the collaboration core is built on: socket, identity, access, logger. */

/** Any message socket: ws, a Hono WebSocket, or a test double. */
export interface CollabSocket {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued towards the client and not yet sent (a `ws` socket's `bufferedAmount`). */
  bufferedAmount?(): number;
  /** Stops reading frames from the client until `resume` (backpressure on a fast sender). */
  pause?(): void;
  resume?(): void;
}

/** The authenticated user behind a connection, from the server session. */
export interface CollabIdentity {
  userId: string;
  username: string;
  name: string;
  role: string;
  bureauId: string | null;
  bureauName: string | null;
  /** Presence colour (the bureau's), e.g. '#c0392b'. */
  color: string;
}

/** What an identity may do with one document right now. */
export interface Access {
  read: boolean;
  write: boolean;
  /** Chinese explanation shown to the user when write is false. */
  reason: string;
}

/** Decides access for an identity on a document; null when the document does not exist. */
export type AccessResolver = (identity: CollabIdentity, docName: string) => Promise<Access | null>;

/** Structured log sink. */
export interface CollabLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything (the default in unit tests). */
export const silentLogger: CollabLogger = { info() {}, warn() {}, error() {} };

/** Reported after updates are durable, so metadata (last edited by / at) can follow. */
export interface StoredEvent {
  docName: string;
  userId: string;
  bureauId: string | null;
  seq: number;
  createdAt: number;
}
