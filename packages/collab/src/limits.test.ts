import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CollabServer } from './CollabServer.js';
import type { Connection } from './Connection.js';
import type { AppendEntry } from './DocStore.js';
import { DEFAULT_CONNECTION_LIMITS } from './limits.js';
import { MemoryDocStore } from './MemoryDocStore.js';
import { CLOSE, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, SYNC_STEP1, encodeUpdate } from './protocol.js';
import type { CollabIdentity, CollabSocket } from './types.js';

const DOC = 'section-1';

function identity(userId: string): CollabIdentity {
  return { userId, username: userId, name: userId, role: 'editor', bureauId: null, bureauName: null, color: '#000000' };
}

async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A socket that records what it is sent and lets the test say how much it holds unsent. */
class Socket implements CollabSocket {
  frames: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  buffered = 0;
  pauses = 0;
  resumes = 0;
  send(data: Uint8Array): void {
    this.frames.push(data);
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }
  bufferedAmount(): number {
    return this.buffered;
  }
  pause(): void {
    this.pauses++;
  }
  resume(): void {
    this.resumes++;
  }
}

/** A store whose appends wait for `open()`: writes stay accepted but not applied meanwhile. */
class GatedStore extends MemoryDocStore {
  private gate: Promise<void> = new Promise(() => undefined);
  open!: () => void;
  constructor() {
    super();
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  override async append(entries: readonly AppendEntry[]): Promise<number[]> {
    await this.gate;
    return super.append(entries);
  }
}

function syncStep1(stateVector: Uint8Array = new Uint8Array([0])): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP1);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

function queryAwareness(): Uint8Array {
  return new Uint8Array([MESSAGE_QUERY_AWARENESS]);
}

/** A document with `chars` characters typed by clientID `client`, as one update. */
function textUpdate(client: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  const p = new Y.XmlElement('paragraph');
  doc.getXmlFragment('prosemirror').insert(0, [p]);
  p.insert(0, [new Y.XmlText(text)]);
  return Y.encodeStateAsUpdate(doc);
}

async function setup(store = new MemoryDocStore(), limits = DEFAULT_CONNECTION_LIMITS) {
  const server = new CollabServer({ store, resolveAccess: async () => ({ read: true, write: true, reason: '' }), unloadDelayMs: 10, limits });
  const connect = async (userId = 'u1') => {
    const socket = new Socket();
    const conn = server.connect(socket, identity(userId), DOC);
    await settle();
    return { socket, conn };
  };
  return { server, connect, store };
}

describe('sync answers', () => {
  it('encodes the document once per state vector while it is unchanged, and anew after a change', async () => {
    const { server, connect } = await setup();
    const a = await connect();
    server.receive(a.conn, encodeUpdate(textUpdate(11, '上半年工作总结')));
    await settle();
    const b = await connect('u2');
    const before = b.socket.frames.length;
    server.receive(b.conn, syncStep1());
    server.receive(a.conn, syncStep1());
    await settle();
    const answerB = b.socket.frames[before]!;
    const answerA = a.socket.frames.at(-1)!;
    // One encoding shared by both answers (same bytes object), not two encodings.
    expect(answerA).toBe(answerB);
    server.receive(a.conn, encodeUpdate(textUpdate(12, '下半年')));
    await settle();
    server.receive(b.conn, syncStep1());
    await settle();
    const fresh = b.socket.frames.at(-1)!;
    expect(fresh).not.toBe(answerB);
    expect(fresh.byteLength).toBeGreaterThan(answerB.byteLength);
  });
});

describe('rate of sync requests', () => {
  it('closes a connection that keeps asking for the whole document with 4429', async () => {
    const { server, connect } = await setup();
    const { socket, conn } = await connect();
    const burst = DEFAULT_CONNECTION_LIMITS.syncRequests.burst;
    for (let i = 0; i < burst; i++) server.receive(conn, i % 2 ? syncStep1() : queryAwareness());
    await settle();
    expect(socket.closed).toBeNull();
    server.receive(conn, syncStep1());
    await settle();
    expect(socket.closed?.code).toBe(CLOSE.tooMany);
  });
});

describe('a client that does not read', () => {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, stallMs: 150 };

  it('has its request for the whole document wait until it has read, then answered', async () => {
    const { server, connect } = await setup(new MemoryDocStore(), limits);
    const reader = await connect('reader');
    reader.socket.buffered = DEFAULT_CONNECTION_LIMITS.maxBufferedBytes + 5000;
    const sent = reader.socket.frames.length;
    server.receive(reader.conn, syncStep1());
    await settle();
    expect(reader.socket.frames.length).toBe(sent);
    // It reads a little at a time: still waiting, not closed.
    reader.socket.buffered -= 1000;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reader.socket.frames.length).toBe(sent);
    reader.socket.buffered = 0;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(reader.socket.frames.length).toBe(sent + 1);
    expect(reader.socket.closed).toBeNull();
  });

  it('is closed with 4503 when its buffer does not shrink, and nothing is encoded for it', async () => {
    const { server, connect } = await setup(new MemoryDocStore(), limits);
    const writer = await connect('writer');
    const reader = await connect('reader');
    reader.socket.buffered = DEFAULT_CONNECTION_LIMITS.maxBufferedBytes + 1;
    const sent = reader.socket.frames.length;
    server.receive(reader.conn, syncStep1());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.socket.closed?.code).toBe(CLOSE.notReading);
    expect(reader.socket.frames.length).toBe(sent);
    // The room goes on for everyone else.
    server.receive(writer.conn, encodeUpdate(textUpdate(21, '正文')));
    await settle();
    expect(writer.socket.closed).toBeNull();
    expect(reader.socket.frames.length).toBe(sent);
  });

  it('is closed when a relay finds its buffer over the hard limit', async () => {
    const { server, connect } = await setup();
    const writer = await connect('writer');
    const reader = await connect('reader');
    reader.socket.buffered = DEFAULT_CONNECTION_LIMITS.maxBufferedBytes + 1;
    server.receive(writer.conn, encodeUpdate(textUpdate(31, '正文')));
    await settle();
    // Over the soft limit only: live edits still go out.
    expect(reader.socket.closed).toBeNull();
    reader.socket.buffered = DEFAULT_CONNECTION_LIMITS.closeAtBufferedBytes + 1;
    server.receive(writer.conn, encodeUpdate(textUpdate(32, '更多')));
    await settle();
    expect(reader.socket.closed?.code).toBe(CLOSE.notReading);
    expect(writer.socket.closed).toBeNull();
  });
});

describe('a fast sender', () => {
  it('has its socket paused while too many frames wait, and resumed once they are handled', async () => {
    const store = new MemoryDocStore();
    let release!: () => void;
    const loaded = new Promise<void>((resolve) => (release = resolve));
    const load = store.load.bind(store);
    store.load = async (name: string) => {
      await loaded;
      return load(name);
    };
    const { server } = await setup(store);
    const socket = new Socket();
    const conn: Connection = server.connect(socket, identity('u1'), DOC);
    // The room is still loading: every frame waits.
    // Auth frames ([2]): handled and ignored, and not rate-limited like sync requests.
    for (let i = 0; i <= DEFAULT_CONNECTION_LIMITS.pauseAtFrames; i++) server.receive(conn, new Uint8Array([2]));
    expect(socket.pauses).toBe(1);
    expect(socket.resumes).toBe(0);
    release();
    await settle(50);
    expect(socket.resumes).toBe(1);
  });
});

describe('one clientID used by two users at once', () => {
  it('refuses the second user with 4409 even when the clocks it sends are already counted', async () => {
    const store = new GatedStore();
    const { server, connect } = await setup(store);
    const a = await connect('alice');
    const b = await connect('bob');
    // Same clientID, same clock range, different text: Alice's write is accepted, not yet stored.
    server.receive(a.conn, encodeUpdate(textUpdate(77, '甲乙丙丁')));
    await settle();
    server.receive(b.conn, encodeUpdate(textUpdate(77, '戊己庚辛')));
    await settle();
    expect(b.socket.closed?.code).toBe(CLOSE.clientIdTaken);
    store.open();
    await settle();
    expect(a.socket.closed).toBeNull();
    const stored = (await store.history(DOC)).map((u) => u.userId);
    expect(stored).toEqual(['alice']);
  });

  it('tells the second writer 4409 even when its content reads as invalid against the first one', async () => {
    const store = new GatedStore();
    const { server, connect } = await setup(store);
    const a = await connect('alice');
    const b = await connect('bob');
    const alice = new Y.Doc();
    alice.clientID = 79;
    const p = new Y.XmlElement('paragraph');
    alice.getXmlFragment('prosemirror').insert(0, [p]);
    p.insert(0, [new Y.XmlText()]); // clocks 0 (paragraph) and 1 (its XmlText)
    server.receive(a.conn, encodeUpdate(Y.encodeStateAsUpdate(alice)));
    await settle();
    // Bob's clock 1 is a list; his list item (clock 2) lands in it — in Alice's document clock 1 is
    // an XmlText, where an element may not go.
    const bob = new Y.Doc();
    bob.clientID = 79;
    const list = new Y.XmlElement('bullet_list');
    bob.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('paragraph'), list]);
    list.insert(0, [new Y.XmlElement('list_item')]);
    server.receive(b.conn, encodeUpdate(Y.encodeStateAsUpdate(bob)));
    await settle();
    expect(b.socket.closed?.code).toBe(CLOSE.clientIdTaken);
    store.open();
    await settle();
    expect((await store.history(DOC)).map((u) => u.userId)).toEqual(['alice']);
  });

  it('refuses different content under an applied clientID of another user, and takes back the same content', async () => {
    const { server, connect, store } = await setup();
    const a = await connect('alice');
    const b = await connect('bob');
    const c = await connect('carol');
    const alices = textUpdate(78, '甲乙丙丁');
    server.receive(a.conn, encodeUpdate(alices));
    await settle();
    // Carol's client resends what it received from the server: same content, accepted, nothing stored.
    server.receive(c.conn, encodeUpdate(alices));
    await settle();
    expect(c.socket.closed).toBeNull();
    server.receive(b.conn, encodeUpdate(textUpdate(78, '甲乙丙戊')));
    await settle();
    expect(b.socket.closed?.code).toBe(CLOSE.clientIdTaken);
    expect((await store.history(DOC)).map((u) => u.userId)).toEqual(['alice']);
  });
});

describe('awareness flood', () => {
  it('relays at most the burst at once, then the newest state once the rate allows', async () => {
    const { server, connect } = await setup();
    const sender = await connect('sender');
    const watcher = await connect('watcher');
    const { burst, perSecond } = DEFAULT_CONNECTION_LIMITS.awarenessUpdates;
    const received = () => watcher.socket.frames.filter((f) => f[0] === 1).length;
    const before = received();
    const start = performance.now();
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    for (let i = 0; i < 500; i++) {
      awareness.setLocalStateField('focus', i % 2 === 0);
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
      server.receive(sender.conn, encoding.toUint8Array(e));
    }
    await settle();
    // The burst, plus what the rate refilled while a loaded machine handled the 500 frames.
    const refilled = Math.floor(((performance.now() - start) * perSecond) / 1000);
    const atOnce = received() - before;
    expect(atOnce).toBeGreaterThanOrEqual(burst);
    expect(atOnce).toBeLessThanOrEqual(burst + refilled);
    expect(atOnce).toBeLessThan(50);
    // The newest state (focus false: i = 499) follows once the rate allows.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await settle();
    expect(received() - before).toBeGreaterThan(atOnce);
    const last = watcher.socket.frames.filter((f) => f[0] === 1).at(-1)!;
    const d = decoding.createDecoder(last);
    decoding.readVarUint(d);
    const states = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(states, decoding.readVarUint8Array(d), null);
    expect(states.getStates().get(doc.clientID)).toMatchObject({ focus: false });
    expect(sender.socket.closed).toBeNull();
  });
});
