/**
 * Connection quotas across two servers of a cluster (tests/helpers/cluster.ts: two real server
 * processes on one private PostgreSQL and one private Redis), with small configured limits: a
 * user's collaboration sockets and report event streams on both servers meet ONE per-user limit,
 * and a client address's sockets one per-address limit, refused past it as on a single server
 * (4429 after authentication; HTTP 429 instead of the upgrade; 429 `too_many_streams` with its
 * Chinese message). A connection closed on one server frees its slot for the other.
 *
 * The servers trust X-Forwarded-For from 127.0.0.1, so each scenario comes from addresses of its own.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '@hegao/collab';
import { ApiClient, demoReport, sectionOf } from '../helpers/api.js';
import { Cluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/collabClient.js';
import { openEventStream, type EventStream } from '../helpers/eventStream.js';

const SOCKETS_PER_USER = 2;
const SOCKETS_PER_ADDRESS = 3;
const STREAMS_PER_USER = 2;
const STREAM_REFUSAL = { error: 'too_many_streams', message: '打开的页面过多，请关闭其他窗口或标签页后刷新本页' };

let cluster: Cluster;
const sockets: Socket[] = [];
const streams: EventStream[] = [];

beforeAll(async () => {
  cluster = await Cluster.start({
    servers: 2,
    env: {
      HEGAO_MAX_SOCKETS_PER_USER: String(SOCKETS_PER_USER),
      HEGAO_MAX_SOCKETS_PER_ADDRESS: String(SOCKETS_PER_ADDRESS),
      HEGAO_MAX_STREAMS_PER_USER: String(STREAMS_PER_USER),
      HEGAO_TRUSTED_PROXIES: '127.0.0.1',
    },
  });
});

afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await Promise.all(streams.map((s) => s.cancel()));
  await cluster?.dispose();
});

/** A raw collab socket from a given client address: how the server answered, and what it sent. */
interface Socket {
  ws: WebSocket;
  /** HTTP status when the upgrade was refused. */
  refusedWith: number | null;
  frames: number;
  closed: { code: number; reason: string } | null;
}

/**
 * Opens `docName` on server `i` with a collab token of `api`, from `address`; resolves once the
 * first frame arrived (accepted: the access message follows authentication and the quota), the
 * socket was closed, or the upgrade refused.
 */
async function openSocket(i: number, api: ApiClient, docName: string, address: string): Promise<Socket> {
  const token = await api.token(docName);
  const ws = new WebSocket(`${cluster.server(i).wsUrl}/${encodeURIComponent(docName)}?token=${encodeURIComponent(token)}`, { headers: { 'x-forwarded-for': address } });
  const socket: Socket = { ws, refusedWith: null, frames: 0, closed: null };
  sockets.push(socket);
  ws.on('unexpected-response', (_req, res) => {
    socket.refusedWith = res.statusCode ?? 0;
    res.resume();
    ws.terminate();
  });
  ws.on('message', () => socket.frames++);
  ws.on('close', (code, reason) => (socket.closed = { code, reason: reason.toString() }));
  ws.on('error', () => undefined);
  await waitFor(() => socket.frames > 0 || socket.closed !== null || socket.refusedWith !== null, 'socket answered');
  return socket;
}

/** Whether the socket was accepted and is still open. */
const open = (s: Socket) => s.frames > 0 && s.closed === null && s.refusedWith === null;

/** A GET of the report's event stream on server `i`, its body read only when refused. */
async function streamAnswer(i: number, api: ApiClient, reportId: string): Promise<{ status: number; body: unknown }> {
  const ctl = new AbortController();
  const res = await fetch(`${cluster.server(i).url}/api/reports/${reportId}/events`, { headers: { cookie: api.cookie }, signal: ctl.signal });
  if (res.status === 200) {
    ctl.abort();
    return { status: 200, body: null };
  }
  return { status: res.status, body: await res.json() };
}

/** Signed in on server 0; the session works on either server. */
async function signIn(username: string): Promise<ApiClient> {
  return ApiClient.login(cluster.server(0).url, username);
}

describe('connection quotas are one budget for the cluster', () => {
  it('a user\'s sockets on two servers meet one per-user limit (4429); one closed frees a slot on the other server', async () => {
    const leader = await signIn('quzhang');
    const { docName } = await sectionOf(leader, '农业农村局');
    const first = await openSocket(0, leader, docName, '192.0.2.1');
    const second = await openSocket(1, leader, docName, '192.0.2.2');
    expect([open(first), open(second)]).toEqual([true, true]);
    // The third, on either server, is refused after authentication, as on one server.
    for (const i of [0, 1]) {
      const extra = await openSocket(i, leader, docName, '192.0.2.3');
      await waitFor(() => extra.closed !== null, 'refused socket closed');
      expect(extra.frames).toBe(0);
      expect(extra.closed).toEqual({ code: CLOSE.tooMany, reason: 'too many sockets for this user' });
    }
    // Another user is not affected.
    const editor = await signIn('nyj');
    const other = await openSocket(1, editor, docName, '192.0.2.4');
    expect(open(other)).toBe(true);
    other.ws.close();
    // Closing the socket on server 0 frees its slot for server 1.
    first.ws.close();
    let again: Socket | null = null;
    await waitFor(async () => {
      again = await openSocket(1, leader, docName, '192.0.2.5');
      return open(again);
    }, 'a slot again after one closed', 15_000);
    expect(open(second)).toBe(true);
  });

  it('an address\'s sockets on two servers meet one per-address limit: 429 instead of the upgrade', async () => {
    const [wjj, mzj] = [await signIn('wjj'), await signIn('mzj')];
    const [health, civil] = [(await sectionOf(wjj, '卫健局')).docName, (await sectionOf(mzj, '民政局')).docName];
    const address = '198.51.100.7';
    const held = [await openSocket(0, wjj, health, address), await openSocket(1, mzj, civil, address), await openSocket(1, wjj, health, address)];
    expect(held.map(open)).toEqual([true, true, true]);
    // Per user mzj has room for one more, but the address is full on both servers.
    for (const i of [0, 1]) {
      const extra = await openSocket(i, mzj, civil, address);
      expect(extra.refusedWith).toBe(429);
    }
    // From another address mzj is accepted.
    const elsewhere = await openSocket(0, mzj, civil, '198.51.100.8');
    expect(open(elsewhere)).toBe(true);
  });

  it('a user\'s event streams on two servers meet one per-user limit: 429 too_many_streams with its message', async () => {
    const office = await signIn('bgs');
    const reportId = (await demoReport(office)).id;
    streams.push(await openEventStream(cluster.server(0).url, office, reportId));
    streams.push(await openEventStream(cluster.server(1).url, office, reportId));
    for (const i of [0, 1]) expect(await streamAnswer(i, office, reportId)).toEqual({ status: 429, body: STREAM_REFUSAL });
    // Another user is not affected.
    expect((await streamAnswer(1, await signIn('fgj'), reportId)).status).toBe(200);
    // The stream on server 1 ends: server 0 takes one again.
    await streams[1]!.cancel();
    await waitFor(async () => (await streamAnswer(0, office, reportId)).status === 200, 'a stream again after one ended', 15_000);
    expect(streams[0]!.ended()).toBe(false);
  });
});
