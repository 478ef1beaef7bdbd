/**
 * The login rate limit against the real built server. Failures block a (username, client address)
 * pair after 5 and an address after 50, so an attacker failing logins in someone's name blocks only
 * their own address: the real user signs in from theirs. The client address is the socket's peer;
 * `X-Forwarded-For` counts only when the peer is listed in HEGAO_TRUSTED_PROXIES.
 *
 * Requests leave from chosen loopback addresses (Linux routes all of 127/8 to lo), so each test
 * starts from an address nothing else has failed from.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_PASSWORD } from '../helpers/api.js';
import { CHINESE, type ErrorBody } from '../helpers/expectError.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, userId } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

const PASSWORD = 'rate-limit-pass';

/** The server as shipped: no trusted proxies. */
let direct: ServerProcess;
/** `direct`'s database (its SQLite file or PostgreSQL database). */
let directDb: Db;
/** Behind a reverse proxy on 127.0.0.1. */
let proxied: ServerProcess;

beforeAll(async () => {
  direct = await ServerProcess.start();
  proxied = await ServerProcess.start({ HEGAO_TRUSTED_PROXIES: '127.0.0.1' });
  directDb = await direct.openDb();
  for (const server of [direct, proxied]) {
    for (const username of ['rl-user', 'rl-burst', 'rl-proxy', 'rl-direct']) {
      const created = server.cli(['user', 'add', username, '--name', '限流测试', '--role', 'editor', '--bureau', '民政局', '--password', PASSWORD]);
      expect(created.status, created.stderr).toBe(0);
    }
  }
});

afterAll(async () => {
  await directDb?.close();
  await direct?.dispose();
  await proxied?.dispose();
});

interface LoginAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: ErrorBody;
}

/** A login POST from a chosen loopback source address, optionally with an X-Forwarded-For header. */
function loginFrom(server: ServerProcess, localAddress: string, username: string, password: string, forwardedFor?: string): Promise<LoginAnswer> {
  const data = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/auth/login',
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as ErrorBody }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Five wrong passwords, each answered 401. */
async function failFive(server: ServerProcess, localAddress: string, username: string, forwardedFor?: (i: number) => string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const res = await loginFrom(server, localAddress, username, `wrong-${i}`, forwardedFor?.(i));
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('用户名或密码错误');
  }
}

function expectRateLimited(res: LoginAnswer): void {
  expect(res.status).toBe(429);
  expect(res.body.error).toBe('rate_limited');
  expect(Object.keys(res.body).sort()).toEqual(['error', 'message']);
  expect(res.body.message).toMatch(CHINESE);
  expect(res.body.message).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试$/);
  expect(res.headers['set-cookie']).toBeUndefined();
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
}

describe('login rate limit per (username, address)', () => {
  it("after 5 failures the attacker's address is 429 for that username, even with the right password; the real user signs in from another address", async () => {
    await failFive(direct, '127.0.0.2', 'rl-user');
    expectRateLimited(await loginFrom(direct, '127.0.0.2', 'rl-user', PASSWORD));
    // The pair ignores the username's case.
    expectRateLimited(await loginFrom(direct, '127.0.0.2', 'RL-USER', PASSWORD));
    const uid = await userId(directDb, 'rl-user');
    expect((await query<{ n: number }>(directDb, 'SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', uid))[0]!.n).toBe(0);

    // The real user, from their own address, with the right password.
    const real = await loginFrom(direct, '127.0.0.3', 'rl-user', PASSWORD);
    expect(real.status).toBe(200);
    expect(real.headers['set-cookie']?.[0]).toMatch(/^hegao_session=/);
    expect((await query<{ n: number }>(directDb, 'SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', uid))[0]!.n).toBe(1);
    // Other usernames from the attacker's address are not blocked by that pair.
    expect((await loginFrom(direct, '127.0.0.2', 'mzj', DEMO_PASSWORD)).status).toBe(200);
  });

  it('an address is blocked for every username only after 50 failures (an office shares one address), and other addresses are not', async () => {
    for (let i = 0; i < 49; i++) expect((await loginFrom(direct, '127.0.0.4', `nobody-${i}`, 'wrong')).status).toBe(401);
    // 49 failures: a colleague behind the same address still signs in (and takes back only their own count).
    expect((await loginFrom(direct, '127.0.0.4', 'zzb', DEMO_PASSWORD)).status).toBe(200);
    expect((await loginFrom(direct, '127.0.0.4', 'nobody-49', 'wrong')).status).toBe(401);
    expectRateLimited(await loginFrom(direct, '127.0.0.4', 'zzb', DEMO_PASSWORD));
    expect((await ApiClient.login(direct.url, 'zzb')).cookie).toMatch(/^hegao_session=/);
  }, 240_000); // 51 password checks, about a second each on a loaded machine

  it('parallel guesses cannot outrun the limit: of 20 at once from one address, only 5 are checked', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => loginFrom(direct, '127.0.0.5', 'rl-burst', `wrong-${i}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expectRateLimited(await loginFrom(direct, '127.0.0.5', 'rl-burst', PASSWORD));
    expect((await loginFrom(direct, '127.0.0.6', 'rl-burst', PASSWORD)).status).toBe(200);
  });
});

describe('client address behind a proxy (HEGAO_TRUSTED_PROXIES)', () => {
  it('without trusted proxies X-Forwarded-For is ignored: a changing header does not escape the limit, nor does it block anyone else', async () => {
    await failFive(direct, '127.0.0.7', 'rl-direct', (i) => `198.51.100.${i + 1}`);
    expectRateLimited(await loginFrom(direct, '127.0.0.7', 'rl-direct', PASSWORD, '198.51.100.99'));
    // Someone else naming the "attacker's" forwarded address in the header is not blocked.
    expect((await loginFrom(direct, '127.0.0.8', 'rl-direct', PASSWORD, '198.51.100.1')).status).toBe(200);
  });

  it('with HEGAO_TRUSTED_PROXIES=127.0.0.1 the forwarded address is what is counted', async () => {
    // Everyone comes through the proxy on 127.0.0.1: the attacker is 198.51.100.7 (a forged left part does not help).
    await failFive(proxied, '127.0.0.1', 'rl-proxy', (i) => `10.9.9.${i}, 198.51.100.7`);
    expectRateLimited(await loginFrom(proxied, '127.0.0.1', 'rl-proxy', PASSWORD, '198.51.100.7'));
    // The real user behind the same proxy, from their own address, signs in.
    expect((await loginFrom(proxied, '127.0.0.1', 'rl-proxy', PASSWORD, '198.51.100.8')).status).toBe(200);
    // From a peer that is not a trusted proxy the header is ignored: 127.0.0.9 itself is counted (and clean).
    expect((await loginFrom(proxied, '127.0.0.9', 'rl-proxy', PASSWORD, '198.51.100.7')).status).toBe(200);
  });
});
