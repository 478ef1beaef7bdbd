/**
 * A private Redis for tests: `redis-server` on a free port of 127.0.0.1, its folder a new temp
 * folder, no persistence (`--save ''`, `--appendonly no`). Never the machine's shared instance.
 * It can be killed (SIGKILL), shut down gracefully (SIGTERM), paused (SIGSTOP: connections stay
 * open but nothing answers) and started again on the same port. `stop()` ends it and removes the
 * folder.
 *
 * The process is a direct child of the test process, started through `setpriv --pdeathsig KILL`
 * (when there is one), so a test run that dies takes its Redis with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private Redis server. */
export interface RedisServer {
  readonly port: number;
  /** The temp folder (its log is redis.log). */
  readonly dir: string;
  /** redis://127.0.0.1:port */
  readonly url: string;
  /** Whether a process is running (paused counts as running). */
  readonly running: boolean;
  /** SIGKILL, as a crash; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: Redis closes its clients and exits; resolves once the process is gone. */
  shutdown(): Promise<void>;
  /** SIGSTOP: the process stays, its sockets stay open, nothing is answered. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Starts it again on the same port (after kill or shutdown); resolves once it answers PING. */
  start(): Promise<void>;
  /** Kills it if running and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

/** The binary: HEGAO_REDIS_SERVER, else /usr/bin/redis-server. */
export function redisServerBinary(): string {
  return process.env.HEGAO_REDIS_SERVER ?? '/usr/bin/redis-server';
}

const READY_TIMEOUT_MS = 15_000;

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

/** Whether something on `port` answers a RESP PING with +PONG (within a second). */
export function pingRedis(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1000);
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

function launch(dir: string, port: number): ChildProcess {
  const logFile = join(dir, 'redis.log');
  const log = openSync(logFile, 'a');
  const argv = [
    redisServerBinary(),
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', 'no',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--logfile', '',
  ];
  const [cmd, args] = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', ['--pdeathsig', 'KILL', '--', ...argv]] : [argv[0] ?? '', argv.slice(1)];
  const child = spawn(cmd, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  return child;
}

async function waitReady(child: ChildProcess, dir: string, port: number): Promise<void> {
  let exited: string | null = null;
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => (exited = `exited (${signal ?? code})`);
  child.once('exit', onExit);
  const logTail = () => {
    try {
      return readFileSync(join(dir, 'redis.log'), 'utf8').slice(-2000);
    } catch {
      return '';
    }
  };
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (exited) throw new Error(`redis-server ${exited}: ${logTail()}`);
      if (await pingRedis(port)) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not answer within ${READY_TIMEOUT_MS} ms: ${logTail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    child.off('exit', onExit);
  }
}

/** Starts a private Redis; call `stop()` when done. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hegao-redis-'));
  let lastError: unknown = null;
  try {
    // A free port can be taken by someone else before Redis binds it: try another.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const child = launch(dir, port);
      try {
        await waitReady(child, dir, port);
        return handle(dir, port, child);
      } catch (error) {
        lastError = error;
        await halt(child, 'SIGKILL');
      }
    }
  } catch (error) {
    lastError = error;
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** Sends `signal` and resolves once the process has exited (SIGKILL after 10 s). */
async function halt(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT'); // a paused process would not act on SIGTERM
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function handle(dir: string, port: number, first: ChildProcess): RedisServer {
  let child: ChildProcess | null = first;
  let stopped = false;
  const end = async (signal: NodeJS.Signals) => {
    const running = child;
    child = null;
    if (running) await halt(running, signal);
  };
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== null;
    },
    kill: () => end('SIGKILL'),
    shutdown: () => end('SIGTERM'),
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async start() {
      if (stopped) throw new Error('redisServer: stopped');
      if (child) return;
      const next = launch(dir, port);
      try {
        await waitReady(next, dir, port);
      } catch (error) {
        await halt(next, 'SIGKILL');
        throw error;
      }
      child = next;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await end('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
