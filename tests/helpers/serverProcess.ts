/** Starts the real built server (apps/server/dist/main.js) as a child process on a free port. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** `HEGAO_SERVER_MAIN` runs the suites against another build, e.g. a copy with a deliberate bug that a test must catch. */
const MAIN = process.env.HEGAO_SERVER_MAIN ?? join(ROOT, 'apps/server/dist/main.js');
const CLI = join(ROOT, 'apps/server/dist/cli.js');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A server child process with its data folder; restartable on the same port and data. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  /** Everything the server printed (stdout + stderr). */
  output = '';

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  /** Creates a temporary data folder (or takes `dataDir`, which dispose() deletes too), picks a port and starts the server. */
  static async start(env: Record<string, string> = {}, dataDir?: string): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), dataDir ?? mkdtempSync(join(tmpdir(), 'hegao-it-')), env);
    await server.boot();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/collab`;
  }

  get dbFile(): string {
    return join(this.dataDir, 'hegao.db');
  }

  /** Starts (or restarts) the process and waits until it listens. */
  async boot(): Promise<void> {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', HEGAO_DATA: this.dataDir, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Only this run's output counts: after a restart the previous run's "listening" is still there.
    const from = this.output.length;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.slice(from).includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${this.output}`));
      });
    });
  }

  /** Process id of the running server. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True while the process runs. */
  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a signal and waits for the process to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
      // A graceful stop that hangs is a bug, but must not hang the suite.
      if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
    this.child = null;
  }

  /** kill -9 and start again on the same port and data folder. */
  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.kill(signal);
    await this.boot();
  }

  /** Runs the administration CLI against this server's data folder. */
  cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const res = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, HEGAO_DATA: this.dataDir }, encoding: 'utf8' });
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  /** Stops the process and deletes the data folder. */
  async dispose(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
