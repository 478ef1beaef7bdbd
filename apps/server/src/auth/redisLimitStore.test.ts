/**
 * The login limit shared through Redis: two LoginLimiters on one private redis-server
 * (src/test/redisServer.ts) stand for two servers of a cluster. Never the shared instance.
 */
import { describe, expect, it } from 'vitest';
import { usePrivateRedis } from '../test/privateRedis.js';
import { LoginLimiter, type LoginLimits } from './LoginLimiter.js';
import { RedisLimitStore, type RedisLimitStoreOptions } from './redisLimitStore.js';

const TIMEOUT_MS = 300;
/** Allowance for a loaded machine (two suites on two cores) on top of the bound. */
const SLACK_MS = 400;
const LIMITS: LoginLimits = { perUserAddress: 5, perAddress: 12, windowMs: 60_000 };

const fx = usePrivateRedis<RedisLimitStore>();

interface Server {
  limiter: LoginLimiter;
  store: RedisLimitStore;
  warnings: string[];
}

/** One "server": a LoginLimiter on a RedisLimitStore of the private Redis, connected. */
async function server(limits: LoginLimits = LIMITS, options: Partial<RedisLimitStoreOptions> = {}): Promise<Server> {
  const warnings: string[] = [];
  const store = new RedisLimitStore({ url: fx.server.url, timeoutMs: TIMEOUT_MS, maxReconnectDelayMs: 100, logger: { warn: (msg) => warnings.push(msg) }, ...options });
  fx.track(store);
  await store.connected();
  return { limiter: new LoginLimiter(limits, store), store, warnings };
}

/** Resolves to [result, milliseconds it took]. */
async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('RedisLimitStore: the login limit shared by two servers', () => {
  it('5 failures of a pair on server A: the 6th is refused on server B', async () => {
    const a = await server();
    const b = await server();
    for (let i = 0; i < 5; i++) expect(await a.limiter.attempt('bgs', '203.0.113.9')).toBe(0);
    const wait = await b.limiter.attempt('BGS', '203.0.113.9');
    expect(wait).toBeGreaterThan(LIMITS.windowMs - 5_000);
    expect(wait).toBeLessThanOrEqual(LIMITS.windowMs);
    expect(await b.limiter.retryAfter('bgs', '203.0.113.9')).toBeGreaterThan(0);
    // The same username from another address is not blocked, on either server.
    expect(await b.limiter.attempt('bgs', '10.0.0.7')).toBe(0);
    expect(await a.limiter.retryAfter('bgs', '10.0.0.7')).toBe(0);
  });

  it('failures of an address spread over both servers meet one address limit', async () => {
    const a = await server();
    const b = await server();
    for (let i = 0; i < LIMITS.perAddress; i++) {
      const on = i % 2 === 0 ? a : b;
      expect(await on.limiter.attempt(`nobody-${i}`, '192.0.2.1')).toBe(0);
    }
    expect(await a.limiter.attempt('zzb', '192.0.2.1')).toBeGreaterThan(0);
    expect(await b.limiter.attempt('wjj', '192.0.2.1')).toBeGreaterThan(0);
    expect(await b.limiter.attempt('wjj', '192.0.2.2')).toBe(0);
  });

  it('parallel attempts on both servers: exactly the budget is admitted, refused ones are taken back', async () => {
    const a = await server();
    const b = await server();
    const waits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).limiter.attempt('bgs', '192.0.2.1')));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect(Number(await fx.admin.get('hegao:login:pair:bgs\n192.0.2.1'))).toBe(5);
    expect(Number(await fx.admin.get('hegao:login:addr:192.0.2.1'))).toBe(5);
  });

  it('a success on one server clears the pair counted on the other and takes back its own address count', async () => {
    const a = await server({ ...LIMITS, perAddress: 7 });
    const b = await server({ ...LIMITS, perAddress: 7 });
    for (let i = 0; i < 4; i++) expect(await a.limiter.attempt('bgs', '192.0.2.1')).toBe(0);
    expect(await b.limiter.attempt('bgs', '192.0.2.1')).toBe(0);
    await b.limiter.succeeded('bgs', '192.0.2.1');
    expect(await fx.admin.exists('hegao:login:pair:bgs\n192.0.2.1')).toBe(0);
    expect(Number(await fx.admin.get('hegao:login:addr:192.0.2.1'))).toBe(4);
    // The pair starts over; the address keeps its 4: 3 more (7) block it for everyone.
    for (let i = 0; i < 3; i++) expect(await a.limiter.attempt('bgs', '192.0.2.1')).toBe(0);
    expect(await b.limiter.attempt('wjj', '192.0.2.1')).toBeGreaterThan(0);
    // forgive at 0 deletes, and never creates a key.
    await a.store.forgive('addr:198.51.100.1');
    expect(await fx.admin.exists('hegao:login:addr:198.51.100.1')).toBe(0);
  });

  it('the window runs from the first failure, and Redis holds nothing once it ended', async () => {
    const limits = { ...LIMITS, windowMs: 600 };
    const a = await server(limits);
    const b = await server(limits);
    for (let i = 0; i < 5; i++) expect(await a.limiter.attempt('bgs', '203.0.113.9')).toBe(0);
    expect(await b.limiter.retryAfter('bgs', '203.0.113.9')).toBeGreaterThan(0);
    const ttl = await fx.admin.pttl('hegao:login:pair:bgs\n203.0.113.9');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
    await until(async () => (await fx.admin.keys('hegao:login:*')).length === 0, 5_000);
    expect(await b.limiter.retryAfter('bgs', '203.0.113.9')).toBe(0);
    expect(await b.limiter.attempt('bgs', '203.0.113.9')).toBe(0);
  });

  it('Redis stopped: calls answer within the bound from this server\'s counts; Redis back: shared again', async () => {
    const a = await server();
    const b = await server();
    // Shared while Redis answers: 3 on A, 2 on B.
    for (let i = 0; i < 3; i++) expect(await a.limiter.attempt('bgs', '203.0.113.9')).toBe(0);
    for (let i = 0; i < 2; i++) expect(await b.limiter.attempt('bgs', '203.0.113.9')).toBe(0);
    expect(await a.limiter.retryAfter('bgs', '203.0.113.9')).toBeGreaterThan(0);

    await fx.server.kill();
    // Each server falls back on what it saw itself: A has 3, so 2 more; B has 2, so 3 more.
    for (let i = 0; i < 2; i++) {
      const [wait, ms] = await timed(() => a.limiter.attempt('bgs', '203.0.113.9'));
      expect(wait).toBe(0);
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    }
    const [refused, ms] = await timed(() => a.limiter.attempt('bgs', '203.0.113.9'));
    expect(refused).toBeGreaterThan(0);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    for (let i = 0; i < 3; i++) expect(await b.limiter.attempt('bgs', '203.0.113.9')).toBe(0);
    expect(await b.limiter.attempt('bgs', '203.0.113.9')).toBeGreaterThan(0);
    // Logins are not all refused: another pair goes on, and a success works.
    const [other, otherMs] = await timed(async () => {
      const wait = await b.limiter.attempt('wjj', '10.0.0.7');
      await b.limiter.succeeded('wjj', '10.0.0.7');
      return wait;
    });
    expect(other).toBe(0);
    expect(otherMs).toBeLessThan(2 * (TIMEOUT_MS + SLACK_MS));
    expect(a.warnings).toEqual(['login limit: Redis not answering, counting on this server only']);

    // Redis back (empty: no persistence): the count is shared again.
    await fx.server.start();
    await until(async () => {
      await a.store.get('probe', Date.now());
      return a.warnings.length === 2;
    });
    expect(a.warnings[1]).toBe('login limit: Redis answers again, counts shared');
    await b.store.connected();
    for (let i = 0; i < 5; i++) expect(await (i % 2 ? a : b).limiter.attempt('fgj', '198.51.100.4')).toBe(0);
    expect(await a.limiter.attempt('fgj', '198.51.100.4')).toBeGreaterThan(0);
    expect(await b.limiter.attempt('fgj', '198.51.100.4')).toBeGreaterThan(0);
  });

  it('Redis stalled: a call returns within the bound, the next ones at once, and sharing resumes after', async () => {
    const a = await server();
    const b = await server();
    expect(await a.limiter.attempt('bgs', '203.0.113.9')).toBe(0);
    fx.server.pause();
    const [first, firstMs] = await timed(() => a.limiter.attempt('bgs', '203.0.113.9'));
    expect(first).toBe(0);
    expect(firstMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(firstMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    // The stalled connection was dropped: until it is ready again, calls answer locally at once.
    const [, nextMs] = await timed(() => a.limiter.attempt('bgs', '203.0.113.9'));
    expect(nextMs).toBeLessThan(TIMEOUT_MS);
    // Local counts on A: 3 so far, 2 more, then refused.
    for (let i = 0; i < 2; i++) expect(await a.limiter.attempt('bgs', '203.0.113.9')).toBe(0);
    expect(await a.limiter.attempt('bgs', '203.0.113.9')).toBeGreaterThan(0);
    expect(a.warnings[0]).toBe('login limit: Redis not answering, counting on this server only');

    fx.server.resume();
    // A answers from Redis again once its new connection is ready (the dropped one may linger a moment).
    await until(async () => {
      await a.store.get('probe', Date.now());
      return a.warnings.includes('login limit: Redis answers again, counts shared');
    });
    // Shared again: 5 failures of a new pair spread over A and B, the 6th refused on either.
    for (let i = 0; i < 5; i++) expect(await (i % 2 ? a : b).limiter.attempt('wjj', '10.0.0.8')).toBe(0);
    expect(await b.limiter.attempt('wjj', '10.0.0.8')).toBeGreaterThan(0);
    expect(await a.limiter.attempt('wjj', '10.0.0.8')).toBeGreaterThan(0);
    // The stalled calls of A may have reached Redis after all (it read them on resuming): more counted, never fewer.
    expect(Number(await fx.admin.get('hegao:login:pair:bgs\n203.0.113.9'))).toBeGreaterThanOrEqual(1);
  });

  it('close() ends the connection; a closed store answers locally', async () => {
    const a = await server();
    await a.store.close();
    await a.store.close();
    const [wait, ms] = await timed(() => a.limiter.attempt('bgs', '203.0.113.9'));
    expect(wait).toBe(0);
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });
});
