import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import { CollabServer, type CollabServerOptions } from './CollabServer.js';
import type { Connection } from './Connection.js';
import { MAX_AWARENESS_CLIENTS_PER_CONNECTION } from './Room.js';
import type { AppendEntry } from './DocStore.js';
import { MemoryDocStore } from './MemoryDocStore.js';
import { PeerHub } from './test/peerHub.js';
import {
  CLOSE,
  MESSAGE_ACCESS,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_FLUSH,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_UPDATE,
  decodeAccessPayload,
  encodeAwareness,
  encodeFlush,
  encodeSyncStep2,
  encodeUpdate,
  type AccessState,
} from './protocol.js';
import type { Access, CollabIdentity, CollabSocket, StoredEvent } from './types.js';

// ---------------------------------------------------------------------------------------------
// Harness: a fake socket and a client that speaks the protocol the way y-websocket's
// WebsocketProvider does (sync step 1 and local awareness on open, step 1 answered with step 2,
// local updates sent as sync updates, every awareness change re-broadcast).
// ---------------------------------------------------------------------------------------------

const DOC = 'section-1';
const WRITE: Access = { read: true, write: true, reason: '' };
const READ: Access = { read: true, write: false, reason: '已提交，等待审核' };

function identity(userId: string, extra: Partial<CollabIdentity> = {}): CollabIdentity {
  return {
    userId,
    username: userId,
    name: `用户-${userId}`,
    role: 'editor',
    bureauId: `bureau-${userId}`,
    bureauName: `${userId}局`,
    color: '#c0392b',
    ...extra,
  };
}

/** Lets every pending microtask and immediate run, so the server pipeline settles. */
async function settle(rounds = 12): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

class FakeSocket implements CollabSocket {
  readonly frames: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  sendsAfterClose = 0;
  constructor(private readonly onFrame: (data: Uint8Array) => void, private readonly onClose: () => void) {}
  send(data: Uint8Array): void {
    if (this.closed) {
      this.sendsAfterClose++;
      return;
    }
    this.frames.push(data);
    this.onFrame(data);
  }
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = { code, reason };
    // Like a socket adapter: the close event detaches the connection from the server.
    queueMicrotask(this.onClose);
  }
}

class TestClient {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  socket!: FakeSocket;
  conn!: Connection;
  readonly accessStates: AccessState[] = [];
  readonly denied: string[] = [];
  /** Ids of the flush messages the server answered. */
  readonly flushed: number[] = [];
  /** Incremental sync updates received (relayed writes of others). */
  updatesReceived = 0;
  /** Hook called for every frame the server sends (before it is handled). */
  onFrame: ((data: Uint8Array) => void) | null = null;

  constructor(
    private readonly server: CollabServer,
    readonly identity: CollabIdentity,
    readonly docName: string,
    opts: { doc?: Y.Doc; awareness?: awarenessProtocol.Awareness; clientID?: number } = {},
  ) {
    this.doc = opts.doc ?? new Y.Doc();
    if (opts.clientID !== undefined) this.doc.clientID = opts.clientID;
    this.awareness = opts.awareness ?? new awarenessProtocol.Awareness(this.doc);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, update);
      this.send(encoding.toUint8Array(e));
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const changed = added.concat(updated).concat(removed);
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      this.send(encoding.toUint8Array(e));
    });
  }

  get open(): boolean {
    return this.socket !== undefined && this.socket.closed === null;
  }

  get closed(): { code: number; reason: string } | null {
    return this.socket.closed;
  }

  connect(): this {
    let conn: Connection | undefined;
    this.socket = new FakeSocket(
      (data) => this.handle(data),
      () => {
        if (conn) this.server.disconnect(conn);
      },
    );
    conn = this.conn = this.server.connect(this.socket, this.identity, this.docName);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, this.doc);
    this.send(encoding.toUint8Array(e));
    if (this.awareness.getLocalState() !== null) {
      this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID])));
    }
    return this;
  }

  /** Client-side close, as when the browser tab goes away. */
  disconnect(): void {
    if (!this.open) return;
    this.socket.closed = { code: 1000, reason: 'client closed' };
    this.server.disconnect(this.conn);
    // y-websocket drops the remote presence it knew of when it disconnects.
    awarenessProtocol.removeAwarenessStates(
      this.awareness,
      [...this.awareness.getStates().keys()].filter((c) => c !== this.doc.clientID),
      this,
    );
  }

  /** Sends a raw frame to the server (what a hostile or buggy client might send). */
  send(data: Uint8Array): void {
    if (!this.open) return;
    this.server.receive(this.conn, data);
  }

  private handle(data: Uint8Array): void {
    this.onFrame?.(data);
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, MESSAGE_SYNC);
        const sub = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
        if (sub === SYNC_UPDATE) this.updatesReceived++;
        if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
        break;
      }
      case MESSAGE_AWARENESS:
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
        break;
      case MESSAGE_AUTH:
        authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.denied.push(reason));
        break;
      case MESSAGE_ACCESS:
        this.accessStates.push(decodeAccessPayload(decoder));
        break;
      case MESSAGE_QUERY_AWARENESS:
        break;
      case MESSAGE_FLUSH:
        this.flushed.push(decoding.readVarUint(decoder));
        break;
      default:
        throw new Error(`client received unknown message type ${type}`);
    }
  }

  /** Text of the section document. */
  text(): string {
    return textOf(this.doc);
  }

  /** Types into the first paragraph (created on first use), as one transaction. */
  type(index: number | 'end', text: string): void {
    this.doc.transact(() => {
      const t = firstText(this.doc);
      t.insert(index === 'end' ? t.length : index, text);
    });
  }

  erase(index: number, length: number): void {
    this.doc.transact(() => firstText(this.doc).delete(index, length));
  }

  lastAccess(): AccessState | undefined {
    return this.accessStates.at(-1);
  }

  /** Server-relayed presence of another client, as this client sees it. */
  presenceOf(clientID: number): Record<string, unknown> | undefined {
    return this.awareness.getStates().get(clientID);
  }

  destroy(): void {
    this.awareness.destroy();
  }
}

function firstText(doc: Y.Doc): Y.XmlText {
  const frag = doc.getXmlFragment('prosemirror');
  if (frag.length === 0) frag.insert(0, [new Y.XmlText()]);
  return frag.get(0) as Y.XmlText;
}

/** A well-formed y-prosemirror cursor (both ends at one Yjs ID), distinguishable by `clock`. */
function cursorAt(clock: number): { anchor: { item: { client: number; clock: number } }; head: { item: { client: number; clock: number } } } {
  return { anchor: { item: { client: 1, clock } }, head: { item: { client: 1, clock } } };
}

/** The update another client sends after making `f` on a copy of `base`. */
function editOfCopy(base: Y.Doc, f: (doc: Y.Doc) => void): Uint8Array {
  const d = new Y.Doc();
  Y.applyUpdate(d, Y.encodeStateAsUpdate(base));
  const sv = Y.encodeStateVector(d);
  f(d);
  return Y.encodeStateAsUpdate(d, sv);
}

function textOf(doc: Y.Doc): string {
  const frag = doc.getXmlFragment('prosemirror');
  return frag
    .toArray()
    .map((node) => (node instanceof Y.XmlText ? node.toString() : node.toString()))
    .join('\n');
}

/** The durable content of a document, rebuilt independently of the server from the store. */
async function durableText(store: MemoryDocStore, docName = DOC): Promise<string> {
  const loaded = await store.load(docName);
  const doc = new Y.Doc();
  if (loaded.checkpoint) Y.applyUpdate(doc, loaded.checkpoint);
  for (const update of loaded.updates) Y.applyUpdate(doc, update);
  return textOf(doc);
}

interface Setup {
  server: CollabServer;
  store: MemoryDocStore;
  access: Map<string, Map<string, Access>>;
  stored: StoredEvent[];
  client(userId: string, opts?: { doc?: Y.Doc; clientID?: number; docName?: string; identity?: Partial<CollabIdentity>; connect?: boolean }): TestClient;
  /** Another server over the same store, as after a restart. */
  restart(options?: Partial<CollabServerOptions>): Setup;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function setup(options: Partial<CollabServerOptions> = {}, shared?: { store: MemoryDocStore; access: Map<string, Map<string, Access>> }): Setup {
  const store = shared?.store ?? (options.store as MemoryDocStore | undefined) ?? new MemoryDocStore();
  const access =
    shared?.access ??
    new Map<string, Map<string, Access>>([
      [DOC, new Map()],
      ['section-2', new Map()],
    ]);
  const stored: StoredEvent[] = [];
  const server = new CollabServer({
    store,
    resolveAccess: async (who, docName) => {
      const perDoc = access.get(docName);
      if (!perDoc) return null;
      return perDoc.get(who.userId) ?? { read: true, write: false, reason: '只读' };
    },
    onStored: (events) => stored.push(...events),
    unloadDelayMs: 20,
    ...options,
  });
  const clients: TestClient[] = [];
  cleanups.push(async () => {
    await server.close();
    for (const c of clients) c.destroy();
  });
  const self: Setup = {
    server,
    store,
    access,
    stored,
    client(userId, opts = {}) {
      const perDoc = access.get(opts.docName ?? DOC);
      if (perDoc && !perDoc.has(userId)) perDoc.set(userId, WRITE);
      const c = new TestClient(server, identity(userId, opts.identity), opts.docName ?? DOC, opts);
      clients.push(c);
      if (opts.connect !== false) c.connect();
      return c;
    },
    restart(more = {}) {
      return setup({ ...options, ...more, store }, { store, access });
    },
  };
  return self;
}

/** Raw v1 update with one GC struct: `length` clocks of client `client` from `clock`. */
function gcUpdate(client: number, clock: number, length: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeUint8(e, 0);
  encoding.writeVarUint(e, length);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** Raw v1 update with no structs and one delete range. */
function deleteOnlyUpdate(client: number, clock: number, length: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clock);
  encoding.writeVarUint(e, length);
  return encoding.toUint8Array(e);
}

// ---------------------------------------------------------------------------------------------

describe('sync and convergence', () => {
  it('a new connection is told its access and gets the server state', async () => {
    const { client } = setup();
    const a = client('a');
    a.type(0, '一、总体情况');
    await settle();
    const b = client('b');
    await settle();
    expect(a.lastAccess()).toEqual({ mode: 'write', reason: '' });
    expect(b.lastAccess()).toEqual({ mode: 'write', reason: '' });
    expect(b.text()).toBe('一、总体情况');
  });

  it('two writers converge; history records both with server-known users and connection ids', async () => {
    const { client, store, stored, server } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    a.type(0, '经济发展');
    await settle();
    // Concurrent edits: neither has seen the other's before sending.
    a.type('end', '稳中有进');
    b.type(0, '（一）');
    b.type('end', '。');
    await settle();

    expect(a.text()).toBe(b.text());
    expect(a.text()).toContain('经济发展');
    expect(a.text()).toContain('稳中有进');
    expect(a.text()).toContain('（一）');
    expect(textOf(await server.doc(DOC))).toBe(a.text());
    expect(await durableText(store)).toBe(a.text());

    const history = await store.history(DOC);
    expect(history.length).toBeGreaterThanOrEqual(4);
    for (const entry of history) {
      const writer = entry.userId === 'a' ? a : b;
      expect(['a', 'b']).toContain(entry.userId);
      expect(entry.connectionId).toBe(writer.conn.id);
      expect(entry.bureauId).toBe(`bureau-${entry.userId}`);
      expect(entry.docName).toBe(DOC);
    }
    expect(new Set(history.map((h) => h.userId))).toEqual(new Set(['a', 'b']));
    expect(a.conn.id).not.toBe(b.conn.id);
    // onStored reports exactly the stored updates, with their authors.
    expect(stored.map((e) => [e.seq, e.userId])).toEqual(history.map((h) => [h.seq, h.userId]));
  });

  it('history carries the server-side author even when the client claims to be someone else', async () => {
    const { client, store } = setup();
    const m = client('m', { identity: { name: '王五' } });
    await settle();
    m.awareness.setLocalState({ user: { id: 'a', name: 'Mallory' } });
    m.type(0, '伪造');
    await settle();
    const history = await store.history(DOC);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ userId: 'm', bureauId: 'bureau-m', connectionId: m.conn.id });
  });

  it('a writer does not get its own update echoed back; others get it exactly once', async () => {
    const { client } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    a.type(0, 'x');
    await settle();
    expect(a.updatesReceived).toBe(0);
    expect(b.updatesReceived).toBe(1);
  });

  it('a repeated update is stored once', async () => {
    const { client, store } = setup();
    const a = client('a');
    await settle();
    const frames: Uint8Array[] = [];
    a.doc.on('update', (u: Uint8Array) => frames.push(encodeUpdate(u)));
    a.type(0, 'abc');
    await settle();
    a.send(frames[0]!);
    a.send(frames[0]!);
    await settle();
    expect(await store.history(DOC)).toHaveLength(1);
    expect(a.open).toBe(true);
  });

  it('a client with offline edits syncs them through its step 2 on connect', async () => {
    const { client, store } = setup();
    const a = client('a');
    a.type(0, '线上');
    await settle();
    a.disconnect();
    a.type('end', '离线');
    await settle();
    expect(await durableText(store)).toBe('线上');
    a.connect();
    const b = client('b');
    await settle();
    expect(await durableText(store)).toBe('线上离线');
    expect(b.text()).toBe('线上离线');
  });

  it('query-awareness is answered with all presence states', async () => {
    const { client } = setup();
    const a = client('a');
    a.awareness.setLocalStateField('cursor', cursorAt(1));
    const b = client('b');
    // (A fresh awareness state has clock 0, which y-protocols peers ignore until it changes.)
    b.awareness.setLocalStateField('cursor', null);
    await settle();
    const before = b.socket.frames.length;
    b.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
    await settle();
    const answer = b.socket.frames.slice(before);
    expect(answer).toHaveLength(1);
    const decoder = decoding.createDecoder(answer[0]!);
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
    const probe = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(probe, decoding.readVarUint8Array(decoder), null);
    expect(probe.getStates().get(a.doc.clientID)).toMatchObject({ cursor: cursorAt(1) });
    expect(probe.getStates().has(b.doc.clientID)).toBe(true);
    probe.destroy();
  });
});

describe('awareness limits', () => {
  it('one connection speaks for at most a few clientIDs; more are dropped, not relayed, and it stays open', async () => {
    const { client } = setup();
    const a = client('a');
    const b = client('b');
    b.awareness.setLocalStateField('cursor', null);
    await settle();
    const flood = new awarenessProtocol.Awareness(new Y.Doc());
    const entries: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) {
      const other = new awarenessProtocol.Awareness(new Y.Doc());
      other.setLocalState({ cursor: { anchor: i } });
      entries.push(awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]));
      awarenessProtocol.applyAwarenessUpdate(flood, entries.at(-1)!, null);
      other.destroy();
    }
    for (const entry of entries) a.send(encodeAwareness(entry));
    await settle();
    // b sees a's own clientID plus at most the limit in all.
    const seenByB = [...b.awareness.getStates().keys()].filter((id) => id !== b.doc.clientID);
    expect(seenByB.length).toBeLessThanOrEqual(MAX_AWARENESS_CLIENTS_PER_CONNECTION);
    expect(seenByB.length).toBeGreaterThan(0);
    expect(a.open).toBe(true);
    flood.destroy();
  });
});

describe('read-only connections', () => {
  it('receive live updates, but their writes are neither applied, stored nor relayed', async () => {
    const { client, store, access, server } = setup();
    access.get(DOC)!.set('r', READ);
    const a = client('a');
    const r = client('r');
    await settle();
    expect(r.lastAccess()).toEqual({ mode: 'read', reason: READ.reason });

    a.type(0, '民生');
    await settle();
    expect(r.text()).toBe('民生');
    const historyBefore = await store.history(DOC);
    const aUpdatesBefore = a.updatesReceived;

    r.type('end', '篡改');
    await settle();
    expect(a.text()).toBe('民生');
    expect(a.updatesReceived).toBe(aUpdatesBefore);
    expect(textOf(await server.doc(DOC))).toBe('民生');
    expect(await store.history(DOC)).toEqual(historyBefore);
    expect(await durableText(store)).toBe('民生');

    // Told, and kept open.
    expect(r.denied).toEqual([READ.reason]);
    expect(r.accessStates.length).toBeGreaterThanOrEqual(2);
    expect(r.lastAccess()).toEqual({ mode: 'read', reason: READ.reason });
    expect(r.open).toBe(true);

    // The reader still receives later writes of others.
    a.type('end', '保障');
    await settle();
    expect(r.text()).toContain('保障');
  });

  it('a raw MESSAGE_AUTH permission-denied frame is sent, at most once per burst', async () => {
    const { client, access } = setup();
    access.get(DOC)!.set('r', READ);
    const r = client('r');
    await settle();
    r.type(0, 'a');
    r.type(1, 'b');
    r.type(2, 'c');
    await settle();
    const authFrames = r.socket.frames.filter((f) => f[0] === MESSAGE_AUTH);
    expect(authFrames).toHaveLength(1);
    const decoder = decoding.createDecoder(authFrames[0]!);
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AUTH);
    expect(decoding.readVarUint(decoder)).toBe(0); // permission denied
    expect(decoding.readVarString(decoder)).toBe(READ.reason);
    const accessFrames = r.socket.frames.filter((f) => f[0] === MESSAGE_ACCESS);
    expect(accessFrames.length).toBeGreaterThanOrEqual(2);
    const d = decoding.createDecoder(accessFrames.at(-1)!);
    decoding.readVarUint(d);
    expect(JSON.parse(decoding.readVarString(d))).toEqual({ mode: 'read', reason: READ.reason });
  });

  it('the empty sync step 2 a fresh reader sends on connect is not a denied write', async () => {
    const { client, access } = setup();
    const a = client('a');
    a.type(0, 'abcdef');
    await settle();
    a.erase(1, 2);
    await settle();
    access.get(DOC)!.set('r', READ);
    const r = client('r');
    await settle();
    expect(r.text()).toBe(a.text());
    expect(r.denied).toEqual([]);
    expect(r.socket.frames.filter((f) => f[0] === MESSAGE_AUTH)).toHaveLength(0);
    expect(r.accessStates).toEqual([{ mode: 'read', reason: READ.reason }]);
  });

  it('a reconnecting reader whose step 2 repeats known content and deletions is not denied', async () => {
    const { client, access } = setup();
    access.get(DOC)!.set('r', READ);
    const a = client('a');
    const r = client('r');
    a.type(0, '乡村振兴战略');
    await settle();
    a.erase(0, 2);
    await settle();
    expect(r.text()).toBe('振兴战略');
    r.disconnect();
    await settle();
    r.connect();
    await settle();
    expect(r.denied).toEqual([]);
    expect(r.open).toBe(true);
  });

  it('connections without read access are refused', async () => {
    const { client, access } = setup();
    access.get(DOC)!.set('x', { read: false, write: false, reason: '无权查看' });
    const x = client('x');
    await settle();
    expect(x.closed?.code).toBe(CLOSE.forbidden);
    expect(x.socket.frames.filter((f) => f[0] === MESSAGE_SYNC)).toHaveLength(0);
  });
});

describe('refreshAccess', () => {
  it('downgrades an open writer: it is told, and its later writes are dropped', async () => {
    const { client, access, server, store } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    a.type(0, '党建');
    await settle();
    expect(b.text()).toBe('党建');

    access.get(DOC)!.set('a', { read: true, write: false, reason: '本节已提交' });
    await server.refreshAccess(DOC);
    expect(a.lastAccess()).toEqual({ mode: 'read', reason: '本节已提交' });
    expect(b.accessStates).toEqual([{ mode: 'write', reason: '' }]);

    const historyLength = (await store.history(DOC)).length;
    a.type('end', '引领');
    await settle();
    expect(b.text()).toBe('党建');
    expect(await store.history(DOC)).toHaveLength(historyLength);
    expect(a.denied).toEqual(['本节已提交']);
    expect(a.open).toBe(true);
  });

  it('changeAccess holds a write that arrives while the rights change and judges it by the new rights', async () => {
    const { client, access, server, store } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    a.type(0, '提交前');
    await settle();
    const historyLength = (await store.history(DOC)).length;
    const result = await server.changeAccess(DOC, async () => {
      // A keystroke reaches the server while the submit is being written.
      a.type('end', '，提交时');
      await settle();
      access.get(DOC)!.set('a', { read: true, write: false, reason: '本节已提交' });
      return 'committed';
    });
    expect(result).toBe('committed');
    await settle();
    expect(await store.history(DOC)).toHaveLength(historyLength);
    expect(b.text()).toBe('提交前');
    expect(a.lastAccess()).toEqual({ mode: 'read', reason: '本节已提交' });
    expect(a.denied).toEqual(['本节已提交']);
  });

  it('changeAccess drops a held write whose connection loses read access (a deleted section): nothing stored', async () => {
    const { client, access, server, store } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    a.type(0, '删除前');
    await settle();
    const historyLength = (await store.history(DOC)).length;
    await server.changeAccess(DOC, async () => {
      // A keystroke reaches the server while the delete is being written.
      a.type('end', '，删除时');
      await settle();
      access.get(DOC)!.set('a', { read: false, write: false, reason: '' });
      access.get(DOC)!.set('b', { read: false, write: false, reason: '' });
    });
    await settle();
    expect(a.closed?.code).toBe(CLOSE.forbidden);
    expect(await store.history(DOC)).toHaveLength(historyLength);
    expect(b.text()).toBe('删除前');
  });

  it('changeAccess lets held writes through once the change is done when the rights stay', async () => {
    const { client, server } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    await server.changeAccess(DOC, async () => {
      a.type(0, '照常');
      await settle();
      expect(b.text()).toBe('');
    });
    await settle();
    expect(b.text()).toBe('照常');
  });

  it('changeAccess runs its change on a settled document: writes accepted before are applied first', async () => {
    const store = new GatedStore();
    const { client, server } = setup({ store });
    const a = client('a');
    await settle();
    store.hold = true;
    a.type(0, '锁定前已发出');
    await settle();
    let seen: string | null = null;
    const changed = server.changeAccess(DOC, async () => {
      seen = textOf(await server.doc(DOC));
    });
    await settle();
    expect(seen).toBeNull();
    store.release();
    await changed;
    expect(seen).toBe('锁定前已发出');
  });

  it('refreshAccess resolves only once the writes accepted before it are durable', async () => {
    const store = new GatedStore();
    const { client, server } = setup({ store });
    const a = client('a');
    await settle();
    store.hold = true;
    a.type(0, '在途');
    await settle();
    let done = false;
    const refreshed = server.refreshAccess(DOC).then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    store.release();
    await refreshed;
    expect(await durableText(store)).toBe('在途');
  });

  it('upgrades back: the client is told and its writes are accepted again', async () => {
    const { client, access, server, store } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    access.get(DOC)!.set('a', READ);
    await server.refreshAccess(DOC);
    expect(a.lastAccess()?.mode).toBe('read');
    access.get(DOC)!.set('a', WRITE);
    await server.refreshAccess([DOC, 'section-2']);
    expect(a.accessStates.map((s) => s.mode)).toEqual(['write', 'read', 'write']);
    a.type(0, '疫情防控');
    await settle();
    expect(b.text()).toBe('疫情防控');
    expect((await store.history(DOC)).map((h) => h.userId)).toEqual(['a']);
  });

  it('edits typed while read-only are not lost: after the upgrade the client resyncs and they arrive', async () => {
    const { client, access, server, store } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    a.type(0, '党建');
    await settle();
    access.get(DOC)!.set('a', READ);
    await server.refreshAccess(DOC);
    a.type('end', '引领'); // dropped by the server, kept by the client
    await settle();
    expect(b.text()).toBe('党建');
    access.get(DOC)!.set('a', WRITE);
    await server.refreshAccess(DOC);
    await settle();
    a.type('end', '发展'); // starts after the dropped clock: must not close the connection
    await settle();
    expect(a.open).toBe(true);
    expect(b.text()).toBe('党建引领发展');
    expect(await durableText(store)).toBe('党建引领发展');
  });

  it('an update after a gap is not stored; the server asks that client to resync and keeps it open', async () => {
    const { client, store } = setup();
    const a = client('a');
    a.type(0, '正文');
    await settle();
    const historyBefore = await store.history(DOC);
    const x = client('x');
    await settle();
    const d = new Y.Doc();
    const updates: Uint8Array[] = [];
    d.on('update', (u: Uint8Array) => updates.push(u));
    firstText(d).insert(0, 'x');
    firstText(d).insert(1, 'y');
    const before = x.socket.frames.length;
    x.send(encodeUpdate(updates.at(-1)!));
    await settle();
    expect(x.open).toBe(true);
    const resync = x.socket.frames.slice(before).filter((f) => f[0] === MESSAGE_SYNC && f[1] === 0);
    expect(resync.length).toBeGreaterThan(0);
    expect(await store.history(DOC)).toEqual(historyBefore);
    expect(await durableText(store)).toBe('正文');
  });

  it('a sync step 2 that deletes content the server has not seen is not stored; the client is asked to resync', async () => {
    const { client, store } = setup();
    const a = client('a');
    a.type(0, '正文');
    await settle();
    const historyBefore = await store.history(DOC);
    const x = client('x');
    await settle();
    const before = x.socket.frames.length;
    x.send(encodeSyncStep2(deleteOnlyUpdate(123456, 0, 3)));
    await settle();
    expect(x.open).toBe(true);
    expect(x.socket.frames.slice(before).some((f) => f[0] === MESSAGE_SYNC && f[1] === 0)).toBe(true);
    expect(await store.history(DOC)).toEqual(historyBefore);
    expect(await durableText(store)).toBe('正文');
  });

  it('only touches matching documents and only tells clients whose mode changed', async () => {
    const { client, access, server } = setup();
    const a = client('a');
    const other = client('a', { docName: 'section-2' });
    await settle();
    access.get(DOC)!.set('a', READ);
    access.get('section-2')!.set('a', READ);
    await server.refreshAccess(DOC);
    expect(a.lastAccess()?.mode).toBe('read');
    expect(other.accessStates).toEqual([{ mode: 'write', reason: '' }]);
    await server.refreshAccess(DOC);
    expect(a.accessStates).toHaveLength(2);
  });

  it('closes connections that lost read access', async () => {
    const { client, access, server } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    access.get(DOC)!.set('a', { read: false, write: false, reason: '' });
    await server.refreshAccess(DOC);
    expect(a.closed?.code).toBe(CLOSE.forbidden);
    expect(b.open).toBe(true);
  });

  it('also applies to a connection whose access was being resolved while the refresh ran', async () => {
    // The connection's access was looked up before the change; the refresh ran before it joined.
    const store = new MemoryDocStore();
    const table = new Map<string, Access>([
      ['a', WRITE],
      ['late', WRITE],
    ]);
    let releaseLate!: () => void;
    const lateGate = new Promise<void>((resolve) => (releaseLate = resolve));
    let lateLookups = 0;
    const server = new CollabServer({
      store,
      resolveAccess: async (who) => {
        const answer = table.get(who.userId) ?? null;
        if (who.userId === 'late' && lateLookups++ === 0) await lateGate;
        return answer;
      },
    });
    cleanups.push(() => server.close());
    const a = new TestClient(server, identity('a'), DOC).connect();
    await settle();
    const late = new TestClient(server, identity('late'), DOC).connect();
    await settle();
    table.set('late', READ);
    await server.refreshAccess(DOC);
    releaseLate();
    await settle();
    expect(late.open).toBe(true);
    expect(late.lastAccess()?.mode).toBe('read');
    late.type(0, '不应写入');
    await settle();
    expect(await store.history(DOC)).toHaveLength(0);
    expect(a.text()).toBe('');
    a.destroy();
    late.destroy();
  });
});

describe('clientID binding', () => {
  it('a clientID first used by user A and then by user B in a write closes B and stores nothing of B', async () => {
    const { client, store } = setup();
    const a = client('a', { clientID: 4242 });
    a.type(0, '短');
    await settle();
    const historyBefore = await store.history(DOC);
    expect(historyBefore.map((h) => h.userId)).toEqual(['a']);

    // B writes under A's clientID, content A never wrote (longer than A's, so it is new).
    const b = client('b', { clientID: 4242 });
    b.type(0, '冒名顶替的长内容');
    await settle();
    expect(b.closed?.code).toBe(CLOSE.clientIdTaken);
    expect(await store.history(DOC)).toEqual(historyBefore);
    expect(a.text()).toBe('短');
    expect(a.open).toBe(true);
  });

  it('the binding survives a restart (it is stored)', async () => {
    const first = setup();
    const a = first.client('a', { clientID: 777 });
    a.type(0, 'x');
    await settle();
    a.disconnect();
    await first.server.close();
    const second = first.restart();
    const evil = new Y.Doc();
    evil.clientID = 777;
    firstText(evil).insert(0, 'longer content');
    const b = second.client('b');
    await settle();
    b.send(encodeUpdate(Y.encodeStateAsUpdate(evil)));
    await settle();
    expect(b.closed?.code).toBe(CLOSE.clientIdTaken);
    expect((await second.store.history(DOC)).map((h) => h.userId)).toEqual(['a']);
  });

  it('the same user may reuse its clientID from another connection', async () => {
    const { client, store } = setup();
    const tab1 = client('a', { clientID: 99 });
    tab1.type(0, 'one');
    await settle();
    tab1.disconnect();
    const tab2 = client('a', { doc: tab1.doc });
    await settle();
    tab1.destroy();
    tab2.type('end', ' two');
    await settle();
    expect(tab2.open).toBe(true);
    expect(await durableText(store)).toBe('one two');
  });

  it("a writer cannot rewrite another user's already-stored content by resending its clientID's structs", async () => {
    // Structs the room already has are ignored when applied live, but stored verbatim they win
    // when the log is merged on the next load.
    const first = setup();
    const a = first.client('a', { clientID: 1000 });
    a.type(0, 'ab');
    await settle();
    a.type('end', 'cd');
    await settle();
    const b = first.client('b', { clientID: 2000 });
    await settle();
    expect(b.text()).toBe('abcd');

    const forgedA = new Y.Doc();
    forgedA.clientID = 1000;
    firstText(forgedA).insert(0, 'WXYZ'); // same clocks as A's content (1 + 4), other text
    const shadow = new Y.Doc();
    shadow.clientID = 2000;
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(b.doc));
    const before = Y.encodeStateVector(shadow);
    firstText(shadow).insert(4, '!');
    const own = Y.encodeStateAsUpdate(shadow, before);
    b.send(encodeUpdate(Y.mergeUpdates([Y.encodeStateAsUpdate(forgedA), own])));
    await settle();
    // Refused as a whole (4409): the forged structs differ from what the room holds at those clocks.
    expect(b.socket.closed?.code).toBe(CLOSE.clientIdTaken);
    const live = a.text();
    expect(live).toBe('abcd');
    a.disconnect();
    b.disconnect();
    await first.server.close();

    const second = first.restart();
    const c = second.client('c');
    await settle();
    expect(c.text()).toBe(live);
  });
});

describe('awareness', () => {
  it('is relayed with the server-known user fields, not the ones the client claims', async () => {
    const { client } = setup();
    const a = client('a');
    const m = client('m', { identity: { name: '李四', role: 'editor', bureauName: '民政局', color: '#2980b9' } });
    await settle();
    m.awareness.setLocalState({
      user: { id: 'a', name: 'Mallory', role: 'secretary', color: '#000000' },
      cursor: { anchor: { item: { client: 7, clock: 3 }, assoc: 0 }, head: { tname: 'prosemirror', assoc: -1 } },
    });
    await settle();
    const seen = a.presenceOf(m.doc.clientID);
    expect(seen).toBeDefined();
    expect(seen!.cursor).toEqual({ anchor: { item: { client: 7, clock: 3 }, assoc: 0 }, head: { tname: 'prosemirror', assoc: -1 } });
    expect(seen!.user).toEqual({
      id: 'm',
      name: '李四',
      role: 'editor',
      bureauId: 'bureau-m',
      bureau: '民政局',
      color: '#2980b9',
      colorLight: '#2980b933',
    });
    expect(JSON.stringify(a.awareness.getStates().get(m.doc.clientID))).not.toContain('Mallory');
  });

  it('passes on only focus and a well-formed cursor: a malformed cursor becomes null, other fields are dropped', async () => {
    const { client, access } = setup();
    access.get(DOC)!.set('r', READ); // a reader may set its presence too
    const a = client('a');
    const r = client('r');
    await settle();
    expect(r.lastAccess()?.mode).toBe('read');
    const garbage: unknown[] = [
      {},
      { anchor: null },
      { anchor: { item: { client: 1, clock: 2 } } },
      { anchor: { item: { client: '1', clock: 2 } }, head: { item: { client: 1, clock: 2 } } },
      { anchor: { assoc: 0 }, head: { assoc: 0 } },
      { anchor: { tname: 'evil' }, head: { tname: 'evil' } },
      { anchor: { item: { client: 1, clock: -1 } }, head: { tname: 'prosemirror' } },
      { anchor: { item: { client: 1, clock: 2 }, assoc: 'x' }, head: { tname: 'prosemirror' } },
      'cursor',
      42,
      [1, 2],
    ];
    for (const cursor of garbage) {
      r.awareness.setLocalState({ cursor, focus: 'yes', name: 'x'.repeat(1000), evil: { nested: true } });
      await settle();
      expect(a.presenceOf(r.doc.clientID), JSON.stringify(cursor)).toEqual({ cursor: null, user: expect.objectContaining({ id: 'r' }) });
    }
    r.awareness.setLocalState({ focus: true, cursor: { anchor: { item: { client: 1, clock: 2 }, tname: 'prosemirror', extra: 1 }, head: { type: { client: 3, clock: 4 }, assoc: 1 } } });
    await settle();
    expect(a.presenceOf(r.doc.clientID)).toEqual({
      focus: true,
      cursor: { anchor: { item: { client: 1, clock: 2 }, tname: 'prosemirror' }, head: { type: { client: 3, clock: 4 }, assoc: 1 } },
      user: expect.objectContaining({ id: 'r' }),
    });
    r.awareness.setLocalState({ focus: false });
    await settle();
    expect(a.presenceOf(r.doc.clientID)).toEqual({ focus: false, user: expect.objectContaining({ id: 'r' }) });
    expect(r.open).toBe(true);
  });

  it("an entry for a clientID held by another user's live connection is dropped", async () => {
    const { client } = setup();
    const a = client('a');
    a.awareness.setLocalState({ cursor: cursorAt(1) });
    const m = client('m');
    const o = client('o');
    await settle();
    expect(o.presenceOf(a.doc.clientID)).toMatchObject({ cursor: cursorAt(1), user: { id: 'a' } });
    const clock = a.awareness.meta.get(a.doc.clientID)!.clock;
    const forged = awarenessUpdateFor(a.doc.clientID, clock + 5, { cursor: cursorAt(999) });
    m.send(encodeAwareness(forged));
    await settle();
    expect(o.presenceOf(a.doc.clientID)).toMatchObject({ cursor: cursorAt(1), user: { id: 'a' } });
    // Nor may it remove it.
    m.send(encodeAwareness(awarenessUpdateFor(a.doc.clientID, clock + 6, null)));
    await settle();
    expect(o.presenceOf(a.doc.clientID)).toMatchObject({ cursor: cursorAt(1) });
    expect(m.open).toBe(true);
  });

  it('an entry for a clientID bound to another user by a write is dropped even when that user is offline', async () => {
    const { client } = setup();
    const a = client('a', { clientID: 31337 });
    a.type(0, 'x');
    await settle();
    a.disconnect();
    const m = client('m');
    const o = client('o');
    await settle();
    m.send(encodeAwareness(awarenessUpdateFor(31337, 50, { cursor: 'fake' })));
    await settle();
    expect(o.presenceOf(31337)).toBeUndefined();
  });

  it('presence is removed for the others when a connection goes away', async () => {
    const { client } = setup();
    const a = client('a');
    const o = client('o');
    a.awareness.setLocalStateField('cursor', 1);
    await settle();
    expect(o.presenceOf(a.doc.clientID)).toBeDefined();
    a.disconnect();
    await settle();
    expect(o.presenceOf(a.doc.clientID)).toBeUndefined();
  });

  it("a reader's presence comes back after it reconnects while others stay connected", async () => {
    // The stock client re-broadcasts every awareness change it sees, including the removal of
    // a peer that left; that echo must not make the echoing connection the owner of the peer's
    // clientID (the reader never writes, so no binding protects it).
    const { client, access } = setup();
    access.get(DOC)!.set('quzhang', READ);
    const leader = client('quzhang', { identity: { role: 'leader', name: '区长' } });
    leader.awareness.setLocalStateField('cursor', cursorAt(1));
    const editor = client('wjj');
    await settle();
    expect(editor.presenceOf(leader.doc.clientID)).toMatchObject({ user: { id: 'quzhang' } });
    leader.disconnect();
    await settle();
    expect(editor.presenceOf(leader.doc.clientID)).toBeUndefined();
    leader.connect();
    leader.awareness.setLocalStateField('cursor', cursorAt(2));
    await settle();
    expect(editor.presenceOf(leader.doc.clientID)).toMatchObject({ cursor: cursorAt(2), user: { id: 'quzhang' } });
  });

  it("a second tab of the same user does not keep the first tab's presence alive after it closes", async () => {
    const { client } = setup();
    const tab1 = client('a');
    tab1.awareness.setLocalStateField('cursor', cursorAt(1));
    const tab2 = client('a');
    tab2.awareness.setLocalStateField('cursor', cursorAt(9));
    const observer = client('o');
    await settle();
    expect(observer.presenceOf(tab1.doc.clientID)).toBeDefined();
    tab1.disconnect();
    await settle();
    expect(observer.presenceOf(tab1.doc.clientID)).toBeUndefined();
    expect(observer.presenceOf(tab2.doc.clientID)).toBeDefined();
  });

  it('malformed awareness closes the connection with badMessage', async () => {
    const { client } = setup();
    const a = client('a');
    const b = client('b');
    await settle();
    a.send(encodeAwareness(rawAwareness(a.doc.clientID, 1, '[1,2,3]')));
    await settle();
    expect(a.closed?.code).toBe(CLOSE.badMessage);
    expect(b.open).toBe(true);
  });
});

function awarenessUpdateFor(clientID: number, clock: number, state: Record<string, unknown> | null): Uint8Array {
  return rawAwareness(clientID, clock, JSON.stringify(state));
}

function rawAwareness(clientID: number, clock: number, json: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientID);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, json);
  return encoding.toUint8Array(e);
}

describe('malformed input', () => {
  const badFrames: Array<[string, (good: Y.Doc) => Uint8Array]> = [
    ['an empty frame', () => new Uint8Array(0)],
    ['an unknown message type', () => Uint8Array.of(42, 1, 2)],
    ['an unknown sync sub-type', () => Uint8Array.of(MESSAGE_SYNC, 7, 0)],
    ['a truncated update frame', (good) => encodeUpdate(Y.encodeStateAsUpdate(good)).subarray(0, 6)],
    [
      'trailing bytes after an update',
      (good) => {
        const f = encodeUpdate(Y.encodeStateAsUpdate(good));
        const longer = new Uint8Array(f.length + 2);
        longer.set(f);
        return longer;
      },
    ],
    ['an undecodable update payload', () => encodeUpdate(Uint8Array.of(0xff, 0xff, 0xff, 0x01))],
    [
      'an update to a foreign root type',
      () => {
        const d = new Y.Doc();
        d.getMap('metadata').set('status', 'approved');
        return encodeUpdate(Y.encodeStateAsUpdate(d));
      },
    ],
    [
      'a Y.Map directly in the prosemirror fragment',
      () => {
        const d = new Y.Doc();
        d.getXmlFragment('prosemirror').insert(0, [new Y.Map() as unknown as Y.XmlElement]);
        return encodeUpdate(Y.encodeStateAsUpdate(d));
      },
    ],
    ['a number next to existing content', (good) => encodeUpdate(editOfCopy(good, (d) => d.getXmlFragment('prosemirror').insert(1, [42 as unknown as Y.XmlElement])))],
    ['an embed in existing text', (good) => encodeUpdate(editOfCopy(good, (d) => firstText(d).insertEmbed(1, { image: 'x' })))],
  ];

  for (const [name, make] of badFrames) {
    it(`${name}: closes only that connection with badMessage; the document is unchanged`, async () => {
      const { client, store } = setup();
      const a = client('a');
      const b = client('b');
      a.type(0, '正文');
      await settle();
      const historyBefore = await store.history(DOC);

      const x = client('x');
      await settle();
      x.send(make(a.doc));
      x.type('end', '之后的内容');
      await settle();
      expect(x.closed?.code).toBe(CLOSE.badMessage);
      expect(x.closed?.reason.length).toBeGreaterThan(0);
      expect(await store.history(DOC)).toEqual(historyBefore);
      expect(await durableText(store)).toBe('正文');

      a.type('end', '继续');
      await settle();
      expect(a.open).toBe(true);
      expect(b.open).toBe(true);
      expect(b.text()).toBe('正文继续');
      expect((await store.history(DOC)).map((h) => h.userId)).toEqual(['a', 'a']);
    });
  }

  it('an update Yjs cannot integrate is refused before it is stored, and the document stays loadable', async () => {
    // Item (500,0) whose right origin is (500,1), a later clock of its own client.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint(e, 500);
    encoding.writeVarUint(e, 0);
    encoding.writeUint8(e, 4 | 0x40);
    encoding.writeVarUint(e, 500);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, 'a');
    encoding.writeUint8(e, 4);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, 'prosemirror');
    encoding.writeVarString(e, 'b');
    encoding.writeVarUint(e, 0);
    const poison = encoding.toUint8Array(e);

    const first = setup();
    const a = first.client('a');
    a.type(0, '正文');
    await settle();
    const x = first.client('x');
    await settle();
    x.send(encodeUpdate(poison));
    await settle();
    expect(x.closed?.code).toBe(CLOSE.badMessage);
    expect((await first.store.history(DOC)).map((h) => h.userId)).toEqual(['a']);
    a.disconnect();
    await first.server.close();

    const second = first.restart();
    const c = second.client('c');
    await settle();
    expect(c.open).toBe(true);
    expect(c.text()).toBe('正文');
  });

  it('a reader cannot stall the server with a delete range over a huge GC run', async () => {
    const { client, access } = setup();
    access.get(DOC)!.set('r', READ);
    const w = client('w');
    await settle();
    const huge = 2 ** 28;
    w.send(encodeUpdate(gcUpdate(77, 0, huge)));
    await settle();
    const r = client('r');
    await settle();
    const started = performance.now();
    r.send(encodeSyncStep2(deleteOnlyUpdate(77, 0, huge)));
    await settle();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.open).toBe(true);
  }, 60_000);
});

describe('documents and connections', () => {
  it('an unknown document closes with unknownDoc', async () => {
    const { client, store } = setup();
    const x = client('a', { docName: 'no-such-doc' });
    x.type(0, 'x');
    await settle();
    expect(x.closed?.code).toBe(CLOSE.unknownDoc);
    expect(x.socket.frames).toHaveLength(0);
    expect(await store.history('no-such-doc')).toHaveLength(0);
  });

  it('documents are isolated from each other', async () => {
    const { client } = setup();
    const a1 = client('a');
    const b2 = client('b', { docName: 'section-2' });
    await settle();
    a1.type(0, '一');
    await settle();
    expect(b2.text()).toBe('');
    expect(b2.updatesReceived).toBe(0);
  });

  it('an empty room is unloaded after the delay and reloads from the store', async () => {
    const { client, server } = setup();
    const a = client('a');
    a.type(0, '卸载');
    await settle();
    expect(server.loadedCount).toBe(1);
    a.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await settle();
    expect(server.loadedCount).toBe(0);
    const b = client('b');
    await settle();
    expect(b.text()).toBe('卸载');
  });

  it('close() lets queued writes become durable, then closes connections with goingAway', async () => {
    const store = new GatedStore();
    const { client, server } = setup({ store });
    const a = client('a');
    await settle();
    store.hold = true;
    a.type(0, '关机前');
    await settle();
    const closing = server.close();
    await settle();
    expect(a.open).toBe(true);
    store.release();
    await closing;
    expect(a.closed?.code).toBe(CLOSE.goingAway);
    expect(await durableText(store)).toBe('关机前');
    const late = new TestClient(server, identity('z'), DOC).connect();
    await settle();
    expect(late.closed?.code).toBe(CLOSE.goingAway);
    late.destroy();
  });
});

/** A MemoryDocStore whose appends can be held back, recording the order of events. */
class GatedStore extends MemoryDocStore {
  readonly events: string[] = [];
  hold = false;
  private waiting: Array<() => void> = [];
  override async append(entries: readonly AppendEntry[]): Promise<number[]> {
    this.events.push(`append-start:${entries.length}`);
    if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const seqs = await super.append(entries);
    this.events.push(`append-done:${seqs.join(',')}`);
    return seqs;
  }
  release(): void {
    this.hold = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

describe('durability', () => {
  it('an update reaches other clients only after the store has it', async () => {
    const store = new GatedStore();
    const { client } = setup({ store });
    const a = client('a');
    const b = client('b');
    await settle();
    b.onFrame = (data) => {
      if (data[0] === MESSAGE_SYNC && data[1] === SYNC_UPDATE) store.events.push('b-received-update');
    };
    store.hold = true;
    a.type(0, '先落盘');
    await settle();
    expect(store.events).toEqual(['append-start:1']);
    expect(b.text()).toBe('');
    expect(b.updatesReceived).toBe(0);

    // A client that syncs now must not be served the update either.
    const c = client('c');
    await settle();
    expect(c.text()).toBe('');

    store.release();
    await settle();
    expect(store.events).toEqual(['append-start:1', 'append-done:1', 'b-received-update']);
    expect(b.text()).toBe('先落盘');
    expect(c.text()).toBe('先落盘');
  });

  it('keystrokes arriving while an append is in flight are validated and grouped into the next append', async () => {
    const store = new GatedStore();
    const { client } = setup({ store });
    const a = client('a');
    const b = client('b');
    await settle();
    store.hold = true;
    a.type(0, '1');
    await settle();
    a.type(1, '2');
    a.type(2, '3');
    a.type(3, '4');
    await settle();
    store.release();
    await settle();
    expect(store.events).toEqual(['append-start:1', 'append-done:1', 'append-start:3', 'append-done:2,3,4']);
    expect(b.text()).toBe('1234');
    expect(a.open).toBe(true);
  });

  it('content kinds are checked against parents from writes accepted but still being stored', async () => {
    const store = new GatedStore();
    const { client } = setup({ store });
    const a = client('a');
    const b = client('b');
    const x = client('x');
    await settle();
    store.hold = true;
    a.type(0, '1'); // creates the XmlText: accepted, not yet applied
    await settle();
    // x learns a's text (as if relayed by another path) and embeds a Y.Map in it.
    x.send(encodeUpdate(editOfCopy(a.doc, (d) => firstText(d).insertEmbed(1, new Y.Map()))));
    a.type(1, '2'); // references the same unapplied text: fine
    await settle();
    store.release();
    await settle();
    expect(x.closed?.code).toBe(CLOSE.badMessage);
    expect(x.closed?.reason).toMatch(/a Y\.Map in an XmlText/);
    expect(a.open).toBe(true);
    expect(b.text()).toBe('12');
    expect((await store.history(DOC)).map((h) => h.userId)).toEqual(['a', 'a']);
  });

  it('a flush is answered only once the updates sent before it are durable', async () => {
    const store = new GatedStore();
    const { client } = setup({ store });
    const a = client('a');
    await settle();
    store.hold = true;
    a.type(0, '提交前最后一句');
    a.send(encodeFlush(7));
    await settle();
    expect(a.flushed).toEqual([]);
    store.release();
    await settle();
    expect(a.flushed).toEqual([7]);
    expect(await durableText(store)).toBe('提交前最后一句');
    // With nothing pending it is answered at once.
    a.send(encodeFlush(8));
    await settle();
    expect(a.flushed).toEqual([7, 8]);
  });

  it('a read-only connection’s flush is answered after its refused write was refused', async () => {
    const { client, store, access } = setup();
    access.get(DOC)!.set('a', READ);
    const a = client('a');
    await settle();
    a.type(0, '只读');
    a.send(encodeFlush(1));
    await settle();
    expect(a.denied.length).toBeGreaterThan(0);
    expect(a.flushed).toEqual([1]);
    expect(await durableText(store)).toBe('');
  });

  it('a store failure closes the connections with storeFailed; nothing is applied; new connections load the durable state', async () => {
    const { client, store, server } = setup();
    const a = client('a');
    const b = client('b');
    a.type(0, '已保存');
    await settle();
    const historyBefore = await store.history(DOC);

    store.failNextAppend = new Error('disk full');
    a.type('end', '未保存');
    await settle();
    expect(a.closed?.code).toBe(CLOSE.storeFailed);
    expect(b.closed?.code).toBe(CLOSE.storeFailed);
    expect(b.text()).toBe('已保存');
    expect(await store.history(DOC)).toEqual(historyBefore);

    const c = client('c');
    await settle();
    expect(c.open).toBe(true);
    expect(c.text()).toBe('已保存');
    expect(textOf(await server.doc(DOC))).toBe('已保存');

    // The writer reconnects and its step 2 resends what was lost.
    a.connect();
    await settle();
    expect(a.open).toBe(true);
    expect(c.text()).toBe('已保存未保存');
    expect(await durableText(store)).toBe('已保存未保存');
  });
});

describe('checkpoints', () => {
  it('a live room checkpoints at most once per interval, unless ten times checkpointEvery updates came', async () => {
    const first = setup({ checkpointEvery: 5, checkpointIntervalMs: 60_000 });
    const checkpoints: number[] = [];
    const write = first.store.checkpoint.bind(first.store);
    first.store.checkpoint = async (docName, state, uptoSeq) => {
      checkpoints.push(uptoSeq);
      return write(docName, state, uptoSeq);
    };
    const a = first.client('a');
    await settle();
    const type = async (n: number) => {
      for (let i = 0; i < n; i++) {
        a.type('end', '字');
        await settle();
      }
    };
    // The first is due after 5 updates; within the interval the next only after 50 more.
    await type(30);
    expect(checkpoints).toHaveLength(1);
    await type(30);
    expect(checkpoints).toHaveLength(2);
    expect(checkpoints[1]! - checkpoints[0]!).toBeGreaterThanOrEqual(50);
  });

  it('with checkpointEvery 5, 12 updates leave a checkpoint and a fresh server loads identical content', async () => {
    const first = setup({ checkpointEvery: 5, checkpointIntervalMs: 0 });
    const a = first.client('a');
    await settle();
    for (let i = 0; i < 12; i++) {
      a.type('end', String.fromCharCode(0x4e00 + i));
      await settle();
    }
    a.erase(0, 1);
    await settle();
    const history = await first.store.history(DOC);
    expect(history).toHaveLength(13);
    const loaded = await first.store.load(DOC);
    expect(loaded.checkpoint).not.toBeNull();
    expect(loaded.checkpointSeq).toBeGreaterThanOrEqual(history[4]!.seq);
    expect(loaded.updates).toHaveLength(history.filter((h) => h.seq > loaded.checkpointSeq).length);
    expect(loaded.updates.length).toBeLessThan(5);

    // The checkpoint holds exactly the log up to its seq.
    const fromCheckpoint = new Y.Doc();
    Y.applyUpdate(fromCheckpoint, loaded.checkpoint!);
    const fromLog = new Y.Doc();
    for (const h of history.filter((u) => u.seq <= loaded.checkpointSeq)) Y.applyUpdate(fromLog, h.update);
    expect(textOf(fromCheckpoint)).toBe(textOf(fromLog));
    expect(Y.encodeStateVector(fromCheckpoint)).toEqual(Y.encodeStateVector(fromLog));
    // The log itself is kept.
    expect(history[0]!.seq).toBeLessThan(loaded.checkpointSeq);

    const live = a.text();
    const liveVector = Y.encodeStateVector(await first.server.doc(DOC));
    a.disconnect();
    await first.server.close();

    const second = first.restart();
    const doc = await second.server.doc(DOC);
    expect(textOf(doc)).toBe(live);
    expect(Y.encodeStateVector(doc)).toEqual(liveVector);
    const c = second.client('c');
    await settle();
    expect(c.text()).toBe(live);
  });
});

describe('server-side changes', () => {
  it('change() stores the edit with its author before open editors receive it', async () => {
    const { client, server, store } = setup();
    const a = client('a');
    await settle();
    const changed = await server.change(DOC, identity('merger'), (doc) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('合稿内容')]);
      doc.getXmlFragment('prosemirror').insert(0, [p]);
    });
    await settle();
    expect(changed).toBe(true);
    expect(a.text()).toContain('合稿内容');
    const history = await store.history(DOC);
    expect(history.map((h) => h.userId)).toEqual(['merger']);
    expect(await durableText(store)).toContain('合稿内容');
    expect(await server.change(DOC, identity('merger'), () => undefined)).toBe(false);
  });
});

describe('several servers on one store (peers)', () => {
  /** Two servers over one store, linked by a hub. */
  function cluster(options: Partial<CollabServerOptions> = {}) {
    const hub = new PeerHub();
    const one = setup({ ...options, peers: hub.link('one') });
    const two = one.restart({ peers: hub.link('two') });
    return { hub, one, two };
  }

  it('clients on different servers see each other type; each update is stored once', async () => {
    const { one, two } = cluster();
    const a = one.client('a');
    await settle();
    a.type('end', '各区');
    await settle();
    const b = two.client('b');
    await settle();
    expect(b.text()).toBe('各区');
    b.type('end', '县');
    await settle();
    a.type('end', '市');
    await settle();
    expect(a.text()).toBe('各区县市');
    expect(b.text()).toBe('各区县市');
    expect(await durableText(one.store)).toBe('各区县市');
    expect(one.stored.length + two.stored.length).toBe((await one.store.history(DOC)).length);
  });

  it('a server that lost messages catches up from the store when told of the gap', async () => {
    const { hub, one, two } = cluster();
    const a = one.client('a');
    const b = two.client('b');
    await settle();
    a.type('end', '一');
    await settle();
    expect(b.text()).toBe('一');
    hub.lose(2);
    a.type('end', '二');
    await settle();
    a.type('end', '三');
    await settle();
    expect(b.text()).toBe('一');
    hub.gap();
    await settle();
    expect(b.text()).toBe('一二三');
    // Typing goes on from there on both sides.
    b.type('end', '四');
    await settle();
    expect(a.text()).toBe('一二三四');
  });

  it('a clientID bound on one server is refused to another user on the other', async () => {
    const { one, two } = cluster();
    // The document is open on server two before a binds clientID 777 on server one: two learns
    // the binding from one's message, not from loading the store.
    two.client('b');
    await settle();
    const a = one.client('a', { clientID: 777 });
    a.type(0, '甲');
    await settle();
    // Mallory writes under 777 content a never wrote (longer, so it is new).
    const mallory = two.client('m', { clientID: 777 });
    mallory.type(0, '冒名顶替的长内容');
    await settle();
    expect(mallory.closed?.code).toBe(CLOSE.clientIdTaken);
    expect(await durableText(one.store)).toBe('甲');
  });

  it('presence crosses servers, stamped with its user, and leaves with its connection', async () => {
    const { one, two } = cluster();
    const a = one.client('a');
    const b = two.client('b');
    await settle();
    a.awareness.setLocalStateField('cursor', cursorAt(1));
    await settle();
    expect(b.presenceOf(a.doc.clientID)).toMatchObject({ cursor: cursorAt(1), user: expect.objectContaining({ id: 'a' }) });
    a.disconnect();
    await settle();
    expect(b.presenceOf(a.doc.clientID)).toBeUndefined();
  });

  it("a checkpoint holds every update up to its seq, also another server's still on its way", async () => {
    const { hub, one, two } = cluster({ checkpointEvery: 3, checkpointIntervalMs: 0 });
    const a = one.client('a');
    const b = two.client('b');
    await settle();
    a.type('end', '起');
    await settle();
    // Server one does not hear of b's typing, then writes enough to checkpoint.
    hub.lose(1);
    b.type('end', '乙');
    await settle();
    for (const ch of '一二三四') {
      a.type('end', ch);
      await settle();
    }
    const loaded = await one.store.load(DOC);
    expect(loaded.checkpoint).not.toBeNull();
    const fromCheckpoint = new Y.Doc();
    Y.applyUpdate(fromCheckpoint, loaded.checkpoint!);
    for (const u of loaded.updates) Y.applyUpdate(fromCheckpoint, u);
    expect(textOf(fromCheckpoint)).toBe(await durableText(one.store));
    expect(textOf(fromCheckpoint)).toContain('乙');
  });
});

describe('access checks in line', () => {
  /** A resolver whose checks wait until released, counting how many run at once. */
  function heldResolver() {
    const state = { running: 0, most: 0, calls: 0, release: [] as (() => void)[] };
    const resolveAccess = async (): Promise<Access> => {
      state.calls++;
      state.running++;
      state.most = Math.max(state.most, state.running);
      await new Promise<void>((resolve) => state.release.push(resolve));
      state.running--;
      return WRITE;
    };
    const releaseAll = async () => {
      // Released checks let the next ones start: keep releasing until none waits.
      while (state.release.length > 0 || state.running > 0) {
        for (const release of state.release.splice(0)) release();
        await settle(3);
      }
    };
    return { state, resolveAccess, releaseAll };
  }

  it('a burst of opens runs at most `accessChecksAtOnce` checks at once, and every connection opens', async () => {
    const held = heldResolver();
    const { client } = setup({ resolveAccess: held.resolveAccess, accessChecksAtOnce: 3 });
    const clients = Array.from({ length: 25 }, (_, i) => client(`u${i}`, { docName: i % 2 ? 'section-2' : DOC }));
    await settle();
    expect(held.state.running).toBe(3);
    expect(clients.every((c) => c.lastAccess() === undefined)).toBe(true);
    await held.releaseAll();
    await settle();
    expect(held.state.most).toBe(3);
    expect(held.state.calls).toBe(25);
    expect(clients.map((c) => c.lastAccess())).toEqual(clients.map(() => ({ mode: 'write', reason: '' })));
  });

  it('a refresh of many connections goes through the same line', async () => {
    const held = heldResolver();
    const { server, client } = setup({ resolveAccess: held.resolveAccess, accessChecksAtOnce: 2 });
    const clients = Array.from({ length: 12 }, (_, i) => client(`u${i}`));
    await held.releaseAll();
    expect(held.state.calls).toBe(12);
    held.state.most = 0;
    const refreshed = server.refreshAccess(DOC);
    await settle();
    expect(held.state.running).toBe(2);
    await held.releaseAll();
    await refreshed;
    expect(held.state.most).toBe(2);
    expect(held.state.calls).toBe(24);
    expect(clients.every((c) => c.open)).toBe(true);
  });
});
