import { describe, expect, it } from 'vitest';
import { LoginLimiter, limitKey } from './LoginLimiter.js';

const LIMITS = { perUserAddress: 5, perAddress: 50, windowMs: 1000 };

/** `n` failed attempts (counted, never succeeded). */
async function fail(limiter: LoginLimiter, username: string, address: string, n: number, now = 0): Promise<void> {
  for (let i = 0; i < n; i++) {
    expect(await limiter.retryAfter(username, address, now)).toBe(0);
    await limiter.attempt(username, address, now);
  }
}

describe('LoginLimiter', () => {
  it('blocks an address for a username after 5 failures, but not that username from another address', async () => {
    const limiter = new LoginLimiter(LIMITS);
    await fail(limiter, 'bgs', '203.0.113.9', 5);
    expect(await limiter.retryAfter('bgs', '203.0.113.9', 100)).toBe(900);
    // The real user from their own address is not locked out.
    expect(await limiter.retryAfter('bgs', '10.0.0.7', 100)).toBe(0);
    await limiter.attempt('bgs', '10.0.0.7', 100);
    await limiter.succeeded('bgs', '10.0.0.7');
    expect(await limiter.retryAfter('bgs', '10.0.0.7', 100)).toBe(0);
    // The attacker's address may still try other usernames (below its own cap) …
    expect(await limiter.retryAfter('wjj', '203.0.113.9', 100)).toBe(0);
    // … and is free again for bgs once the window ends.
    expect(await limiter.retryAfter('bgs', '203.0.113.9', 1000)).toBe(0);
  });

  it('compares usernames case-insensitively', async () => {
    const limiter = new LoginLimiter(LIMITS);
    await fail(limiter, 'BGS', '203.0.113.9', 3);
    await fail(limiter, 'bgs', '203.0.113.9', 2);
    expect(await limiter.retryAfter('Bgs', '203.0.113.9', 1)).toBeGreaterThan(0);
  });

  it('failures spread over many addresses never block the username itself', async () => {
    const limiter = new LoginLimiter(LIMITS);
    for (let a = 0; a < 100; a++) await fail(limiter, 'bgs', `198.51.100.${a}`, 5);
    expect(await limiter.retryAfter('bgs', '10.0.0.7', 1)).toBe(0);
  });

  it('blocks an address for every username after 50 failures', async () => {
    const limiter = new LoginLimiter(LIMITS);
    for (let i = 0; i < 50; i++) await fail(limiter, `nobody-${i}`, '192.0.2.1', 1);
    expect(await limiter.retryAfter('zzb', '192.0.2.1', 1)).toBe(999);
    expect(await limiter.retryAfter('zzb', '192.0.2.2', 1)).toBe(0);
  });

  it('a success clears its pair and takes back only its own advance count from the address', async () => {
    const limiter = new LoginLimiter({ ...LIMITS, perAddress: 6 });
    await fail(limiter, 'bgs', '192.0.2.1', 4);
    await limiter.attempt('bgs', '192.0.2.1', 0);
    await limiter.succeeded('bgs', '192.0.2.1');
    // The pair starts over: 5 more failures before it is blocked …
    await fail(limiter, 'bgs', '192.0.2.1', 2);
    // … but the address keeps its 4 earlier failures: 4 + 2 = 6 blocks it.
    expect(await limiter.retryAfter('wjj', '192.0.2.1', 1)).toBeGreaterThan(0);
  });

  it('counts in advance, so parallel attempts cannot all pass before the first is checked', async () => {
    const limiter = new LoginLimiter(LIMITS);
    let admitted = 0;
    for (let i = 0; i < 20; i++) {
      if ((await limiter.retryAfter('bgs', '192.0.2.1', 0)) > 0) continue;
      await limiter.attempt('bgs', '192.0.2.1', 0);
      admitted++;
    }
    expect(admitted).toBe(5);
  });

  it('admits exactly the budget of parallel attempts, and a refused attempt is not counted', async () => {
    const limiter = new LoginLimiter({ ...LIMITS, perAddress: 7 });
    const waits = await Promise.all(Array.from({ length: 20 }, () => limiter.attempt('bgs', '192.0.2.1', 0)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect(waits.filter((wait) => wait === 1000)).toHaveLength(15);
    // The 15 refused ones were taken back: the address holds 5 of its 7.
    expect(await limiter.attempt('wjj', '192.0.2.1', 1)).toBe(0);
    expect(await limiter.attempt('fgj', '192.0.2.1', 1)).toBe(0);
    expect(await limiter.attempt('zzb', '192.0.2.1', 1)).toBe(999);
    expect(await limiter.retryAfter('zzb', '192.0.2.1', 1)).toBe(999);
  });
});

describe('limitKey', () => {
  it('counts an IPv6 client by its /64 network and an IPv4 client by its address', () => {
    expect(limitKey('203.0.113.9')).toBe('203.0.113.9');
    expect(limitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(limitKey('::1')).toBe('0:0:0:0::/64');
  });

  it('addresses picked anywhere in one /64 share one count', async () => {
    const limiter = new LoginLimiter(LIMITS);
    for (let i = 1; i <= 5; i++) await fail(limiter, 'bgs', `2001:db8:1:2::${i.toString(16)}`, 1);
    expect(await limiter.retryAfter('bgs', '2001:db8:1:2::ffff', 100)).toBe(900);
    expect(await limiter.retryAfter('bgs', '2001:db8:1:3::1', 100)).toBe(0);
  });
});
