/**
 * The login limit of two in-process servers (startServer) in one cluster: HEGAO_REDIS_URL on a
 * private redis-server (src/test/redisServer.ts), each server its own SQLite folder. Failures on
 * one server count on the other; shutting a server down closes its login-limit connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { startRedisServer, type RedisServer } from '../test/redisServer.js';

let redis: RedisServer;
let admin: Redis;
const dirs: string[] = [];
const servers: RunningServer[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  admin?.disconnect();
  await redis?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(name: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), `hegao-login-${name}-`));
  dirs.push(dir);
  // Port 0: a free one.
  const config = { ...loadConfig({ HEGAO_DATA: dir, HOST: '127.0.0.1', HEGAO_SEED_DEMO: '0', HEGAO_REDIS_URL: redis.url, HEGAO_SERVER_ID: name }), port: 0 };
  const server = await startServer(config, { quiet: true });
  servers.push(server);
  return server;
}

async function login(server: RunningServer, username: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${server.port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'wrong' }),
  });
}

async function loginClients(): Promise<number> {
  const list = (await admin.call('CLIENT', 'LIST')) as string;
  return list.split('\n').filter((line) => line.includes('name=hegao-login-limit')).length;
}

describe('login limit across two servers of a cluster', () => {
  it('5 failures on server A: the 6th is refused on server B; shutdown closes the connections', async () => {
    const a = await start('a');
    const b = await start('b');
    await expect.poll(loginClients).toBe(2);
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? b : a, 'intruder')).status).toBe(401);
    const refused = await login(b, 'intruder');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(a, 'intruder')).status).toBe(429);
    expect(Number(await admin.get('hegao:login:pair:intruder\n127.0.0.1'))).toBe(5);

    await Promise.all(servers.splice(0).map((server) => server.close()));
    await expect.poll(loginClients).toBe(0);
  });
});
