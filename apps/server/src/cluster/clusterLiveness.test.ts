/**
 * Liveness end to end inside one process: two "servers", each a real CollabServer on one shared
 * store, joined by linkCluster (cluster.ts, the production gap routing) over LocalBuses on one
 * LocalHub with heartbeats every 50 ms (a peer is silent after 3 missed beats). Clients speak the
 * y-websocket sync protocol to their server. Text a server stored but never published reaches the
 * other server's clients once its heartbeat or its silence says so; healthy servers cause no
 * catch-up at all.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CollabServer, MESSAGE_SYNC, MemoryDocStore, silentLogger, type CollabSocket, type Connection, type DocStore } from '@hegao/collab';
import { linkCluster, type Cluster } from './cluster.js';
import { LocalBus, LocalHub } from './localBus.js';

const DOC = 'section-1';
const INTERVAL = 50;
const MISSED = 3;
/** What the bound comes to here: silent after MISSED intervals, noticed within a quarter interval more. */
const BOUND_MS = INTERVAL * (MISSED + 1);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<number> {
  const t0 = performance.now();
  while (!(await check())) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
  return performance.now() - t0;
}

/** The store as one server sees it, counting the full reads a catch-up makes. */
function counted(store: DocStore): { store: DocStore; loads: () => number } {
  let loads = 0;
  const view = Object.create(store) as DocStore;
  view.load = (docName: string) => {
    loads++;
    return store.load(docName);
  };
  return { store: view, loads: () => loads };
}

interface Node {
  bus: LocalBus;
  cluster: Cluster;
  collab: CollabServer;
  /** Catch-ups (full reads of a document) this server made. */
  loads: () => number;
}

function node(hub: LocalHub, serverId: string, shared: DocStore, options: { faultDropPublish?: boolean } = {}): Node {
  let bus!: LocalBus;
  const cluster = linkCluster(
    (onGap, liveness) => (bus = new LocalBus({ serverId, hub, onGap, liveness: { ...liveness, intervalMs: INTERVAL, missedBeats: MISSED } })),
    silentLogger,
    options,
  );
  const view = counted(shared);
  const collab = new CollabServer({
    store: view.store,
    peers: cluster.peers,
    resolveAccess: async () => ({ read: true, write: true, reason: '' }),
    logger: silentLogger,
    unloadDelayMs: 20,
  });
  cleanups.push(async () => {
    await collab.close();
    await cluster.close();
  });
  return { bus, cluster, collab, loads: view.loads };
}

/** A y-websocket client of DOC on one server, in memory. */
class Client {
  readonly doc = new Y.Doc();
  private readonly conn: Connection;

  constructor(
    private readonly server: CollabServer,
    userId: string,
  ) {
    const socket: CollabSocket = { send: (data) => this.handle(data), close: () => {} };
    this.conn = server.connect(socket, { userId, username: userId, name: userId, role: 'editor', bureauId: null, bureauName: null, color: '#c0392b' }, DOC);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.send(2, update);
    });
    this.send(0, Y.encodeStateVector(this.doc));
    cleanups.push(() => this.server.disconnect(this.conn));
  }

  /** Appends a paragraph holding `text`. */
  write(text: string): void {
    this.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      this.doc.getXmlFragment('prosemirror').push([paragraph]);
    });
  }

  has(text: string): boolean {
    return this.doc.getXmlFragment('prosemirror').toString().includes(text);
  }

  private send(kind: number, payload: Uint8Array): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, kind);
    encoding.writeVarUint8Array(e, payload);
    this.server.receive(this.conn, encoding.toUint8Array(e));
  }

  private handle(data: Uint8Array): void {
    const d = decoding.createDecoder(data);
    if (decoding.readVarUint(d) !== MESSAGE_SYNC) return;
    const kind = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    // Step 1 asks for what the server lacks; step 2 and updates carry what the client lacks.
    if (kind === 0) this.send(1, Y.encodeStateAsUpdate(this.doc, payload));
    else Y.applyUpdate(this.doc, payload, this);
  }
}

/** Two servers and a client on each, synced, with both servers past their first heartbeats. */
async function twoServers(options: { faultDropPublishOnA?: boolean } = {}) {
  const hub = new LocalHub();
  const store = new MemoryDocStore();
  const a = node(hub, 'a', store, { faultDropPublish: options.faultDropPublishOnA ?? false });
  const b = node(hub, 'b', store);
  const writer = new Client(a.collab, 'writer');
  const reader = new Client(b.collab, 'reader');
  writer.write('开头');
  await until(() => reader.has('开头') || options.faultDropPublishOnA === true, 'first paragraph');
  await until(() => a.bus.liveness!.stats.beatsReceived >= 2 && b.bus.liveness!.stats.beatsReceived >= 2, 'heartbeats');
  return { hub, store, a, b, writer, reader };
}

describe('liveness: text a server stored but did not publish reaches the others', () => {
  it('a server that stores without publishing and then dies: the other server’s client gets the text within the bound', async () => {
    const { store, a, b, writer, reader } = await twoServers({ faultDropPublishOnA: true });
    writer.write('甲服务器存了但没发出的文字');
    // Stored (durable) by A…
    await until(async () => {
      const loaded = await store.load(DOC);
      const doc = new Y.Doc();
      if (loaded.checkpoint) Y.applyUpdate(doc, loaded.checkpoint);
      for (const u of loaded.updates) Y.applyUpdate(doc, u);
      return doc.getXmlFragment('prosemirror').toString().includes('甲服务器存了但没发出的文字');
    }, 'stored');
    // …never published, and A beats on: nothing tells B (the gap this closes).
    const beatsBefore = b.bus.liveness!.stats.beatsReceived;
    await until(() => b.bus.liveness!.stats.beatsReceived >= beatsBefore + MISSED + 1, 'heartbeats while A lives');
    expect(reader.has('甲服务器存了但没发出的文字')).toBe(false);
    // A dies (no goodbye).
    a.bus.kill();
    const took = await until(() => reader.has('甲服务器存了但没发出的文字'), 'the text on B', 20 * BOUND_MS);
    expect(reader.has('开头')).toBe(true);
    expect(b.bus.liveness!.stats.silent).toBe(1);
    console.log(`stored-not-published text reached B ${Math.round(took)} ms after A died (bound ${BOUND_MS} ms + one read)`);
  });

  it('a heartbeat showing a seq B never received makes B’s room catch up while A lives on', async () => {
    const { hub, b, writer, reader } = await twoServers();
    const loadsBefore = b.loads();
    // A's next publish on the document is lost on the way; A publishes nothing more there.
    let lost = 0;
    hub.lose = (channel) => channel === `doc:${DOC}` && ++lost > 0;
    writer.write('丢失的最后一次发布');
    await until(() => lost === 1, 'published (and lost)');
    hub.lose = null;
    await until(() => reader.has('丢失的最后一次发布'), 'the text on B', 20 * BOUND_MS);
    expect(b.bus.liveness!.stats.behind).toBe(1);
    expect(b.bus.liveness!.stats.silent).toBe(0);
    expect(b.loads() - loadsBefore).toBe(1);
  });

  it('no catch-up while the servers are healthy, however long they write', async () => {
    const { a, b, writer, reader } = await twoServers();
    const loadsBefore = [a.loads(), b.loads()];
    const other = new Client(b.collab, 'other');
    for (let i = 0; i < 30; i++) {
      writer.write(`甲-${i}`);
      other.write(`乙-${i}`);
      await sleep(INTERVAL / 3);
    }
    await until(() => reader.has('甲-29') && writer.has('乙-29'), 'both ways');
    const beats = b.bus.liveness!.stats.beatsReceived;
    await until(() => b.bus.liveness!.stats.beatsReceived >= beats + 2 * MISSED, 'more heartbeats');
    expect([a.loads(), b.loads()]).toEqual(loadsBefore);
    expect(a.bus.liveness!.stats).toMatchObject({ silent: 0, restarts: 0, behind: 0 });
    expect(b.bus.liveness!.stats).toMatchObject({ silent: 0, restarts: 0, behind: 0 });
  });

  it('a server that dies is one catch-up per open document on the others, not one per heartbeat', async () => {
    const { a, b, reader } = await twoServers();
    const second = new Client(b.collab, 'second');
    await until(() => second.has('开头') && reader.has('开头'), 'synced');
    const loadsBefore = b.loads();
    a.bus.kill();
    await until(() => b.bus.liveness!.stats.silent === 1, 'silence noticed', 20 * BOUND_MS);
    const beats = b.bus.liveness!.stats.beatsSent;
    await until(() => b.bus.liveness!.stats.beatsSent >= beats + 2 * MISSED, 'time passing');
    // One room (two clients on it): one read.
    expect(b.loads() - loadsBefore).toBe(1);
  });
});
