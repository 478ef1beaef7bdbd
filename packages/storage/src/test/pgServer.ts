/**
 * A private PostgreSQL server for tests: `initdb` into a temp folder (in memory by default, see
 * PgServerOptions), `postgres` on a free port of 127.0.0.1 (trust authentication, its socket in
 * that folder, fsync on), a database per test (a copy of a migrated template).
 * Never the machine's shared instance. Stopping it removes the folder.
 *
 * The server process is a direct child of the test process, started through `setpriv
 * --pdeathsig KILL`, so a test run that dies (a crash, a kill) takes its PostgreSQL with it instead
 * of leaving one behind. Run as root (initdb and postgres refuse root), both run as `nobody`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chownSync, closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running private server. */
export interface PgServer {
  readonly port: number;
  /** The folder holding the cluster, its socket and its log. */
  readonly dir: string;
  /** URL of a database on this server (as the `postgres` superuser, no password). */
  url(database: string): string;
  /** Creates a database with a unique name (a copy of `template`, else empty) and returns its URL. */
  createDatabase(template?: string): Promise<string>;
  /**
   * Stops the server, keeping its data, as an outage would: 'fast' shuts down cleanly, 'immediate'
   * as after a crash (the next start recovers from the WAL). `start()` brings it back on the same port.
   */
  kill(how?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the server again after `kill()`, on the same port and data. */
  start(): Promise<void>;
  /** Stops the server (fast shutdown) and removes its folder. */
  stop(): Promise<void>;
}

/** The folder of PostgreSQL's server binaries: HEGAO_PG_BIN, /usr/local/bin, or Debian's newest. */
export function findPgBin(): string {
  const fromEnv = process.env.HEGAO_PG_BIN;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/local/bin/initdb') && existsSync('/usr/local/bin/postgres')) return '/usr/local/bin';
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  throw new Error('PostgreSQL server binaries not found (set HEGAO_PG_BIN to the folder holding initdb and postgres)');
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** uid and gid of `nobody`, when running as root; null otherwise (then the binaries run as we are). */
function unprivileged(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) throw new Error('pgServer: running as root, and no unprivileged user `nobody` to run PostgreSQL as');
  return { uid, gid };
}

let hasSetpriv: boolean | null = null;

/**
 * The command line that runs `argv` as `user` (when given), dying with its parent — through
 * util-linux's setpriv; without it, as we are (and not killed with a test run that dies).
 */
function asUser(user: { uid: number; gid: number } | null, argv: string[]): [string, string[]] {
  hasSetpriv ??= spawnSync('setpriv', ['--version']).status === 0;
  if (!hasSetpriv) {
    if (user) throw new Error('pgServer: running as root needs setpriv (util-linux) to run PostgreSQL as nobody');
    return [argv[0]!, argv.slice(1)];
  }
  const ids = user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : [];
  return ['setpriv', [...ids, '--pdeathsig', 'KILL', '--', ...argv]];
}

let databases = 0;

/** Name of the template database {@link createMigratedTemplate} creates: the schema of the current migrations. */
export const MIGRATED_TEMPLATE = 'hegao_migrated';

/**
 * Creates a database on the server of `adminUrl` (a superuser's URL) and returns its URL: named
 * `name`, else uniquely; a copy of `template` when given (a copy of a migrated template is much
 * cheaper than migrating).
 */
export async function createPgDatabase(adminUrl: string, options: { name?: string; template?: string } = {}): Promise<string> {
  const name = options.name ?? `hegao_${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;
  const client = await pgClient(adminUrl);
  try {
    await client.query(`CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template}` : ''}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the database of `url` (connecting to the server's `postgres` database), ending its sessions. */
export async function dropPgDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = await pgClient(admin.toString());
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Creates {@link MIGRATED_TEMPLATE} on the server of `adminUrl` with `migrate` (openPostgres and
 * close, in practice), so tests can start from a copy. Nothing may stay connected to it.
 */
export async function createMigratedTemplate(adminUrl: string, migrate: (url: string) => Promise<void>): Promise<void> {
  await migrate(await createPgDatabase(adminUrl, { name: MIGRATED_TEMPLATE }));
}

/** Where clusters go: HEGAO_PG_TMPDIR, else /dev/shm when there is one (fsync there costs nothing), else the temp folder. */
function defaultParent(): string {
  if (process.env.HEGAO_PG_TMPDIR) return process.env.HEGAO_PG_TMPDIR;
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/**
 * Removes the folders of servers whose test run died (killed with it, see above) from `parent`:
 * older than a minute, and no live postmaster. They would otherwise hold memory in /dev/shm.
 */
function removeAbandoned(parent: string): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith('hegao-pg-')) continue;
    const dir = join(parent, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs < 60_000) continue;
      const pidFile = join(dir, 'data', 'postmaster.pid');
      if (existsSync(pidFile) && alive(Number(readFileSync(pidFile, 'utf8').split('\n')[0]))) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Someone else's, or being removed: leave it.
    }
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options of {@link startPgServer}. */
export interface PgServerOptions {
  /**
   * Folder to create the cluster's temp folder in. By default memory (/dev/shm) when there is one:
   * the server still runs with fsync on, but a test suite does not wait for the disk. A benchmark
   * that should pay for real flushes passes a folder on disk (e.g. os.tmpdir()).
   */
  parent?: string;
}

/** Starts a private server; call `stop()` when done. */
export async function startPgServer(options: PgServerOptions = {}): Promise<PgServer> {
  const bin = findPgBin();
  const user = unprivileged();
  const parent = options.parent ?? defaultParent();
  removeAbandoned(parent);
  const dir = mkdtempSync(join(parent, 'hegao-pg-'));
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const data = join(dir, 'data');
    // --no-sync: the cluster is thrown away; the server itself runs with fsync on.
    const [cmd, args] = asUser(user, [join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const init = spawnSync(cmd, args, { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout || init.error?.message}`);
    let lastError: unknown = null;
    // A free port can be taken by someone else before postgres binds it: try another.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        const child = await launch(bin, user, dir, data, port);
        return server(bin, user, dir, port, child);
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

const READY_TIMEOUT_MS = 30_000;

async function launch(bin: string, user: { uid: number; gid: number } | null, dir: string, data: string, port: number): Promise<ChildProcess> {
  const logFile = join(dir, `postgres-${port}.log`);
  const log = openSync(logFile, 'a');
  if (user) chownSync(logFile, user.uid, user.gid);
  const [cmd, args] = asUser(user, [
    join(bin, 'postgres'),
    '-D', data,
    '-p', String(port),
    '-k', dir,
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=on',
    '-c', 'max_connections=200',
    // Dynamic shared memory in the data folder, so a server killed with its test run leaves nothing in /dev/shm.
    '-c', 'dynamic_shared_memory_type=mmap',
  ]);
  const child = spawn(cmd, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  let exited: string | null = null;
  child.on('exit', (code, signal) => (exited = `exited (${signal ?? code})`));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`postgres ${exited}: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return child;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`postgres did not accept connections within ${READY_TIMEOUT_MS} ms: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function server(bin: string, user: { uid: number; gid: number } | null, dir: string, port: number, first: ChildProcess): PgServer {
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let child: ChildProcess | null = first;
  let stopped: Promise<void> | null = null;
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    port,
    dir,
    url,
    createDatabase: (template) => createPgDatabase(url('postgres'), template ? { template } : {}),
    async kill(how = 'fast') {
      // SIGINT: fast shutdown (clients disconnected, a checkpoint). SIGQUIT: immediate, no
      // checkpoint, as after a crash: the next start recovers from the WAL.
      await halt(how === 'fast' ? 'SIGINT' : 'SIGQUIT');
    },
    async start() {
      if (stopped) throw new Error('pgServer: stopped');
      if (child) return;
      child = await launch(bin, user, dir, join(dir, 'data'), port);
    },
    stop() {
      stopped ??= (async () => {
        await halt('SIGINT');
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/** Connects to `url` as one client (for tests that look at the server directly). */
export async function pgClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  return client;
}
