/** One client socket attached to one document room. */
import { randomBytes } from 'node:crypto';
import type { Access, CollabIdentity, CollabSocket } from './types.js';
import { CLOSE, encodeAccess, encodePermissionDenied } from './protocol.js';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './limits.js';
import { TokenBucket } from './TokenBucket.js';

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
  /** Id recorded with every update this connection writes: random, or what a server-side change names. */
  readonly id: string;
  /** Current access; null until resolved. */
  access: Access | null = null;
  /** Awareness clientIDs this connection speaks for. */
  readonly awarenessClients = new Set<number>();
  /** Serialises this connection's message handling. */
  chain: Promise<void> = Promise.resolve();
  closed = false;
  /** Sync step 1 and query-awareness requests this connection may still make. */
  readonly syncRequests: TokenBucket;
  /** Awareness updates this connection may still have relayed at once (see ConnectionLimits). */
  readonly awarenessUpdates: TokenBucket;
  /** The newest awareness update held back by the rate, relayed by `awarenessTimer`. */
  heldAwareness: Uint8Array | null = null;
  awarenessTimer: NodeJS.Timeout | null = null;
  private lastDeniedNotice = 0;
  /** Frames received and not yet handled, and their bytes (see `received` / `handled`). */
  private pendingFrames = 0;
  private pendingBytes = 0;
  private paused = false;

  constructor(
    readonly socket: CollabSocket,
    readonly identity: CollabIdentity,
    readonly docName: string,
    readonly limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS,
    id?: string,
  ) {
    this.id = id ?? randomBytes(9).toString('base64url');
    this.syncRequests = new TokenBucket(limits.syncRequests.burst, limits.syncRequests.perSecond);
    this.awarenessUpdates = new TokenBucket(limits.awarenessUpdates.burst, limits.awarenessUpdates.perSecond);
  }

  private get buffered(): number {
    return this.socket.bufferedAmount?.() ?? 0;
  }

  /** True when the socket holds more unsent bytes than a large answer may be queued behind. */
  get congested(): boolean {
    return this.buffered > this.limits.maxBufferedBytes;
  }

  /**
   * Resolves once the socket holds at most `limits.maxBufferedBytes` unsent, i.e. the client read
   * enough for a large answer to be queued. A client whose buffer does not shrink at all for
   * `limits.stallMs` does not read: the connection is closed with 4503 (check `closed` after).
   */
  async writable(pollMs = 25): Promise<void> {
    let least = this.buffered;
    let progressAt = Date.now();
    while (!this.closed && this.congested) {
      await new Promise<void>((resolve) => setTimeout(resolve, pollMs));
      const now = this.buffered;
      if (now < least) {
        least = now;
        progressAt = Date.now();
      } else if (Date.now() - progressAt > this.limits.stallMs) {
        this.close(CLOSE.notReading, 'client does not read');
      }
    }
  }

  /**
   * Sends a frame unless the connection is closed. A socket whose client does not read (more than
   * `limits.closeAtBufferedBytes` queued) is closed with 4503 instead; a failing socket closes too.
   */
  send(data: Uint8Array): void {
    if (this.closed) return;
    if (this.buffered > this.limits.closeAtBufferedBytes) {
      this.close(CLOSE.notReading, 'client does not read');
      return;
    }
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
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.heldAwareness = null;
    if (this.paused) {
      // A shared socket (/collab-mux) may carry other documents: take back this one's pause.
      this.paused = false;
      this.socket.resume?.();
    }
    try {
      this.socket.close(code, closeReason(reason));
    } catch {
      // the socket is already gone
    }
  }

  /**
   * Counts a frame received and queued for handling; past the limits the socket is paused (no
   * more is read from the network) until `handled` brings it back down: a fast sender waits for
   * the server instead of filling its memory.
   */
  received(bytes: number): void {
    this.pendingFrames++;
    this.pendingBytes += bytes;
    if (!this.paused && (this.pendingFrames > this.limits.pauseAtFrames || this.pendingBytes > this.limits.pauseAtBytes)) {
      this.paused = true;
      this.socket.pause?.();
    }
  }

  /** Counts a frame handled (see `received`); resumes reading once a quarter of the limits is left. */
  handled(bytes: number): void {
    this.pendingFrames--;
    this.pendingBytes -= bytes;
    if (this.paused && this.pendingFrames <= this.limits.pauseAtFrames / 4 && this.pendingBytes <= this.limits.pauseAtBytes / 4) {
      this.paused = false;
      this.socket.resume?.();
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
