/**
 * Starts the real built server (apps/server/dist/main.js) as a child process on a free port.
 * Database mode: with `HEGAO_TEST_DATABASE=postgres` (vitest.postgres.config.ts) each server gets a
 * fresh database on the run's private PostgreSQL (helpers/pgGlobalSetup.ts) as HEGAO_DATABASE_URL;
 * otherwise the SQLite file in its data folder. `openDb()` opens the same database for the test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgres, openSqlite, type Db } from '@hegao/storage';

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

/** The engine the suites run on: `HEGAO_TEST_DATABASE=postgres` (vitest.postgres.config.ts), else SQLite. */
export type TestDatabase = 'sqlite' | 'postgres';

/** The engine of this run. */
export const TEST_DATABASE: TestDatabase = process.env.HEGAO_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A new empty database on the run's private PostgreSQL (C collation, as the fixture's cluster is
 * initdb'd --locale=C): the server migrates it itself, as in production.
 */
async function newRunDatabase(): Promise<string> {
  // Imported here: the fixture needs vitest, and the benchmarks use this file outside it.
  const { inject } = await import('vitest');
  const { createPgDatabase } = await import('@hegao/storage/testing');
  const admin = inject('hegaoPgUrl');
  if (!admin) throw new Error('PostgreSQL mode without the run\'s private PostgreSQL: add helpers/pgGlobalSetup.ts to globalSetup');
  return createPgDatabase(admin);
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
    /** The server's PostgreSQL database (HEGAO_DATABASE_URL), or null on SQLite. */
    readonly databaseUrl: string | null = null,
    /** Whether dispose() drops `databaseUrl` (created by start()). */
    private readonly ownsDatabase = false,
  ) {}

  /**
   * Creates a temporary data folder (or takes `dataDir`, which dispose() deletes too), picks a port
   * and starts the server; in PostgreSQL mode on a new database of the run's server (unless `env`
   * names one), which dispose() drops.
   */
  static async start(env: Record<string, string> = {}, dataDir?: string): Promise<ServerProcess> {
    const given = env.HEGAO_DATABASE_URL ?? null;
    const databaseUrl = given ?? (TEST_DATABASE === 'postgres' ? await newRunDatabase() : null);
    const server = new ServerProcess(
      await freePort(),
      dataDir ?? mkdtempSync(join(tmpdir(), 'hegao-it-')),
      databaseUrl ? { ...env, HEGAO_DATABASE_URL: databaseUrl } : env,
      databaseUrl,
      databaseUrl !== null && given === null,
    );
    await server.boot();
    return server;
  }

  /**
   * A database for a server to be started with `HEGAO_DATABASE_URL` (e.g. after a test prepared it
   * with another process): a new one on the run's PostgreSQL in PostgreSQL mode, else null (SQLite).
   */
  static async newDatabase(): Promise<string | null> {
    return TEST_DATABASE === 'postgres' ? newRunDatabase() : null;
  }

  /** The engine this server stores in. */
  get database(): TestDatabase {
    return this.databaseUrl ? 'postgres' : 'sqlite';
  }

  /**
   * Opens the server's database for the test to read or write beside the running server (close
   * it when done): its PostgreSQL database, or its SQLite file.
   */
  openDb(): Promise<Db> {
    return this.databaseUrl ? openPostgres(this.databaseUrl) : openSqlite(this.dbFile);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/collab`;
  }

  /** The SQLite file (SQLite mode only: a PostgreSQL-mode server has none). */
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

  /** Environment of the administration CLI for this server's data: its folder, and its PostgreSQL database when it has one. */
  get cliEnv(): NodeJS.ProcessEnv {
    return { ...process.env, HEGAO_DATA: this.dataDir, ...(this.databaseUrl ? { HEGAO_DATABASE_URL: this.databaseUrl } : {}) };
  }

  /** Runs the administration CLI against this server's data folder (and database). */
  cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const res = spawnSync(process.execPath, [CLI, ...args], { env: this.cliEnv, encoding: 'utf8' });
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  /** Stops the process and deletes the data folder (and drops the PostgreSQL database start() created). */
  async dispose(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dataDir, { recursive: true, force: true });
    if (this.ownsDatabase && this.databaseUrl) {
      const { dropPgDatabase } = await import('@hegao/storage/testing');
      await dropPgDatabase(this.databaseUrl);
    }
  }
}
