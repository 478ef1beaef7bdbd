/**
 * The multiplexed socket `/collab-mux`: one WebSocket, many documents, each with the same rights,
 * storage and refusals as its own `/collab/:docName` socket.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CLOSE, MESSAGE_ACCESS } from '@hegao/collab';
import { ApiClient, sectionOf, type SectionJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { upgradeWithEarlyFrames } from '../helpers/rawSocket.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedUpdates, storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

const OPEN = 0;
const DATA = 1;
const CLOSE_FRAME = 2;
const OPENED = 3;

interface Received {
  docName: string;
  kind: number;
  data?: Uint8Array;
  code?: number;
  reason?: string;
}

function frame(docName: string, kind: number, data?: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, docName);
  encoding.writeVarUint(e, kind);
  if (data) encoding.writeVarUint8Array(e, data);
  return encoding.toUint8Array(e);
}

/** A y-websocket "update" message carrying a Yjs update. */
function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

class MuxClient {
  readonly received: Received[] = [];
  closed: { code: number } | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(raw));
      const docName = decoding.readVarString(d);
      const kind = decoding.readVarUint(d);
      if (kind === DATA) this.received.push({ docName, kind, data: decoding.readVarUint8Array(d) });
      else if (kind === CLOSE_FRAME) this.received.push({ docName, kind, code: decoding.readVarUint(d), reason: decoding.readVarString(d) });
      else this.received.push({ docName, kind });
    });
    ws.on('close', (code) => (this.closed = { code }));
    ws.on('error', () => undefined);
  }
  static async open(server: ServerProcess, api: ApiClient, query = ''): Promise<MuxClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/collab-mux${query}`, { headers: { cookie: api.cookie, origin: server.url } });
    const client = new MuxClient(ws);
    await new Promise<void>((resolve) => {
      ws.once('open', () => resolve());
      ws.once('close', () => resolve());
    });
    return client;
  }
  send(docName: string, kind: number, data?: Uint8Array): void {
    this.ws.send(frame(docName, kind, data));
  }
  /** Access states (type-100 messages) received for a document. */
  access(docName: string): string[] {
    return this.received
      .filter((r) => r.docName === docName && r.kind === DATA && r.data![0] === MESSAGE_ACCESS)
      .map((r) => {
        const d = decoding.createDecoder(r.data!);
        decoding.readVarUint(d);
        return (JSON.parse(decoding.readVarString(d)) as { mode: string }).mode;
      });
  }
}

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
let wjj: ApiClient;
let own: SectionJson;
let other: SectionJson;
const sockets: MuxClient[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
  wjj = await ApiClient.login(server.url, 'wjj');
  own = await sectionOf(wjj, '卫健局');
  other = await sectionOf(await ApiClient.login(server.url, 'fgj'), '发改局');
});

afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await db?.close();
  await server?.dispose();
});

describe('/collab-mux', () => {
  it('carries several documents with their own rights; writes are stored and relayed like on their own sockets', async () => {
    const mux = await MuxClient.open(server, wjj);
    sockets.push(mux);
    mux.send(own.docName, OPEN);
    mux.send(other.docName, OPEN);
    await waitFor(() => mux.access(own.docName).length > 0 && mux.access(other.docName).length > 0, 'access messages');
    expect(mux.received.find((r) => r.docName === own.docName)!.kind).toBe(OPENED);
    expect(mux.access(own.docName)).toEqual(['write']);
    expect(mux.access(other.docName)).toEqual(['read']);

    // A reader of the section on its own socket sees what the mux writer types.
    const reader = await CollabClient.open(await ApiClient.login(server.url, 'quzhang'), server.wsUrl, own.docName);
    const doc = new Y.Doc();
    const stored = await storedUpdates(db, own.docName);
    for (const row of stored) Y.applyUpdate(doc, new Uint8Array(row.data));
    const before = Y.encodeStateVector(doc);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('经由复用连接写入。')]);
    doc.getXmlFragment('prosemirror').insert(0, [p]);
    mux.send(own.docName, DATA, updateMessage(Y.encodeStateAsUpdate(doc, before)));
    await waitFor(() => reader.xml().includes('经由复用连接写入。'), 'relayed to the reader');
    expect(await storedXml(db, own.docName)).toContain('经由复用连接写入。');

    // The same write to the other bureau's section is refused and not stored.
    const otherBefore = (await storedUpdates(db, other.docName)).length;
    const od = new Y.Doc();
    const op = new Y.XmlElement('paragraph');
    op.insert(0, [new Y.XmlText('越权')]);
    od.getXmlFragment('prosemirror').insert(0, [op]);
    mux.send(other.docName, DATA, updateMessage(Y.encodeStateAsUpdate(od)));
    await waitFor(() => mux.received.some((r) => r.docName === other.docName && r.kind === DATA && r.data![0] === 2), 'permission denied');
    expect(await storedUpdates(db, other.docName)).toHaveLength(otherBefore);
    reader.destroy();
  });

  it('closes only the document that fails (unknown document, data before open) and keeps the socket', async () => {
    const mux = await MuxClient.open(server, wjj);
    sockets.push(mux);
    mux.send('section-nope', OPEN);
    mux.send(own.docName, DATA, new Uint8Array([0, 0, 1, 0]));
    await waitFor(() => mux.received.filter((r) => r.kind === CLOSE_FRAME).length >= 2, 'per-document closes');
    const closes = mux.received.filter((r) => r.kind === CLOSE_FRAME);
    expect(closes.find((c) => c.docName === 'section-nope')!.code).toBe(CLOSE.unknownDoc);
    expect(closes.find((c) => c.docName === own.docName)!.code).toBe(CLOSE.badMessage);
    expect(mux.closed).toBeNull();
    mux.send(own.docName, OPEN);
    await waitFor(() => mux.access(own.docName).length > 0, 'still usable');
  });

  it('refuses a malformed frame (4400), a collab token instead of the cookie (4401) and a foreign origin (403)', async () => {
    const mux = await MuxClient.open(server, wjj);
    sockets.push(mux);
    mux.ws.send(new Uint8Array([200, 1, 2]));
    await waitFor(() => mux.closed !== null, 'close');
    expect(mux.closed!.code).toBe(CLOSE.badMessage);

    const token = await wjj.token(own.docName);
    const anonymous = new ApiClient(server.url);
    const withToken = await MuxClient.open(server, anonymous, `?token=${encodeURIComponent(token)}`);
    sockets.push(withToken);
    await waitFor(() => withToken.closed !== null, 'refused');
    expect(withToken.closed!.code).toBe(CLOSE.unauthenticated);

    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/collab-mux`, { headers: { cookie: wjj.cookie, origin: 'https://evil.example' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });

  it('subscriptions sent with the handshake, before the socket is authenticated, are all kept (a page opens every section at once)', async () => {
    // More frames than a single-document socket may send before it is authenticated (64).
    const opens = Array.from({ length: 150 }, (_, i) => frame(i % 2 === 0 ? own.docName : other.docName, OPEN));
    const opened = (frames: Uint8Array[]) =>
      frames.filter((f) => {
        const d = decoding.createDecoder(f);
        decoding.readVarString(d);
        return decoding.readVarUint(d) === OPENED;
      }).length;
    const answer = await upgradeWithEarlyFrames(server.url, '/collab-mux', opens, { cookie: wjj.cookie, until: (a) => opened(a.frames) >= 150 });
    expect(answer.status).toBe(101);
    expect(answer.closed).toBeNull();
    expect(opened(answer.frames)).toBe(150);
  });

  it('a downgrade reaches the document on the shared socket at once', async () => {
    const nyj = await ApiClient.login(server.url, 'nyj');
    const section = await sectionOf(nyj, '农业农村局');
    const mux = await MuxClient.open(server, nyj);
    sockets.push(mux);
    mux.send(section.docName, OPEN);
    await waitFor(() => mux.access(section.docName).length > 0, 'access');
    expect((await nyj.post(`/api/sections/${section.id}/submit`)).status).toBe(200);
    await waitFor(() => mux.access(section.docName).at(-1) === 'read', 'downgrade');
  });
});
