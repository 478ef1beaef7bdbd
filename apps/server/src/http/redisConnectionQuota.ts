/**
 * Connection quotas in Redis, shared by every server of a cluster (HEGAO_REDIS_URL), so a user
 * spreading sockets or event streams over N servers gets one budget, not N.
 *
 * - One sorted set per counted key, `hegao:quota:<kind>:user:<id>` and `…:<kind>:addr:<address>`,
 *   whose members are slot ids (`<this store's random id>:<n>`) scored by the end of their lease
 *   (Redis' own clock, TIME, so the servers' clocks do not matter). Acquiring is one Lua script:
 *   drop the expired members of each key, refuse when one is full, else ZADD the slot to all of
 *   them (atomic: parallel acquires on any servers cannot pass the limit together). Release is a
 *   ZREM. Every `renewEveryMs` (10 s) each server renews the leases (`leaseMs`, 30 s) of the slots
 *   it holds, so the slots of a server that died (kill -9, lost host) expire by themselves within
 *   a lease; each key's PEXPIRE follows its newest lease, so Redis forgets idle keys.
 * - The renewal ZADDs without XX: after Redis restarted empty or was flushed, every server's open
 *   slots are back within one renewal, and the counts are true again.
 * - Redis unreachable must neither hang connections nor refuse them all. Every call is bounded
 *   (`timeoutMs`, 300 ms); an acquire not answered in time, failing, or finding the connection not
 *   ready is decided by this server's own counts (`local`, kept beside the shared ones all along),
 *   within the same limits: the budget is then one per server, as before clustering, never none.
 *   A call that timed out drops the connection and reconnects (a stalled Redis costs one wait).
 *   Calls that timed out may still reach Redis later: a late ZADD is a slot this server holds
 *   anyway (renewed, then released) or, when the local count refused it, is removed at the next
 *   renewal, as is a slot whose ZREM failed. Errors go only towards counting more, for at most a
 *   lease.
 * - The fallback is logged as a warning at most once per `warnEveryMs` (60 s) with the number of
 *   calls that fell back, and once when Redis answers again.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { BoundedRedis, openBoundedRedis } from '../cluster/boundedRedis.js';
import {
  ConnectionQuota,
  DEFAULT_CONNECTION_QUOTA,
  quotaKeys,
  type ConnectionKind,
  type ConnectionQuotaLimits,
  type ConnectionQuotaStore,
  type QuotaAnswer,
  type QuotaHolder,
  type QuotaRelease,
} from './connectionQuota.js';

/** Logs the fallback (the server's logger). */
export interface QuotaStoreLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface RedisConnectionQuotaOptions {
  /** redis://[:password@]host:port[/db] */
  url: string;
  limits?: ConnectionQuotaLimits;
  logger?: QuotaStoreLogger;
  /** Upper bound of one Redis call; past it an acquire is decided by this server's counts. Default 300. */
  timeoutMs?: number;
  /** How long a slot lives in Redis unless renewed. Default 30 000. */
  leaseMs?: number;
  /** How often this server renews its slots' leases. Default 10 000 (a third of the lease). */
  renewEveryMs?: number;
  /** Key prefix, so deployments can share a Redis. Default 'hegao:quota:'. */
  prefix?: string;
  /** At most one fallback warning per this many ms. Default 60 000. */
  warnEveryMs?: number;
  /** Longest wait between reconnection attempts. Default 1000. */
  maxReconnectDelayMs?: number;
}

/** Redis' clock in ms, shared by the scripts. */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: the slot's keys; ARGV: lease ms, member, then each key's limit. Returns 0 when admitted,
 * else the 1-based index of the first full key (nothing added then).
 */
const ACQUIRE_SCRIPT = `${NOW}
local lease = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[2 + i]) then return i end
end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now + lease, ARGV[2])
  redis.call('PEXPIRE', KEYS[i], lease)
end
return 0`;

/** KEYS[i] and ARGV[i + 1] are one (key, member) pair; ARGV[1] the lease ms. Renews (or re-adds) each. */
const RENEW_SCRIPT = `${NOW}
local lease = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now + lease, ARGV[i + 1])
  redis.call('PEXPIRE', KEYS[i], lease)
end
return #KEYS`;

/** KEYS[i] and ARGV[i] are one (key, member) pair: removes each. */
const RELEASE_SCRIPT = `
local n = 0
for i = 1, #KEYS do n = n + redis.call('ZREM', KEYS[i], ARGV[i]) end
return n`;

/** Pairs per renewal call, so one call stays small however many slots a server holds. */
const RENEW_BATCH = 500;

/** A slot in Redis: its member id under each of its keys (prefixed). */
interface HeldSlot {
  member: string;
  keys: string[];
}

/** Connection slots counted in Redis for the whole cluster, with this server's counts as the fallback. */
export class RedisConnectionQuota implements ConnectionQuotaStore {
  readonly limits: ConnectionQuotaLimits;
  /** This server's own slots: the counts an acquire is decided by when Redis does not answer in time. */
  readonly local: ConnectionQuota;
  readonly timeoutMs: number;
  readonly leaseMs: number;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly bounded: BoundedRedis;
  /** Names this store's slots among every server's. */
  private readonly instance = randomBytes(9).toString('base64url');
  private nextSlot = 0;
  /** Slots this server holds, by member: renewed until released. */
  private readonly held = new Map<string, HeldSlot>();
  /** Slots that may be in Redis without being held (a late acquire, a failed release), with when they were noted. */
  private readonly stray = new Map<string, HeldSlot & { at: number }>();
  private readonly renewTimer: NodeJS.Timeout;
  private renewing = false;
  private closing: Promise<void> | null = null;

  constructor(options: RedisConnectionQuotaOptions) {
    this.limits = options.limits ?? DEFAULT_CONNECTION_QUOTA;
    this.local = new ConnectionQuota(this.limits);
    this.timeoutMs = options.timeoutMs ?? 300;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.prefix = options.prefix ?? 'hegao:quota:';
    this.redis = openBoundedRedis(options.url, { connectionName: 'hegao-connection-quota', timeoutMs: this.timeoutMs, maxReconnectDelayMs: options.maxReconnectDelayMs ?? 1000 });
    this.bounded = new BoundedRedis(this.redis, { timeoutMs: this.timeoutMs, warnEveryMs: options.warnEveryMs ?? 60_000, subject: 'connection quota', ...(options.logger ? { log: options.logger } : {}) });
    // Back after an outage (Redis perhaps restarted empty): this server's slots count again at once.
    this.redis.on('ready', () => void this.renew());
    this.renewTimer = setInterval(() => void this.renew(), options.renewEveryMs ?? 10_000);
    this.renewTimer.unref();
  }

  /** Resolves once the connection is ready; rejects after `timeoutMs`. For tests and start-up checks. */
  connected(timeoutMs = 10_000): Promise<void> {
    return this.bounded.connected(timeoutMs);
  }

  /** Slots this server holds (for tests and logs). */
  get heldCount(): number {
    return this.held.size;
  }

  async acquire(kind: ConnectionKind, by: QuotaHolder): Promise<QuotaAnswer> {
    const keys = quotaKeys(this.limits, kind, by);
    if (keys.length === 0) return () => {};
    const slot: HeldSlot = { member: `${this.instance}:${++this.nextSlot}`, keys: keys.map(({ key }) => this.prefix + key) };
    const answer = await this.shared('acquire', () => this.redis.eval(ACQUIRE_SCRIPT, slot.keys.length, ...slot.keys, String(this.leaseMs), slot.member, ...keys.map(({ limit }) => String(limit))));
    let local: QuotaRelease;
    if (answer === undefined) {
      // Decided by this server's counts; the script may still run in Redis later.
      const decided = this.local.acquire(kind, by);
      if (typeof decided !== 'function') {
        this.noteStray(slot);
        return decided;
      }
      local = decided;
    } else {
      const full = Number(answer);
      if (full > 0) return keys[full - 1]?.by ?? 'user';
      local = this.local.take(kind, by);
    }
    // Closed meanwhile: nothing renews it, and it leaves Redis with the lease.
    if (this.closing) this.noteStray(slot);
    else this.held.set(slot.member, slot);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      local();
      this.held.delete(slot.member);
      void this.remove([slot]);
    };
  }

  /**
   * Releases every slot still held, then closes the connection; idempotent. Slots released after
   * this expire in Redis with their lease.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.renewTimer);
      const held = [...this.held.values()];
      this.held.clear();
      if (held.length > 0 && this.redis.status === 'ready') {
        const keys = held.flatMap((s) => s.keys);
        const members = held.flatMap((s) => s.keys.map(() => s.member));
        // Not answered in time: they leave with their lease.
        await this.call('close', () => this.redis.eval(RELEASE_SCRIPT, keys.length, ...keys, ...members)).catch(() => undefined);
      }
      await this.redis.quit().then(
        () => undefined,
        () => this.redis.disconnect(),
      );
    })();
    return this.closing;
  }

  /**
   * Stops renewing and drops the connection without releasing anything, as a server killed with
   * kill -9 would: its slots leave Redis with their lease. For tests.
   */
  abandon(): void {
    this.closing ??= Promise.resolve();
    clearInterval(this.renewTimer);
    this.held.clear();
    this.redis.disconnect();
  }

  /** Renews the lease of every held slot and removes the strays; one call per RENEW_BATCH pairs. */
  async renew(): Promise<void> {
    if (this.closing || this.renewing || this.redis.status !== 'ready') return;
    this.renewing = true;
    try {
      const now = Date.now();
      // A stray older than a lease has left Redis by itself.
      for (const [member, slot] of this.stray) if (now - slot.at > this.leaseMs) this.stray.delete(member);
      if (this.stray.size > 0) {
        const strays = [...this.stray.values()];
        this.stray.clear();
        await this.remove(strays);
      }
      const pairs: [string, string][] = [];
      for (const slot of this.held.values()) for (const key of slot.keys) pairs.push([key, slot.member]);
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < pairs.length; i += RENEW_BATCH) {
        const batch = pairs.slice(i, i + RENEW_BATCH);
        calls.push(this.shared('renew', () => this.redis.eval(RENEW_SCRIPT, batch.length, ...batch.map(([key]) => key), String(this.leaseMs), ...batch.map(([, member]) => member))));
      }
      await Promise.all(calls);
    } finally {
      this.renewing = false;
    }
  }

  /** ZREMs the slots; those not confirmed are removed at the next renewal (or leave with their lease). */
  private async remove(slots: readonly HeldSlot[]): Promise<void> {
    const keys = slots.flatMap((s) => s.keys);
    const members = slots.flatMap((s) => s.keys.map(() => s.member));
    const done = await this.shared('release', () => this.redis.eval(RELEASE_SCRIPT, keys.length, ...keys, ...members));
    if (done === undefined) for (const slot of slots) this.noteStray(slot);
  }

  private noteStray(slot: HeldSlot): void {
    this.stray.set(slot.member, { ...slot, at: Date.now() });
  }

  /** Runs `call` on Redis within the bound; undefined when it did not answer (the caller decides locally). */
  private shared<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    return this.closing ? Promise.resolve(undefined) : this.bounded.shared(what, call);
  }

  /** `call` within the bound, rejecting when unanswered (the connection is then dropped and reconnects). */
  private call<T>(what: string, call: () => Promise<T>): Promise<T> {
    return this.bounded.call(what, call);
  }
}
