/** One client socket attached to one document room. */
import { randomBytes } from 'node:crypto';
import type { Access, CollabIdentity, CollabSocket } from './types.js';
import { encodeAccess, encodePermissionDenied } from './protocol.js';

const DENIED_NOTICE_INTERVAL_MS = 2000;
/** RFC 6455 allows at most 123 bytes of UTF-8 in a close frame's reason. */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * The longest prefix of `reason` that fits a WebSocket close frame, cut on a character
 * boundary. Reasons may quote client input (a root type name), so they are never trusted to fit.
 */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason, 'utf8') <= MAX_CLOSE_REASON_BYTES) return reason;
  let out = '';
  let bytes = 0;
  for (const ch of reason) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > MAX_CLOSE_REASON_BYTES - 3) break;
    out += ch;
    bytes += size;
  }
  return `${out}...`;
}

/** A connection's identity, access and presence bookkeeping. */
export class Connection {
  /** Random id recorded with every update this connection writes. */
  readonly id = randomBytes(9).toString('base64url');
  /** Current access; null until resolved. */
  access: Access | null = null;
  /** Awareness clientIDs this connection speaks for. */
  readonly awarenessClients = new Set<number>();
  /** Serialises this connection's message handling. */
  chain: Promise<void> = Promise.resolve();
  closed = false;
  private lastDeniedNotice = 0;

  constructor(
    readonly socket: CollabSocket,
    readonly identity: CollabIdentity,
    readonly docName: string,
  ) {}

  /** Sends a frame unless the connection is closed; a failing socket closes the connection. */
  send(data: Uint8Array): void {
    if (this.closed) return;
    try {
      this.socket.send(data);
    } catch {
      this.close(1011, 'send failed');
    }
  }

  /** Closes the socket once. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close(code, closeReason(reason));
    } catch {
      // the socket is already gone
    }
  }

  /** Tells the client its current access mode. */
  sendAccess(): void {
    if (!this.access) return;
    this.send(encodeAccess({ mode: this.access.write ? 'write' : 'read', reason: this.access.write ? '' : this.access.reason }));
  }

  /** Tells the client a write was refused, at most once per interval. */
  notifyDenied(reason: string, now = Date.now()): void {
    if (now - this.lastDeniedNotice < DENIED_NOTICE_INTERVAL_MS) return;
    this.lastDeniedNotice = now;
    this.send(encodePermissionDenied(reason));
  }
}
