/**
 * Several real servers as one system (issue 15): N processes of apps/server/dist/main.js
 * (ServerProcess), all on ONE private PostgreSQL database (HEGAO_DATABASE_URL) and ONE private
 * redis-server (HEGAO_REDIS_URL), named app-1, app-2, … (HEGAO_SERVER_ID). The private instances
 * run on free ports in temp folders (never the machine's shared ones) and can be stopped and
 * started again on the same port for outages; `stored*` read the document log straight from
 * PostgreSQL, beside the running servers.
 *
 * The first server starts alone and migrates and seeds the demo; the others start together once
 * it listens, without seeding (`together: true` starts all at once, each migrating and seeding).
 */
import * as Y from 'yjs';
import { pgClient, startPgServer, type PgServer } from './postgres.js';
import { startRedisServer, type RedisServer } from './redisServer.js';
import { ServerProcess } from './serverProcess.js';

/** Options of {@link Cluster.start}. */
export interface ClusterOptions {
  /** How many servers (default 3). */
  servers?: number;
  /** Extra environment for every server. */
  env?: Record<string, string>;
  /** Extra environment for server i (0-based) alone, over `env` (e.g. a fault switch on one server). */
  envOf?: (i: number) => Record<string, string>;
  /**
   * Start every server at the same moment on the empty database, each of them migrating and
   * seeding the demo (default: the first alone, which seeds, then the rest, which do not).
   */
  together?: boolean;
  /** A PostgreSQL server to use (a new database on it), left running by dispose(); else one of its own. */
  pg?: PgServer;
}

/** One stored update row of PostgreSQL's `doc_updates`. */
export interface PgStoredRow {
  seq: number;
  user_id: string;
  connection_id: string;
  data: Uint8Array;
}

/** N servers on one PostgreSQL and one Redis. */
export class Cluster {
  private constructor(
    readonly pg: PgServer,
    readonly redis: RedisServer,
    /** HEGAO_DATABASE_URL of every server. */
    readonly databaseUrl: string,
    readonly servers: ServerProcess[],
    /** Whether dispose() stops `pg` (started for this cluster). */
    private readonly ownsPg: boolean,
  ) {}

  /** Starts PostgreSQL, Redis and the servers. */
  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const count = options.servers ?? 3;
    const [pg, redis] = await Promise.all([options.pg ?? startPgServer(), startRedisServer()]);
    const servers: ServerProcess[] = [];
    const cluster = new Cluster(pg, redis, '', servers, !options.pg);
    try {
      const databaseUrl = await pg.createDatabase();
      (cluster as { databaseUrl: string }).databaseUrl = databaseUrl;
      const env = (i: number): Record<string, string> => ({
        HEGAO_DATABASE_URL: databaseUrl,
        HEGAO_REDIS_URL: redis.url,
        HEGAO_SERVER_ID: `app-${i + 1}`,
        HEGAO_SEED_DEMO: i === 0 || options.together ? '1' : '0',
        ...options.env,
        ...options.envOf?.(i),
      });
      const boot = (i: number) => ServerProcess.start(env(i)).then((s) => (servers[i] = s));
      if (options.together) {
        const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => boot(i)));
        const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      } else {
        await boot(0);
        await Promise.all(Array.from({ length: count - 1 }, (_, i) => boot(i + 1)));
      }
      return cluster;
    } catch (err) {
      await cluster.dispose();
      throw err;
    }
  }

  /** Server i (0-based). */
  server(i: number): ServerProcess {
    const s = this.servers[i];
    if (!s) throw new Error(`no server ${i}`);
    return s;
  }

  /** Runs one query on the cluster's database (a connection of its own, so it works across outages). */
  async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = await pgClient(this.databaseUrl);
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** The update log of a document, in seq order. */
  async storedUpdates(docName: string): Promise<PgStoredRow[]> {
    const rows = await this.query<{ seq: string | number; user_id: string; connection_id: string; data: Buffer }>(
      'SELECT seq, user_id, connection_id, data FROM doc_updates WHERE doc_name = $1 ORDER BY seq',
      [docName],
    );
    return rows.map((r) => ({ seq: Number(r.seq), user_id: r.user_id, connection_id: r.connection_id, data: new Uint8Array(r.data) }));
  }

  /** The stored document rebuilt from its whole log. */
  async storedDoc(docName: string): Promise<Y.Doc> {
    const doc = new Y.Doc({ gc: false });
    for (const row of await this.storedUpdates(docName)) Y.applyUpdate(doc, row.data);
    return doc;
  }

  /** Stops every server (SIGTERM), Redis, and PostgreSQL unless given, and removes their folders. */
  async dispose(): Promise<void> {
    await Promise.allSettled(this.servers.map((s) => s.dispose()));
    await Promise.allSettled([this.redis.stop(), this.ownsPg ? this.pg.stop() : Promise.resolve()]);
  }
}

/**
 * Whether everything `doc` holds is in `stored`: applying `doc`'s state to a copy of the stored
 * document adds no struct and deletes nothing more. With `except`, the structs of those clientIDs
 * (a writer's own, not yet sent) are left out of the comparison, and deletions are not compared.
 */
export function missingFrom(stored: Y.Doc, doc: Y.Doc, except: readonly number[] = []): string[] {
  const missing: string[] = [];
  const storedSv = Y.decodeStateVector(Y.encodeStateVector(stored));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if (except.includes(client)) continue;
    const have = storedSv.get(client) ?? 0;
    if (clock > have) missing.push(`client ${client}: clocks ${have}..${clock - 1}`);
  }
  if (except.length === 0 && missing.length === 0) {
    const copy = new Y.Doc({ gc: false });
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(stored));
    const before = copy.getXmlFragment('prosemirror').toString();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    if (copy.getXmlFragment('prosemirror').toString() !== before) missing.push('deletions');
  }
  return missing;
}

/**
 * Struct ranges stored more than once: for every pair of rows, the clock ranges they carry per
 * clientID must not overlap (the server stores only what the document lacked).
 */
export function duplicateStructs(rows: readonly PgStoredRow[]): string[] {
  const ranges = new Map<number, { from: number; to: number; seq: number }[]>();
  for (const row of rows) {
    const meta = Y.parseUpdateMeta(row.data);
    for (const [client, to] of meta.to) {
      const from = meta.from.get(client) ?? 0;
      if (to > from) {
        let list = ranges.get(client);
        if (!list) ranges.set(client, (list = []));
        list.push({ from, to, seq: row.seq });
      }
    }
  }
  const duplicates: string[] = [];
  for (const [client, list] of ranges) {
    list.sort((a, b) => a.from - b.from);
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      const cur = list[i]!;
      if (cur.from < prev.to) duplicates.push(`client ${client}: clocks ${cur.from}..${Math.min(prev.to, cur.to) - 1} in seq ${prev.seq} and ${cur.seq}`);
    }
  }
  return duplicates;
}
