/**
 * Merge (合稿), lock (定稿) and versions against the real built server: the office approves every
 * section, merges them into the final draft, edits it through the stock y-websocket client, locks
 * it (the open editor turns read-only at once and its writes are not stored), unlocks with a
 * reason and locks again; every locked version stays readable and verifiable.
 *
 * One server for the whole file; tests run in order and later ones build on earlier state.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type * as decoding from 'lib0/decoding';
import { MESSAGE_ACCESS, decodeAccessPayload, type AccessState } from '@hegao/collab';
import { canonicalJSON, fragmentToText, type PMJSON } from '@hegao/schema';
import { ApiClient, demoReport, type SectionJson, writtenSections } from '../helpers/api.js';
import { CollabClient, sleep, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedDoc, storedUpdates, storedXml, userId } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

const CHINESE = /[\u4e00-\u9fff]/;
const EDITORS: Record<string, string> = { 卫健局: 'wjj', 发改局: 'fgj', 农业农村局: 'nyj', 民政局: 'mzj', 组织部: 'zzb' };

interface ErrorBody {
  error: string;
  message: string;
}

interface VersionJson {
  version: number;
  sha256: string;
  lockedBy: { id: string; name: string };
  lockedAt: string;
  unlockedBy: { id: string; name: string } | null;
  unlockedAt: string | null;
  unlockReason: string | null;
  chainHead: string | null;
  chainSeq: number | null;
}

interface VersionDetail extends VersionJson {
  content: PMJSON;
  text: string;
  verified: boolean;
}

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
const clients: FinalDraftClient[] = [];
const sectionClients: CollabClient[] = [];
const api: Record<string, ApiClient> = {};
let report: { id: string; sections: SectionJson[] };
let finalDocName: string;

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
  for (const username of ['bgs', 'wjj', 'fgj', 'nyj', 'mzj', 'zzb', 'quzhang']) api[username] = await ApiClient.login(server.url, username);
  report = await demoReport(api['bgs']!);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const c of sectionClients) c.destroy();
  await db?.close();
  await server?.dispose();
});

/**
 * The stock WebsocketProvider on the final draft, signed in with the session cookie as the web app
 * is, recording what the server says as tests/helpers/collabClient.ts does. (`POST
 * /api/collab/token` issues tokens for final drafts too; the merging tests below connect with
 * those, through CollabClient.)
 */
class FinalDraftClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly access: AccessState[] = [];
  readonly denied: string[] = [];

  constructor(api: ApiClient, docName: string) {
    const cookie = api.cookie;
    class CookieWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    this.provider = new WebsocketProvider(server.wsUrl, docName, this.doc, {
      WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 300,
    });
    this.provider.messageHandlers[MESSAGE_ACCESS] = (_encoder: unknown, decoder: decoding.Decoder) => {
      this.access.push(decodeAccessPayload(decoder));
    };
    this.provider.messageHandlers[2] = (_encoder: unknown, decoder: decoding.Decoder) => {
      const bytes = decoder.arr.subarray(decoder.pos);
      if (bytes[0] === 0) this.denied.push(new TextDecoder().decode(bytes.subarray(2)));
    };
  }

  static async open(api: ApiClient, docName: string): Promise<FinalDraftClient> {
    const client = new FinalDraftClient(api, docName);
    clients.push(client);
    await waitFor(() => client.provider.synced && client.access.length > 0, 'final draft sync');
    return client;
  }

  get mode(): AccessState['mode'] | undefined {
    return this.access.at(-1)?.mode;
  }

  get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment('prosemirror');
  }

  appendParagraph(text: string): void {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    this.fragment.insert(this.fragment.length, [p]);
  }

  destroy(): void {
    try {
      this.provider.destroy();
    } catch {
      // already closed
    }
    this.doc.destroy();
  }
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function expectRefusal(res: { status: number; body: unknown }, status: number, error?: string): ErrorBody {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const body = res.body as ErrorBody;
  if (error) expect(body.error).toBe(error);
  expect(body.message).toMatch(CHINESE);
  return body;
}

/**
 * What a refused call must leave untouched: the report as served, its versions, history and board,
 * and the stored updates of the final draft and of every section.
 */
async function snapshot() {
  const bgs = api['bgs']!;
  const docs = [`final-${report.id}`, ...report.sections.map((s) => s.docName)];
  return {
    report: (await bgs.get(`/api/reports/${report.id}`)).body,
    versions: (await bgs.get(`/api/reports/${report.id}/versions`)).body,
    history: (await bgs.get<unknown[]>(`/api/reports/${report.id}/history`)).body,
    board: (await bgs.get<{ sections: unknown[] }>(`/api/reports/${report.id}/board`)).body.sections,
    updates: Object.fromEntries(await Promise.all(docs.map(async (d) => [d, (await storedUpdates(db, d)).length]))),
  };
}

/** Sections that hold text (outline leaves). */
function leaves(): SectionJson[] {
  return writtenSections(report.sections);
}

describe('merge', () => {
  it('is refused to bureau editors and leaders (403) and while sections are not approved (409), changing nothing', async () => {
    const before = await snapshot();
    expect(before.report).toMatchObject({ status: 'drafting', finalDocName: null });
    for (const who of ['wjj', 'quzhang']) expectRefusal(await api[who]!.post(`/api/reports/${report.id}/merge`), 403, 'forbidden');
    expect(await snapshot()).toEqual(before);
    const body = expectRefusal(await api['bgs']!.post(`/api/reports/${report.id}/merge`), 409, 'conflict');
    expect(body.message).toContain(`还有${leaves().length}节未通过审核`);
    expect(await snapshot()).toEqual(before);
  });

  it('the bureaus submit and the office approves every section; the last one pending is named', async () => {
    const wjjBureau = report.sections.flatMap((s) => s.bureaus).find((b) => b.name === '卫健局')!;
    const todo = leaves();
    for (const [i, section] of todo.entries()) {
      let bureau = section.bureaus.find((b) => EDITORS[b.name]);
      if (!bureau) {
        // Sections without a bureau (or one without a demo account) go to 卫健局 first.
        const res = await api['bgs']!.request('PUT', `/api/sections/${section.id}/assignment`, { bureauIds: [wjjBureau.id] });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        bureau = wjjBureau;
      }
      const submitted = await api[EDITORS[bureau.name]!]!.post(`/api/sections/${section.id}/submit`);
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      if (i === todo.length - 1) {
        const body = expectRefusal(await api['bgs']!.post(`/api/reports/${report.id}/merge`), 409, 'conflict');
        expect(body.message).toBe(`还有1节未通过审核：“${section.number}${section.title}”，不能合稿`);
      }
      const approved = await api['bgs']!.post(`/api/sections/${section.id}/approve`);
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
    report = await demoReport(api['bgs']!);
    expect(leaves().every((s) => s.status === 'approved')).toBe(true);
  });

  it('builds the final draft: every section’s numbered heading and text, in outline order, each block linked to its section', async () => {
    const res = await api['bgs']!.post<{ finalDocName: string; remerge: boolean; changed: unknown[] }>(`/api/reports/${report.id}/merge`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ finalDocName: `final-${report.id}`, remerge: false, changed: [] });
    finalDocName = res.body.finalDocName;
    const detail = await api['quzhang']!.get<{ status: string; finalDocName: string | null }>(`/api/reports/${report.id}`);
    expect(detail.body).toMatchObject({ status: 'merging', finalDocName });

    const leader = await FinalDraftClient.open(api['quzhang']!, finalDocName);
    expect(leader.mode).toBe('read');
    const text = fragmentToText(leader.fragment);
    let at = 0;
    for (const section of report.sections) {
      const own = fragmentToText((await storedDoc(db, section.docName)).getXmlFragment('prosemirror')).trim();
      const heading = section.number ? `${section.number}${section.title}` : '';
      for (const piece of [heading, own]) {
        if (!piece) continue;
        const found = text.indexOf(piece, at);
        expect(found, `“${piece.slice(0, 30)}” of ${section.title} in order`).toBeGreaterThanOrEqual(0);
        at = found + piece.length;
      }
    }
    const ids = new Set(report.sections.map((s) => s.id));
    const blocks = leader.fragment.toArray() as Y.XmlElement[];
    expect(blocks.length).toBeGreaterThan(report.sections.length);
    for (const block of blocks) expect(ids.has(block.getAttribute('source') as string), block.toString().slice(0, 80)).toBe(true);
    const headings = blocks.filter((b) => b.nodeName === 'heading');
    const numbered = report.sections.filter((s) => s.number);
    expect(headings.map((h) => h.getAttribute('source'))).toEqual(numbered.map((s) => s.id));
    expect(headings.map((h) => fragmentToTextOf(h))).toEqual(numbered.map((s) => `${s.number}${s.title}`));
  });

  it('leaves the sections read-only, for the office too', async () => {
    const section = leaves().find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    for (const who of ['wjj', 'bgs']) {
      const client = await CollabClient.open(api[who]!, server.wsUrl, section.docName);
      sectionClients.push(client);
      expect(client.mode).toBe('read');
      expect(client.access.at(-1)!.reason).toBe('报告正在合稿，各章节已不可修改');
    }
    expect(expectRefusal(await api['wjj']!.post(`/api/sections/${section.id}/submit`), 409).message).toBe('报告正在合稿，各章节已不可修改');
    expect(expectRefusal(await api['bgs']!.put(`/api/sections/${section.id}/assignment`, { bureauIds: [section.bureaus[0]!.id] }), 409).message).toBe('报告正在合稿，各章节已不可修改');
  });

  it('while merging, the leader and a bureau editor open the final draft with a collab token read-only and their forced writes are not stored; the office’s are', async () => {
    const before = (await storedUpdates(db, finalDocName)).length;
    const opened: CollabClient[] = [];
    try {
      for (const who of ['quzhang', 'wjj']) {
        const reader = await CollabClient.open(api[who]!, server.wsUrl, finalDocName);
        opened.push(reader);
        await waitFor(() => reader.mode !== undefined, `${who}'s access message`);
        expect(reader.mode, who).toBe('read');
        expect(reader.access.at(-1)!.reason, who).toMatch(CHINESE);
        // A write forced past the read-only editor: the server refuses it and stores nothing.
        reader.appendParagraph(`${who}越权改写合稿`);
        await waitFor(() => reader.denied.length > 0, `${who}'s write refused`);
      }
      await sleep(200);
      expect(await storedUpdates(db, finalDocName)).toHaveLength(before);
      expect(await storedXml(db, finalDocName)).not.toContain('越权改写合稿');

      const office = await CollabClient.open(api['bgs']!, server.wsUrl, finalDocName);
      opened.push(office);
      await waitFor(() => office.mode !== undefined, 'the office’s access message');
      expect(office.mode).toBe('write');
      expect(office.xml()).not.toContain('越权改写合稿');
      office.appendParagraph('办公室合稿时补充的过渡句。');
      await waitFor(async () => (await storedXml(db, finalDocName)).includes('办公室合稿时补充的过渡句'), 'office write stored');
      const stored = await storedUpdates(db, finalDocName);
      const bgsId = await userId(db, 'bgs');
      expect(stored.slice(before).map((u) => u.user_id)).toEqual(stored.slice(before).map(() => bgsId));
      expect(stored.length).toBeGreaterThan(before);
      // The readers get the office's write; the refused ones never reached anyone else.
      await waitFor(() => opened.every((c) => c.xml().includes('办公室合稿时补充的过渡句')), 'office write relayed');
      expect(office.xml()).not.toContain('越权改写合稿');
      expect(await storedXml(db, finalDocName)).not.toContain('越权改写合稿');
    } finally {
      // The readers still hold their refused change locally: close them for good.
      for (const c of opened) c.destroy();
    }
  });
});

describe('lock, unlock and versions', () => {
  let office: FinalDraftClient;
  let v1: { version: number; sha256: string };
  let v1Content: PMJSON;

  it('the office edits the final draft through the stock client; others only read', async () => {
    office = await FinalDraftClient.open(api['bgs']!, finalDocName);
    expect(office.mode).toBe('write');
    const bureau = await FinalDraftClient.open(api['wjj']!, finalDocName);
    expect(bureau.mode).toBe('read');
    expect(bureau.access.at(-1)!.reason).toContain('办公室');
    office.appendParagraph('办公室统稿：全区上下齐心协力，确保完成全年目标任务。');
    await waitFor(async () => (await storedXml(db, finalDocName)).includes('办公室统稿'), 'office edit stored');
    await waitFor(() => fragmentToText(bureau.fragment).includes('办公室统稿'), 'office edit relayed');
    expect((await storedUpdates(db, finalDocName)).at(-1)!.user_id).toBe(await userId(db, 'bgs'));
  });

  it('locks as version 1 with the SHA-256 of the content; the open editor turns read-only and its writes are not stored', async () => {
    const unlocked = await snapshot();
    expect(unlocked.report).toMatchObject({ status: 'merging' });
    for (const who of ['wjj', 'quzhang']) expectRefusal(await api[who]!.post(`/api/reports/${report.id}/lock`), 403, 'forbidden');
    expect(await snapshot()).toEqual(unlocked);
    const res = await api['bgs']!.post<{ version: number; sha256: string }>(`/api/reports/${report.id}/lock`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(1);
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    v1 = res.body;
    await waitFor(() => office.mode === 'read', 'read-only access message');
    expect(office.access.at(-1)!.reason).toBe('报告已定稿（第1版），不能修改；如需修改请先解锁');
    expectRefusal(await api['bgs']!.post(`/api/reports/${report.id}/lock`), 409, 'conflict');

    const before = (await storedUpdates(db, finalDocName)).length;
    office.appendParagraph('定稿后偷偷修改');
    await waitFor(() => office.denied.length > 0, 'permission denied');
    await sleep(200);
    expect(await storedUpdates(db, finalDocName)).toHaveLength(before);
    expect(await storedXml(db, finalDocName)).not.toContain('定稿后偷偷修改');
    const reader = await FinalDraftClient.open(api['quzhang']!, finalDocName);
    expect(fragmentToText(reader.fragment)).not.toContain('定稿后偷偷修改');
    // Its local change would be resent once it may write again: this editor is done.
    office.destroy();
  });

  it('lists version 1 and serves it with its content, verified', async () => {
    const list = await api['quzhang']!.get<VersionJson[]>(`/api/reports/${report.id}/versions`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        version: 1,
        sha256: v1.sha256,
        lockedBy: { id: await userId(db, 'bgs'), name: '李文静' },
        lockedAt: expect.any(String),
        unlockedBy: null,
        unlockedAt: null,
        unlockReason: null,
        chainHead: expect.stringMatching(/^[0-9a-f]{64}$/),
        chainSeq: expect.any(Number),
      },
    ]);
    const one = await api['wjj']!.get<VersionDetail>(`/api/reports/${report.id}/versions/1`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ version: 1, sha256: v1.sha256, verified: true });
    expect(sha256(canonicalJSON(one.body.content))).toBe(v1.sha256);
    expect(one.body.text).toContain('办公室统稿');
    expect(one.body.text).not.toContain('定稿后偷偷修改');
    v1Content = one.body.content;
    expectRefusal(await api['bgs']!.get(`/api/reports/${report.id}/versions/9`), 404, 'not_found');
    expectRefusal(await api['bgs']!.get(`/api/reports/${report.id}/versions/abc`), 400);
    expect((await api['bgs']!.get<{ status: string; version: number }>(`/api/reports/${report.id}`)).body).toMatchObject({ status: 'locked', version: 1 });
  });

  it('while locked at version 1, merge, return, approve, assignment, submit and every outline change are refused and change nothing', async () => {
    const bgs = api['bgs']!;
    const target = leaves().find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    const parent = report.sections.find((s) => s.id === (target as SectionJson & { parentId: string | null }).parentId)!;
    const otherBureau = report.sections.flatMap((s) => s.bureaus).find((b) => b.name === '发改局')!;
    const snapshot = async () => ({
      report: (await bgs.get(`/api/reports/${report.id}`)).body,
      versions: (await bgs.get(`/api/reports/${report.id}/versions`)).body,
      history: (await bgs.get<unknown[]>(`/api/reports/${report.id}/history`)).body,
      board: (await bgs.get<{ sections: unknown[] }>(`/api/reports/${report.id}/board`)).body.sections,
      finalUpdates: (await storedUpdates(db, finalDocName)).length,
      sectionUpdates: (await storedUpdates(db, target.docName)).length,
    });
    const before = await snapshot();
    expect(before.report).toMatchObject({ status: 'locked', version: 1 });

    const attempts: [string, () => Promise<{ status: number; body: unknown }>][] = [
      ['merge', () => bgs.post(`/api/reports/${report.id}/merge`)],
      ['return', () => bgs.post(`/api/sections/${target.id}/return`, { reason: '定稿后想再改' })],
      ['approve', () => bgs.post(`/api/sections/${target.id}/approve`)],
      ['assignment', () => bgs.put(`/api/sections/${target.id}/assignment`, { bureauIds: [otherBureau.id], dueDate: '2031-01-01', instruction: '改写' })],
      ['submit', () => api['wjj']!.post(`/api/sections/${target.id}/submit`)],
      ['add section', () => bgs.post(`/api/reports/${report.id}/sections`, { title: '定稿后新增', parentId: null })],
      ['rename', () => bgs.request('PATCH', `/api/sections/${target.id}`, { title: '定稿后改名' })],
      ['due date', () => bgs.request('PATCH', `/api/sections/${target.id}`, { dueDate: '2031-01-01', instruction: '改写' })],
      ['move', () => bgs.post(`/api/sections/${target.id}/move`, { parentId: null, index: 0 })],
      ['delete', () => bgs.request('DELETE', `/api/sections/${parent.id}?confirm=1`)],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt();
      const { message } = expectRefusal(res, 409, 'conflict');
      // The office is told the report is locked (merge in its own words: unlock first).
      if (what === 'merge') expect(message, what).toMatch(/已定稿.*解锁/);
      else expect(message, what).toBe('报告已定稿，不能修改');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('unlocks only with a reason, then the next lock is version 2 and version 1 is unchanged', async () => {
    expect(expectRefusal(await api['bgs']!.post(`/api/reports/${report.id}/unlock`, {}), 400).message).toBe('请填写解锁理由');
    expectRefusal(await api['bgs']!.post(`/api/reports/${report.id}/unlock`), 400);
    expectRefusal(await api['bgs']!.post(`/api/reports/${report.id}/unlock`, { reason: '  ' }), 400);
    expectRefusal(await api['wjj']!.post(`/api/reports/${report.id}/unlock`, { reason: '想改' }), 403, 'forbidden');
    const unlocked = await api['bgs']!.post(`/api/reports/${report.id}/unlock`, { reason: '区长批示：补充三季度重点工作' });
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    expect(unlocked.body).toEqual({ version: 1, status: 'merging' });

    const editor = await FinalDraftClient.open(api['bgs']!, finalDocName);
    expect(editor.mode).toBe('write');
    editor.appendParagraph('三季度重点工作：抓好X个重大项目。');
    await waitFor(async () => (await storedXml(db, finalDocName)).includes('三季度重点工作'), 'edit after unlock stored');

    const res = await api['bgs']!.post<{ version: number; sha256: string }>(`/api/reports/${report.id}/lock`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.body.sha256).not.toBe(v1.sha256);
    await waitFor(() => editor.mode === 'read', 'read-only after the second lock');
    expect(editor.access.at(-1)!.reason).toContain('第2版');

    const list = await api['bgs']!.get<VersionJson[]>(`/api/reports/${report.id}/versions`);
    expect(list.body.map((v) => v.version)).toEqual([1, 2]);
    expect(list.body[0]).toMatchObject({ sha256: v1.sha256, unlockedBy: { name: '李文静' }, unlockReason: '区长批示：补充三季度重点工作' });
    expect(list.body[0]!.unlockedAt).toEqual(expect.any(String));
    const one = await api['quzhang']!.get<VersionDetail>(`/api/reports/${report.id}/versions/1`);
    expect(one.body).toMatchObject({ sha256: v1.sha256, verified: true });
    expect(one.body.content).toEqual(v1Content);
    expect(one.body.text).not.toContain('三季度重点工作');
    const two = await api['quzhang']!.get<VersionDetail>(`/api/reports/${report.id}/versions/2`);
    expect(two.body).toMatchObject({ version: 2, sha256: res.body.sha256, verified: true });
    expect(two.body.text).toContain('三季度重点工作');
    expect(sha256(canonicalJSON(two.body.content))).toBe(res.body.sha256);
  });
});

/** Plain text of a heading element. */
function fragmentToTextOf(element: Y.XmlElement): string {
  return element
    .toArray()
    .map((child) => (child instanceof Y.XmlText ? (child.toDelta() as { insert: string }[]).map((d) => d.insert).join('') : ''))
    .join('');
}

describe('re-merge after a section is reopened', () => {
  it('returning an approved section while merging sends the report back to review; the next merge replaces only that section and shows what changed', async () => {
    const unlocked = await api['bgs']!.post(`/api/reports/${report.id}/unlock`, { reason: '卫健局数据需更新' });
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    const office = await FinalDraftClient.open(api['bgs']!, finalDocName);
    office.appendParagraph('办公室加的过渡句：下面谈下半年工作。');
    await waitFor(async () => (await storedXml(db, finalDocName)).includes('办公室加的过渡句'), 'office edit stored');

    const target = leaves().find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    // Editors may not reopen; the office may, with a reason.
    expectRefusal(await api['wjj']!.post(`/api/sections/${target.id}/return`, { reason: '自己退回' }), 403, 'forbidden');
    const returned = await api['bgs']!.post(`/api/sections/${target.id}/return`, { reason: '请把疫苗接种数据更新到6月底' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    const detail = await api['bgs']!.get<{ status: string }>(`/api/reports/${report.id}`);
    expect(detail.body.status).toBe('reviewing');
    await waitFor(() => office.mode === 'read', 'final draft read-only while back in review');

    const writer = await CollabClient.open(api['wjj']!, server.wsUrl, target.docName);
    sectionClients.push(writer);
    expect(writer.mode).toBe('write');
    writer.appendParagraph('截至6月底，全区累计接种疫苗X万剂次。');
    await waitFor(async () => (await storedXml(db, target.docName)).includes('截至6月底'), 'fix stored');
    expect((await api['wjj']!.post(`/api/sections/${target.id}/submit`)).status).toBe(200);
    expect((await api['bgs']!.post(`/api/sections/${target.id}/approve`)).status).toBe(200);

    const merged = await api['bgs']!.post<{ remerge: boolean; changed: { sectionId: string; before: string; after: string }[] }>(`/api/reports/${report.id}/merge`);
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.remerge).toBe(true);
    expect(merged.body.changed.map((c) => c.sectionId)).toEqual([target.id]);
    expect(merged.body.changed[0]!.before).not.toContain('截至6月底');
    expect(merged.body.changed[0]!.after).toContain('截至6月底，全区累计接种疫苗X万剂次。');
    await waitFor(async () => (await storedXml(db, finalDocName)).includes('截至6月底'), 'final draft updated');
    const finalXml = await storedXml(db, finalDocName);
    expect(finalXml).toContain('办公室加的过渡句');
    expect(finalXml.split('截至6月底，全区累计接种疫苗X万剂次。').length - 1).toBe(1);
    expect((await api['bgs']!.get<{ status: string }>(`/api/reports/${report.id}`)).body.status).toBe('merging');
  });
});

describe('re-merge of a section the office edited in the final draft', () => {
  interface OfficeEditJson {
    sectionId: string;
    title: string;
    before: string;
    after: string;
    officeText: string;
  }
  interface MergeJson {
    remerge: boolean;
    changed: { sectionId: string; title: string; before: string; after: string; officeText: string | null; resolution: 'replace' | 'keep' | null }[];
  }

  /** The paragraph of the final draft that came from `sectionId` and holds `text`. */
  function paragraphOf(client: FinalDraftClient, sectionId: string, text: string): Y.XmlElement {
    const found = (client.fragment.toArray() as Y.XmlElement[]).find(
      (b) => b.nodeName === 'paragraph' && b.getAttribute('source') === sectionId && fragmentToTextOf(b).includes(text),
    );
    if (!found) throw new Error(`no paragraph of ${sectionId} with “${text}”`);
    return found;
  }

  it('answers 409 with the office’s text until told to replace it; nothing changes meanwhile; then replaces only that section and keeps the office’s other edits', async () => {
    const target = leaves().find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    const other = leaves().find((s) => s.id !== target.id && s.number !== '')!;
    expect((await api['bgs']!.get<{ status: string }>(`/api/reports/${report.id}`)).body.status).toBe('merging');

    // The office polishes a merged paragraph of the section, and one of another section, in the final draft.
    const office = await FinalDraftClient.open(api['bgs']!, finalDocName);
    expect(office.mode).toBe('write');
    const polished = paragraphOf(office, target.id, '截至6月底').get(0) as Y.XmlText;
    polished.insert(polished.length, '（办公室已核实）');
    const otherParagraph = (office.fragment.toArray() as Y.XmlElement[]).find((b) => b.nodeName === 'paragraph' && b.getAttribute('source') === other.id)!;
    (otherParagraph.get(0) as Y.XmlText).insert(0, '【办公室统稿】');
    await waitFor(async () => (await storedXml(db, finalDocName)).includes('（办公室已核实）') && (await storedXml(db, finalDocName)).includes('【办公室统稿】'), 'office edits stored');

    // The section is reopened, changed by its bureau, resubmitted and approved again — all through the workflow.
    expect((await api['bgs']!.post(`/api/sections/${target.id}/return`, { reason: '请补充二季度数据' })).status).toBe(200);
    await waitFor(() => office.mode === 'read', 'final draft read-only while back in review');
    const writer = await CollabClient.open(api['wjj']!, server.wsUrl, target.docName);
    sectionClients.push(writer);
    expect(writer.mode).toBe('write');
    writer.appendParagraph('二季度新增接种疫苗X万剂次。');
    await waitFor(async () => (await storedXml(db, target.docName)).includes('二季度新增'), 'fix stored');
    expect((await api['wjj']!.post(`/api/sections/${target.id}/submit`)).status).toBe(200);
    expect((await api['bgs']!.post(`/api/sections/${target.id}/approve`)).status).toBe(200);

    // Without a decision: 409 with the structured conflict, and the final draft, the report and its history unchanged.
    const xmlBefore = await storedXml(db, finalDocName);
    const updatesBefore = (await storedUpdates(db, finalDocName)).length;
    const historyBefore = (await api['bgs']!.get<unknown[]>(`/api/reports/${report.id}/history`)).body.length;
    for (const body of [undefined, {}, { resolve: { [other.id]: 'replace' } }]) {
      const refused = await api['bgs']!.post<ErrorBody & { conflicts: OfficeEditJson[] }>(`/api/reports/${report.id}/merge`, body);
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body.error).toBe('office_edits');
      expect(refused.body.message).toBe(`有1节在合稿后被办公室修改过：“${target.number}${target.title}”。重新合稿会用章节的新内容替换这些修改，请逐节选择“替换”“保留合稿中的修改”或“逐段合并”后再合稿`);
      expect(refused.body.conflicts).toHaveLength(1);
      const [conflict] = refused.body.conflicts;
      expect(conflict).toMatchObject({ sectionId: target.id, title: target.title });
      expect(conflict!.before).toContain('截至6月底，全区累计接种疫苗X万剂次。');
      expect(conflict!.before).not.toContain('二季度新增');
      expect(conflict!.after).toContain('二季度新增接种疫苗X万剂次。');
      expect(conflict!.officeText).toContain('截至6月底，全区累计接种疫苗X万剂次。（办公室已核实）');
    }
    expect(await storedXml(db, finalDocName)).toBe(xmlBefore);
    expect(await storedUpdates(db, finalDocName)).toHaveLength(updatesBefore);
    expect((await api['bgs']!.get<{ status: string }>(`/api/reports/${report.id}`)).body.status).toBe('reviewing');
    expect((await api['bgs']!.get<unknown[]>(`/api/reports/${report.id}/history`)).body).toHaveLength(historyBefore);
    // A bad decision is a 400 in Chinese; a bureau editor is still refused as such.
    expectRefusal(await api['bgs']!.post(`/api/reports/${report.id}/merge`, { resolve: { [target.id]: 'overwrite' } }), 400, 'invalid_body');
    expectRefusal(await api['wjj']!.post(`/api/reports/${report.id}/merge`, { resolve: { [target.id]: 'replace' } }), 403, 'forbidden');

    // Confirmed: the section is replaced and the answer shows the office's text it replaced.
    const merged = await api['bgs']!.post<MergeJson>(`/api/reports/${report.id}/merge`, { resolve: { [target.id]: 'replace' } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.remerge).toBe(true);
    expect(merged.body.changed).toHaveLength(1);
    expect(merged.body.changed[0]).toMatchObject({ sectionId: target.id, resolution: 'replace' });
    expect(merged.body.changed[0]!.officeText).toContain('（办公室已核实）');
    expect(merged.body.changed[0]!.after).toContain('二季度新增接种疫苗X万剂次。');
    await waitFor(async () => (await storedXml(db, finalDocName)).includes('二季度新增'), 'final draft updated');
    const finalXml = await storedXml(db, finalDocName);
    expect(finalXml).not.toContain('（办公室已核实）');
    expect(finalXml).toContain('【办公室统稿】');
    expect(finalXml).toContain('办公室加的过渡句');
    expect((await api['bgs']!.get<{ status: string }>(`/api/reports/${report.id}`)).body.status).toBe('merging');

    // The replaced text is in the history: in the merge event, and in the draft's update log before the merge.
    const history = await api['quzhang']!.get<{ id: number; type: string; detail: { replacedEdits?: { sectionId: string; text: string }[] } }[]>(`/api/reports/${report.id}/history`);
    const event = history.body.filter((e) => e.type === 'report.merge').sort((a, b) => b.id - a.id)[0]!;
    expect(event.detail.replacedEdits).toEqual([{ sectionId: target.id, title: target.title, text: merged.body.changed[0]!.officeText }]);
    const before = new Y.Doc();
    for (const row of (await storedUpdates(db, finalDocName)).slice(0, updatesBefore)) Y.applyUpdate(before, new Uint8Array(row.data));
    expect(fragmentToText(before.getXmlFragment('prosemirror'))).toContain('（办公室已核实）');
    // The open editor of the office writes again and sees the new text.
    await waitFor(() => office.mode === 'write' && fragmentToText(office.fragment).includes('二季度新增'), 'office editor updated');
    expect(fragmentToText(office.fragment)).not.toContain('（办公室已核实）');
  });
});
