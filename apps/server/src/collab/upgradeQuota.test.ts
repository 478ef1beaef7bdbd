/**
 * A server of a cluster (HEGAO_REDIS_URL on a private redis-server, src/test/redisServer.ts)
 * counts its sockets and event streams in Redis, so the upgrade and the stream wait for a promise.
 * Clients that leave at any moment — before the upgrade is answered, right after it, while their
 * user is being counted, while Redis holds the count back — get their slots released exactly once:
 * nothing is left in Redis nor in the server's own counts, and the budget is whole afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { CLOSE } from '@hegao/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { RedisConnectionQuota } from '../http/redisConnectionQuota.js';
import { startServer, type RunningServer } from '../server.js';
import { startRedisServer, type RedisServer } from '../test/redisServer.js';

const SOCKETS_PER_USER = 2;

let redis: RedisServer;
let admin: Redis;
let dir: string;
let server: RunningServer;
let quota: RedisConnectionQuota;
let base: string;
let cookie: string;
let userId: string;
let docName: string;
let reportId: string;

beforeAll(async () => {
  redis = await startRedisServer();
  admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  dir = mkdtempSync(join(tmpdir(), 'hegao-upgrade-quota-'));
  const env = { HEGAO_DATA: dir, HOST: '127.0.0.1', HEGAO_SEED_DEMO: '1', HEGAO_REDIS_URL: redis.url, HEGAO_SERVER_ID: 'quota-a', HEGAO_MAX_SOCKETS_PER_USER: String(SOCKETS_PER_USER) };
  server = await startServer({ ...loadConfig(env), port: 0 }, { quiet: true });
  if (!(server.ctx.quota instanceof RedisConnectionQuota)) throw new Error('a server in a cluster counts in Redis');
  quota = server.ctx.quota;
  await quota.connected();
  base = `http://127.0.0.1:${server.port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'quzhang', password: 'hegao-demo' }) });
  expect(login.status).toBe(200);
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  userId = ((await (await fetch(`${base}/api/me`, { headers: { cookie } })).json()) as { id: string }).id;
  const reports = (await (await fetch(`${base}/api/reports`, { headers: { cookie } })).json()) as { id: string }[];
  reportId = reports[0]!.id;
  const report = (await (await fetch(`${base}/api/reports/${reportId}`, { headers: { cookie } })).json()) as { sections: { docName: string }[] };
  docName = report.sections[0]!.docName;
}, 60_000);

afterAll(async () => {
  await server?.close();
  admin?.disconnect();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function token(): Promise<string> {
  const res = await fetch(`${base}/api/collab/token`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ docName }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** A socket to the section; `leave` says when the client hangs up, if it does. */
function connect(tokenValue: string, leave?: { on: 'sent' | 'open'; afterMs?: number }): { ws: WebSocket; outcome: Promise<'accepted' | number | 'gone'> } {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/collab/${encodeURIComponent(docName)}?token=${encodeURIComponent(tokenValue)}`);
  ws.on('error', () => undefined);
  const hangUp = () => (leave?.afterMs === undefined ? ws.terminate() : setTimeout(() => ws.terminate(), leave.afterMs));
  if (leave?.on === 'sent') hangUp();
  if (leave?.on === 'open') ws.once('open', hangUp);
  const outcome = new Promise<'accepted' | number | 'gone'>((resolve) => {
    ws.once('message', () => resolve('accepted'));
    ws.once('close', (code) => resolve(leave ? 'gone' : code));
  });
  return { ws, outcome };
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until this server holds no slot, here or in Redis. */
async function nothingHeld(): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const keys = await admin.keys('hegao:quota:*');
    const local = quota.local.countOf('socket', userId) + quota.local.countOf('stream', userId) + quota.local.countOfAddress('socket', '127.0.0.1') + quota.local.countOfAddress('stream', '127.0.0.1');
    if (keys.length === 0 && local === 0 && quota.heldCount === 0) return;
    if (Date.now() > deadline) throw new Error(`still held: redis ${JSON.stringify(keys)}, local ${local}, held ${quota.heldCount}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The per-user budget is whole: exactly SOCKETS_PER_USER sockets are accepted, the next gets 4429. */
async function budgetIsWhole(): Promise<void> {
  const tokenValue = await token();
  const open = [connect(tokenValue), connect(tokenValue)];
  expect(await Promise.all(open.map((s) => s.outcome))).toEqual(['accepted', 'accepted']);
  expect(await connect(tokenValue).outcome).toBe(CLOSE.tooMany);
  for (const s of open) s.ws.terminate();
  await nothingHeld();
}

describe('a client that leaves while its slot is counted in Redis', () => {
  it('sockets and streams dropped at every moment of their opening leave no slot behind', async () => {
    await nothingHeld();
    const tokenValue = await token();
    const outcomes: Promise<unknown>[] = [];
    // Spread over the opening: before the upgrade is answered, while the user is counted, once bound.
    for (let i = 0; i < 30; i++) {
      outcomes.push(connect(tokenValue, i % 3 === 0 ? { on: 'open' } : { on: 'sent', afterMs: i % 10 }).outcome);
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), i % 12);
      outcomes.push(fetch(`${base}/api/reports/${reportId}/events`, { headers: { cookie }, signal: ctl.signal }).then((res) => res.body?.cancel(), () => undefined));
    }
    await Promise.all(outcomes);
    await nothingHeld();
    await budgetIsWhole();
  });

  it('a socket that closes while its user is being counted gets the slot released once, here and in Redis', async () => {
    await nothingHeld();
    const tokenValue = await token();
    // A user key full of long-expired slots: the script that counts the user first drops them
    // all, which holds Redis back well past the moment the client leaves (100 ms after the upgrade).
    const key = `hegao:quota:socket:user:${userId}`;
    const fill = `local n, i = tonumber(ARGV[1]), 0
      while i < n do
        local args = {}
        for j = 1, 1000 do i = i + 1; args[#args + 1] = 1; args[#args + 1] = 'expired:' .. i end
        redis.call('ZADD', KEYS[1], unpack(args))
      end`;
    await admin.eval(fill, 1, key, '600000');
    const left = connect(tokenValue, { on: 'open', afterMs: 100 });
    expect(await left.outcome).toBe('gone');
    await nothingHeld();
    await budgetIsWhole();
  });

  it('Redis holding the count back (CLIENT PAUSE): the counts fall back locally, and the sockets that left are released once', async () => {
    await nothingHeld();
    const tokenValue = await token();
    await admin.call('CLIENT', 'PAUSE', '15000', 'WRITE');
    try {
      // The first waits the whole bound (300 ms) for Redis: the client leaves before the upgrade is answered.
      const first = connect(tokenValue, { on: 'sent', afterMs: 100 });
      expect(await first.outcome).toBe('gone');
      // The next are decided at once while the dropped connection comes back, or wait again; either way they leave.
      await Promise.all([connect(tokenValue, { on: 'open' }), connect(tokenValue, { on: 'sent', afterMs: 20 })].map((s) => s.outcome));
      await waitFor(() => quota.local.countOf('socket', userId) === 0 && quota.local.countOfAddress('socket', '127.0.0.1') === 0);
      // Decided by the server's own count meanwhile: the user's budget, not more.
      const stayed = [connect(tokenValue), connect(tokenValue), connect(tokenValue)];
      const outcomes = await Promise.all(stayed.map((s) => s.outcome));
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(SOCKETS_PER_USER);
      expect(outcomes.filter((o) => o === CLOSE.tooMany)).toHaveLength(1);
      for (const s of stayed) s.ws.terminate();
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
    }
    await quota.connected();
    await nothingHeld();
    await budgetIsWhole();
  });
});
