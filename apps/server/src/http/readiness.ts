/**
 * Readiness (`GET /api/health/ready`): whether this server can serve requests now, as opposed to
 * `/api/health`, which only says its HTTP side is up. It checks the database (a trivial query, on
 * SQLite and PostgreSQL alike) and, in a cluster, the message bus (a PING on both Redis
 * connections), each within a short bound and at the same time, so the answer comes within the
 * longer bound whatever is down. It never throws and never hangs. A check still running when the
 * next probe arrives is shared, not repeated: probes never pile up on a stalled database's pool.
 */
import type { Db } from '@hegao/storage';
import type { Bus } from '../cluster/bus.js';

/** How long the database may take to answer `SELECT 1`. */
export const DATABASE_CHECK_MS = 2000;
/** How long Redis may take to answer a PING. */
export const BUS_CHECK_MS = 1000;

/**
 * One part checked: whether it answered, how long it took, and why not — `timeout` (no answer
 * within the bound) or `unreachable` (refused, not connected, failed). The driver's own words
 * (`detail`: addresses, ports) go to the server's log only, never into the public answer.
 */
export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: 'timeout' | 'unreachable';
}

/** A check's result with the driver's message, for the log. */
export interface CheckOutcome extends CheckResult {
  detail?: string;
}

/** The parts checked: the database always, the bus only in a cluster. */
export interface ReadinessChecks {
  database: CheckResult;
  bus?: CheckResult;
}

/** The answer of GET /api/health/ready: 200 with the first shape, 503 with the second. */
export type Readiness =
  | { ok: true; checks: ReadinessChecks }
  | { ok: false; error: 'not_ready'; message: string; checks: ReadinessChecks };

/** What is checked: the server's database and, in a cluster, its bus. */
export interface ReadinessTargets {
  db: Db;
  bus: Pick<Bus, 'ping'> | null;
}

/** Bounds of the checks (tests shorten them). */
export interface ReadinessOptions {
  databaseMs?: number;
  busMs?: number;
}

const probes = new WeakMap<object, Promise<unknown>>();

/**
 * Waits at most `ms` for `probe`, resolving with the outcome; never rejects. One probe at a time
 * per `key`: while one has not settled (a stalled database may hold its query for long), a new
 * check waits on it, within its own bound, instead of sending another.
 */
function bounded(key: object, ms: number, probe: () => Promise<unknown>): Promise<CheckOutcome> {
  let running = probes.get(key);
  if (!running) {
    const started = (async () => probe())();
    running = started;
    probes.set(key, started);
    const forget = () => {
      if (probes.get(key) === started) probes.delete(key);
    };
    started.then(forget, forget);
  }
  const probing = running;
  const start = performance.now();
  const elapsed = () => Math.round(performance.now() - start);
  return new Promise<CheckOutcome>((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, ms: elapsed(), error: 'timeout', detail: `no answer within ${ms} ms` }), ms);
    probing.then(
      () => {
        clearTimeout(timer);
        resolve({ ok: true, ms: elapsed() });
      },
      (err: unknown) => {
        clearTimeout(timer);
        const detail = err instanceof Error ? err.message : String(err);
        const timedOut = (err instanceof Error && err.name === 'TimeoutError') || /timed out/i.test(detail);
        resolve({ ok: false, ms: elapsed(), error: timedOut ? 'timeout' : 'unreachable', detail });
      },
    );
  });
}

/** The Chinese message of a 503: which parts are down. */
export function notReadyMessage(checks: ReadinessChecks): string {
  const down = [!checks.database.ok ? '数据库' : null, checks.bus && !checks.bus.ok ? '服务器间消息通道（Redis）' : null].filter((x) => x !== null);
  if (down.length === 2) return `服务暂不可用：${down.join('和')}均无法访问，请稍后再试`;
  return `服务暂不可用：${down[0] ?? '依赖的服务'}无法访问，请稍后再试`;
}

/** The outcome of every check, with the drivers' messages (for the log). */
export interface ReadinessOutcome {
  ok: boolean;
  database: CheckOutcome;
  bus?: CheckOutcome;
}

/** Checks the database and (in a cluster) the bus, at the same time, each within its bound. Never rejects. */
export async function checkReadiness(targets: ReadinessTargets, options: ReadinessOptions = {}): Promise<ReadinessOutcome> {
  const { db, bus } = targets;
  const busMs = options.busMs ?? BUS_CHECK_MS;
  const database = bounded(db, options.databaseMs ?? DATABASE_CHECK_MS, () => db.kysely.selectNoFrom((eb) => eb.lit(1).as('one')).execute());
  const busCheck = bus ? bounded(bus, busMs, () => (bus.ping ? bus.ping(busMs) : Promise.resolve())) : null;
  const outcome: ReadinessOutcome = { ok: false, database: await database, ...(busCheck ? { bus: await busCheck } : {}) };
  outcome.ok = outcome.database.ok && (outcome.bus?.ok ?? true);
  return outcome;
}

const publicCheck = ({ ok, ms, error }: CheckOutcome): CheckResult => ({ ok, ms, ...(error ? { error } : {}) });

/** The body of the answer (200 when `ok`, else 503): the checks without the drivers' messages. */
export function readinessBody(outcome: ReadinessOutcome): Readiness {
  const checks: ReadinessChecks = { database: publicCheck(outcome.database), ...(outcome.bus ? { bus: publicCheck(outcome.bus) } : {}) };
  if (outcome.ok) return { ok: true, checks };
  return { ok: false, error: 'not_ready', message: notReadyMessage(checks), checks };
}

/**
 * Logs readiness when it changes: a warning with the reasons when this server stops being ready,
 * an info line when it is ready again (not one line per probe).
 */
export function readinessLog(logger: { info(msg: string, fields?: Record<string, unknown>): void; warn(msg: string, fields?: Record<string, unknown>): void }): (outcome: ReadinessOutcome) => void {
  let wasReady = true;
  return (outcome) => {
    if (outcome.ok === wasReady) return;
    wasReady = outcome.ok;
    if (outcome.ok) {
      logger.info('ready again');
      return;
    }
    const down = Object.fromEntries(
      (['database', 'bus'] as const).flatMap((name) => {
        const check = outcome[name];
        return check && !check.ok ? [[name, check.detail ?? check.error]] : [];
      }),
    );
    logger.warn('not ready', down);
  };
}
