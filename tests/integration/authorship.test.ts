/**
 * Issue 12: `GET /api/sections/:id/authorship` names, for every character, who wrote it — from the
 * server's record of each stored update, never from what a client says. Two editors and a stock
 * y-websocket client type into one section (interleaved, deleted, pasted); every character is
 * attributed exactly; a forged clientID is refused and changes nothing; an awareness name is
 * ignored; `?at=` shows the text as it was; every demo section's text is the same as its stored text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { ApiClient, demoReport, sectionOf, type SectionJson } from '../helpers/api.js';
import { CollabClient, sleep, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { RawSocket } from '../helpers/rawSocket.js';
import { CLOSE } from '@hegao/collab';
import { storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

interface Span {
  start: number;
  end: number;
  user: { id: string; username: string; name: string; color: string };
  bureau: { id: string; name: string } | null;
  at: string;
}
interface Authorship {
  text: string;
  spans: Span[];
}

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
const clients: CollabClient[] = [];
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
  for (const [username, name] of [
    ['wjj2', '王卫'],
    ['wjj3', '钱丙'],
  ]) {
    const created = server.cli(['user', 'add', username!, '--name', name!, '--role', 'editor', '--bureau', '卫健局', '--password', 'second-editor-pw']);
    expect(created.status, created.stderr).toBe(0);
  }
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const p of providers) p.destroy();
  await db?.close();
  await server?.dispose();
});

/** Spans cover every character but line breaks, exactly once, in order. */
function expectCovering({ text, spans }: Authorship): void {
  let at = 0;
  for (const span of spans) {
    expect(span.start).toBeGreaterThanOrEqual(at);
    expect(text.slice(at, span.start)).toMatch(/^\n*$/);
    expect(span.end).toBeGreaterThan(span.start);
    expect(text.slice(span.start, span.end)).not.toContain('\n');
    at = span.end;
  }
  expect(text.slice(at)).toMatch(/^\n*$/);
}

/** Who wrote each character of `line` (a whole line of the text), by username. */
function writersOf(result: Authorship, line: string): string[] {
  const start = result.text.split('\n').findIndex((l) => l === line);
  expect(start, `line ${line} in ${result.text}`).toBeGreaterThanOrEqual(0);
  const offset = result.text.split('\n').slice(0, start).reduce((n, l) => n + l.length + 1, 0);
  return [...line].map((_, i) => result.spans.find((s) => s.start <= offset + i && offset + i < s.end)!.user.username);
}

describe('authorship of a section', () => {
  let section: SectionJson;
  let reader: ApiClient;

  beforeAll(async () => {
    section = await sectionOf(await ApiClient.login(server.url, 'wjj'), '卫健局');
    reader = await ApiClient.login(server.url, 'quzhang');
  });

  it('attributes every character to the editor or stock client that typed it, also interleaved, deleted and pasted', async () => {
    const a = await CollabClient.open(await ApiClient.login(server.url, 'wjj'), server.wsUrl, section.docName);
    const b = await CollabClient.open(await ApiClient.login(server.url, 'wjj2', 'second-editor-pw'), server.wsUrl, section.docName);
    clients.push(a, b);
    a.provider.awareness.setLocalStateField('cursor', null);
    // The third writer is the stock provider, exactly as a third party would use it.
    const stockDoc = new Y.Doc();
    const stockApi = await ApiClient.login(server.url, 'wjj3', 'second-editor-pw');
    const stock = new WebsocketProvider(server.wsUrl, section.docName, stockDoc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: await stockApi.token(section.docName) },
      disableBc: true,
    });
    providers.push(stock);
    await waitFor(() => stock.synced, 'stock provider synced');
    // It claims to be 张卫民 in its presence: authorship must not care.
    stock.awareness.setLocalStateField('user', { name: '张卫民', bureau: '卫健局', color: '#c0392b' });

    const lastText = (doc: Y.Doc) => ((doc.getXmlFragment('prosemirror').get(doc.getXmlFragment('prosemirror').length - 1) as Y.XmlElement).get(0) as Y.XmlText);
    const settle = async (what: string) => {
      await waitFor(() => a.xml() === b.xml() && b.xml() === stockDoc.getXmlFragment('prosemirror').toString(), `${what}: converged`);
      await waitFor(async () => await storedXml(db, section.docName) === a.xml(), `${what}: stored`);
    };

    a.appendParagraph('甲写的开头。');
    await settle('a');
    const beforeB = new Date().toISOString();
    await sleep(20);
    const aParagraph = lastText(b.doc);
    aParagraph.insert(3, '乙插入'); // 甲写的乙插入开头。
    await settle('b');
    const cp = new Y.XmlElement('paragraph');
    cp.insert(0, [new Y.XmlText('丙的段落')]);
    stockDoc.getXmlFragment('prosemirror').insert(stockDoc.getXmlFragment('prosemirror').length, [cp]);
    const aInStock = (stockDoc.getXmlFragment('prosemirror').get(stockDoc.getXmlFragment('prosemirror').length - 2) as Y.XmlElement).get(0) as Y.XmlText;
    aInStock.delete(7, 1); // 头, deleted by the stock client
    await settle('stock');
    // 甲 pastes the stock client's sentence after it: the pasted copy is 甲's.
    lastText(a.doc).insert(4, '丙的段落');
    await settle('paste');

    const res = await reader.get<Authorship>(`/api/sections/${section.id}/authorship`);
    expect(res.status).toBe(200);
    expectCovering(res.body);
    expect(writersOf(res.body, '甲写的乙插入开。')).toEqual(['wjj', 'wjj', 'wjj', 'wjj2', 'wjj2', 'wjj2', 'wjj', 'wjj']);
    expect(writersOf(res.body, '丙的段落丙的段落')).toEqual([...Array(4).fill('wjj3'), ...Array(4).fill('wjj')]);
    const byName = new Map(res.body.spans.map((s) => [s.user.username, s]));
    expect(byName.get('wjj3')).toMatchObject({ user: { name: '钱丙' }, bureau: { name: '卫健局' } });
    expect(byName.get('wjj2')).toMatchObject({ user: { name: '王卫' }, bureau: { name: '卫健局' } });
    // One colour per person: 甲's is the one the server stamps on 甲's cursor.
    await waitFor(() => [...b.provider.awareness.getStates().values()].some((s) => (s['user'] as { id?: string } | undefined)?.id === byName.get('wjj')!.user.id), '甲 presence at 乙');
    const aPresence = [...b.provider.awareness.getStates().values()].find((s) => (s['user'] as { id?: string } | undefined)?.id === byName.get('wjj')!.user.id);
    expect((aPresence!['user'] as { color: string }).color).toBe(byName.get('wjj')!.user.color);
    expect(byName.get('wjj')!.user.color).not.toBe(byName.get('wjj2')!.user.color);

    // As it was before 乙 typed: 甲's sentence whole, nothing of 乙 or the stock client.
    const then = await reader.get<Authorship>(`/api/sections/${section.id}/authorship?at=${encodeURIComponent(beforeB)}`);
    expect(then.status).toBe(200);
    expect(then.body.text.split('\n')).toContain('甲写的开头。');
    expect(then.body.text).not.toContain('乙插入');
    expect(then.body.text).not.toContain('丙的段落');
    expect(writersOf(then.body, '甲写的开头。')).toEqual(Array(6).fill('wjj'));
    expectCovering(then.body);
  });

  it('a write under another user’s clientID is refused (4409) and changes no attribution', async () => {
    const owner = await CollabClient.open(await ApiClient.login(server.url, 'wjj'), server.wsUrl, section.docName);
    clients.push(owner);
    owner.appendParagraph('本人所写。');
    await waitFor(async () => (await storedXml(db, section.docName)).includes('本人所写。'), 'stored');
    // A commit is in the file a moment before the room has applied it: wait for the API to have it too.
    let before!: Authorship;
    await waitFor(async () => {
      before = (await reader.get<Authorship>(`/api/sections/${section.id}/authorship`)).body;
      return before.text.includes('本人所写。');
    }, 'owner text in the authorship');
    // A second 卫健局 account crafts an update under the owner's clientID (a stock Yjs client would
    // notice the collision and pick a new id, so the attack goes through a raw socket).
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(owner.doc));
    forged.clientID = owner.doc.clientID;
    const stateBefore = Y.encodeStateVector(forged);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('冒名写的。')]);
    forged.getXmlFragment('prosemirror').insert(0, [p]);
    const impostor = await ApiClient.login(server.url, 'wjj2', 'second-editor-pw');
    const raw = await RawSocket.open(server.wsUrl, section.docName, await impostor.token(section.docName));
    raw.sendUpdate(Y.encodeStateAsUpdate(forged, stateBefore));
    expect((await raw.waitClosed()).code).toBe(CLOSE.clientIdTaken);
    const after = (await reader.get<Authorship>(`/api/sections/${section.id}/authorship`)).body;
    expect(after.text).not.toContain('冒名写的');
    expect(after).toEqual(before);
  });

  it('every demo section: the same text as GET /text, every character attributed to a known user', async () => {
    const report = await demoReport(reader);
    const leaves = report.sections.filter((s) => s.docName);
    expect(leaves.length).toBeGreaterThan(10);
    for (const s of leaves) {
      const [authorship, stored] = await Promise.all([
        reader.get<Authorship>(`/api/sections/${s.id}/authorship`),
        reader.get<{ text: string }>(`/api/sections/${s.id}/text`),
      ]);
      expect(authorship.status).toBe(200);
      expect(authorship.body.text).toBe(stored.body.text);
      expectCovering(authorship.body);
      for (const span of authorship.body.spans) expect(span.user.id).not.toBe('');
    }
  });

  it('bad input: an unparsable ?at= is 400 with a Chinese message; an unknown section 404', async () => {
    const bad = await reader.get<{ error: string; message: string }>(`/api/sections/${section.id}/authorship?at=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'invalid_at', message: expect.stringContaining('时间格式不正确') });
    const missing = await reader.get<{ error: string; message: string }>('/api/sections/nope/authorship');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('章节不存在');
    const anonymous = await new ApiClient(server.url).get(`/api/sections/${section.id}/authorship`);
    expect(anonymous.status).toBe(401);
  });
});
