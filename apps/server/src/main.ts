/** Entry point: `node apps/server/dist/main.js` serves 合稿 with the configuration from the environment. */
import { fileURLToPath } from 'node:url';
import { findUserForLogin } from '@hegao/storage';
import { loadConfig } from './config.js';
import { DEMO_USERS } from './seed/demoData.js';
import { startServer } from './server.js';

// Input must never take the process down: a stray rejection is a bug to log, not a reason to drop every user.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'unhandled rejection', error: String((reason as Error)?.stack ?? reason) })}\n`);
});

const webDir = fileURLToPath(new URL('../../web/dist', import.meta.url));
const config = loadConfig(process.env, webDir);
const server = await startServer(config);

const url = `http://localhost:${server.port}`;
// The demo accounts are listed only where they exist (not in a real office's database).
const demoAccounts: string[] = [];
for (const u of DEMO_USERS) {
  const found = await findUserForLogin(server.ctx.db, u.username);
  if (found && found.user.name === u.name) demoAccounts.push(`  ${u.username.padEnd(8)} ${u.name}`);
}
process.stdout.write(
  [
    '',
    `合稿已启动：${url}`,
    config.databaseUrl ? `数据库：PostgreSQL（${redactedUrl(config.databaseUrl)}）` : `数据目录：${config.dataDir}`,
    ...(config.redisUrl ? [`集群：${config.serverId ?? '（本机）'}，经 Redis ${redactedUrl(config.redisUrl)} 与其他服务器协同`] : []),
    ...(demoAccounts.length > 0
      ? ['演示账号（密码均为 ' + (process.env.HEGAO_DEMO_PASSWORD ? '$HEGAO_DEMO_PASSWORD' : config.demoPassword) + '）：', ...demoAccounts]
      : ['账号管理：npm run cli -- user add …（见 README“Setting up a real office”）']),
    '',
  ].join('\n') + '\n',
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  server.ctx.logger.info('shutting down', { signal });
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

/** A connection URL without its password, for the console. */
function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '（无法解析的地址）';
  }
}
