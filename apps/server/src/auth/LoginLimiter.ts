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

/** Counts login failures and says when an attempt must be refused. */
export class LoginLimiter {
  private readonly pairs: RateLimiter;
  private readonly addresses: RateLimiter;

  constructor(limits: LoginLimits = LOGIN_LIMITS) {
    this.pairs = new RateLimiter(limits.perUserAddress, limits.windowMs);
    this.addresses = new RateLimiter(limits.perAddress, limits.windowMs);
  }

  /** Milliseconds until `username` may try again from `address`, or 0 when it may try now. */
  retryAfter(username: string, address: string, now = Date.now()): number {
    const from = limitKey(address);
    return Math.max(this.pairs.retryAfter(pairKey(username, from), now), this.addresses.retryAfter(from, now));
  }

  /** Counts an attempt as failed before its password is checked; `succeeded` takes it back. */
  attempt(username: string, address: string, now = Date.now()): void {
    const from = limitKey(address);
    this.pairs.fail(pairKey(username, from), now);
    this.addresses.fail(from, now);
  }

  /** After the right password: the pair's failures are forgotten, the address's advance count taken back. */
  succeeded(username: string, address: string): void {
    const from = limitKey(address);
    this.pairs.reset(pairKey(username, from));
    this.addresses.forgive(from);
  }
}

/** Usernames are compared case-insensitively, as the login does. */
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

function pairKey(username: string, address: string): string {
  return `${username.toLowerCase()}\n${address}`;
}
