// What `npm run cluster` starts, from its arguments and environment: pure, so it is tested without
// starting anything (clusterOptions.test.mjs). scripts/cluster.mjs does the starting.

export const CLUSTER_USAGE = [
  '用法：npm run cluster -- [--servers 3] [--port 8081] [--proxy] [--proxy-port 8080]',
  '  --servers N      启动 N 台服务器（默认 3，最多 16），端口从 --port 起依次递增',
  '  --port P         第一台服务器的端口（默认 8081）',
  '  --proxy          另在 --proxy-port（默认 8080）启动一个轮询代理（HTTP 与 WebSocket，无会话粘滞）',
  '  --proxy-port P   代理端口（隐含 --proxy）',
  '必须设置环境变量 HEGAO_DATABASE_URL（postgres://…）和 HEGAO_REDIS_URL（redis://…），见 docs/scaling.md。',
].join('\n');

/** A mistake in the arguments or the environment; its message is for the person who ran the command. */
export class ClusterUsageError extends Error {}

/**
 * @typedef {object} ClusterOptions
 * @property {number} servers   how many servers
 * @property {number} port      the first server's port; the others follow it
 * @property {number | null} proxyPort  the round-robin proxy's port, or null for none
 * @property {boolean} help
 */

const MAX_SERVERS = 16;

/**
 * Parses `--servers N --port P --proxy --proxy-port P --help` (also `--name=value`).
 * @param {readonly string[]} argv  the arguments after the script's name
 * @returns {ClusterOptions}
 */
export function parseClusterArgs(argv) {
  /** @type {ClusterOptions} */
  const options = { servers: 3, port: 8081, proxyPort: null, help: false };
  let proxy = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    /** The option's value: after `=`, or the next argument. */
    const value = () => {
      if (eq >= 0) return arg.slice(eq + 1);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ClusterUsageError(`${name} 缺少取值\n${CLUSTER_USAGE}`);
      i++;
      return next;
    };
    switch (name) {
      case '--help':
      case '-h':
        options.help = true;
        break;
      case '--servers':
        options.servers = integer(name, value(), 1, MAX_SERVERS);
        break;
      case '--port':
        options.port = integer(name, value(), 1, 65535);
        break;
      case '--proxy':
        if (eq >= 0) throw new ClusterUsageError(`--proxy 不带取值；代理端口用 --proxy-port 指定\n${CLUSTER_USAGE}`);
        proxy = true;
        break;
      case '--proxy-port':
        options.proxyPort = integer(name, value(), 1, 65535);
        break;
      default:
        throw new ClusterUsageError(`未知参数：${arg}\n${CLUSTER_USAGE}`);
    }
  }
  if (proxy && options.proxyPort === null) options.proxyPort = 8080;
  const last = options.port + options.servers - 1;
  if (last > 65535) throw new ClusterUsageError(`端口超出范围：${options.servers} 台服务器从 ${options.port} 起需要到 ${last}`);
  if (options.proxyPort !== null && options.proxyPort >= options.port && options.proxyPort <= last) {
    throw new ClusterUsageError(`代理端口 ${options.proxyPort} 与服务器端口 ${options.port}–${last} 重叠`);
  }
  return options;
}

/**
 * @param {string} name
 * @param {string} text
 * @param {number} min
 * @param {number} max
 */
function integer(name, text, min, max) {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new ClusterUsageError(`${name} 应为 ${min} 到 ${max} 之间的整数，收到“${text}”`);
  return n;
}

/**
 * The PostgreSQL and Redis every server shares, from the environment; a ClusterUsageError saying
 * what is missing or malformed otherwise.
 * @param {Readonly<Record<string, string | undefined>>} env
 * @returns {{ databaseUrl: string, redisUrl: string }}
 */
export function checkClusterEnv(env) {
  const databaseUrl = env.HEGAO_DATABASE_URL?.trim() ?? '';
  const redisUrl = env.HEGAO_REDIS_URL?.trim() ?? '';
  /** @type {string[]} */
  const problems = [];
  if (!databaseUrl) problems.push('缺少 HEGAO_DATABASE_URL：多台服务器必须共用一个 PostgreSQL 数据库（SQLite 只能供一台服务器使用），例如 HEGAO_DATABASE_URL=postgres://hegao:密码@localhost:5432/hegao');
  else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push(`HEGAO_DATABASE_URL 应以 postgres:// 或 postgresql:// 开头，收到“${redact(databaseUrl)}”`);
  if (!redisUrl) problems.push('缺少 HEGAO_REDIS_URL：服务器之间通过 Redis 转发编辑和权限变化，例如 HEGAO_REDIS_URL=redis://localhost:6379');
  else if (!/^rediss?:\/\//.test(redisUrl)) problems.push(`HEGAO_REDIS_URL 应以 redis:// 或 rediss:// 开头，收到“${redact(redisUrl)}”`);
  if (problems.length > 0) throw new ClusterUsageError(`${problems.join('\n')}\n（说明见 docs/scaling.md“Trying it locally”）`);
  return { databaseUrl, redisUrl };
}

/**
 * A URL as it may be printed: without its password.
 * @param {string} url
 */
export function redact(url) {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/**
 * Where the servers are reached from this machine: HOST when it names one address, else loopback.
 * @param {Readonly<Record<string, string | undefined>>} env
 */
export function localHost(env) {
  const host = env.HOST?.trim();
  return host && host !== '0.0.0.0' && host !== '::' ? host : '127.0.0.1';
}

/**
 * Each server's id (`local-1`, `local-2` …, or HEGAO_SERVER_ID as the prefix: unique among the
 * servers on one PostgreSQL and Redis), port and environment. Only the first may seed the demo into an empty database
 * (two seeding at once would collide); with the proxy, loopback is its trusted proxy address
 * unless HEGAO_TRUSTED_PROXIES says otherwise.
 * @param {ClusterOptions} options
 * @param {Readonly<Record<string, string | undefined>>} env
 * @returns {{ id: string, port: number, env: Record<string, string> }[]}
 */
export function serverPlan(options, env) {
  /** @type {Record<string, string>} */
  const base = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
  if (options.proxyPort !== null && !env.HEGAO_TRUSTED_PROXIES) base.HEGAO_TRUSTED_PROXIES = '127.0.0.1';
  return Array.from({ length: options.servers }, (_, i) => {
    const id = `${env.HEGAO_SERVER_ID?.trim() || 'local'}-${i + 1}`;
    const port = options.port + i;
    /** @type {Record<string, string>} */
    const own = { ...base, PORT: String(port), HEGAO_SERVER_ID: id };
    if (i > 0) own.HEGAO_SEED_DEMO = '0';
    return { id, port, env: own };
  });
}
