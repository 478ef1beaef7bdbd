/**
 * No user can stall the server or grow its memory with a few kilobytes of requests (issue 11).
 * Each attack found by the adversarial review runs against a real server process: the attacker
 * is cut off with its documented close code, the server's peak memory (VmHWM of the process)
 * grows by far less than the attack would cost unbounded, `/api/me` is answered while the attack
 * frames are still arriving, other users carry on, and nothing stored changes.
 *
 * Assertions are on memory and ordering, never on wall-clock thresholds: CI machines are shared.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { ApiClient, sectionOf, type SectionJson } from '../helpers/api.js';
import { CollabClient, sleep, waitFor } from '../helpers/collabClient.js';
import { RawSocket } from '../helpers/rawSocket.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedUpdates, userId } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

const TOO_MANY = 4429;
const NOT_READING = 4503;
const CLIENT_ID_TAKEN = 4409;
const MiB = 1024 * 1024;

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
let wjj: ApiClient;
let bgs: ApiClient;
let quzhang: ApiClient;
let section: SectionJson;
/** The section's text: large, like the 606 KB section of the review. */
let writer: CollabClient;

/** The server process's memory in bytes: now (VmRSS) and at its peak so far (VmHWM). */
function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** Sync step 1 with an empty state vector: "send me the whole document". */
const SYNC_STEP1_EMPTY = frame((e) => {
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, new Uint8Array([0]));
});

/** 合稿 flush [101, id]: answered once everything sent before was handled. */
function flushFrame(id: number): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, 101);
    encoding.writeVarUint(e, id);
  });
}

/** A paragraph of `chars` Chinese characters (3 bytes each in UTF-8). */
function bigText(chars: number, seed: string): string {
  const base = `${seed}推进健康示例区建设，完善公共卫生服务体系，`;
  return base.repeat(Math.ceil(chars / base.length)).slice(0, chars);
}

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
  wjj = await ApiClient.login(server.url, 'wjj');
  bgs = await ApiClient.login(server.url, 'bgs');
  quzhang = await ApiClient.login(server.url, 'quzhang');
  section = await sectionOf(wjj, '卫健局');
  writer = await CollabClient.open(wjj, server.wsUrl, section.docName);
  const seeded = (await storedUpdates(db, section.docName)).length;
  // ~600 KB of text in 6 paragraphs (one stored update each), as the review's section had.
  for (let i = 0; i < 6; i++) writer.appendParagraph(bigText(33_000, `第${i}段`));
  await waitFor(async () => (await storedUpdates(db, section.docName)).length === seeded + 6, 'large section stored', 30_000);
}, 120_000);

afterAll(async () => {
  writer?.destroy();
  await db?.close();
  await server?.dispose();
});

describe('sync step 1 flood from a read-only leader who does not read', () => {
  it('cuts the attacker off with 4429, answers /api/me meanwhile, and keeps memory flat', async () => {
    const rows = (await storedUpdates(db, section.docName)).length;
    const before = memory();
    const attacker = await RawSocket.open(server.wsUrl, section.docName, await quzhang.token(section.docName));
    attacker.ws.pause();
    // 3,000 requests (12 KB) for a 600 KB document: 1.8 GB of answers if each were encoded and
    // queued; the flush at the end would be answered once all were handled.
    for (let i = 0; i < 3000; i++) attacker.send(SYNC_STEP1_EMPTY);
    attacker.send(flushFrame(1));
    const me = await bgs.get('/api/me');
    expect(me.status).toBe(200);
    await waitFor(() => server.output.includes('"code":4429'), 'attacker refused', 20_000);
    attacker.ws.resume();
    expect((await attacker.waitClosed()).code).toBe(TOO_MANY);
    // The flush was never answered: the server stopped handling the attacker's frames.
    expect(attacker.frames.some((f) => f[0] === 101)).toBe(false);
    const after = memory();
    expect(after.peak - before.peak).toBeLessThan(64 * MiB);
    // Nothing stored changed; other users carry on.
    expect((await storedUpdates(db, section.docName)).length).toBe(rows);
    const reader = await CollabClient.open(bgs, server.wsUrl, section.docName);
    writer.appendParagraph('攻击之后的一段');
    await waitFor(() => reader.xml().includes('攻击之后的一段'), 'relay after the attack');
    reader.destroy();
    const wjjId = await userId(db, 'wjj');
    expect((await storedUpdates(db, section.docName)).slice(rows).every((r) => r.user_id === wjjId)).toBe(true);
  });

  it('closes a reader whose buffer passes the limit (4503) while the writer goes on', async () => {
    const before = memory();
    const slow = await RawSocket.open(server.wsUrl, section.docName, await quzhang.token(section.docName));
    slow.ws.pause();
    const reader = await CollabClient.open(bgs, server.wsUrl, section.docName);
    // 30 MB relayed to a client that reads nothing: past what the kernel's buffers take, and past
    // the 16 MiB the server holds for a socket before closing it.
    // The server drops a closed reader that has not read its close frame within 5 s, so the slow
    // client starts reading the moment the server closes it, not after the writer's last paragraph.
    const closedByServer = () => server.output.includes('the client does not read');
    const resumeOnClose = setInterval(() => {
      if (closedByServer()) slow.ws.resume();
    }, 20);
    try {
      for (let i = 0; i < 30 && !closedByServer(); i++) {
        writer.appendParagraph(bigText(330_000, `补充${i}`));
        await waitFor(() => reader.xml().includes(`补充${i}`), `relay ${i}`, 30_000);
      }
      await waitFor(closedByServer, 'slow reader closed', 30_000);
      slow.ws.resume();
    } finally {
      clearInterval(resumeOnClose);
    }
    expect((await slow.waitClosed(15_000)).code).toBe(NOT_READING);
    expect(memory().peak - before.peak).toBeLessThan(256 * MiB);
    reader.destroy();
  }, 120_000);
});

describe('reopen flood on the multiplexed socket', () => {
  it('closes the socket with 4429 long before 20,000 opens are handled, and keeps memory flat', async () => {
    const before = memory();
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/collab-mux`, { headers: { cookie: quzhang.cookie } });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    await new Promise((resolve) => ws.once('open', resolve));
    const open = frame((e) => {
      encoding.writeVarString(e, section.docName);
      encoding.writeVarUint(e, 0);
    });
    let opened = 0;
    let answered = 0;
    ws.on('message', (data: Buffer) => {
      answered++;
      if (data.subarray(1 + data[0]!)[0] === 3) opened++;
    });
    // The flood starts once the socket is authenticated (the first open answered): frames sent
    // before that are the early-frame limit's (1008), which a slower session lookup (PostgreSQL) would hit instead.
    ws.send(open);
    await waitFor(() => answered > 0, 'the first open answered');
    const floodStart = Date.now();
    for (let i = 1; i < 20_000; i++) ws.send(open);
    expect((await wjj.get('/api/me')).status).toBe(200);
    expect(await closed).toBe(TOO_MANY);
    const floodSeconds = (Date.now() - floodStart) / 1000;
    // 1,000 at once (MUX_OPEN_RATE), plus 20 a second while the flood arrives (a loaded machine
    // takes longer to read it): far from the 20,000 sent.
    expect(opened).toBeLessThanOrEqual(1000 + Math.ceil(20 * floodSeconds) + 1);
    expect(opened).toBeLessThan(2000);
    expect(memory().peak - before.peak).toBeLessThan(64 * MiB);
  });
});

describe('odd structures', () => {
  /** One struct of a new clientID: a GC of `length`, the whole update. */
  function gcUpdate(client: number, length: number): Uint8Array {
    return frame((e) => {
      encoding.writeVarUint(e, 1); // clients
      encoding.writeVarUint(e, 1); // structs of this client
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, 0); // clock
      encoding.writeUint8(e, 0); // GC
      encoding.writeVarUint(e, length);
      encoding.writeVarUint(e, 0); // empty delete set
    });
  }

  /** One item of a new clientID in the root fragment holding deleted content of `length`. */
  function deletedUpdate(client: number, length: number): Uint8Array {
    return frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, 1); // item, ContentDeleted, no origins
      encoding.writeVarUint(e, 1); // parent is a root type, by name
      encoding.writeVarString(e, 'prosemirror');
      encoding.writeVarUint(e, length);
      encoding.writeVarUint(e, 0);
    });
  }

  /** An element of `nodeName` with text, appended to the stored section under a new clientID. */
  async function elementUpdate(client: number, nodeName: string, text: string): Promise<Uint8Array> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates((await storedUpdates(db, section.docName)).map((r) => new Uint8Array(r.data))));
    doc.clientID = client;
    const before = Y.encodeStateVector(doc);
    const fragment = doc.getXmlFragment('prosemirror');
    const element = new Y.XmlElement(nodeName);
    element.insert(0, [new Y.XmlText(text)]);
    fragment.insert(fragment.length, [element]);
    const update = Y.encodeStateAsUpdate(doc, before);
    doc.destroy();
    return update;
  }

  async function sectionText(): Promise<string> {
    return (await wjj.get<{ text: string }>(`/api/sections/${section.id}/text`)).body.text;
  }

  it('refuses huge garbage-collected and deleted lengths and unknown node names (4400), storing nothing', async () => {
    const rows = (await storedUpdates(db, section.docName)).length;
    const text = await sectionText();
    const attacks = [gcUpdate(0x51, Number.MAX_SAFE_INTEGER), deletedUpdate(0x52, 2 ** 45), await elementUpdate(0x53, 'parigraph', '读者看得见、服务器看不见的文字')];
    for (const update of attacks) {
      const socket = await RawSocket.open(server.wsUrl, section.docName, await wjj.token(section.docName));
      socket.sendUpdate(update);
      expect((await socket.waitClosed()).code).toBe(4400);
    }
    expect((await storedUpdates(db, section.docName)).length).toBe(rows);
    expect(await sectionText()).toBe(text);
    // No stored clock past a sane bound.
    for (const row of await storedUpdates(db, section.docName)) {
      for (const clock of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(new Uint8Array(row.data))).values()) expect(clock).toBeLessThan(2 ** 31);
    }
  });

  it('shows every reader the same text: the text endpoint and a stock client agree', async () => {
    const socket = await RawSocket.open(server.wsUrl, section.docName, await wjj.token(section.docName));
    socket.sendUpdate(await elementUpdate(0x54, 'paragraph', '合法的一段'));
    await waitFor(async () => (await storedUpdates(db, section.docName)).some((r) => Y.decodeStateVector(Y.encodeStateVectorFromUpdate(new Uint8Array(r.data))).has(0x54)), 'legit paragraph stored');
    socket.close();
    const reader = await CollabClient.open(bgs, server.wsUrl, section.docName);
    const stock: string[] = [];
    for (const block of reader.fragment.toArray()) {
      if (block instanceof Y.XmlElement) stock.push(block.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join(''));
    }
    reader.destroy();
    expect(stock.at(-1)).toBe('合法的一段');
    expect(await sectionText()).toBe(stock.join('\n'));
  });
});

describe('one clientID used by two users', () => {
  it('refuses the second user with 4409 and stores nothing of theirs', async () => {
    const added = server.cli(['user', 'add', 'wjj2', '--name', '李四', '--role', 'editor', '--bureau', '卫健局', '--password', 'second-editor-pw']);
    expect(added.status, added.stderr).toBe(0);
    const wjj2 = await ApiClient.login(server.url, 'wjj2', 'second-editor-pw');
    const clientID = 0x5eed1234;
    const rows = await storedUpdates(db, section.docName);
    // The first user writes under the clientID...
    const first = new CollabClient(server.wsUrl, section.docName, await wjj.token(section.docName), { doc: withClientID(clientID) });
    await first.synced();
    first.appendParagraph('甲写的内容');
    await waitFor(async () => (await storedUpdates(db, section.docName)).length === rows.length + 1, 'first write stored');
    // ...the second user sends other, shorter content under the same clientID and clocks
    // (Yjs alone would skip it as already known, and the second user would never learn).
    const forgedUpdate = await forgeSameClock(clientID, '乙伪造');
    const socket = await RawSocket.open(server.wsUrl, section.docName, await wjj2.token(section.docName));
    socket.sendUpdate(forgedUpdate);
    expect((await socket.waitClosed()).code).toBe(CLIENT_ID_TAKEN);
    await sleep(100);
    const after = await storedUpdates(db, section.docName);
    expect(after.length).toBe(rows.length + 1);
    first.destroy();
  });
});

describe('sockets and event streams per user', () => {
  it('refuses the 101st socket of one user with 4429 and the 21st event stream with 429', async () => {
    const token = await quzhang.token(section.docName);
    const sockets: RawSocket[] = [];
    for (let i = 0; i < 100; i++) sockets.push(await RawSocket.open(server.wsUrl, section.docName, token));
    expect(sockets.every((s) => s.closed === null)).toBe(true);
    const extra = await RawSocket.open(server.wsUrl, section.docName, token);
    expect((await extra.waitClosed()).code).toBe(TOO_MANY);
    // Another user is not affected.
    const other = await RawSocket.open(server.wsUrl, section.docName, await bgs.token(section.docName));
    expect(other.closed).toBeNull();
    other.close();
    // One closed: the next is accepted again.
    sockets.pop()!.close();
    await sleep(200);
    const again = await RawSocket.open(server.wsUrl, section.docName, token);
    await sleep(200);
    expect(again.closed).toBeNull();
    sockets.push(again);
    for (const s of sockets) s.close();

    const report = (await quzhang.get<{ id: string; title: string }[]>('/api/reports')).body[0]!.id;
    const streams: AbortController[] = [];
    for (let i = 0; i < 20; i++) {
      const ctl = new AbortController();
      const res = await fetch(`${server.url}/api/reports/${report}/events`, { headers: { cookie: quzhang.cookie }, signal: ctl.signal });
      expect(res.status).toBe(200);
      streams.push(ctl);
    }
    const refused = await fetch(`${server.url}/api/reports/${report}/events`, { headers: { cookie: quzhang.cookie } });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: string; message: string };
    expect(body.error).toBe('too_many_streams');
    expect(body.message).toMatch(/页面过多/);
    for (const ctl of streams) ctl.abort();
    await waitFor(() => false, 'never', 300).catch(() => undefined);
    const ok = new AbortController();
    const res = await fetch(`${server.url}/api/reports/${report}/events`, { headers: { cookie: quzhang.cookie }, signal: ok.signal });
    expect(res.status).toBe(200);
    ok.abort();
  });
});

function withClientID(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

/**
 * An update under `clientID` starting at clock 0, as if that clientID had written nothing yet: a
 * paragraph with `text` at the end of the section (the stored document without that clientID's
 * writes).
 */
async function forgeSameClock(clientID: number, text: string): Promise<Uint8Array> {
  const base = new Y.Doc();
  const others = (await storedUpdates(db, section.docName))
    .filter((r) => !Y.decodeStateVector(Y.encodeStateVectorFromUpdate(r.data)).has(clientID))
    .map((r) => r.data);
  Y.applyUpdate(base, Y.mergeUpdates(others));
  base.clientID = clientID;
  const before = Y.encodeStateVector(base);
  const fragment = base.getXmlFragment('prosemirror');
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [p]);
  const update = Y.encodeStateAsUpdate(base, before);
  base.destroy();
  return update;
}
