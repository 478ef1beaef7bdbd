/**
 * Connection quotas shared through Redis: two RedisConnectionQuota stores on one private
 * redis-server (src/test/redisServer.ts) stand for two servers of a cluster. Never the shared instance.
 */
import { describe, expect, it } from 'vitest';
import { usePrivateRedis } from '../test/privateRedis.js';
import type { ConnectionQuotaLimits, QuotaAnswer, QuotaRelease } from './connectionQuota.js';
import { RedisConnectionQuota, type RedisConnectionQuotaOptions } from './redisConnectionQuota.js';

const TIMEOUT_MS = 300;
/** Allowance for a loaded machine (two suites on two cores) on top of the bound. */
const SLACK_MS = 400;
const LIMITS: ConnectionQuotaLimits = { socketsPerUser: 3, socketsPerAddress: 5, streamsPerUser: 2, streamsPerAddress: 4 };

const fx = usePrivateRedis<RedisConnectionQuota>();

interface Server {
  store: RedisConnectionQuota;
  warnings: string[];
}

/** One "server": a store on the private Redis, connected. */
async function server(options: Partial<RedisConnectionQuotaOptions> = {}): Promise<Server> {
  const warnings: string[] = [];
  const store = new RedisConnectionQuota({ url: fx.server.url, limits: LIMITS, timeoutMs: TIMEOUT_MS, maxReconnectDelayMs: 100, logger: { warn: (msg) => warnings.push(msg) }, ...options });
  fx.track(store);
  await store.connected();
  return { store, warnings };
}

/** The release of an admitted slot; fails the test on a refusal. */
function admitted(answer: QuotaAnswer): QuotaRelease {
  if (typeof answer !== 'function') throw new Error(`refused by the ${answer} limit`);
  return answer;
}

/** Resolves to [result, milliseconds it took]. */
async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('RedisConnectionQuota: one budget for two servers', () => {
  it('slots of a user on both servers meet one limit; another user and the other kind are apart', async () => {
    const a = await server();
    const b = await server();
    admitted(await a.store.acquire('socket', { userId: 'u1' }));
    admitted(await b.store.acquire('socket', { userId: 'u1' }));
    admitted(await a.store.acquire('socket', { userId: 'u1' }));
    expect(await b.store.acquire('socket', { userId: 'u1' })).toBe('user');
    expect(await a.store.acquire('socket', { userId: 'u1' })).toBe('user');
    // Each server counts only its own locally: B alone would have admitted two more.
    expect(b.store.local.countOf('socket', 'u1')).toBe(1);
    admitted(await b.store.acquire('socket', { userId: 'u2' }));
    admitted(await b.store.acquire('stream', { userId: 'u1' }));
    expect(await fx.admin.zcard('hegao:quota:socket:user:u1')).toBe(3);
    expect(await fx.admin.zcard('hegao:quota:stream:user:u1')).toBe(1);
  });

  it('address and user are checked together: a refusal by either takes nothing', async () => {
    const a = await server();
    const b = await server();
    for (let i = 0; i < 4; i++) admitted(await (i % 2 ? a : b).store.acquire('stream', { address: '192.0.2.1', userId: `u${i}` }));
    expect(await a.store.acquire('stream', { address: '192.0.2.1', userId: 'u9' })).toBe('address');
    expect(await fx.admin.exists('hegao:quota:stream:user:u9')).toBe(0);
    admitted(await b.store.acquire('stream', { address: '192.0.2.2', userId: 'u9' }));
    admitted(await a.store.acquire('stream', { address: '192.0.2.3', userId: 'u9' }));
    expect(await b.store.acquire('stream', { address: '192.0.2.4', userId: 'u9' })).toBe('user');
    expect(await fx.admin.exists('hegao:quota:stream:addr:192.0.2.4')).toBe(0);
  });

  it('parallel acquires on both servers: exactly the limit is admitted', async () => {
    const a = await server();
    const b = await server();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).store.acquire('socket', { address: '203.0.113.9' })));
    expect(answers.filter((answer) => typeof answer === 'function')).toHaveLength(LIMITS.socketsPerAddress);
    expect(answers.filter((answer) => answer === 'address')).toHaveLength(20 - LIMITS.socketsPerAddress);
    expect(await fx.admin.zcard('hegao:quota:socket:addr:203.0.113.9')).toBe(LIMITS.socketsPerAddress);
  });

  it('a release frees the slot for the other server, once however often it is called', async () => {
    const a = await server();
    const b = await server();
    const slots = [admitted(await a.store.acquire('stream', { userId: 'u1' })), admitted(await a.store.acquire('stream', { userId: 'u1' }))];
    expect(await b.store.acquire('stream', { userId: 'u1' })).toBe('user');
    slots[0]!();
    slots[0]!();
    await until(async () => (await fx.admin.zcard('hegao:quota:stream:user:u1')) === 1);
    expect(a.store.local.countOf('stream', 'u1')).toBe(1);
    expect(a.store.heldCount).toBe(1);
    admitted(await b.store.acquire('stream', { userId: 'u1' }));
    expect(await a.store.acquire('stream', { userId: 'u1' })).toBe('user');
  });

  it('leases are renewed while held; a server that stops renewing (dead) loses its slots after the lease', async () => {
    const options = { leaseMs: 1_500, renewEveryMs: 300 };
    const a = await server(options);
    const b = await server(options);
    for (let i = 0; i < 3; i++) admitted(await a.store.acquire('socket', { userId: 'u1' }));
    admitted(await b.store.acquire('socket', { userId: 'u2' }));
    // Held past several leases: still counted, because A renews them.
    const heldSince = Date.now();
    await until(() => Date.now() - heldSince > 3 * options.leaseMs, 20_000);
    expect(await b.store.acquire('socket', { userId: 'u1' })).toBe('user');
    expect(await fx.admin.zcard('hegao:quota:socket:user:u1')).toBe(3);
    // A dies without releasing anything (kill -9): its slots leave with their lease, B's stay.
    a.store.abandon();
    expect(await b.store.acquire('socket', { userId: 'u1' })).toBe('user');
    let answer: QuotaAnswer = 'user';
    await until(async () => typeof (answer = await b.store.acquire('socket', { userId: 'u1' })) === 'function', 10_000);
    const back = admitted(answer);
    // The expired members were dropped by that acquire: only B's new slot is left.
    expect(await fx.admin.zcard('hegao:quota:socket:user:u1')).toBe(1);
    expect(await fx.admin.zcard('hegao:quota:socket:user:u2')).toBe(1);
    back();
  });

  it('Redis restarted empty: the next renewal counts the open slots again', async () => {
    const a = await server({ renewEveryMs: 200 });
    const b = await server({ renewEveryMs: 200 });
    for (let i = 0; i < 2; i++) admitted(await a.store.acquire('socket', { userId: 'u1' }));
    admitted(await b.store.acquire('socket', { userId: 'u1' }));
    await fx.admin.flushall();
    await until(async () => (await fx.admin.zcard('hegao:quota:socket:user:u1')) === 3);
    expect(await a.store.acquire('socket', { userId: 'u1' })).toBe('user');
  });

  it('Redis stopped: acquires are decided within the bound by this server\'s counts, within the same limits; Redis back: shared again', async () => {
    const a = await server();
    const b = await server();
    const held = [admitted(await a.store.acquire('socket', { userId: 'u1' })), admitted(await b.store.acquire('socket', { userId: 'u1' }))];

    await fx.server.kill();
    // Nobody is locked out: A has 1 of its own, so 2 more on A; B likewise.
    for (let i = 0; i < 2; i++) {
      const [answer, ms] = await timed(() => a.store.acquire('socket', { userId: 'u1' }));
      held.push(admitted(answer));
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    }
    const [refused, ms] = await timed(() => a.store.acquire('socket', { userId: 'u1' }));
    expect(refused).toBe('user');
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    for (let i = 0; i < 2; i++) held.push(admitted(await b.store.acquire('socket', { userId: 'u1' })));
    expect(await b.store.acquire('socket', { userId: 'u1' })).toBe('user');
    // Another user goes on; a release frees a local slot.
    admitted(await b.store.acquire('socket', { userId: 'u2' }));
    held[0]!();
    held.push(admitted(await a.store.acquire('socket', { userId: 'u1' })));
    expect(a.warnings).toEqual(['connection quota: Redis not answering, counting on this server only']);

    // Redis back (empty: no persistence): the slots held on both servers count again, shared.
    await fx.server.start();
    await a.store.connected();
    await b.store.connected();
    await until(async () => (await fx.admin.zcard('hegao:quota:socket:user:u1')) === 6);
    expect(await a.store.acquire('socket', { userId: 'u1' })).toBe('user');
    expect(a.warnings[1]).toBe('connection quota: Redis answers again, counts shared');
    // Down to the limit again only once enough are released, whichever server held them.
    for (const release of held.splice(0, 5)) release();
    await until(async () => (await fx.admin.zcard('hegao:quota:socket:user:u1')) === 2);
    admitted(await b.store.acquire('socket', { userId: 'u1' }));
    expect(await a.store.acquire('socket', { userId: 'u1' })).toBe('user');
  });

  it('Redis stalled: an acquire returns within the bound, decided locally; sharing resumes after', async () => {
    const a = await server();
    const b = await server();
    admitted(await a.store.acquire('stream', { userId: 'u1' }));
    fx.server.pause();
    const [first, firstMs] = await timed(() => a.store.acquire('stream', { userId: 'u1' }));
    admitted(first);
    expect(firstMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(firstMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    // Dropped the stalled connection: until it is back, decided locally at once (A holds 2 of 2).
    const [second, secondMs] = await timed(() => a.store.acquire('stream', { userId: 'u1' }));
    expect(second).toBe('user');
    expect(secondMs).toBeLessThan(TIMEOUT_MS);
    fx.server.resume();
    await a.store.connected();
    // The stalled acquire may have reached Redis after all; either way A's 2 slots are there after a renewal.
    await until(async () => {
      await a.store.renew();
      return (await fx.admin.zcard('hegao:quota:stream:user:u1')) === 2;
    });
    expect(await b.store.acquire('stream', { userId: 'u1' })).toBe('user');
  });

  it('close() releases what the server still holds', async () => {
    const a = await server();
    const b = await server();
    for (let i = 0; i < 3; i++) admitted(await a.store.acquire('socket', { userId: 'u1' }));
    expect(await b.store.acquire('socket', { userId: 'u1' })).toBe('user');
    await a.store.close();
    await a.store.close();
    expect(await fx.admin.exists('hegao:quota:socket:user:u1')).toBe(0);
    admitted(await b.store.acquire('socket', { userId: 'u1' }));
  });
});
