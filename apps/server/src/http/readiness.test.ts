/**
 * Readiness (GET /api/health/ready): the route on a real SQLite database, and the bus check on a
 * RedisBus against a private redis-server (src/test/redisServer.ts) that is killed, paused and
 * started again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '@hegao/storage';
import { RedisBus } from '../cluster/redisBus.js';
import { startRedisServer, type RedisServer } from '../test/redisServer.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { createApp } from './app.js';
import { checkReadiness, readinessBody, type Readiness } from './readiness.js';

/** Allowance for a loaded machine (two suites on two cores) on top of a bound. */
const SLACK_MS = 1500;

/** Polls `check` until it returns true, at most `ms`. */
async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('GET /api/health/ready on SQLite', () => {
  let ws: Workspace;
  afterEach(async () => {
    await ws?.close().catch(() => {});
  });

  it('answers 200 with the database check, no bus check for a server alone, and is not cached', async () => {
    ws = await workspace();
    const app = createApp(ws.ctx);
    const res = await app.request('/api/health/ready');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Readiness;
    expect(body).toEqual({ ok: true, checks: { database: { ok: true, ms: expect.any(Number) } } });
    // Liveness is unchanged.
    const live = await app.request('/api/health');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true });
  });

  it('answers 503 naming the database, in Chinese and as a code, once the database is gone; logs the change once', async () => {
    ws = await workspace();
    const app = createApp(ws.ctx);
    await ws.db.close();
    for (let i = 0; i < 2; i++) {
      // A session cookie does not make the probe read the (closed) database's sessions first.
      const res = await app.request('/api/health/ready', { headers: { cookie: 'hegao_session=whatever' } });
      expect(res.status).toBe(503);
      const body = (await res.json()) as Readiness;
      expect(body).toEqual({
        ok: false,
        error: 'not_ready',
        message: '服务暂不可用：数据库无法访问，请稍后再试',
        checks: { database: { ok: false, ms: expect.any(Number), error: 'unreachable' } },
      });
    }
    // The driver's words go to the log, once for the change, not once per probe.
    const warnings = ws.log.filter((l) => l.level === 'warn' && l.msg === 'not ready');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.fields?.['database'])).toMatch(/destroyed|closed/i);
  });

  it('answers within its bound when the database does not answer (its connection held by a long transaction), and recovers', async () => {
    ws = await workspace();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHeld = new Promise<void>((resolve) => (holding = resolve));
    const transaction = inTransaction(ws.db, async () => {
      holding();
      await held;
    });
    await isHeld;
    const start = performance.now();
    const outcome = await checkReadiness({ db: ws.db, bus: null }, { databaseMs: 200 });
    expect(performance.now() - start).toBeLessThan(200 + SLACK_MS);
    expect(readinessBody(outcome)).toMatchObject({ ok: false, error: 'not_ready', checks: { database: { ok: false, error: 'timeout' } } });
    // A second probe while the first one's query still waits: it waits on that query, within its own bound.
    const again = await checkReadiness({ db: ws.db, bus: null }, { databaseMs: 200 });
    expect(again.database).toMatchObject({ ok: false, error: 'timeout' });
    release();
    await transaction;
    expect(readinessBody(await checkReadiness({ db: ws.db, bus: null }, { databaseMs: 200 }))).toMatchObject({ ok: true });
  });
});

describe('the bus check on a real Redis', () => {
  let redis: RedisServer;
  let ws: Workspace;
  const buses: RedisBus[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    ws = await workspace();
  });
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await ws?.close();
    await redis?.stop();
  });

  const newBus = async () => {
    const bus = new RedisBus({ url: redis.url, serverId: 'app-1', healthCheckMs: 500, maxReconnectDelayMs: 200 });
    buses.push(bus);
    await bus.connected();
    return bus;
  };

  it('ok while Redis answers; 503 naming Redis within the bound when it is killed or paused; ok again once it is back', async () => {
    const bus = await newBus();
    const targets = { db: ws.db, bus };
    const options = { databaseMs: 1000, busMs: 300 };
    expect(readinessBody(await checkReadiness(targets, options))).toEqual({
      ok: true,
      checks: { database: { ok: true, ms: expect.any(Number) }, bus: { ok: true, ms: expect.any(Number) } },
    });

    // Killed: the connections drop; the check says so at once or at its bound.
    await redis.kill();
    await until(async () => !(await checkReadiness(targets, options)).ok, 'readiness turns false after the kill');
    let start = performance.now();
    const down = readinessBody(await checkReadiness(targets, options));
    expect(performance.now() - start).toBeLessThan(300 + SLACK_MS);
    expect(down).toMatchObject({
      ok: false,
      error: 'not_ready',
      message: '服务暂不可用：服务器间消息通道（Redis）无法访问，请稍后再试',
      checks: { database: { ok: true }, bus: { ok: false } },
    });
    await redis.start();
    await until(async () => (await checkReadiness(targets, options)).ok, 'readiness back after the restart');

    // Paused: the sockets stay open and nothing answers — the check gives up at its bound.
    redis.pause();
    try {
      start = performance.now();
      const paused = await checkReadiness(targets, options);
      expect(performance.now() - start).toBeLessThan(300 + SLACK_MS);
      expect(paused.bus).toMatchObject({ ok: false, error: 'timeout' });
      expect(paused.database.ok).toBe(true);
    } finally {
      redis.resume();
    }
    await until(async () => (await checkReadiness(targets, options)).ok, 'readiness back after the pause');
  });

  it('a closed bus is reported, not thrown', async () => {
    const bus = await newBus();
    await bus.close();
    const outcome = await checkReadiness({ db: ws.db, bus }, { busMs: 300 });
    expect(outcome.bus).toMatchObject({ ok: false, error: 'unreachable' });
  });
});
