/**
 * Fixed-window failure counter for login attempts, per key (username and client address).
 * Callers count an attempt as a failure before checking the password (and forgive or reset it on
 * success), so parallel attempts cannot all pass the check while the first ones are still hashing.
 * The counts live in a LimitStore: this process's memory by default, Redis in a cluster.
 */
import { MemoryLimitStore, type LimitStore } from './limitStore.js';

/** Counts failures per key and blocks a key after `max` failures within `windowMs`. */
export class RateLimiter {
  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly store: LimitStore = new MemoryLimitStore(),
    /** Prepended to every key in the store, so several limiters can share one. */
    private readonly namespace = '',
  ) {}

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  async retryAfter(key: string, now = Date.now()): Promise<number> {
    const hit = await this.store.get(this.namespace + key, now);
    return hit && hit.count >= this.max ? Math.max(0, hit.resetAt - now) : 0;
  }

  /**
   * Records a failed attempt. Resolves to 0 when it was within the budget (at most `max` in the
   * window, this one included), else to the milliseconds until the window ends (the failure is
   * counted all the same: `forgive` takes it back).
   */
  async fail(key: string, now = Date.now()): Promise<number> {
    const hit = await this.store.fail(this.namespace + key, this.windowMs, now);
    return hit.count > this.max ? Math.max(1, hit.resetAt - now) : 0;
  }

  /** Takes back one recorded failure (an attempt counted in advance that then succeeded, or was refused). */
  forgive(key: string): Promise<void> {
    return this.store.forgive(this.namespace + key);
  }

  /** Forgets a key after a success. */
  reset(key: string): Promise<void> {
    return this.store.reset(this.namespace + key);
  }
}
