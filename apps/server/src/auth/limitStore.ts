/**
 * Where RateLimiter keeps its counts: per key, a fixed window opened by the key's first failure
 * (`count` failures so far, `resetAt` when the window ends). MemoryLimitStore counts in this
 * process; RedisLimitStore (redisLimitStore.ts) counts in Redis, shared by every server of a
 * cluster, and falls back to this process's counts when Redis does not answer in time.
 */

/** A key's open window. */
export interface LimitWindow {
  /** Failures counted in this window. */
  count: number;
  /** When the window ends (ms since the epoch); the key is forgotten then. */
  resetAt: number;
}

/** Failure counts per key in fixed windows. Every call resolves (a store that cannot answer falls back). */
export interface LimitStore {
  /** The key's window open at `now`, or null when there is none. */
  get(key: string, now: number): Promise<LimitWindow | null>;
  /** Counts one failure, opening a window of `windowMs` from `now` when none is open; resolves to the window after counting. */
  fail(key: string, windowMs: number, now: number): Promise<LimitWindow>;
  /** Takes back one failure (the key is forgotten when none is left). */
  forgive(key: string): Promise<void>;
  /** Forgets the key. */
  reset(key: string): Promise<void>;
  /** Releases connections; idempotent. */
  close(): Promise<void>;
}

/** Counts in this process (a single server, and the fallback of RedisLimitStore). Synchronous inside. */
export class MemoryLimitStore implements LimitStore {
  private readonly hits = new Map<string, LimitWindow>();

  /** Prunes ended windows once more than this many keys are held. */
  constructor(private readonly pruneAbove = 10_000) {}

  getNow(key: string, now: number): LimitWindow | null {
    const hit = this.hits.get(key);
    return hit && hit.resetAt > now ? { ...hit } : null;
  }

  failNow(key: string, windowMs: number, now: number): LimitWindow {
    let hit = this.hits.get(key);
    if (!hit || hit.resetAt <= now) this.hits.set(key, (hit = { count: 1, resetAt: now + windowMs }));
    else hit.count++;
    if (this.hits.size > this.pruneAbove) this.prune(now);
    return { ...hit };
  }

  forgiveNow(key: string): void {
    const hit = this.hits.get(key);
    if (!hit) return;
    if (hit.count <= 1) this.hits.delete(key);
    else hit.count--;
  }

  resetNow(key: string): void {
    this.hits.delete(key);
  }

  get(key: string, now: number): Promise<LimitWindow | null> {
    return Promise.resolve(this.getNow(key, now));
  }

  fail(key: string, windowMs: number, now: number): Promise<LimitWindow> {
    return Promise.resolve(this.failNow(key, windowMs, now));
  }

  forgive(key: string): Promise<void> {
    this.forgiveNow(key);
    return Promise.resolve();
  }

  reset(key: string): Promise<void> {
    this.resetNow(key);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private prune(now: number): void {
    for (const [key, hit] of this.hits) if (hit.resetAt <= now) this.hits.delete(key);
  }
}
