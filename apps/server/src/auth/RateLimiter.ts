/**
 * Fixed-window failure counter for login attempts, per key (username and client address).
 * Callers count an attempt as a failure before checking the password (and forgive or reset it on
 * success), so parallel attempts cannot all pass the check while the first ones are still hashing.
 */

/** Counts failures per key and blocks a key after `max` failures within `windowMs`. */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string, now = Date.now()): number {
    const hit = this.hits.get(key);
    if (!hit || hit.resetAt <= now) return 0;
    return hit.count >= this.max ? hit.resetAt - now : 0;
  }

  /** Records a failed attempt. */
  fail(key: string, now = Date.now()): void {
    const hit = this.hits.get(key);
    if (!hit || hit.resetAt <= now) this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
    else hit.count++;
    if (this.hits.size > 10_000) this.prune(now);
  }

  /** Takes back one recorded failure (an attempt counted in advance that then succeeded). */
  forgive(key: string): void {
    const hit = this.hits.get(key);
    if (!hit) return;
    if (hit.count <= 1) this.hits.delete(key);
    else hit.count--;
  }

  /** Forgets a key after a success. */
  reset(key: string): void {
    this.hits.delete(key);
  }

  private prune(now: number): void {
    for (const [key, hit] of this.hits) if (hit.resetAt <= now) this.hits.delete(key);
  }
}
