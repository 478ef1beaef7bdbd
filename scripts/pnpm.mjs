// Finds or fetches pnpm without corepack (whose signature check fails on some machines) and
// installs the workspace when node_modules is missing or older than the lockfile.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The pnpm version pinned by the root package.json. */
export const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '');

const quietEnv = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  NPM_CONFIG_UPDATE_NOTIFIER: 'false',
};

/**
 * Runs a command in the repository root, inheriting stdio; exits the process on failure.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: Record<string, string> }} [opts]
 */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...quietEnv, ...opts.env } });
  if (res.status !== 0) {
    console.error(`\n命令失败 (${res.status ?? res.signal}): ${cmd} ${args.join(' ')}`);
    process.exit(res.status ?? 1);
  }
}

/**
 * Runs pnpm at the pinned version through npx (npm ships with Node; corepack is not needed).
 * @param {string[]} args
 * @param {{ env?: Record<string, string> }} [opts]
 */
export function pnpm(args, opts) {
  run('npx', ['-y', `pnpm@${pnpmVersion}`, ...args], opts);
}

/** Installs dependencies when they are missing or stale. */
export function ensureInstalled() {
  const marker = join(root, 'node_modules', '.pnpm', 'lock.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  const fresh = existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh && existsSync(join(root, 'node_modules', '.bin', 'turbo')) && existsSync(join(root, 'node_modules', '.bin', 'pnpm'))) return;
  console.log('正在安装依赖（首次运行需要几分钟，其中 better-sqlite3 需本地编译）…');
  pnpm(['install', existsSync(lock) ? '--frozen-lockfile' : '--no-frozen-lockfile']);
  writeFileSync(join(root, 'node_modules', '.hegao-installed'), new Date().toISOString());
}

/**
 * Runs turbo from the workspace's own install; it finds pnpm (a devDependency) on PATH.
 * @param {string[]} args
 */
export function turbo(args) {
  const bin = join(root, 'node_modules', '.bin');
  run(join(bin, 'turbo'), args, { env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` } });
}

/** Type-checks the repository's own scripts (root tsconfig.json: scripts/*.mjs as checked JavaScript). */
export function typecheckScripts() {
  run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.json')]);
}
