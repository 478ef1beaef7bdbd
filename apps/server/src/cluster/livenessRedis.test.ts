/**
 * Liveness on RedisBus against a private redis-server (src/test/redisServer.ts): heartbeats every
 * 300 ms (silent after 900 ms). A peer that stops beating is noticed; a Redis outage longer than
 * that is not taken for the peers' silence (this server could not hear: its 'reconnect' gaps
 * cover it); a clean close says goodbye.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../test/redisServer.js';
import type { GapInfo } from './bus.js';
import { RedisBus } from './redisBus.js';

const INTERVAL = 300;

let redis: RedisServer;
const open: RedisBus[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
  if (!redis.running) await redis.start();
});

afterAll(async () => {
  await redis?.stop();
});

function makeBus(serverId: string): { bus: RedisBus; gaps: Array<{ channel: string; info: GapInfo }> } {
  const gaps: Array<{ channel: string; info: GapInfo }> = [];
  const bus = new RedisBus({
    url: redis.url,
    serverId,
    onGap: (channel, info) => gaps.push({ channel, info }),
    publishTimeoutMs: 400,
    healthCheckMs: 200,
    maxReconnectDelayMs: 100,
    liveness: { intervalMs: INTERVAL },
  });
  open.push(bus);
  return { bus, gaps };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function beats(bus: RedisBus, n: number): Promise<void> {
  const from = bus.liveness!.stats.beatsReceived;
  await waitFor(`${n} heartbeats`, () => bus.liveness!.stats.beatsReceived >= from + n);
}

describe('liveness on Redis', () => {
  it('a peer that stops beating is one peer-silent gap on each followed channel', async () => {
    const a = makeBus('a');
    const b = makeBus('b');
    await Promise.all([a.bus.connected(), b.bus.connected()]);
    await b.bus.subscribe('doc', () => {}).ready;
    await b.bus.subscribe('access', () => {}).ready;
    await beats(b.bus, 2);
    expect(b.bus.liveness!.peerStatus()).toEqual([{ serverId: 'a', epoch: a.bus.epoch, silent: false }]);
    // As a process that died: no more heartbeats, no goodbye.
    await a.bus.liveness!.stop(false);
    await waitFor('silence noticed', () => b.gaps.length >= 2);
    expect(b.gaps.map((g) => g.channel).sort()).toEqual(['access', 'doc']);
    for (const g of b.gaps) expect(g.info).toMatchObject({ reason: 'peer-silent', serverId: 'a', epoch: a.bus.epoch });
    await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL));
    expect(b.gaps).toHaveLength(2);
  });

  it('a Redis outage longer than the silence timeout is reconnect gaps only, no peer-silent', async () => {
    const a = makeBus('a');
    const b = makeBus('b');
    await Promise.all([a.bus.connected(), b.bus.connected()]);
    await b.bus.subscribe('doc', () => {}).ready;
    await a.bus.publish('doc', { i: 1 });
    await beats(b.bus, 2);
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 5 * INTERVAL));
    await redis.start();
    await waitFor('resubscribed', () => b.gaps.some((g) => g.info.reason === 'reconnect'));
    await beats(b.bus, 4);
    expect(b.gaps.filter((g) => g.info.reason !== 'reconnect')).toEqual([]);
    expect(b.bus.liveness!.stats.silent).toBe(0);
    expect(a.bus.liveness!.stats.silent).toBe(0);
  });

  it('a clean close says goodbye: no silence reported afterwards', async () => {
    const a = makeBus('a');
    const b = makeBus('b');
    await Promise.all([a.bus.connected(), b.bus.connected()]);
    await b.bus.subscribe('doc', () => {}).ready;
    await beats(b.bus, 2);
    await a.bus.close();
    await waitFor('goodbye', () => b.bus.liveness!.peerStatus().length === 0);
    await new Promise((resolve) => setTimeout(resolve, 5 * INTERVAL));
    expect(b.gaps).toEqual([]);
  });
});
