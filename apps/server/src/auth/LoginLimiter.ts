/**
 * The login rate-limit policy. Failures are counted in advance (before the slow password check,
 * so parallel guesses all meet the limit) per (username, client address) and per client address:
 *
 * - 5 failures for one username from one address block that pair: the attacker's address is
 *   refused for that username, while the same username from any other address is not — nobody
 *   can lock a colleague out by failing logins in their name.
 * - 50 failures from one address block it for every username (one address may be an office
 *   behind NAT, so this is looser).
 *
 * There is deliberately no per-username cap across addresses: it would let anyone lock a user out.
 * A blocked pair or address is refused even with the right password, until its window ends.
 */
import { isIP } from 'node:net';
import { MemoryLimitStore, type LimitStore } from './limitStore.js';
import { RateLimiter } from './RateLimiter.js';

/** Limits of the policy. */
export interface LoginLimits {
  /** Failures of one username from one address before that pair is blocked. */
  perUserAddress: number;
  /** Failures from one address (any usernames) before it is blocked. */
  perAddress: number;
  /** Fixed window from a key's first failure. */
  windowMs: number;
}

/** The limits the server runs with. */
export const LOGIN_LIMITS: LoginLimits = { perUserAddress: 5, perAddress: 50, windowMs: 15 * 60_000 };

/**
 * Counts login failures and says when an attempt must be refused. The counts live in `store`:
 * this process's memory for a single server; in a cluster a RedisLimitStore, so the budget is
 * one for all servers (which falls back to this server's own counts when Redis does not answer
 * within its bound — see redisLimitStore.ts and docs/scaling.md "Login limit").
 */
export class LoginLimiter {
  private readonly pairs: RateLimiter;
  private readonly addresses: RateLimiter;

  constructor(
    limits: LoginLimits = LOGIN_LIMITS,
    private readonly store: LimitStore = new MemoryLimitStore(),
  ) {
    this.pairs = new RateLimiter(limits.perUserAddress, limits.windowMs, store, 'pair:');
    this.addresses = new RateLimiter(limits.perAddress, limits.windowMs, store, 'addr:');
  }

  /** Milliseconds until `username` may try again from `address`, or 0 when it may try now. Counts nothing. */
  async retryAfter(username: string, address: string, now = Date.now()): Promise<number> {
    const from = limitKey(address);
    const [pair, addr] = await Promise.all([this.pairs.retryAfter(pairKey(username, from), now), this.addresses.retryAfter(from, now)]);
    return Math.max(pair, addr);
  }

  /**
   * Counts an attempt as failed before its password is checked; `succeeded` takes it back.
   * Resolves to 0 when the attempt may go on to the password check, else to the milliseconds to
   * wait: then it was one too many for its pair or its address and is not counted (taken back).
   * Check and count are one step (an atomic increment in the store), so parallel attempts, on one
   * server or several, cannot all pass before the first ones are counted.
   */
  async attempt(username: string, address: string, now = Date.now()): Promise<number> {
    const from = limitKey(address);
    const key = pairKey(username, from);
    const [pair, addr] = await Promise.all([this.pairs.fail(key, now), this.addresses.fail(from, now)]);
    if (pair === 0 && addr === 0) return 0;
    await Promise.all([this.pairs.forgive(key), this.addresses.forgive(from)]);
    return Math.max(pair, addr);
  }

  /** After the right password: the pair's failures are forgotten, the address's advance count taken back. */
  async succeeded(username: string, address: string): Promise<void> {
    const from = limitKey(address);
    await Promise.all([this.pairs.reset(pairKey(username, from)), this.addresses.forgive(from)]);
  }

  /** Closes the store's connections (the Redis one in a cluster). */
  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * What one client is, for counting: an IPv4 address, or the /64 network of an IPv6 address (one
 * household or office gets a whole /64 and can pick any address in it, so counting single IPv6
 * addresses would give an attacker 2^64 fresh counts).
 */
export function limitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  if (right.some((part) => part.includes('.'))) return address; // embedded IPv4: keep as is
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}

/** Usernames are compared case-insensitively, as the login does. */
function pairKey(username: string, address: string): string {
  return `${username.toLowerCase()}\n${address}`;
}
