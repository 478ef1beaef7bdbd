/**
 * Frames a client sends while its socket is still being authenticated are kept, in order, and
 * handed to the collab core once the socket is bound. They are capped: a client that keeps
 * sending before the server has said anything is refused rather than allowed to fill memory.
 */
import { MAX_MUX_DOCUMENTS } from '@hegao/collab';

/** How much one socket may send before it is authenticated. */
export interface EarlyFrameLimits {
  frames: number;
  bytes: number;
}

/** `/collab/:docName`: a stock client sends sync step 1 and its awareness, and perhaps a few edits. */
export const EARLY_FRAME_LIMITS: EarlyFrameLimits = { frames: 64, bytes: 4 * 1024 * 1024 };

/** `/collab-mux`: the page subscribes every document at once (an open, perhaps a close, each) before any answer. */
export const EARLY_MUX_FRAME_LIMITS: EarlyFrameLimits = { frames: 2 * MAX_MUX_DOCUMENTS + 64, bytes: 4 * 1024 * 1024 };

/** A frame as the socket delivered it. */
export type EarlyFrame = readonly [data: Buffer, isBinary: boolean];

/** The frames of one socket before authentication, within the limits. */
export class EarlyFrames {
  private frames: EarlyFrame[] = [];
  private bytes = 0;
  /** Why the limits were passed, once they were; nothing is kept from then on. */
  overflow: string | null = null;

  constructor(private readonly limits: EarlyFrameLimits = EARLY_FRAME_LIMITS) {}

  /** Keeps a frame; returns false (and drops everything kept) when it passes the limits. */
  push(data: Buffer, isBinary: boolean): boolean {
    if (this.overflow !== null) return false;
    if (this.frames.length >= this.limits.frames) {
      this.overflow = `more than ${this.limits.frames} frames before authentication`;
    } else if (this.bytes + data.byteLength > this.limits.bytes) {
      this.overflow = `more than ${this.limits.bytes} bytes before authentication`;
    }
    if (this.overflow !== null) {
      this.frames = [];
      this.bytes = 0;
      return false;
    }
    this.frames.push([data, isBinary]);
    this.bytes += data.byteLength;
    return true;
  }

  /** The kept frames, in order; the buffer is empty afterwards. */
  take(): EarlyFrame[] {
    const out = this.frames;
    this.frames = [];
    this.bytes = 0;
    return out;
  }

  /** How many frames are kept. */
  get size(): number {
    return this.frames.length;
  }
}
