/**
 * Calls to a Redis that must never hold a request up: each call is bounded in time, a call
 * unanswered in time drops the connection (ioredis reconnects), and a caller that gets no answer
 * decides on this server's own counts. What the fallback does is the caller's; this module only
 * bounds the call and logs the fallback — at most once per `warnEveryMs` with the number of calls
 * that fell back, and once when Redis answers again — so a flapping Redis cannot flood the log.
 * Used by the shared login limit (auth/redisLimitStore.ts) and the shared connection quotas
 * (http/redisConnectionQuota.ts).
 */
import { Redis } from 'ioredis';
import type { CollabLogger } from '@hegao/collab';

/**
 * A connection for bounded calls: not ready means fail at once (and fall back) instead of queueing
 * past the bound; reconnects with a backoff up to `maxReconnectDelayMs`. Connection errors show as
 * fallbacks (and their warning): without a listener ioredis would print each one.
 */
export function openBoundedRedis(url: string, options: { connectionName: string; timeoutMs: number; maxReconnectDelayMs: number }): Redis {
  const redis = new Redis(url, {
    connectionName: options.connectionName,
    retryStrategy: (attempt) => Math.min(25 * 2 ** Math.min(attempt, 10), options.maxReconnectDelayMs),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.timeoutMs,
    connectTimeout: Math.max(1000, options.timeoutMs),
    disconnectTimeout: 200,
    disableClientInfo: true,
  });
  redis.on('error', () => {});
  return redis;
}

/** Options of {@link BoundedRedis}. */
export interface BoundedRedisOptions {
  /** How long a call may take before the caller falls back. */
  timeoutMs: number;
  /** At most one fallback warning per this many ms. */
  warnEveryMs: number;
  /** What the counts are, for the log lines (e.g. 'login limit'). */
  subject: string;
  log?: Pick<CollabLogger, 'warn'>;
}

/** A call that Redis did not answer within the bound. */
export class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
  }
}

export class BoundedRedis {
  private fallbacks = 0;
  private lastWarnAt = -Infinity;
  private warned = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: BoundedRedisOptions,
  ) {}

  /** Resolves once the connection is ready; rejects after `timeoutMs`. For tests and start-up checks. */
  async connected(timeoutMs = 10_000): Promise<void> {
    if (this.redis.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.redis.once('ready', () => resolve())),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${this.options.subject}: Redis not ready within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `call` within the bound; undefined when Redis is not connected or did not answer (the fallback is logged). */
  async shared<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    if (this.redis.status !== 'ready') {
      this.fellBack(what, `connection ${this.redis.status}`);
      return undefined;
    }
    try {
      const answer = await this.call(what, call);
      this.answered();
      return answer;
    } catch (error) {
      this.fellBack(what, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  /** `call` within the bound, or a rejection naming `what`; a call unanswered in time drops the connection. */
  async call<T>(what: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        call(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new RedisTimeoutError(this.options.timeoutMs)), this.options.timeoutMs);
        }),
      ]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Unanswered in time (our bound or ioredis' commandTimeout): do not wait on this connection again.
      if ((error instanceof RedisTimeoutError || /timed out/i.test(message)) && this.redis.status === 'ready') this.redis.disconnect(true);
      throw new Error(`${what}: ${message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private fellBack(what: string, reason: string): void {
    this.fallbacks++;
    const now = Date.now();
    if (now - this.lastWarnAt < this.options.warnEveryMs) return;
    this.lastWarnAt = now;
    this.warned = true;
    this.options.log?.warn(`${this.options.subject}: Redis not answering, counting on this server only`, { call: what, reason, fallbacks: this.fallbacks });
    this.fallbacks = 0;
  }

  private answered(): void {
    // One line when Redis is back after a warning: at most two lines per `warnEveryMs` however Redis flaps.
    if (!this.warned) return;
    this.warned = false;
    this.options.log?.warn(`${this.options.subject}: Redis answers again, counts shared`, { fallbacksSinceWarning: this.fallbacks });
    this.fallbacks = 0;
  }
}
