/**
 * What one connection may cost the server. Every figure here is documented in docs/api.md
 * ("Limits"); a client past one is closed with the code given, never left to grow memory or to
 * hold the event loop.
 */
import type { Rate } from './TokenBucket.js';

/** Per-connection limits of the collaboration core. */
export interface ConnectionLimits {
  /**
   * Bytes queued towards one socket above which requests for large answers (sync step 1,
   * query-awareness) wait until the client has read some: a request costs no more than the
   * client reads. A page opening thirty large sections on a slow link gets them one after another.
   */
  maxBufferedBytes: number;
  /**
   * Bytes queued above which any send closes the connection with 4503 (CLOSE.notReading): the
   * client does not read what it is sent live (relayed edits and presence). One frame may pass
   * it, so at most this plus one frame is held.
   */
  closeAtBufferedBytes: number;
  /** How long a request may wait for a buffer that does not shrink at all before 4503. */
  stallMs: number;
  /** Sync step 1 and query-awareness (each answered with the whole document or every presence). */
  syncRequests: Rate;
  /**
   * Awareness updates relayed per connection (each goes to every other connection of the
   * document). Past the rate the latest one waits and is relayed when the rate allows: presence
   * stays current, a flood is not multiplied by the number of readers.
   */
  awarenessUpdates: Rate;
  /** Frames received and not yet handled above which the socket stops being read (TCP backpressure). */
  pauseAtFrames: number;
  /** Bytes received and not yet handled above which the socket stops being read. */
  pauseAtBytes: number;
}

/** The defaults (see docs/api.md). */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxBufferedBytes: 4 * 1024 * 1024,
  closeAtBufferedBytes: 16 * 1024 * 1024,
  stallMs: 10_000,
  // A stock client asks once per connection; the server's own resync asks make the client answer
  // with step 2, not step 1. Ten at once and one every two seconds is far above any real client.
  syncRequests: { burst: 10, perSecond: 0.5 },
  // A cursor moves with every keystroke; a fast typist makes ~15 a second.
  awarenessUpdates: { burst: 30, perSecond: 20 },
  pauseAtFrames: 256,
  pauseAtBytes: 8 * 1024 * 1024,
};
