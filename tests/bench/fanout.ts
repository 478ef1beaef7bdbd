/**
 * Fan-out benchmark (issue 14): our server, the reference @y/websocket-server and Hocuspocus 3.4
 * (SQLite extension), each a child process pinned to core 0, driven in turn by the same load
 * generator (tests/bench/fanout/generator.mjs, stock Y.Doc clients, pinned to core 1).
 *
 * Load: 10 sections, 3 writers each typing into their section (one insert per keystroke, every
 * 10th keystroke a backspace), 10 viewers per section; every writer also sees its section.
 * (a) fixed: 5 keystrokes/s per writer — warm-up, then a measured window: keystroke → colleague
 *     latency per delivery (p50/p95/p99), lost deliveries, server CPU (utime+stime) per keystroke;
 * (b) ramp: 5, 10, 20, 40, 80, 160 keystrokes/s per writer until deliveries fall behind; the
 *     highest total rate sustained (p99 ≤ 100 ms, every delivery in) and kept up (every delivery in).
 *
 * Issue 15 adds two kinds, opt-in: `ours-pg` (our server on a private PostgreSQL, on disk) and
 * `ours-cluster` (three of our servers on that PostgreSQL and a private Redis, all three pinned to
 * core 0, each section's clients spread over the three). PostgreSQL's and Redis's CPU (not pinned)
 * is reported apart, PostgreSQL's summed over the postmaster and its children.
 *
 *   npm run bench:fanout            (from tests/; HEGAO_BENCH_QUICK=1 for a ~1-minute run)
 *   HEGAO_FANOUT_SERVERS=ours,reference   HEGAO_FANOUT_WINDOW_S=…   HEGAO_FANOUT_RATES=5,20,80
 *   HEGAO_FANOUT_SERVERS=ours,ours-pg,ours-cluster   (HEGAO_PG_TMPDIR: where PostgreSQL's cluster goes; default the temp folder)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient, demoReport, type SectionJson } from '../helpers/api.js';
import * as Y from 'yjs';
import { SqlDocStore, createUser, findBureau, openPostgres, openSqlite, type Db } from '@hegao/storage';
import { freePort } from '../helpers/serverProcess.js';
import { startPgServer, type PgServer } from '../helpers/postgres.js';
import { startRedisServer, type RedisServer } from '../helpers/redisServer.js';
// The server's own password hashing (built output), so the accounts sign in as any other.
import { hashPassword } from '../../apps/server/dist/auth/password.js';

const QUICK = process.env.HEGAO_BENCH_QUICK === '1';
const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('fanout/', import.meta.url));
const SECTIONS = 10;
const WRITERS_PER_SECTION = 3;
const VIEWERS_PER_SECTION = 10;
const BUREAUS = ['卫健局', '发改局', '农业农村局', '民政局', '组织部', '住建局', '文旅局'];
/** Optional scheduling priority for server and generator (e.g. -5 on a shared machine; negative needs root). */
const NICE = process.env.HEGAO_FANOUT_NICE;
// Real-time scheduling (chrt -f) was tried and dropped: our server's start-up spun at 95 % of the
// pinned core under SCHED_FIFO and never listened (a thread it waits for could not run).
const pinned = (core: number, args: string[]) => [...(NICE ? ['nice', '-n', NICE] : []), 'taskset', '-c', String(core), process.execPath, ...args];
const SERVERS = env('HEGAO_FANOUT_SERVERS', 'ours,reference,hocuspocus').split(',') as ServerKind[];
const LOAD = {
  deleteEvery: 10,
  drainS: 5,
  fixed: {
    rate: Number(env('HEGAO_FANOUT_RATE', '5')),
    // Long enough for V8 to have optimised the servers' hot paths: a server runs for weeks, and in
    // its first seconds it runs interpreted code (ours, having more code, warms up more slowly).
    warmupS: Number(env('HEGAO_FANOUT_WARMUP_S', QUICK ? '8' : '20')),
    windowS: Number(env('HEGAO_FANOUT_WINDOW_S', QUICK ? '8' : '30')),
  },
  ramp: {
    rates: env('HEGAO_FANOUT_RATES', QUICK ? '5,20,80' : '5,10,20,40,80,160').split(',').map(Number),
    stepS: Number(env('HEGAO_FANOUT_STEP_S', QUICK ? '4' : '8')),
    drainS: 3,
    p99LimitMs: 100,
  },
};

type ServerKind = 'ours' | 'ours-pg' | 'ours-cluster' | 'reference' | 'hocuspocus';
/** Servers in the `ours-cluster` kind. */
const CLUSTER_SIZE = 3;
interface Client {
  url: string;
  token?: string;
}
interface PlanSection {
  docName: string;
  writers: Client[];
  viewers: Client[];
}

/** A server child process pinned to core 0. */
class Pinned {
  output = '';
  private constructor(readonly child: ChildProcess) {}

  /** `label` names one of several servers: its output goes to HEGAO_FANOUT_SERVER_LOG.<label>. */
  static async start(args: string[], extraEnv: Record<string, string>, label?: string): Promise<Pinned> {
    // HEGAO_FANOUT_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the servers' node only.
    const nodeArgs = (process.env.HEGAO_FANOUT_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const [cmd, ...rest] = pinned(0, [...nodeArgs, ...args]);
    const child = spawn(cmd!, rest, { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], cwd: HERE });
    const server = new Pinned(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`server did not start:\n${server.output}`));
      }, 60_000);
      // HEGAO_FANOUT_SERVER_LOG: also append the servers' output to this file (e.g. with --trace-deopt).
      const log = process.env.HEGAO_FANOUT_SERVER_LOG && (label ? `${process.env.HEGAO_FANOUT_SERVER_LOG}.${label}` : process.env.HEGAO_FANOUT_SERVER_LOG);
      if (log) for (const s of [child.stdout!, child.stderr!]) s.on('data', (chunk: Buffer) => appendFileSync(log, chunk));
      const onData = (chunk: Buffer) => {
        server.output += chunk.toString();
        if (server.output.includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (server.output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${server.output}`));
      });
    });
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
      setTimeout(() => this.child.kill('SIGKILL'), 10_000).unref();
    });
  }
}

type Parented = SectionJson & { parentId: string | null };

/**
 * Our server: 10 new sections of the demo report, each assigned to a bureau; 3 editors of that
 * bureau write it; 10 leaders read every section. Set-up goes through the first port's REST API;
 * the sockets are spread over `ports` (one server: all on it; a cluster: writer k of section i on
 * server (i + k) mod n, viewer v on server (i + v) mod n, so a section's writers are on different
 * servers and most of each keystroke's colleagues are on another server than its writer).
 */
async function setUpOurs(ports: number[], openDb: () => Promise<Db>): Promise<PlanSection[]> {
  const base = `http://127.0.0.1:${ports[0]}`;
  // Accounts straight through the storage functions the CLI (`hegao user add`) uses, beside the
  // running server (WAL); one scrypt hash for the shared password instead of forty CLI start-ups.
  const db = await openDb();
  try {
    const passwordHash = await hashPassword('bench-password');
    for (let v = 0; v < VIEWERS_PER_SECTION; v++) await createUser(db, { username: `fv${v}`, name: `领导${v}`, role: 'leader', bureauId: null, passwordHash });
    for (let i = 0; i < SECTIONS; i++) {
      const bureau = await findBureau(db, BUREAUS[i % BUREAUS.length]!);
      for (let k = 0; k < WRITERS_PER_SECTION; k++) {
        await createUser(db, { username: `fw${i}_${k}`, name: `撰稿${i}_${k}`, role: 'editor', bureauId: bureau!.id, passwordHash });
      }
    }
  } finally {
    await db.close();
  }
  const bgs = await ApiClient.login(base, 'bgs');
  let report = await demoReport(bgs);
  const bureaus = (await bgs.get<Array<{ id: string; name: string }>>('/api/bureaus')).body;
  const plan = (report.sections as Parented[]).find((s) => s.title.includes('下半年工作计划'))!;
  const ids: string[] = [];
  for (let i = 0; i < SECTIONS; i++) {
    const added = await bgs.post<{ id: string }>(`/api/reports/${report.id}/sections`, { title: `压测章节${i}`, parentId: plan.id });
    if (added.status !== 201) throw new Error(`add section: ${added.status} ${JSON.stringify(added.body)}`);
    const assigned = await bgs.put(`/api/sections/${added.body.id}/assignment`, { bureauIds: [bureaus.find((b) => b.name === BUREAUS[i % BUREAUS.length])!.id] });
    if (assigned.status !== 200) throw new Error(`assign section: ${assigned.status} ${JSON.stringify(assigned.body)}`);
    ids.push(added.body.id);
  }
  report = await demoReport(bgs);
  const sections = ids.map((id) => report.sections.find((s) => s.id === id)!);
  const notWritable = sections.filter((s) => s.status !== 'drafting');
  if (notWritable.length > 0) throw new Error(`sections not 编写中: ${notWritable.map((s) => `${s.title} ${s.status}`).join(', ')}`);
  const viewers: ApiClient[] = [];
  for (let v = 0; v < VIEWERS_PER_SECTION; v++) {
    viewers.push(await ApiClient.login(base, `fv${v}`, 'bench-password'));
  }
  const out: PlanSection[] = [];
  for (const [i, s] of sections.entries()) {
    const url = async (api: ApiClient, j: number) => ({
      url: `ws://127.0.0.1:${ports[(i + j) % ports.length]}/collab/${s.docName}?token=${encodeURIComponent(await api.token(s.docName))}`,
    });
    const writers: Client[] = [];
    for (let k = 0; k < WRITERS_PER_SECTION; k++) {
      writers.push(await url(await ApiClient.login(base, `fw${i}_${k}`, 'bench-password'), k));
    }
    out.push({ docName: s.docName, writers, viewers: await Promise.all(viewers.map(url)) });
  }
  return out;
}

function peerPlan(port: number, withDocInUrl: boolean): PlanSection[] {
  return Array.from({ length: SECTIONS }, (_, i) => {
    const docName = `fanout-${i}`;
    const client = (): Client => ({ url: withDocInUrl ? `ws://127.0.0.1:${port}/${docName}` : `ws://127.0.0.1:${port}`, token: 'bench' });
    return { docName, writers: Array.from({ length: WRITERS_PER_SECTION }, client), viewers: Array.from({ length: VIEWERS_PER_SECTION }, client) };
  });
}

/** Runs the generator (pinned to core 1) against one server; returns its JSON result. */
async function runGenerator(plan: object, dir: string): Promise<Record<string, unknown>> {
  const file = join(dir, 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  const [cmd, ...rest] = pinned(1, [join(HERE, 'generator.mjs'), file]);
  const child = spawn(cmd!, rest, { stdio: ['ignore', 'pipe', 'inherit'], cwd: HERE });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(last) as Record<string, unknown>;
  } catch {
    throw new Error(`generator exited with ${code}: ${stdout}`);
  }
  if (code !== 0 || parsed.error) throw new Error(`generator failed (${code}): ${JSON.stringify(parsed)}`);
  return parsed;
}

/** The postmaster's pid, from its postmaster.pid file. */
function postmasterPid(pg: PgServer): number {
  return Number(readFileSync(join(pg.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** The pid of the redis-server listening on `port` (the fixture does not expose it; /proc does). */
function redisPid(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'redis-server') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      // Redis rewrites its title to "redis-server 127.0.0.1:<port>"; before that it is the argv.
      if (new RegExp(`:${port}(\\s|\\0|$)`).test(cmdline) || cmdline.includes(`--port\0${port}\0`)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no redis-server process on port ${port}`);
}

/** Share of a keystroke's deliveries whose receiver is on another server than its writer. */
function crossServerShare(sections: PlanSection[]): number {
  const server = (c: Client) => new URL(c.url).port;
  let all = 0;
  let cross = 0;
  for (const s of sections) {
    for (const w of s.writers) {
      for (const c of [...s.writers, ...s.viewers]) {
        if (c === w) continue;
        all++;
        if (server(c) !== server(w)) cross++;
      }
    }
  }
  return cross / all;
}

/** Distinct free ports. */
async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** Warnings and errors in a server's JSON log, counted by message. */
function logProblems(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string };
      if (entry.level === 'warn' || entry.level === 'error') {
        const key = `${entry.level}: ${entry.msg}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    } catch {
      // not a log line
    }
  }
  return counts;
}

async function benchOne(kind: ServerKind): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), `hegao-fanout-${kind}-`));
  const port = await freePort();
  const servers: Pinned[] = [];
  let pg: PgServer | null = null;
  let redis: RedisServer | null = null;
  const t0 = performance.now();
  try {
    let sections: PlanSection[];
    let framing = 'y-websocket';
    let settings: Record<string, unknown> = {};
    const otherProcesses: { name: string; pid: number; children?: boolean }[] = [];
    if (kind === 'ours') {
      servers.push(await Pinned.start([join(ROOT, 'apps/server/dist/main.js')], { PORT: String(port), HOST: '127.0.0.1', HEGAO_DATA: dir }));
      console.error(`[fanout] ours: listening after ${((performance.now() - t0) / 1000).toFixed(1)} s; creating sections, 40 accounts, 130 tokens`);
      sections = await setUpOurs([port], () => openSqlite(join(dir, 'hegao.db')));
      settings = { store: 'SQLite WAL, synchronous=FULL, append before relay', checks: 'rights, content, clientID binding, attribution' };
    } else if (kind === 'ours-pg' || kind === 'ours-cluster') {
      // On disk, not /dev/shm: PostgreSQL's WAL flush at each commit is a real fsync.
      const parent = process.env.HEGAO_PG_TMPDIR ?? tmpdir();
      pg = await startPgServer({ parent });
      const databaseUrl = await pg.createDatabase();
      const n = kind === 'ours-cluster' ? CLUSTER_SIZE : 1;
      if (n > 1) redis = await startRedisServer();
      const ports = [port, ...(await freePorts(n)).filter((p) => p !== port)].slice(0, n);
      // One after the other: the first migrates, seeds the demo and makes the token secret; the
      // others find them (and every server signs and checks tokens with that shared secret).
      for (const [i, p] of ports.entries()) {
        const id = `app-${i + 1}`;
        const dataDir = join(dir, id);
        mkdirSync(dataDir);
        const clusterEnv: Record<string, string> = redis ? { HEGAO_REDIS_URL: redis.url, HEGAO_SERVER_ID: id } : {};
        servers.push(await Pinned.start([join(ROOT, 'apps/server/dist/main.js')], { PORT: String(p), HOST: '127.0.0.1', HEGAO_DATA: dataDir, HEGAO_DATABASE_URL: databaseUrl, ...clusterEnv }, n > 1 ? id : undefined));
      }
      console.error(`[fanout] ${kind}: ${n} server(s) listening after ${((performance.now() - t0) / 1000).toFixed(1)} s; creating sections, 40 accounts, 130 tokens`);
      sections = await setUpOurs(ports, () => openPostgres(databaseUrl));
      otherProcesses.push({ name: 'postgres', pid: postmasterPid(pg), children: true });
      if (redis) otherProcesses.push({ name: 'redis', pid: redisPid(redis.port) });
      const tmpfs = statfsSync(parent).type === 0x01021994;
      settings = {
        store: `PostgreSQL (private, ${tmpfs ? 'tmpfs — fsync costs nothing' : 'on disk'}: ${parent}, fsync on, synchronous_commit on), append before relay`,
        checks: 'rights, content, clientID binding, attribution',
        ...(redis ? { cluster: `${n} servers (app-1…app-${n}), all pinned to core 0, one private redis-server; PostgreSQL and Redis not pinned`, crossServerDeliveries: crossServerShare(sections) } : { pinning: 'server on core 0; PostgreSQL not pinned' }),
      };
    } else if (kind === 'reference') {
      servers.push(await Pinned.start([join(HERE, 'yWebsocketServer.mjs')], { PORT: String(port) }));
      sections = peerPlan(port, true);
      settings = { store: 'none', checks: 'none' };
    } else {
      const server = await Pinned.start([join(HERE, 'hocuspocusServer.mjs')], { PORT: String(port), HOCUSPOCUS_DB: join(dir, 'hocuspocus.sqlite') });
      servers.push(server);
      sections = peerPlan(port, false);
      framing = 'hocuspocus';
      const line = server.output.split('\n').find((l) => l.includes('"msg":"listening"'))!;
      const { debounce, maxDebounce } = JSON.parse(line) as { debounce: number; maxDebounce: number };
      settings = { store: `SQLite extension (whole document state per store, onStoreDocument debounce ${debounce} ms, maxDebounce ${maxDebounce} ms — defaults)`, checks: 'none (no auth hook)' };
    }
    const pids = servers.map((s) => s.pid);
    console.error(`[fanout] ${kind}: set up in ${((performance.now() - t0) / 1000).toFixed(1)} s; pid ${pids.join(', ')}, port ${port}${otherProcesses.map((p) => `, ${p.name} ${p.pid}`).join('')}`);
    const plan = pids.length > 1 || otherProcesses.length > 0 ? { serverPids: pids, otherProcesses } : { serverPid: pids[0] };
    const result = await runGenerator({ framing, ...plan, sections, ...LOAD }, dir);
    const problems = servers.map((s) => logProblems(s.output));
    return { server: kind, settings, ...result, ...(problems.some((p) => Object.keys(p).length > 0) ? { serverLogProblems: problems } : {}) };
  } finally {
    for (const server of servers) await server.stop();
    await redis?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Step {
  latencyMs: { p50: number; p95: number; p99: number; deliveries: number };
  lostDeliveries: number;
  serverCpuMsPerKeystroke: number;
  loopDelayP99Ms: number;
  serverCpuUtilisation: number;
  generatorCpuUtilisation: number;
  achievedTotalRate: number;
  keystrokes: number;
  /** Several servers (ours-cluster): each one's share. */
  serverCpuMsPerKeystrokeEach?: number[];
  serverCpuUtilisationEach?: number[];
  /** PostgreSQL (postmaster and children) and Redis, when the kind has them. */
  otherProcesses?: Record<string, { cpuMs: number; cpuMsPerKeystroke: number; cpuUtilisation: number }>;
}
interface Run {
  server: ServerKind;
  fixed: Step;
  ramp: (Step & { ratePerWriter: number; reasons: string[] })[];
  maxSustainedTotalRate: number;
  maxKeptUpTotalRate: number;
  generatorLimited: boolean;
  converged: boolean;
  lateAfterRamp?: number;
  closes: unknown[];
  serverLogProblems?: Record<string, number>[];
  settings: { crossServerDeliveries?: number };
}

/**
 * One run at a time on this machine: two runs pin their servers and generators to the same two
 * cores and measure each other. Waits (up to 15 minutes) for a run that holds the lock.
 */
async function exclusive(): Promise<() => void> {
  const file = join(tmpdir(), 'hegao-bench-fanout.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch {
      const holder = Number(readFileSync(file, 'utf8'));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = true;
      } catch {
        // the holder is gone: the lock is stale
      }
      if (!alive) rmSync(file, { force: true });
      else if (Date.now() > deadline) throw new Error(`another fan-out run (pid ${holder}) holds ${file}`);
      else {
        console.error(`[fanout] waiting for the run of pid ${holder} to finish`);
        await new Promise((r) => setTimeout(r, 5_000));
      }
    }
  }
}

async function main(): Promise<void> {
  const release = await exclusive();
  process.on('exit', release);
  const load0 = loadavg();
  const runs: Run[] = [];
  for (const kind of SERVERS) runs.push((await benchOne(kind)) as unknown as Run);
  const by = (k: ServerKind) => runs.find((r) => r.server === k);
  const ours = by('ours');
  const ref = by('reference');
  const hocus = by('hocuspocus');
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : NaN);
  const ratios = {
    p99OursToReference: { value: ratio(ours?.fixed.latencyMs.p99, ref?.fixed.latencyMs.p99), goal: '≤ 0.8' },
    cpuPerKeystrokeOursToReference: { value: ratio(ours?.fixed.serverCpuMsPerKeystroke, ref?.fixed.serverCpuMsPerKeystroke), goal: '≤ 1.2' },
    maxSustainedOursToReference: { value: ratio(ours?.maxSustainedTotalRate, ref?.maxSustainedTotalRate), goal: '≥ 1' },
    maxSustainedOursToHocuspocus: { value: ratio(ours?.maxSustainedTotalRate, hocus?.maxSustainedTotalRate), goal: '≥ 1.5' },
    maxKeptUpOursToReference: { value: ratio(ours?.maxKeptUpTotalRate, ref?.maxKeptUpTotalRate), goal: '(no goal: p99 ignored)' },
    maxKeptUpOursToHocuspocus: { value: ratio(ours?.maxKeptUpTotalRate, hocus?.maxKeptUpTotalRate), goal: '(no goal: p99 ignored)' },
  };
  const f = (n: number | undefined, d = 1) => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(d));
  // Issue 15: PostgreSQL against SQLite, and three servers over Redis against one (opt-in kinds).
  const oursPg = by('ours-pg');
  const cluster = by('ours-cluster');
  const other = (st: Step | undefined, name: string) => st?.otherProcesses?.[name]?.cpuMsPerKeystroke;
  /** Our processes, PostgreSQL and Redis together: what one keystroke costs the whole system. */
  const system = (st: Step | undefined) => (st ? st.serverCpuMsPerKeystroke + (other(st, 'postgres') ?? 0) + (other(st, 'redis') ?? 0) : undefined);
  const each = cluster?.fixed.serverCpuMsPerKeystrokeEach ?? [];
  const meanPerServer = each.length > 0 ? each.reduce((a, b) => a + b, 0) / each.length : undefined;
  const maxPerServer = each.length > 0 ? Math.max(...each) : undefined;
  const clusterRatios =
    oursPg || cluster
      ? {
          cpuPerKeystrokeOursPgToOurs: { value: ratio(oursPg?.fixed.serverCpuMsPerKeystroke, ours?.fixed.serverCpuMsPerKeystroke), means: 'server process only: PostgreSQL client vs SQLite in-process' },
          systemCpuPerKeystrokeOursPgToOurs: { value: ratio(system(oursPg?.fixed), ours?.fixed.serverCpuMsPerKeystroke), means: 'server + PostgreSQL vs server on SQLite' },
          cpuPerKeystrokeClusterToOursPg: { value: ratio(cluster?.fixed.serverCpuMsPerKeystroke, oursPg?.fixed.serverCpuMsPerKeystroke), means: 'three servers together vs one, same PostgreSQL: the Redis hop and the relay across servers' },
          systemCpuPerKeystrokeClusterToOursPg: { value: ratio(system(cluster?.fixed), system(oursPg?.fixed)), means: 'servers + PostgreSQL + Redis vs server + PostgreSQL' },
          perServerCpuPerKeystrokeClusterToOurs: { value: ratio(meanPerServer, ours?.fixed.serverCpuMsPerKeystroke), means: 'mean of the three servers vs the single server on SQLite' },
          perServerCpuPerKeystrokeClusterToOursPg: { value: ratio(meanPerServer, oursPg?.fixed.serverCpuMsPerKeystroke), means: 'mean of the three servers vs the single server on PostgreSQL' },
          busiestServerCpuPerKeystrokeClusterToOursPg: { value: ratio(maxPerServer, oursPg?.fixed.serverCpuMsPerKeystroke), means: 'busiest of the three vs the single server on PostgreSQL' },
          p50OursPgToOurs: { value: ratio(oursPg?.fixed.latencyMs.p50, ours?.fixed.latencyMs.p50), means: 'latency, PostgreSQL commit vs SQLite commit' },
          p99OursPgToOurs: { value: ratio(oursPg?.fixed.latencyMs.p99, ours?.fixed.latencyMs.p99), means: '' },
          p50ClusterToOursPg: { value: ratio(cluster?.fixed.latencyMs.p50, oursPg?.fixed.latencyMs.p50), means: `latency of the Redis hop (${f((cluster?.settings.crossServerDeliveries ?? NaN) * 100, 0)} % of the deliveries cross servers)` },
          p99ClusterToOursPg: { value: ratio(cluster?.fixed.latencyMs.p99, oursPg?.fixed.latencyMs.p99), means: '' },
          maxKeptUpClusterToOursPg: { value: ratio(cluster?.maxKeptUpTotalRate, oursPg?.maxKeptUpTotalRate), means: 'ramp: highest rate with every delivery in' },
        }
      : null;
  const result = { date: new Date().toISOString(), quick: QUICK, scheduling: NICE ? `nice ${NICE}` : 'default', loadAverage: { before: load0, after: loadavg() }, load: LOAD, ratios, ...(clusterRatios ? { clusterRatios } : {}), runs };

  const rows: [string, (r: Run) => string][] = [
    ['fixed: deliveries', (r) => String(r.fixed.latencyMs.deliveries)],
    ['fixed: lost deliveries', (r) => String(r.fixed.lostDeliveries)],
    ['fixed: p50 / p95 / p99 ms', (r) => `${f(r.fixed.latencyMs.p50, 2)} / ${f(r.fixed.latencyMs.p95, 2)} / ${f(r.fixed.latencyMs.p99, 2)}`],
    ['fixed: server CPU ms / keystroke', (r) => f(r.fixed.serverCpuMsPerKeystroke, 3)],
    ['fixed: server / generator CPU', (r) => `${f(r.fixed.serverCpuUtilisation * 100, 0)} % / ${f(r.fixed.generatorCpuUtilisation * 100, 0)} %`],
    ['fixed: generator event-loop delay p99 ms', (r) => f(r.fixed.loopDelayP99Ms, 1)],
    ['ramp: max sustained keys/s (total)', (r) => `${f(r.maxSustainedTotalRate, 0)}${r.generatorLimited ? ' (generator-limited)' : ''}`],
    ['ramp: max kept up keys/s (any p99)', (r) => f(r.maxKeptUpTotalRate, 0)],
    ['ramp: last step', (r) => `${r.ramp.at(-1)?.ratePerWriter}/writer: ${r.ramp.at(-1)?.reasons.join('; ') || 'passed'}`],
    ['writers converged', (r) => String(r.converged)],
  ];
  if (oursPg || cluster) {
    rows.splice(
      4,
      0,
      ['fixed: server CPU ms / keystroke, each server', (r) => (r.fixed.serverCpuMsPerKeystrokeEach ?? [r.fixed.serverCpuMsPerKeystroke]).map((x) => f(x, 3)).join(' + ')],
      ['fixed: PostgreSQL CPU ms / keystroke', (r) => f(other(r.fixed, 'postgres'), 3)],
      ['fixed: Redis CPU ms / keystroke', (r) => f(other(r.fixed, 'redis'), 3)],
      ['fixed: all processes CPU ms / keystroke', (r) => f(system(r.fixed), 3)],
      ['fixed: PostgreSQL / Redis CPU', (r) => `${f((r.fixed.otherProcesses?.postgres?.cpuUtilisation ?? NaN) * 100, 0)} % / ${f((r.fixed.otherProcesses?.redis?.cpuUtilisation ?? NaN) * 100, 0)} %`],
    );
  }
  const table = [
    `| measure | ${runs.map((r) => r.server).join(' | ')} |`,
    `| --- | ${runs.map(() => '---').join(' | ')} |`,
    ...rows.map(([name, cell]) => `| ${name} | ${runs.map(cell).join(' | ')} |`),
  ];
  const ramps = runs.map(
    (r) => `${r.server}: ${r.ramp.map((s) => `${s.ratePerWriter}/w → p50 ${f(s.latencyMs.p50)} p99 ${f(s.latencyMs.p99)} ms, server ${f(s.serverCpuUtilisation * 100, 0)} %, gen ${f(s.generatorCpuUtilisation * 100, 0)} %${s.lostDeliveries ? `, ${s.lostDeliveries} late` : ''}`).join(' · ')}`,
  );
  const ratioLines = Object.entries(ratios).map(([k, v]) => `${k}: ${f(v.value, 2)} (goal ${v.goal})`);
  const clusterLines = clusterRatios ? ['', 'PostgreSQL and the cluster:', ...Object.entries(clusterRatios).map(([k, v]) => `${k}: ${f(v.value, 2)}${v.means ? ` (${v.means})` : ''}`)] : [];
  const clusterPerRate = [oursPg, cluster].flatMap((r) =>
    r
      ? [
          `${r.server}: ${r.ramp
            .map((st) => `${st.ratePerWriter}/w servers ${f(st.serverCpuMsPerKeystroke, 3)} ms${st.serverCpuMsPerKeystrokeEach ? ` (${st.serverCpuMsPerKeystrokeEach.map((x) => f(x, 3)).join(' + ')})` : ''}, PostgreSQL ${f(other(st, 'postgres'), 3)} ms${other(st, 'redis') !== undefined ? `, Redis ${f(other(st, 'redis'), 3)} ms` : ''}`)
            .join(' · ')}`,
        ]
      : [],
  );
  // CPU per keystroke at each rate of the ramp: under load, keystrokes share commits and fsyncs.
  const perRate = (ours?.ramp ?? []).map((s) => {
    const peer = ref?.ramp.find((p) => p.ratePerWriter === s.ratePerWriter);
    return `${s.ratePerWriter}/w: ours ${f(s.serverCpuMsPerKeystroke, 3)} ms, reference ${f(peer?.serverCpuMsPerKeystroke, 3)} ms (${f(ratio(s.serverCpuMsPerKeystroke, peer?.serverCpuMsPerKeystroke), 2)}×)`;
  });
  const floor = ref ? await durableAppendCost() : null;
  const floorLine = floor
    ? `storage alone, in-process: one durable append (SQLite commit + WAL fdatasync) ${f(floor.cpuMs, 3)} ms CPU, ${f(floor.wallMs, 3)} ms wall = ${f(ratio(floor.cpuMs, ref?.fixed.serverCpuMsPerKeystroke), 2)}× the reference's whole keystroke`
    : '';

  const dir = fileURLToPath(new URL('results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}fanout-${result.date.replace(/[:.]/g, '-')}.json`, JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ date: result.date, quick: QUICK, scheduling: result.scheduling, loadAverage: result.loadAverage, ratios, ...(clusterRatios ? { clusterRatios } : {}) }, null, 2));
  console.log(['', ...table, '', ...ramps, '', 'CPU per keystroke by rate:', ...perRate, ...clusterPerRate, floorLine, '', ...ratioLines, ...clusterLines].join('\n'));
  const problems = runs.filter((r) => r.serverLogProblems);
  if (problems.length > 0) console.log(`server log warnings/errors: ${JSON.stringify(problems.map((r) => ({ server: r.server, counts: r.serverLogProblems })))}`);
  const closes = runs.filter((r) => r.closes.length > 0);
  if (closes.length > 0) console.log(`closed sockets: ${JSON.stringify(closes.map((r) => ({ server: r.server, closes: r.closes })))}`);
}

/**
 * What durability costs by itself: keystrokes appended one after another (each awaited, so every
 * one is its own commit and fdatasync, as at the fixed load) to the real SqlDocStore on a SQLite
 * file in this process. CPU is the whole process's (the thread pool's fdatasync included).
 */
async function durableAppendCost(): Promise<{ cpuMs: number; wallMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hegao-floor-'));
  const db = await openSqlite(join(dir, 'hegao.db'));
  try {
    const store = new SqlDocStore(db);
    const doc = new Y.Doc();
    const text = doc.getText('t');
    let update: Uint8Array | null = null;
    doc.on('update', (u: Uint8Array) => (update = u));
    const append = async (i: number) => {
      text.insert(text.length, '字');
      await store.append([{ docName: `d${i % 10}`, update: update!, author: { userId: 'u', bureauId: null, connectionId: 'c' }, createdAt: Date.now(), bindClients: i === 0 ? [doc.clientID] : [] }]);
    };
    for (let i = 0; i < 2000; i++) await append(i);
    const N = 3000;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await append(i + 2000);
    const cpu = process.cpuUsage(cpu0);
    return { cpuMs: (cpu.user + cpu.system) / 1000 / N, wallMs: (performance.now() - t0) / N };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
