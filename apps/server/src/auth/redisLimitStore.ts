/**
 * Login failure counts in Redis, shared by every server of a cluster (HEGAO_REDIS_URL), so an
 * attacker spreading guesses over the servers gets one budget, not one per server.
 *
 * - One key per counted thing, `hegao:login:<namespace><key>`, holding the failure count. The
 *   first failure opens the window: INCR, then PEXPIRE of the window on the first one, in one Lua
 *   script (atomic: parallel failures on any server each get their own count). The remaining
 *   window is the key's PTTL, so Redis holds nothing once a window has ended. forgive is a DECR
 *   that DELetes the key at 0 (again one script); reset is a DEL.
 * - Redis unreachable must neither hang logins nor refuse them all. Every call is bounded
 *   (`timeoutMs`, default 300 ms); a call that is not answered in time, fails, or finds the
 *   connection not ready answers from this server's own counts instead. Those are kept beside the
 *   shared ones all along (every fail, forgive and reset is applied to both), so during an outage a
 *   server still remembers the failures it saw itself: the budget is then one per server, as before
 *   clustering, never none. The choice is deliberate: during an outage of Redis logins keep working,
 *   and the limit is weaker (N servers give N budgets) until Redis answers again; then the shared
 *   counts apply at once. Failures counted only locally during the outage are not copied to Redis.
 * - A call that timed out drops the connection and reconnects it (a stalled or black-holed
 *   connection is not waited on again: until it is ready, calls answer locally at once).
 * - The fallback is logged as a warning at most once per `warnEveryMs` (default 60 s) with the
 *   number of calls that fell back, and once when Redis answers again.
 */
import type { Redis } from 'ioredis';
import { BoundedRedis, openBoundedRedis } from '../cluster/boundedRedis.js';
import { MemoryLimitStore, type LimitStore, type LimitWindow } from './limitStore.js';

/** Logs the fallback (the server's logger). */
export interface LimitStoreLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface RedisLimitStoreOptions {
  /** redis://[:password@]host:port[/db] */
  url: string;
  logger?: LimitStoreLogger;
  /** Upper bound of one Redis call; past it the call answers from this server's counts. Default 300. */
  timeoutMs?: number;
  /** Key prefix, so deployments can share a Redis. Default 'hegao:login:'. */
  prefix?: string;
  /** At most one fallback warning per this many ms. Default 60 000. */
  warnEveryMs?: number;
  /** Longest wait between reconnection attempts. Default 1000. */
  maxReconnectDelayMs?: number;
}

/** INCR; the first failure (or a key somehow without a TTL) gets the window. Returns {count, pttl}. */
const FAIL_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

/** {count, pttl}, or {0, 0} when there is no open window. */
const GET_SCRIPT = `
local n = redis.call('GET', KEYS[1])
if not n then return {0, 0} end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then return {0, 0} end
return {tonumber(n), ttl}`;

/** DECR without creating the key; DEL at 0. */
const FORGIVE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local n = redis.call('DECR', KEYS[1])
if n <= 0 then redis.call('DEL', KEYS[1]) end
return n`;

export class RedisLimitStore implements LimitStore {
  /** This server's own counts: the answer whenever Redis does not give one in time. */
  readonly local = new MemoryLimitStore();
  readonly timeoutMs: number;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly bounded: BoundedRedis;
  private closing: Promise<void> | null = null;

  constructor(options: RedisLimitStoreOptions) {
    this.timeoutMs = options.timeoutMs ?? 300;
    this.prefix = options.prefix ?? 'hegao:login:';
    this.redis = openBoundedRedis(options.url, { connectionName: 'hegao-login-limit', timeoutMs: this.timeoutMs, maxReconnectDelayMs: options.maxReconnectDelayMs ?? 1000 });
    this.bounded = new BoundedRedis(this.redis, { timeoutMs: this.timeoutMs, warnEveryMs: options.warnEveryMs ?? 60_000, subject: 'login limit', ...(options.logger ? { log: options.logger } : {}) });
  }

  /** Resolves once the connection is ready; rejects after `timeoutMs`. For tests and start-up checks. */
  connected(timeoutMs = 10_000): Promise<void> {
    return this.bounded.connected(timeoutMs);
  }

  async get(key: string, now: number): Promise<LimitWindow | null> {
    const local = this.local.getNow(key, now);
    const shared = await this.shared('get', () => this.redis.eval(GET_SCRIPT, 1, this.prefix + key));
    if (shared === undefined) return local;
    const [count, ttl] = pair(shared);
    return count > 0 && ttl > 0 ? { count, resetAt: now + ttl } : null;
  }

  async fail(key: string, windowMs: number, now: number): Promise<LimitWindow> {
    const local = this.local.failNow(key, windowMs, now);
    const shared = await this.shared('fail', () => this.redis.eval(FAIL_SCRIPT, 1, this.prefix + key, String(windowMs)));
    if (shared === undefined) return local;
    const [count, ttl] = pair(shared);
    return { count, resetAt: now + ttl };
  }

  async forgive(key: string): Promise<void> {
    this.local.forgiveNow(key);
    await this.shared('forgive', () => this.redis.eval(FORGIVE_SCRIPT, 1, this.prefix + key));
  }

  async reset(key: string): Promise<void> {
    this.local.resetNow(key);
    await this.shared('reset', () => this.redis.del(this.prefix + key));
  }

  close(): Promise<void> {
    this.closing ??= this.redis.quit().then(
      () => undefined,
      () => this.redis.disconnect(),
    );
    return this.closing;
  }

  /** Runs `call` on Redis within the bound; undefined when it did not answer (the caller uses the local counts). */
  private shared<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    return this.closing ? Promise.resolve(undefined) : this.bounded.shared(what, call);
  }
}

/** A script's {count, pttl} answer. */
function pair(answer: unknown): [number, number] {
  if (!Array.isArray(answer)) return [0, 0];
  return [Number(answer[0]) || 0, Number(answer[1]) || 0];
}
