/**
 * A token bucket: `burst` requests at once, then `perSecond` on average. Used to bound how often a
 * connection may ask for work whose answer is large (the whole document, every presence) and how
 * often a socket may (re)open documents.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes one token; false when none is left (the request is over the limit). */
  take(now = Date.now()): boolean {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.perSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** A rate: at most `burst` at once, `perSecond` sustained. */
export interface Rate {
  burst: number;
  perSecond: number;
}
