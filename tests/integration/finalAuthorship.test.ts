/**
 * Issue 12: `GET /api/reports/:id/final/authorship`. Text that came into the final draft by 合稿
 * keeps its original writers (the bureau's, not the secretary who merged); the numbered headings
 * the merge adds and what the office types after merging are the office's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { strFromU8, unzipSync } from 'fflate';
import { ApiClient, demoReport, type SectionJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

interface Authorship {
  text: string;
  spans: { start: number; end: number; user: { username: string; name: string }; bureau: { name: string } | null }[];
}

const EDITORS: Record<string, string> = { 卫健局: 'wjj', 发改局: 'fgj', 农业农村局: 'nyj', 民政局: 'mzj', 组织部: 'zzb' };

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
const api: Record<string, ApiClient> = {};
const closers: Array<() => void> = [];
let report: { id: string; sections: SectionJson[] };

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
  for (const username of ['bgs', 'wjj', 'fgj', 'nyj', 'mzj', 'zzb', 'quzhang']) api[username] = await ApiClient.login(server.url, username);
  report = await demoReport(api['bgs']!);
});

afterAll(async () => {
  for (const close of closers) close();
  await db?.close();
  await server?.dispose();
});

/** Who wrote each character of the whole line `line` of the text, by username. */
function writersOf(result: Authorship, line: string): string[] {
  const lines = result.text.split('\n');
  const index = lines.indexOf(line);
  expect(index, `line “${line}”`).toBeGreaterThanOrEqual(0);
  const offset = lines.slice(0, index).reduce((n, l) => n + l.length + 1, 0);
  return [...line].map((_, i) => result.spans.find((s) => s.start <= offset + i && offset + i < s.end)!.user.username);
}

describe('authorship of the final draft', () => {
  const written = '卫健局撰稿人写下的这一句话。';

  it('is 404 before the first merge', async () => {
    const res = await api['quzhang']!.get<{ error: string; message: string }>(`/api/reports/${report.id}/final/authorship`);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('合稿不存在');
    expect((await api['quzhang']!.get(`/api/reports/${report.id}/final/export.docx`)).status).toBe(404);
  });

  it('gives merged text back to the bureau’s writer; headings and later office edits are the office’s', async () => {
    const leaves = report.sections.filter((s) => s.docName && !report.sections.some((c) => (c as { parentId?: string | null }).parentId === s.id));
    const own = leaves.find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    const writer = await CollabClient.open(api['wjj']!, server.wsUrl, own.docName);
    closers.push(() => writer.destroy());
    writer.appendParagraph(written);
    await waitFor(async () => (await storedXml(db, own.docName)).includes(written), 'stored');
    writer.destroy();

    // Every section submitted by its bureau and approved by the office, then merged.
    const wjjBureau = report.sections.flatMap((s) => s.bureaus).find((b) => b.name === '卫健局')!;
    for (const section of report.sections.filter((s) => s.status !== 'approved')) {
      let bureau = section.bureaus.find((b) => EDITORS[b.name]);
      if (!bureau) {
        const res = await api['bgs']!.request('PUT', `/api/sections/${section.id}/assignment`, { bureauIds: [wjjBureau.id] });
        if (res.status !== 200) continue; // a heading without text of its own
        bureau = wjjBureau;
      }
      const submitted = await api[EDITORS[bureau.name]!]!.post(`/api/sections/${section.id}/submit`);
      if (submitted.status !== 200) continue;
      expect((await api['bgs']!.post(`/api/sections/${section.id}/approve`)).status).toBe(200);
    }
    const merged = await api['bgs']!.post<{ finalDocName: string }>(`/api/reports/${report.id}/merge`);
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);

    // The merge is a step of every section's timeline.
    const timeline = await api['quzhang']!.get<{ entries: { kind: string; type?: string; user?: { username: string } | null }[] }>(`/api/sections/${own.id}/timeline`);
    expect(timeline.body.entries.find((e) => e.kind === 'event')).toMatchObject({ type: 'report.merge', user: { username: 'bgs' } });

    const after = await api['quzhang']!.get<Authorship>(`/api/reports/${report.id}/final/authorship`);
    expect(after.status).toBe(200);
    expect(writersOf(after.body, written)).toEqual(Array([...written].length).fill('wjj'));
    // Every line a section contributed has, character by character, the writers it has in the
    // section itself (the demo text was written by whoever seeded it); only the numbered
    // headings the merge adds are the merger's.
    let compared = 0;
    for (const section of report.sections) {
      const inSection = await api['quzhang']!.get<Authorship>(`/api/sections/${section.id}/authorship`);
      for (const line of inSection.body.text.split('\n')) {
        if (line === '' || !after.body.text.split('\n').includes(line)) continue;
        expect(writersOf(after.body, line), line.slice(0, 30)).toEqual(writersOf(inSection.body, line));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    const headings = report.sections.filter((s) => s.number).map((s) => `${s.number}${s.title}`);
    for (const heading of headings) expect(writersOf(after.body, heading).every((u) => u === 'bgs')).toBe(true);

    // The office types into the final draft after merging: that line is the office's.
    const cookie = api['bgs']!.cookie;
    class CookieWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.wsUrl, merged.body.finalDocName, doc, {
      WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    closers.push(() => provider.destroy());
    await waitFor(() => provider.synced, 'final draft synced');
    const added = '办公室合稿后补充的一句。';
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(added)]);
    doc.getXmlFragment('prosemirror').insert(doc.getXmlFragment('prosemirror').length, [p]);
    await waitFor(async () => (await storedXml(db, merged.body.finalDocName)).includes(added), 'office edit stored');
    // Stored is not yet applied: the room applies and relays a commit once its WAL fdatasync is
    // done, so the authorship (read from the room's document) may lag the file by that moment.
    let edited = await api['quzhang']!.get<Authorship>(`/api/reports/${report.id}/final/authorship`);
    await waitFor(async () => {
      edited = await api['quzhang']!.get<Authorship>(`/api/reports/${report.id}/final/authorship`);
      return edited.body.text.split('\n').includes(added);
    }, 'office edit in the final draft authorship');
    expect(writersOf(edited.body, added)).toEqual(Array([...added].length).fill('bgs'));
    expect(writersOf(edited.body, written)).toEqual(Array([...written].length).fill('wjj'));
    const span = edited.body.spans.find((s) => s.user.username === 'wjj')!;
    expect(span).toMatchObject({ user: { name: '张卫民' }, bureau: { name: '卫健局' } });
    closers.pop()!();
  });

  it('第1版 against 第2版 and against the current draft: what the office changed, by the office', async () => {
    expect((await api['bgs']!.post(`/api/reports/${report.id}/lock`)).status).toBe(200);
    expect((await api['bgs']!.post(`/api/reports/${report.id}/unlock`, { reason: '领导要求补充一句' })).status).toBe(200);
    const finalDocName = `final-${report.id}`;
    const cookie = api['bgs']!.cookie;
    class CookieWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.wsUrl, finalDocName, doc, {
      WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    closers.push(() => provider.destroy());
    await waitFor(() => provider.synced, 'final draft synced');
    const fragment = doc.getXmlFragment('prosemirror');
    // The office adds a sentence and deletes its earlier one.
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('第二版新增：确保全年目标。')]);
    doc.transact(() => {
      fragment.delete(fragment.length - 1, 1);
      fragment.insert(fragment.length, [p]);
    });
    await waitFor(async () => (await storedXml(db, finalDocName)).includes('第二版新增'), 'stored');
    expect((await api['bgs']!.post(`/api/reports/${report.id}/lock`)).status).toBe(200);

    interface Compared {
      from: { version: number | 'final' };
      to: { version: number | 'final' };
      parts: { kind: string; text: string; user?: { username: string } }[];
    }
    const compared = await api['quzhang']!.get<Compared>(`/api/reports/${report.id}/versions/compare?from=1&to=2`);
    expect(compared.status, JSON.stringify(compared.body).slice(0, 300)).toBe(200);
    const changed = compared.body.parts.filter((part) => part.kind !== 'equal').map((part) => [part.kind, part.text, part.user?.username]);
    // The new paragraph sits where the deleted one was: in document order it comes first.
    expect(changed).toEqual([
      ['insert', '\n第二版新增：确保全年目标。', 'bgs'],
      ['delete', '\n办公室合稿后补充的一句。', 'bgs'],
    ]);
    const [v1, v2] = await Promise.all([1, 2].map((n) => api['quzhang']!.get<{ text: string; sha256?: string }>(`/api/reports/${report.id}/versions/${n}`)));
    expect(compared.body.parts.filter((part) => part.kind !== 'insert').map((part) => part.text).join('')).toBe(v1!.body.text);
    expect(compared.body.parts.filter((part) => part.kind !== 'delete').map((part) => part.text).join('')).toBe(v2!.body.text);
    // Version 2 is the current draft: nothing between them.
    const against = await api['quzhang']!.get<Compared>(`/api/reports/${report.id}/versions/compare?from=2&to=final`);
    expect(against.body.parts.every((part) => part.kind === 'equal')).toBe(true);
    expect((await api['quzhang']!.get(`/api/reports/${report.id}/versions/compare?from=0&to=2`)).status).toBe(400);

    // Issue 13: the locked version downloads as a .docx, for anyone who may read the report.
    const res = await fetch(`${server.url}/api/reports/${report.id}/versions/2/export.docx`, { headers: { cookie: api['quzhang']!.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const title = (await api['quzhang']!.get<{ title: string }>(`/api/reports/${report.id}`)).body.title;
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`${title}（第2版）.docx`)}`);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const xml = strFromU8(files['word/document.xml']!);
    expect(xml).toContain('第二版新增：确保全年目标。');
    expect(xml).toContain(written);
    expect(strFromU8(files['docProps/custom.xml']!)).toContain(v2!.body.sha256 ?? '');
    expect((await api['quzhang']!.get(`/api/reports/${report.id}/versions/9/export.docx`)).status).toBe(404);
    expect((await api['quzhang']!.get(`/api/reports/${report.id}/versions/x/export.docx`)).status).toBe(400);
    // The current final draft, marked as a draft in its name and properties.
    const draft = await fetch(`${server.url}/api/reports/${report.id}/final/export.docx`, { headers: { cookie: api['quzhang']!.cookie } });
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-disposition')).toContain(encodeURIComponent('（合稿，未定稿）.docx'));
    const draftFiles = unzipSync(new Uint8Array(await draft.arrayBuffer()));
    expect(strFromU8(draftFiles['docProps/custom.xml']!)).toContain('draft');
    expect(strFromU8(draftFiles['word/document.xml']!)).toContain('第二版新增：确保全年目标。');
    expect((await api['quzhang']!.get(`/api/reports/${report.id}/versions/compare?from=9&to=2`)).status).toBe(404);
  });
});
