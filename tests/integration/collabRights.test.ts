/**
 * The collaboration server against the stock y-websocket client: convergence, read-only
 * connections, live downgrade on submit, write rights moved by a reassignment, clientID binding
 * and stamped awareness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '@hegao/collab';
import { personColor } from '@hegao/domain';
import { ApiClient, demoReport, sectionOf, type SectionJson } from '../helpers/api.js';
import { CollabClient, sleep, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { bureauPeers, storedUpdates, storedXml, userId } from '../helpers/store.js';
import { RawSocket } from '../helpers/rawSocket.js';
import type { Db } from '@hegao/storage';

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
const clients: CollabClient[] = [];

async function open(api: ApiClient, docName: string, doc?: Y.Doc): Promise<CollabClient> {
  const client = await CollabClient.open(api, server.wsUrl, docName, doc ? { doc } : {});
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
  const created = server.cli(['user', 'add', 'wjj2', '--name', '王卫', '--role', 'editor', '--bureau', '卫健局', '--password', 'second-editor-pw']);
  expect(created.status, created.stderr).toBe(0);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await db?.close();
  await server?.dispose();
});

describe('write rights on the collaboration socket', () => {
  let section: SectionJson;
  let wjj: ApiClient;

  beforeAll(async () => {
    wjj = await ApiClient.login(server.url, 'wjj');
    section = await sectionOf(wjj, '卫健局');
  });

  it('two editors of the assigned bureau converge, and the store records each author', async () => {
    const wjj2 = await ApiClient.login(server.url, 'wjj2', 'second-editor-pw');
    const a = await open(wjj, section.docName);
    const b = await open(wjj2, section.docName);
    expect(a.mode).toBe('write');
    expect(b.mode).toBe('write');
    a.appendParagraph('甲：全区累计接种疫苗X万剂次。');
    b.appendParagraph('乙：核酸检测能力提升到每日X万份。');
    await waitFor(() => a.xml() === b.xml() && a.xml().includes('乙：') && a.xml().includes('甲：'), 'convergence');
    await waitFor(async () => await storedXml(db, section.docName) === a.xml(), 'store to match');
    const authors = new Set((await storedUpdates(db, section.docName)).map((r) => r.user_id));
    expect(authors).toContain(await userId(db, 'wjj'));
    expect(authors).toContain(await userId(db, 'wjj2'));
  });

  it('a leader and another bureau receive live updates but their writes are refused, not relayed, not stored', async () => {
    const leader = await ApiClient.login(server.url, 'quzhang');
    const other = await ApiClient.login(server.url, 'fgj');
    const writer = await open(wjj, section.docName);
    const l = await open(leader, section.docName);
    const o = await open(other, section.docName);
    await waitFor(() => l.mode === 'read' && o.mode === 'read', 'read-only access messages');
    expect(l.access.at(-1)!.reason).toContain('领导');
    expect(o.access.at(-1)!.reason).toContain('未分配');

    writer.appendParagraph('实时：新增定点医院X家。');
    await waitFor(() => l.xml().includes('新增定点医院') && o.xml().includes('新增定点医院'), 'live update to readers');

    const before = (await storedUpdates(db, section.docName)).length;
    l.appendParagraph('领导私自修改');
    o.appendParagraph('发改局越权修改');
    await waitFor(() => l.denied.length > 0 && o.denied.length > 0, 'permission denied messages');
    writer.appendParagraph('之后的正常编辑。');
    await waitFor(() => l.xml().includes('之后的正常编辑'), 'later update');
    await sleep(200);
    expect(writer.xml()).not.toContain('领导私自修改');
    expect(writer.xml()).not.toContain('发改局越权修改');
    const stored = await storedXml(db, section.docName);
    expect(stored).not.toContain('领导私自修改');
    expect(stored).not.toContain('发改局越权修改');
    expect((await storedUpdates(db, section.docName)).length).toBe(before + 1);
    // A fresh reader sees the server's truth, without the refused writes.
    const fresh = await open(await ApiClient.login(server.url, 'mzj'), section.docName);
    expect(fresh.xml()).toBe(writer.xml());
  });

  it('after a submit the open editor becomes read-only without reconnecting, and is upgraded again on return', async () => {
    const secretary = await ApiClient.login(server.url, 'bgs');
    const nyj = await ApiClient.login(server.url, 'nyj');
    const own = await sectionOf(nyj, '农业农村局');
    const a = await open(nyj, own.docName);
    const watcher = await open(secretary, own.docName);
    expect(a.mode).toBe('write');
    const socketBefore = a.provider.ws;

    const submitted = await nyj.post(`/api/sections/${own.id}/submit`);
    expect(submitted.status).toBe(200);
    await waitFor(() => a.mode === 'read', 'downgrade after submit');
    expect(a.access.at(-1)!.reason).toContain('已提交');
    expect(a.provider.ws).toBe(socketBefore);

    const before = (await storedUpdates(db, own.docName)).length;
    a.appendParagraph('提交后的偷偷修改');
    await waitFor(() => a.denied.length > 0, 'refusal after submit');
    await sleep(200);
    expect(watcher.xml()).not.toContain('提交后的偷偷修改');
    expect((await storedUpdates(db, own.docName)).length).toBe(before);
    // The secretary reviews it: submitted sections are writable for the 办公室.
    expect(watcher.mode).toBe('write');

    const returned = await secretary.post(`/api/sections/${own.id}/return`, { reason: '请补充6月底的数据' });
    expect(returned.status).toBe(200);
    await waitFor(() => a.mode === 'write', 'upgrade after return');
    expect(watcher.mode).toBe('read');
    expect(a.provider.ws).toBe(socketBefore);
  });

  it('a reassignment moves write rights on open connections without reconnecting', async () => {
    const secretary = await ApiClient.login(server.url, 'bgs');
    const fgj = await ApiClient.login(server.url, 'fgj');
    // The last drafting 卫健局 section: the other tests here work on the first.
    const target = (await demoReport(wjj)).sections.filter((s) => s.status === 'drafting' && s.bureaus.some((b) => b.name === '卫健局')).at(-1)!;
    expect(target.id).not.toBe(section.id);
    const fgjBureau = (await secretary.get<{ id: string; name: string }[]>('/api/bureaus')).body.find((b) => b.name === '发改局')!;

    const former = await open(wjj, target.docName);
    const next = await open(fgj, target.docName);
    const watcher = await open(await ApiClient.login(server.url, 'quzhang'), target.docName);
    await waitFor(() => former.mode === 'write' && next.mode === 'read' && watcher.mode === 'read', 'initial access messages');
    expect(next.access.at(-1)!.reason).toContain('未分配');
    const sockets = [former.provider.ws, next.provider.ws];

    const assigned = await secretary.put<SectionJson>(`/api/sections/${target.id}/assignment`, { bureauIds: [fgjBureau.id] });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.bureaus).toEqual([{ id: fgjBureau.id, name: '发改局' }]);
    // Rights are re-evaluated before the response: the new access messages are on their way.
    await waitFor(() => former.mode === 'read' && next.mode === 'write', 'rights moved to 发改局');
    expect(former.access.at(-1)!.reason).toContain('未分配');
    expect([former.provider.ws, next.provider.ws]).toEqual(sockets);
    expect(former.closes).toEqual([]);
    expect(next.closes).toEqual([]);

    // The former writer's next edit is refused: not relayed, not stored.
    const before = (await storedUpdates(db, target.docName)).length;
    former.appendParagraph('卫健局改派后的修改');
    await waitFor(() => former.denied.length > 0, 'refusal of the former writer');
    // The new writer's edit is stored and relayed, to the former writer too.
    next.appendParagraph('发改局接手后补充的内容。');
    await waitFor(() => watcher.xml().includes('发改局接手后补充的内容') && former.xml().includes('发改局接手后补充的内容'), 'relay of the new writer');
    await waitFor(async () => (await storedXml(db, target.docName)).includes('发改局接手后补充的内容'), 'new writer stored');
    await sleep(200);
    expect(watcher.xml()).not.toContain('卫健局改派后的修改');
    expect(next.xml()).not.toContain('卫健局改派后的修改');
    expect(await storedXml(db, target.docName)).not.toContain('卫健局改派后的修改');
    expect((await storedUpdates(db, target.docName)).length).toBe(before + 1);
    expect((await storedUpdates(db, target.docName)).at(-1)!.user_id).toBe(await userId(db, 'fgj'));
    expect(next.denied).toEqual([]);
  });

  it('a clientID first used by one user is refused for another user', async () => {
    const mzj = await ApiClient.login(server.url, 'mzj');
    const own = await sectionOf(mzj, '民政局');
    const victim = await open(mzj, own.docName);
    victim.appendParagraph('民政局的原文。');
    await waitFor(async () => (await storedXml(db, own.docName)).includes('民政局的原文'), 'stored');
    const before = (await storedUpdates(db, own.docName)).length;

    // A second 民政局 account crafts an update under the victim's clientID (a stock Yjs client
    // would notice the collision and pick a new id, so the attack goes through a raw socket).
    const created = server.cli(['user', 'add', 'mzj2', '--name', '冒用者', '--role', 'editor', '--bureau', '民政局', '--password', 'impostor-pass']);
    expect(created.status, created.stderr).toBe(0);
    const impostor = await ApiClient.login(server.url, 'mzj2', 'impostor-pass');
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(victim.doc));
    forged.clientID = victim.doc.clientID;
    const stateBefore = Y.encodeStateVector(forged);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('冒名顶替的内容')]);
    forged.getXmlFragment('prosemirror').insert(0, [p]);
    const raw = await RawSocket.open(server.wsUrl, own.docName, await impostor.token(own.docName));
    raw.sendUpdate(Y.encodeStateAsUpdate(forged, stateBefore));
    expect((await raw.waitClosed()).code).toBe(CLOSE.clientIdTaken);
    await sleep(200);
    expect(victim.xml()).not.toContain('冒名顶替');
    expect(await storedXml(db, own.docName)).not.toContain('冒名顶替');
    expect((await storedUpdates(db, own.docName)).length).toBe(before);
    // The victim keeps working.
    victim.appendParagraph('受害者继续编辑。');
    await waitFor(async () => (await storedXml(db, own.docName)).includes('受害者继续编辑'), 'victim still writes');
  });

  it('awareness is stamped with the server-known name, bureau and colour', async () => {
    const zzb = await ApiClient.login(server.url, 'zzb');
    const own = await sectionOf(zzb, '组织部');
    const spoofer = await open(zzb, own.docName);
    const observer = await open(await ApiClient.login(server.url, 'quzhang'), own.docName);
    spoofer.provider.awareness.setLocalStateField('user', { name: '区委书记', bureau: '办公室', color: '#000000' });
    spoofer.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    await waitFor(() => observer.provider.awareness.getStates().get(spoofer.doc.clientID)?.cursor !== undefined, 'awareness relayed');
    const seen = observer.provider.awareness.getStates().get(spoofer.doc.clientID) as { user: { name: string; bureau: string; color: string } };
    expect(seen.user.name).toBe('孙建国');
    expect(seen.user.bureau).toBe('组织部');
    // The person's colour: 组织部's hue (#b03a2e), a shade of their own.
    expect(seen.user.color).toBe(personColor(await userId(db, 'zzb'), '#b03a2e', await bureauPeers(db, 'zzb')));
  });
});

describe('connection refusals', () => {
  it('refuses forged and expired tokens and unknown documents with documented close codes', async () => {
    const wjj = await ApiClient.login(server.url, 'wjj');
    const section = await sectionOf(wjj, '卫健局');
    const token = await wjj.token(section.docName);
    const [body, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { u: string; d: string; e: number };
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, e: Date.now() + 86_400_000 })).toString('base64url');

    const forged = new CollabClient(server.wsUrl, section.docName, `${forgedBody}.${mac}`);
    const wrongDoc = new CollabClient(server.wsUrl, 'section-nope', token);
    const unknownDocToken = await wjj.post('/api/collab/token', { docName: 'section-nope' });
    clients.push(forged, wrongDoc);
    await waitFor(() => forged.closes.length > 0 && wrongDoc.closes.length > 0, 'refusals');
    expect(forged.closes[0]!.code).toBe(CLOSE.unauthenticated);
    expect(wrongDoc.closes[0]!.code).toBe(CLOSE.unauthenticated);
    expect(unknownDocToken.status).toBe(404);
    expect((unknownDocToken.body as { message: string }).message).toBe('文档不存在');
  });

  it('refuses a WebSocket upgrade from a foreign Origin', async () => {
    const { default: WebSocket } = await import('ws');
    const wjj = await ApiClient.login(server.url, 'wjj');
    const section = await sectionOf(wjj, '卫健局');
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.wsUrl}/${section.docName}`, { headers: { origin: 'https://evil.example', cookie: wjj.cookie } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });

  it('accepts the session cookie from the same origin', async () => {
    const { default: WebSocket } = await import('ws');
    const wjj = await ApiClient.login(server.url, 'wjj');
    const section = await sectionOf(wjj, '卫健局');
    const first = await new Promise<Buffer>((resolve, reject) => {
      const ws = new WebSocket(`${server.wsUrl}/${section.docName}`, { headers: { origin: server.url, cookie: wjj.cookie } });
      ws.on('message', (data: Buffer) => {
        resolve(data);
        ws.close();
      });
      ws.on('close', (code) => reject(new Error(`closed ${code}`)));
    });
    // The first frame is the access message: type 100, then JSON with mode 'write'.
    expect(first[0]).toBe(100);
    expect(first.toString('utf8')).toContain('"mode":"write"');
  });
});
