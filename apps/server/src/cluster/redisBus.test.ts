/**
 * RedisBus against a private redis-server (src/test/redisServer.ts), restarted, paused and
 * flushed under the buses. Never the shared instance.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../test/redisServer.js';
import type { BusMessage, GapInfo, MessageMeta } from './bus.js';
import { BusClosedError } from './bus.js';
import { encode, publisher } from './envelope.js';
import { BusTimeoutError, RedisBus, type RedisBusOptions } from './redisBus.js';

const PUBLISH_TIMEOUT_MS = 400;
/** Allowance for a loaded machine (two suites on two cores) on top of the bound. */
const SLACK_MS = 600;

let redis: RedisServer;
const open: RedisBus[] = [];
const clients: Redis[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
  await Promise.all(clients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
  // A test that stopped the server leaves it for the next one running.
  if (!redis.running) await redis.start();
  redis.resume();
});

afterAll(async () => {
  await redis?.stop();
});

interface Received {
  message: BusMessage;
  meta: MessageMeta;
}

interface TestBus {
  bus: RedisBus;
  gaps: Array<{ channel: string; info: GapInfo }>;
  warnings: string[];
}

function makeBus(serverId: string, options: Partial<RedisBusOptions> = {}): TestBus {
  const gaps: TestBus['gaps'] = [];
  const warnings: string[] = [];
  const bus = new RedisBus({
    url: redis.url,
    serverId,
    onGap: (channel, info) => gaps.push({ channel, info }),
    logger: { warn: (msg) => warnings.push(msg), error: (msg) => warnings.push(msg) },
    publishTimeoutMs: PUBLISH_TIMEOUT_MS,
    healthCheckMs: 200,
    maxReconnectDelayMs: 100,
    ...options,
  });
  open.push(bus);
  return { bus, gaps, warnings };
}

function client(): Redis {
  const c = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  c.on('error', () => {});
  clients.push(c);
  return c;
}

function collect(): { got: Received[]; handler: (message: BusMessage, meta: MessageMeta) => void } {
  const got: Received[] = [];
  return { got, handler: (message, meta) => got.push({ message, meta }) };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls `read` until `done` holds (or 5 s pass); returns the last value read. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Publishes until the call settles; returns how long it took and how it ended. */
async function timed(promise: Promise<void>): Promise<{ ms: number; error: unknown }> {
  const start = Date.now();
  try {
    await promise;
    return { ms: Date.now() - start, error: null };
  } catch (error) {
    return { ms: Date.now() - start, error };
  }
}

describe('RedisBus', () => {
  it('two servers exchange JSON and binary messages in order, and nobody hears itself', async () => {
    const a = makeBus('a');
    const b = makeBus('b');
    const atA = collect();
    const atB = collect();
    await Promise.all([a.bus.connected(), b.bus.connected()]);
    await a.bus.subscribe('doc:1', atA.handler).ready;
    await b.bus.subscribe('doc:1', atB.handler).ready;
    const sent: BusMessage[] = [];
    for (let i = 0; i < 200; i++) sent.push(i % 3 === 0 ? { kind: 'access', i, text: '只读' } : new Uint8Array([i & 255, 0, 7, 255]));
    await Promise.all(sent.map((message) => a.bus.publish('doc:1', message)));
    await b.bus.publish('doc:1', { from: 'b' });
    await waitFor('b to receive 200', () => atB.got.length === 200);
    await waitFor('a to receive 1', () => atA.got.length === 1);
    expect(atB.got.map((r) => r.meta.seq)).toEqual(sent.map((_, i) => i + 1));
    for (const [i, r] of atB.got.entries()) {
      const expected = sent[i];
      if (expected instanceof Uint8Array) {
        expect(r.message).toBeInstanceOf(Uint8Array);
        expect(Array.from(r.message as Uint8Array)).toEqual(Array.from(expected));
      } else {
        expect(r.message).toEqual(expected);
      }
      expect(r.meta).toMatchObject({ channel: 'doc:1', serverId: 'a', epoch: a.bus.epoch });
    }
    expect(atA.got.map((r) => r.message)).toEqual([{ from: 'b' }]);
    expect(atA.got[0]?.meta).toMatchObject({ serverId: 'b', seq: 1 });
    expect([...a.gaps, ...b.gaps]).toEqual([]);
  });

  it('delivers its own messages to a handler that asks for them', async () => {
    const a = makeBus('a');
    const plain = collect();
    const own = collect();
    await a.bus.subscribe('c', plain.handler).ready;
    await a.bus.subscribe('c', own.handler, { includeOwn: true }).ready;
    await a.bus.publish('c', { n: 1 });
    await waitFor('own message', () => own.got.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(plain.got).toEqual([]);
    expect(own.got[0]?.meta).toMatchObject({ serverId: 'a', seq: 1 });
  });

  it('unsubscribes: the handler hears nothing more, and Redis drops the channel with its last handler', async () => {
    const a = makeBus('a');
    const b = makeBus('b');
    const one = collect();
    const two = collect();
    const offOne = b.bus.subscribe('c', one.handler);
    const offTwo = b.bus.subscribe('c', two.handler);
    await Promise.all([offOne.ready, offTwo.ready]);
    await a.bus.publish('c', 1);
    await waitFor('first', () => two.got.length === 1);
    offOne();
    await a.bus.publish('c', 2);
    await waitFor('second', () => two.got.length === 2);
    expect(one.got.map((r) => r.message)).toEqual([1]);
    offTwo();
    const admin = client();
    const subscribers = async () => Number(((await admin.pubsub('NUMSUB', 'hegao:bus:c')) as [string, number])[1]);
    expect(await until(subscribers, (n) => n === 0)).toBe(0);
    await a.bus.publish('c', 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(two.got.map((r) => r.message)).toEqual([1, 2]);
  });

  it('reports a jump in a publisher’s sequence once, drops stale frames, reports a restart, ignores foreign frames', async () => {
    const b = makeBus('b');
    const atB = collect();
    await b.bus.subscribe('c', atB.handler).ready;
    const raw = client();
    const x1 = publisher('x', '00000000000000aa');
    const send = (frame: Buffer | string) => raw.publish('hegao:bus:c', frame);
    await send(encode(x1, 1, 'one'));
    await send(encode(x1, 2, 'two'));
    await send(encode(x1, 4, 'four'));
    await send(encode(x1, 3, 'stale'));
    await send('not a frame');
    await send(encode(x1, 5, 'five'));
    const x2 = publisher('x', '00000000000000bb');
    await send(encode(x2, 1, 'restarted'));
    await waitFor('five messages', () => atB.got.length === 5);
    expect(atB.got.map((r) => r.message)).toEqual(['one', 'two', 'four', 'five', 'restarted']);
    expect(b.gaps).toEqual([
      { channel: 'c', info: { reason: 'sequence', serverId: 'x', epoch: '00000000000000aa', expected: 3, received: 4 } },
      { channel: 'c', info: { reason: 'publisher-restart', serverId: 'x', epoch: '00000000000000bb', previousEpoch: '00000000000000aa' } },
    ]);
    expect(b.warnings).toContain('bus dropped a malformed frame');
  });

  it('a publish lost on the way is announced: a subscriber that stayed connected reports it once', async () => {
    const a = makeBus('a');
    const b = makeBus('b');
    const atB = collect();
    await Promise.all([a.bus.connected(), b.bus.connected()]);
    await b.bus.subscribe('doc', atB.handler).ready;
    await a.bus.publish('doc', 'one');
    await waitFor('one', () => atB.got.length === 1);
    const admin = client();
    // PUBLISH waits while writes are paused, and so does the health PING queued behind it: the
    // publisher drops its connection, and the PUBLISH with it. (Kill it too, in case it has not yet.)
    await admin.call('CLIENT', 'PAUSE', '5000', 'WRITE');
    try {
      const lost = await timed(a.bus.publish('doc', 'two'));
      expect(lost.error).toBeInstanceOf(Error);
      expect(lost.ms).toBeLessThanOrEqual(PUBLISH_TIMEOUT_MS + SLACK_MS);
      const list = (await admin.client('LIST')) as string;
      const id = list.split('\n').find((line) => line.includes(' name=hegao-bus-pub-a '))?.match(/^id=(\d+)/)?.[1];
      if (id) await admin.call('CLIENT', 'KILL', 'ID', id);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
    }
    await waitFor('loss reported', () => b.gaps.length === 1);
    expect(b.gaps[0]).toEqual({ channel: 'doc', info: { reason: 'publish-failed', serverId: 'a', epoch: a.bus.epoch, from: 2, to: 2 } });
    await a.bus.publish('doc', 'three');
    await waitFor('three', () => atB.got.length === 2);
    expect(atB.got.map((r) => r.message)).toEqual(['one', 'three']);
    expect(atB.got.map((r) => r.meta.seq)).toEqual([1, 4]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.gaps).toHaveLength(1);
  });

  for (const how of ['kill', 'shutdown'] as const) {
    it(`Redis restarted mid-stream (${how}): publishes reject within the bound, subscribers get one gap and resume`, async () => {
      const a = makeBus('a');
      const b = makeBus('b');
      const atB = collect();
      const other = collect();
      await Promise.all([a.bus.connected(), b.bus.connected()]);
      await b.bus.subscribe('doc', atB.handler).ready;
      await b.bus.subscribe('other', other.handler).ready;
      let publishing = true;
      const outcomes: Array<{ ms: number; error: unknown }> = [];
      const pump = (async () => {
        let i = 0;
        while (publishing) {
          outcomes.push(await timed(a.bus.publish('doc', { i: i++ })));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      await waitFor('messages before', () => atB.got.length >= 20);
      if (how === 'kill') await redis.kill();
      else await redis.shutdown();
      const failedBefore = outcomes.filter((o) => o.error).length;
      await waitFor('publishes failing', () => outcomes.filter((o) => o.error).length >= failedBefore + 3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await redis.start();
      const receivedAtRestart = atB.got.length;
      await waitFor('gap reported', () => b.gaps.length >= 2);
      await waitFor('messages after', () => atB.got.length >= receivedAtRestart + 20);
      publishing = false;
      await pump;

      // Every publish settled, failures within the bound (nothing hung).
      const failures = outcomes.filter((o) => o.error);
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure.ms).toBeLessThanOrEqual(PUBLISH_TIMEOUT_MS + SLACK_MS);
        expect(failure.error).toBeInstanceOf(Error);
      }
      // One 'reconnect' gap per subscribed channel. On 'doc' the publisher's loss notice may
      // also count as a gap (it is one when it arrives after the resubscription), once at most.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const reconnects = b.gaps.filter((g) => g.info.reason === 'reconnect');
      expect(reconnects.map((g) => g.channel).sort()).toEqual(['doc', 'other']);
      const others = b.gaps.filter((g) => g.info.reason !== 'reconnect');
      expect(others.length).toBeLessThanOrEqual(1);
      for (const g of others) expect(g).toMatchObject({ channel: 'doc', info: { reason: 'publish-failed', serverId: 'a' } });
      expect(a.gaps).toEqual([]);
      // In order throughout: what arrived is increasing, and the tail is contiguous.
      const numbers = atB.got.map((r) => (r.message as { i: number }).i);
      expect([...numbers].sort((x, y) => x - y)).toEqual(numbers);
      const tail = numbers.slice(-10);
      expect(tail).toEqual(tail.map((_, k) => (tail[0] ?? 0) + k));
    });
  }

  it('a stalled Redis (SIGSTOP): publish rejects within the bound, then the bus recovers', async () => {
    // No health check on the publisher: its connection stays up, so only the bound can end the publish.
    const a = makeBus('a', { healthCheckMs: 60_000 });
    const b = makeBus('b');
    const atB = collect();
    await Promise.all([a.bus.connected(), b.bus.connected()]);
    await b.bus.subscribe('doc', atB.handler).ready;
    await a.bus.publish('doc', 'before');
    await waitFor('before', () => atB.got.length === 1);
    redis.pause();
    try {
      const stalled = await timed(a.bus.publish('doc', 'during'));
      expect(stalled.error).toBeInstanceOf(BusTimeoutError);
      expect(stalled.ms).toBeGreaterThanOrEqual(PUBLISH_TIMEOUT_MS - 20);
      expect(stalled.ms).toBeLessThanOrEqual(PUBLISH_TIMEOUT_MS + SLACK_MS);
      // The health check notices the dead subscriber connection meanwhile.
      await waitFor('unresponsive noticed', () => b.warnings.includes('bus connection unresponsive, reconnecting'));
    } finally {
      redis.resume();
    }
    await waitFor('gap after the stall', () => b.gaps.some((g) => g.info.reason === 'reconnect'));
    // Publishing works again (retry: the publishing connection may still be reconnecting).
    const deadline = Date.now() + 10_000;
    for (;;) {
      const outcome = await timed(a.bus.publish('doc', 'after'));
      if (!outcome.error) break;
      if (Date.now() > deadline) throw outcome.error;
    }
    await waitFor('after', () => atB.got.some((r) => r.message === 'after'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // One 'reconnect' gap; the publisher's loss notice may count once more (see the restart test).
    expect(b.gaps.filter((g) => g.info.reason === 'reconnect')).toEqual([{ channel: 'doc', info: { reason: 'reconnect' } }]);
    expect(b.gaps.filter((g) => g.info.reason !== 'reconnect').every((g) => g.info.reason === 'publish-failed')).toBe(true);
    expect(b.gaps.length).toBeLessThanOrEqual(2);
  });

  it('publish rejects within the bound when Redis cannot be reached at all; close is still clean', async () => {
    await redis.kill();
    const a = makeBus('a');
    const connecting = timed(a.bus.connected(300));
    for (let i = 0; i < 3; i++) {
      const outcome = await timed(a.bus.publish('doc', { i }));
      expect(outcome.error).toBeInstanceOf(BusTimeoutError);
      expect(outcome.ms).toBeLessThanOrEqual(PUBLISH_TIMEOUT_MS + SLACK_MS);
    }
    expect((await connecting).error).toBeInstanceOf(Error);
    const start = Date.now();
    await a.bus.close();
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('a subscription made while Redis is down becomes active when it returns (ready resolves, no gap)', async () => {
    const a = makeBus('a');
    const b = makeBus('b');
    await Promise.all([a.bus.connected(), b.bus.connected()]);
    await redis.kill();
    const atB = collect();
    const subscription = b.bus.subscribe('late', atB.handler);
    let ready = false;
    void subscription.ready.then(() => (ready = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ready).toBe(false);
    await redis.start();
    await waitFor('ready', () => ready);
    // (A publish failing meanwhile would be announced, and b would rightly report that gap.)
    await a.bus.connected();
    await a.bus.publish('late', 'hello');
    await waitFor('hello', () => atB.got.length >= 1);
    expect(atB.got[0]?.message).toBe('hello');
    expect(b.gaps).toEqual([]);
  });

  it('FLUSHALL breaks nothing: the bus keeps no keys', async () => {
    const a = makeBus('a');
    const b = makeBus('b');
    const atB = collect();
    await b.bus.subscribe('doc', atB.handler).ready;
    await a.bus.publish('doc', 1);
    const admin = client();
    expect(await admin.dbsize()).toBe(0);
    await admin.flushall();
    await a.bus.publish('doc', 2);
    await admin.flushall('ASYNC');
    await a.bus.publish('doc', new Uint8Array([3]));
    await waitFor('three', () => atB.got.length === 3);
    expect(atB.got.map((r) => r.meta.seq)).toEqual([1, 2, 3]);
    expect(b.gaps).toEqual([]);
  });

  it('closes cleanly: pending calls settle, no connections, sockets or timers stay behind', async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPWRAP').length;
    const admin = client();
    const busClients = async () => ((await admin.client('LIST')) as string).split('\n').filter((line) => / name=hegao-bus-/.test(line)).length;
    await admin.ping();
    const before = sockets();
    const a = makeBus('a');
    const b = makeBus('b');
    await Promise.all([a.bus.connected(), b.bus.connected()]);
    await b.bus.subscribe('doc', () => {}).ready;
    expect(await busClients()).toBe(4);
    redis.pause();
    const pending = b.bus.subscribe('never', () => {});
    const publishing = timed(a.bus.publish('doc', 'x'));
    await Promise.all([a.bus.close(), b.bus.close()]);
    redis.resume();
    expect((await publishing).error).toBeInstanceOf(BusClosedError);
    await expect(pending.ready).rejects.toBeInstanceOf(BusClosedError);
    await expect(a.bus.publish('doc', 'y')).rejects.toBeInstanceOf(BusClosedError);
    await expect(a.bus.subscribe('doc', () => {}).ready).rejects.toBeInstanceOf(BusClosedError);
    await waitFor('sockets closed', () => sockets() <= before);
    expect(await until(busClients, (n) => n === 0)).toBe(0);
  });
});
