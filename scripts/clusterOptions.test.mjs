// node --test: the arguments and environment of `npm run cluster` (nothing is started).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterUsageError, checkClusterEnv, localHost, parseClusterArgs, redact, serverPlan } from './clusterOptions.mjs';

test('defaults: three servers from 8081, no proxy', () => {
  assert.deepEqual(parseClusterArgs([]), { servers: 3, port: 8081, proxyPort: null, help: false });
});

test('--servers, --port, --proxy and --proxy-port, also as --name=value', () => {
  assert.deepEqual(parseClusterArgs(['--servers', '5', '--port', '9001', '--proxy']), { servers: 5, port: 9001, proxyPort: 8080, help: false });
  assert.deepEqual(parseClusterArgs(['--servers=2', '--proxy-port=7000']), { servers: 2, port: 8081, proxyPort: 7000, help: false });
  assert.equal(parseClusterArgs(['--proxy', '--proxy-port', '7000']).proxyPort, 7000);
  assert.equal(parseClusterArgs(['-h']).help, true);
});

test('mistakes are refused in Chinese', () => {
  const refused = (/** @type {string[]} */ argv, /** @type {RegExp} */ message) =>
    assert.throws(() => parseClusterArgs(argv), (err) => err instanceof ClusterUsageError && message.test(err.message));
  refused(['--servers', '0'], /--servers 应为 1 到 16 之间的整数，收到“0”/);
  refused(['--servers', '17'], /1 到 16/);
  refused(['--servers', 'three'], /收到“three”/);
  refused(['--servers', '2.5'], /收到“2.5”/);
  refused(['--servers'], /--servers 缺少取值/);
  refused(['--servers', '--proxy'], /--servers 缺少取值/);
  refused(['--port', '70000'], /1 到 65535/);
  refused(['--port', '65534', '--servers', '3'], /端口超出范围/);
  refused(['--proxy-port', '8082'], /代理端口 8082 与服务器端口 8081–8083 重叠/);
  refused(['--proxy=8080'], /--proxy 不带取值/);
  refused(['--sever', '3'], /未知参数：--sever/);
  refused(['3'], /未知参数：3/);
});

test('PostgreSQL and Redis are required, with what to set', () => {
  assert.deepEqual(checkClusterEnv({ HEGAO_DATABASE_URL: ' postgres://u:p@h/db ', HEGAO_REDIS_URL: 'redis://h:6379' }), {
    databaseUrl: 'postgres://u:p@h/db',
    redisUrl: 'redis://h:6379',
  });
  assert.doesNotThrow(() => checkClusterEnv({ HEGAO_DATABASE_URL: 'postgresql://h/db', HEGAO_REDIS_URL: 'rediss://h' }));
  assert.throws(
    () => checkClusterEnv({}),
    (err) => err instanceof ClusterUsageError && /缺少 HEGAO_DATABASE_URL/.test(err.message) && /缺少 HEGAO_REDIS_URL/.test(err.message),
  );
  assert.throws(() => checkClusterEnv({ HEGAO_DATABASE_URL: 'postgres://h/db', HEGAO_REDIS_URL: '  ' }), (err) => err instanceof ClusterUsageError && !/DATABASE/.test(err.message) && /缺少 HEGAO_REDIS_URL/.test(err.message));
  assert.throws(
    () => checkClusterEnv({ HEGAO_DATABASE_URL: 'mysql://root:secret@h/db', HEGAO_REDIS_URL: 'redis://h' }),
    (err) => err instanceof ClusterUsageError && /应以 postgres:\/\/ 或 postgresql:\/\/ 开头/.test(err.message) && !err.message.includes('secret'),
  );
  assert.throws(() => checkClusterEnv({ HEGAO_DATABASE_URL: 'postgres://h/db', HEGAO_REDIS_URL: 'h:6379' }), /应以 redis:\/\/ 或 rediss:\/\/ 开头/);
});

test('passwords are not printed', () => {
  assert.equal(redact('postgres://hegao:s3cr:et@db:5432/hegao'), 'postgres://hegao:***@db:5432/hegao');
  assert.equal(redact('redis://:pw@r:6379'), 'redis://:***@r:6379');
  assert.equal(redact('redis://r:6379'), 'redis://r:6379');
});

test('each server: its port and id, only the first seeds, loopback trusted behind the proxy', () => {
  const env = { HEGAO_DATABASE_URL: 'postgres://h/db', HEGAO_REDIS_URL: 'redis://h', PORT: '1', UNSET: undefined };
  const plan = serverPlan(parseClusterArgs(['--servers', '3', '--proxy']), env);
  assert.deepEqual(plan.map((s) => [s.id, s.port, s.env.PORT, s.env.HEGAO_SERVER_ID]), [
    ['local-1', 8081, '8081', 'local-1'],
    ['local-2', 8082, '8082', 'local-2'],
    ['local-3', 8083, '8083', 'local-3'],
  ]);
  assert.deepEqual(plan.map((s) => s.env.HEGAO_SEED_DEMO), [undefined, '0', '0']);
  assert.ok(plan.every((s) => s.env.HEGAO_DATABASE_URL === 'postgres://h/db' && s.env.HEGAO_TRUSTED_PROXIES === '127.0.0.1' && !('UNSET' in s.env)));

  const mine = serverPlan(parseClusterArgs(['--servers', '2']), { ...env, HEGAO_SERVER_ID: 'pc7', HEGAO_SEED_DEMO: '0', HEGAO_TRUSTED_PROXIES: '10.0.0.1' });
  assert.deepEqual(mine.map((s) => [s.id, s.env.HEGAO_SEED_DEMO, s.env.HEGAO_TRUSTED_PROXIES]), [
    ['pc7-1', '0', '10.0.0.1'],
    ['pc7-2', '0', '10.0.0.1'],
  ]);
  assert.equal(serverPlan(parseClusterArgs([]), env)[0]?.env.HEGAO_TRUSTED_PROXIES, undefined);
});

test('the servers are reached on HOST when it names one address', () => {
  assert.equal(localHost({}), '127.0.0.1');
  assert.equal(localHost({ HOST: '0.0.0.0' }), '127.0.0.1');
  assert.equal(localHost({ HOST: '::' }), '127.0.0.1');
  assert.equal(localHost({ HOST: '192.168.1.5' }), '192.168.1.5');
});
