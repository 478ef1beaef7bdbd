/**
 * A collaboration socket never outlives the login session it was opened under. Collab tokens are
 * bound to the session that asked for them: after logout (or a password reset) they open nothing,
 * though they have not expired. Logout closes that session's open sockets at once with 4401 —
 * per-document sockets opened with a token and the cookie-authenticated `/collab-mux` alike —
 * and leaves the same user's other sessions alone; the session's report event streams end with it.
 * A password reset runs in the CLI's own
 * process, so there the server's check (`HEGAO_ACCOUNT_CHECK_SECONDS`) closes the sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { ApiClient, sectionOf } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { RawSocket } from '../helpers/rawSocket.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { openEventStream } from '../helpers/eventStream.js';
import type { Db } from '@hegao/storage';

const UNAUTHENTICATED = 4401;

/** Checks only every 10 minutes: whatever closes within a few seconds was closed by the logout itself. */
let server: ServerProcess;
/** Checks every second, for the password reset done by the CLI in another process. */
let watched: ServerProcess;
/** The servers' databases (SQLite files or PostgreSQL databases). */
let db: Db;
let watchedDb: Db;
const clients: CollabClient[] = [];
const raws: RawSocket[] = [];
const muxes: WebSocket[] = [];

beforeAll(async () => {
  [server, watched] = await Promise.all([ServerProcess.start({ HEGAO_ACCOUNT_CHECK_SECONDS: '600' }), ServerProcess.start({ HEGAO_ACCOUNT_CHECK_SECONDS: '1' })]);
  [db, watchedDb] = await Promise.all([server.openDb(), watched.openDb()]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const r of raws) r.close();
  for (const m of muxes) m.terminate();
  await Promise.all([db?.close(), watchedDb?.close()]);
  await Promise.all([server?.dispose(), watched?.dispose()]);
});

/** Opens `/collab-mux` with a session cookie and subscribes one document; resolves once the server answered. */
async function openMux(target: ServerProcess, api: ApiClient, docName: string): Promise<{ ws: WebSocket; closed: () => { code: number; reason: string } | null }> {
  const ws = new WebSocket(`ws://127.0.0.1:${target.port}/collab-mux`, { headers: { cookie: api.cookie, origin: target.url } });
  muxes.push(ws);
  let closed: { code: number; reason: string } | null = null;
  let frames = 0;
  ws.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
  ws.on('message', () => frames++);
  ws.on('error', () => undefined);
  await new Promise<void>((resolve) => ws.once('open', () => resolve()));
  const e = encoding.createEncoder();
  encoding.writeVarString(e, docName);
  encoding.writeVarUint(e, 0); // open
  ws.send(encoding.toUint8Array(e));
  await waitFor(() => frames > 0 || closed !== null, 'mux answer');
  expect(closed).toBeNull();
  return { ws, closed: () => closed };
}

describe('logout', () => {
  it('a collab token obtained before logout opens nothing afterwards (4401), though it has not expired', async () => {
    const api = await ApiClient.login(server.url, 'wjj');
    const section = await sectionOf(api, '卫健局');
    const token = await api.token(section.docName);
    // The token works while its session lives.
    const before = await RawSocket.open(server.wsUrl, section.docName, token);
    raws.push(before);
    expect(before.closed).toBeNull();
    before.close();

    expect((await api.post('/api/auth/logout')).status).toBe(204);
    const after = await RawSocket.open(server.wsUrl, section.docName, token);
    raws.push(after);
    expect(await after.waitClosed()).toEqual({ code: UNAUTHENTICATED, reason: 'token of an ended session' });
    expect(after.frames).toEqual([]);
  });

  it("closes the session's open sockets at once with 4401 (token and mux), and not those of the user's other session", async () => {
    const laptop = await ApiClient.login(server.url, 'fgj');
    const phone = await ApiClient.login(server.url, 'fgj');
    const section = await sectionOf(laptop, '发改局');
    const onLaptop = await CollabClient.open(laptop, server.wsUrl, section.docName);
    const onPhone = await CollabClient.open(phone, server.wsUrl, section.docName);
    clients.push(onLaptop, onPhone);
    const mux = await openMux(server, laptop, section.docName);

    const started = Date.now();
    expect((await laptop.post('/api/auth/logout')).status).toBe(204);
    await waitFor(() => onLaptop.closes.length > 0 && mux.closed() !== null, 'the laptop session’s sockets closed', 5_000);
    // Far within the 10-minute account check: the logout closed them.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(onLaptop.closes).toEqual([{ code: UNAUTHENTICATED, reason: 'signed out' }]);
    expect(mux.closed()).toEqual({ code: UNAUTHENTICATED, reason: 'signed out' });
    // The stock client treats 4401 as final: it does not come back with its old token.
    expect(onLaptop.provider.shouldConnect).toBe(false);

    // The other session of the same user keeps its socket and keeps writing.
    onPhone.appendParagraph('另一台设备上的会话仍可编辑。');
    await waitFor(async () => (await storedXml(db, section.docName)).includes('另一台设备上的会话仍可编辑。'), 'stored from the other session');
    expect(onPhone.closes).toEqual([]);
    expect(onPhone.provider.wsconnected).toBe(true);
    // Text typed on the signed-out laptop after the close reaches nobody.
    onLaptop.appendParagraph('退出登录之后写的。');
    await waitFor(() => onPhone.xml().includes('另一台设备上的会话仍可编辑。'), 'phone up to date');
    expect(await storedXml(db, section.docName)).not.toContain('退出登录之后写的。');
    expect(server.output).toMatch(/"msg":"logout closed collaboration sockets".*"sockets":2/);
  });
});


describe('logout and report event streams', () => {
  it("ends the session's open event streams at once, and not those of the user's other session", async () => {
    const laptop = await ApiClient.login(server.url, 'nyj');
    const phone = await ApiClient.login(server.url, 'nyj');
    const section = await sectionOf(laptop, '农业农村局');
    const report = (await laptop.get<{ id: string }[]>('/api/reports')).body[0]!;
    const onLaptop = await openEventStream(server.url, laptop, report.id);
    const onPhone = await openEventStream(server.url, phone, report.id);
    const laptopCookie = laptop.cookie;
    try {
      expect((await laptop.post('/api/auth/logout')).status).toBe(204);
      await waitFor(() => onLaptop.ended(), 'the signed-out event stream ended', 5_000);
      // The other session's stream stays open and keeps receiving events.
      const bgs = await ApiClient.login(server.url, 'bgs');
      expect((await bgs.request('PATCH', `/api/sections/${section.id}`, { instruction: '不超过600字' })).status).toBe(200);
      await waitFor(() => /event: (?!ready)/.test(onPhone.text()), 'the other session still hears events');
      expect(onPhone.ended()).toBe(false);
      // Reconnecting with the ended session is refused.
      expect((await fetch(`${server.url}/api/reports/${report.id}/events`, { headers: { cookie: laptopCookie } })).status).toBe(401);
    } finally {
      await Promise.all([onLaptop.cancel(), onPhone.cancel()]);
    }
  });
});

describe('password reset (CLI)', () => {
  it("closes the old sessions' sockets within the check interval even once the user signed in again, and refuses their tokens", async () => {
    const old = await ApiClient.login(watched.url, 'mzj');
    const section = await sectionOf(old, '民政局');
    const open = await CollabClient.open(old, watched.wsUrl, section.docName);
    clients.push(open);
    const oldToken = await old.token(section.docName);

    const reset = watched.cli(['user', 'reset-password', 'mzj', '--password', 'new-password-2020']);
    expect(reset.status, reset.stderr).toBe(0);
    // Signed in again at once with the new password: the user has a live session, but not the old one.
    const fresh = await ApiClient.login(watched.url, 'mzj', 'new-password-2020');
    await waitFor(() => open.closes.length > 0, 'the old session’s socket closed', 10_000);
    expect(open.closes[0]).toEqual({ code: UNAUTHENTICATED, reason: 'session ended' });

    const stale = await RawSocket.open(watched.wsUrl, section.docName, oldToken);
    raws.push(stale);
    expect(await stale.waitClosed()).toEqual({ code: UNAUTHENTICATED, reason: 'token of an ended session' });

    // The new session works, and stays open through further checks.
    const again = await CollabClient.open(fresh, watched.wsUrl, section.docName);
    clients.push(again);
    again.appendParagraph('重置密码后重新登录写的。');
    await waitFor(async () => (await storedXml(watchedDb, section.docName)).includes('重置密码后重新登录写的。'), 'stored from the new session');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(again.closes).toEqual([]);
  });
});
