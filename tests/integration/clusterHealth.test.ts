/**
 * Readiness of servers in a cluster (GET /api/health/ready): two real server processes on ONE
 * private PostgreSQL and ONE private Redis (tests/helpers/cluster.ts). Redis stopped → every
 * server answers 503 naming the bus, while liveness (/api/health) stays 200; Redis back → 200
 * again within a bound. The same for PostgreSQL, naming the database. Every probe answers within
 * its checks' bounds, outage or not: it never hangs.
 *
 * Runs on PostgreSQL in either vitest project (it starts its own), so the postgres project
 * leaves it out (vitest.config.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../helpers/cluster.js';

/** The readiness checks' longest bound (the database's, apps/server/src/http/readiness.ts) plus slack for a loaded machine. */
const PROBE_BOUND_MS = 2000 + 3000;
/** How long a server may take to notice an outage, and to recover after it. */
const NOTICE_MS = 15_000;
const RECOVER_MS = 20_000;

interface Check {
  ok: boolean;
  ms: number;
  error?: string;
}
interface ReadyBody {
  ok: boolean;
  error?: string;
  message?: string;
  checks: { database: Check; bus?: Check };
}

let cluster: Cluster;
const measured: Record<string, number> = {};

beforeAll(async () => {
  cluster = await Cluster.start({ servers: 2 });
}, 120_000);

afterAll(async () => {
  await cluster?.dispose();
  console.log('cluster readiness measurements', measured);
});

/** One readiness probe of server i: status, body and how long the answer took. */
async function probe(i: number): Promise<{ status: number; body: ReadyBody; ms: number }> {
  const start = performance.now();
  const res = await fetch(`${cluster.server(i).url}/api/health/ready`, { signal: AbortSignal.timeout(30_000) });
  const body = (await res.json()) as ReadyBody;
  return { status: res.status, body, ms: performance.now() - start };
}

/** Probes every server until each answers `status`; every answer within PROBE_BOUND_MS. Returns how long it took. */
async function untilEvery(status: number, what: string, timeoutMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    const answers = await Promise.all(cluster.servers.map((_, i) => probe(i)));
    for (const a of answers) expect(a.ms, `a probe took ${Math.round(a.ms)} ms`).toBeLessThan(PROBE_BOUND_MS);
    if (answers.every((a) => a.status === status)) return Math.round(performance.now() - start);
    if (performance.now() - start > timeoutMs) {
      throw new Error(`not within ${timeoutMs} ms: ${what}; last answers ${JSON.stringify(answers.map((a) => [a.status, a.body]))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function liveness(i: number): Promise<number> {
  return (await fetch(`${cluster.server(i).url}/api/health`, { signal: AbortSignal.timeout(10_000) })).status;
}

describe('readiness with everything up', () => {
  it('every server answers 200 with the database and the bus checked', async () => {
    for (const i of [0, 1]) {
      const { status, body } = await probe(i);
      expect(status).toBe(200);
      expect(body).toEqual({
        ok: true,
        checks: { database: { ok: true, ms: expect.any(Number) }, bus: { ok: true, ms: expect.any(Number) } },
      });
    }
  });
});

describe('Redis stopped and started again', () => {
  afterAll(async () => {
    if (!cluster.redis.running) await cluster.redis.start();
  });

  it('every server answers 503 naming the bus while liveness stays 200, then 200 again within a bound', async () => {
    await cluster.redis.kill();
    measured['Redis killed → every server 503, ms'] = await untilEvery(503, 'every server not ready after the Redis kill', NOTICE_MS);
    for (const i of [0, 1]) {
      const { body } = await probe(i);
      expect(body).toMatchObject({
        ok: false,
        error: 'not_ready',
        message: '服务暂不可用：服务器间消息通道（Redis）无法访问，请稍后再试',
        checks: { database: { ok: true }, bus: { ok: false } },
      });
      expect(['timeout', 'unreachable']).toContain(body.checks.bus!.error);
      expect(await liveness(i)).toBe(200);
    }
    await cluster.redis.start();
    measured['Redis back → every server 200, ms'] = await untilEvery(200, 'every server ready after Redis started again', RECOVER_MS);
  });
});

describe('PostgreSQL stopped and started again', () => {
  afterAll(async () => {
    await cluster.pg.start();
  });

  it('every server answers 503 naming the database while liveness stays 200, then 200 again within a bound', async () => {
    await cluster.pg.kill('fast');
    measured['PostgreSQL stopped → every server 503, ms'] = await untilEvery(503, 'every server not ready after PostgreSQL stopped', NOTICE_MS);
    for (const i of [0, 1]) {
      const { body } = await probe(i);
      expect(body).toMatchObject({
        ok: false,
        error: 'not_ready',
        message: '服务暂不可用：数据库无法访问，请稍后再试',
        checks: { database: { ok: false }, bus: { ok: true } },
      });
      expect(['timeout', 'unreachable']).toContain(body.checks.database.error);
      expect(await liveness(i)).toBe(200);
    }
    await cluster.pg.start();
    measured['PostgreSQL back → every server 200, ms'] = await untilEvery(200, 'every server ready after PostgreSQL started again', RECOVER_MS);
  });
});
