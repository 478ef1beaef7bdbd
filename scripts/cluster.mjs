// `npm run cluster`: several 合稿 servers on this machine, sharing the PostgreSQL and the Redis that
// HEGAO_DATABASE_URL and HEGAO_REDIS_URL point at, on consecutive ports; optionally a round-robin
// proxy in front (docs/scaling.md, "Trying it locally"). Ctrl-C stops them all.
//
//   HEGAO_DATABASE_URL=postgres://… HEGAO_REDIS_URL=redis://… npm run cluster -- --servers 3 --proxy
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CLUSTER_USAGE, ClusterUsageError, checkClusterEnv, localHost, parseClusterArgs, redact, serverPlan } from './clusterOptions.mjs';
import { startProxy } from './clusterProxy.mjs';
import { ensureInstalled, root, turbo } from './pnpm.mjs';

/** @type {import('./clusterOptions.mjs').ClusterOptions} */
let options;
/** @type {{ databaseUrl: string, redisUrl: string }} */
let shared;
try {
  options = parseClusterArgs(process.argv.slice(2));
  if (options.help) {
    console.log(CLUSTER_USAGE);
    process.exit(0);
  }
  shared = checkClusterEnv(process.env);
} catch (err) {
  if (!(err instanceof ClusterUsageError)) throw err;
  console.error(err.message);
  process.exit(2);
}

ensureInstalled();
turbo(['run', 'build', '--filter=@hegao/server...', '--filter=@hegao/web', '--output-logs=errors-only']);

const host = localHost(process.env);
const plan = serverPlan(options, process.env);
const main = join(root, 'apps/server/dist/main.js');
/** How long the servers get to migrate, seed and listen. */
const START_TIMEOUT_MS = 120_000;

console.log(`正在启动 ${plan.length} 台服务器：PostgreSQL ${redact(shared.databaseUrl)}，Redis ${redact(shared.redisUrl)}`);
const running = new Map(
  plan.map((s) => {
    const child = spawn(process.execPath, [main], { env: s.env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Each line marked with its server: their logs interleave.
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => console.log(`[${s.id}] ${line}`));
    }
    return [s.id, child];
  }),
);

let stopping = false;
/** Exit code once every server has stopped after a Ctrl-C (1 when they did not all start). */
let exitCode = 0;
/** @type {import('./clusterProxy.mjs').Proxy | null} */
let proxy = null;

for (const [id, child] of running) {
  child.on('exit', (code, signal) => {
    running.delete(id);
    if (!stopping) console.error(`[${id}] 已退出（${signal ?? `退出码 ${code}`}）；其余服务器继续运行`);
    if (running.size === 0) {
      proxy?.close();
      process.exit(stopping ? exitCode : 1);
    }
  });
}

/** @param {NodeJS.Signals} signal */
function stop(signal) {
  if (stopping) {
    // A second Ctrl-C: do not wait for a clean shutdown.
    for (const child of running.values()) child.kill('SIGKILL');
    return;
  }
  stopping = true;
  console.log('正在停止全部服务器…');
  proxy?.close();
  for (const child of running.values()) child.kill(signal);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

/** How a server is reached from here (HOST, or localhost when the servers listen everywhere). */
const shown = host === '127.0.0.1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;

/**
 * Resolves once GET /api/health answers on the server; rejects when it exited or after the deadline.
 * @param {{ id: string, port: number }} server
 * @param {number} deadline
 */
async function healthy({ id, port }, deadline) {
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/api/health`;
  for (;;) {
    if (!running.has(id)) throw new Error(`${id} exited`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (stopping) throw new Error('stopped');
    if (Date.now() > deadline) throw new Error(`${id} timed out`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

try {
  const deadline = Date.now() + START_TIMEOUT_MS;
  await Promise.all(plan.map((s) => healthy(s, deadline)));
} catch {
  if (!stopping) {
    console.error(`服务器未能在 ${START_TIMEOUT_MS / 1000} 秒内全部启动（见上方日志），正在停止全部服务器。`);
    exitCode = 1;
    stop('SIGTERM');
  }
}

if (!stopping) {
  if (options.proxyPort !== null) {
    try {
      proxy = await startProxy({ port: options.proxyPort, host, targets: plan.map((s) => s.port) });
    } catch (err) {
      console.error(`代理无法在端口 ${options.proxyPort} 启动：${/** @type {Error} */ (err).message}`);
    }
  }
  console.log(
    [
      '',
      `合稿集群已启动（${plan.length} 台服务器，共用 PostgreSQL 和 Redis）：`,
      ...plan.map((s) => `  ${s.id.padEnd(10)} http://${shown}:${s.port}`),
      ...(proxy ? [`  轮询代理   http://${shown}:${options.proxyPort}（每个请求和连接依次分给下一台，无会话粘滞）`] : []),
      '按 Ctrl-C 停止全部服务器。',
      '',
    ].join('\n'),
  );
}
