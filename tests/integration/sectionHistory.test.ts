/**
 * Issue 12, items 2–4: a section's text history. A bureau writes and submits, the office returns
 * it with a reason, the bureau corrects a figure and resubmits. The timeline shows the editing
 * sessions and the steps (提交, 退回 with its reason, 提交); the diff since the first submit is
 * exactly the changed figure, deleted and inserted by its writer; the text at a point can be read;
 * a restore brings the earlier text back as a new change by the restorer, changing only what
 * differs, and shows in the timeline; who may not write the section may not restore it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, sectionOf, type SectionJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

interface Person {
  id: string;
  username: string;
  name: string;
  color: string;
}
type Entry =
  | { kind: 'edit'; user: Person; from: string; to: string; fromSeq: number; toSeq: number; added: number; removed: number }
  | { kind: 'event'; type: string; user: Person | null; at: string; seq: number; reason?: string }
  | { kind: 'comment'; id: string; user: Person; at: string; seq: number; text: string };
interface Part {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
  user?: Person;
  at?: string;
}
interface Diff {
  from: { seq: number; at: string | null };
  to: { seq: number; at: string | null };
  parts: Part[];
}
interface Authorship {
  text: string;
  spans: { start: number; end: number; user: Person }[];
}

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await db?.close();
  await server?.dispose();
});

const rebuild = (parts: Part[], skip: Part['kind']) => parts.filter((p) => p.kind !== skip).map((p) => p.text).join('');

describe('a section’s text history', () => {
  let section: SectionJson;
  let wjj: ApiClient;
  let bgs: ApiClient;
  let writer: CollabClient;
  const sentence = '全年增长6.5%，好于预期。';

  beforeAll(async () => {
    wjj = await ApiClient.login(server.url, 'wjj');
    bgs = await ApiClient.login(server.url, 'bgs');
    section = await sectionOf(wjj, '卫健局');
    writer = await CollabClient.open(wjj, server.wsUrl, section.docName);
    clients.push(writer);
  });

  const stored = (text: string) => waitFor(async () => (await storedXml(db, section.docName)).includes(text), `“${text}” stored`);
  const timeline = async () => (await bgs.get<{ sectionId: string; entries: Entry[] }>(`/api/sections/${section.id}/timeline`)).body.entries;
  const events = (entries: Entry[]) => entries.filter((e): e is Extract<Entry, { kind: 'event' }> => e.kind === 'event');

  it('the timeline: editing sessions and 提交 / 退回 (with its reason) / 提交, newest first', async () => {
    writer.appendParagraph(sentence);
    await stored(sentence);
    expect((await wjj.post(`/api/sections/${section.id}/submit`)).status).toBe(200);
    expect((await bgs.post(`/api/sections/${section.id}/return`, { reason: '增速数据有误，请核实' })).status).toBe(200);
    await waitFor(() => writer.mode === 'write', 'writable again');
    const text = (writer.fragment.get(writer.fragment.length - 1) as Y.XmlElement).get(0) as Y.XmlText;
    writer.doc.transact(() => {
      text.delete(4, 3);
      text.insert(4, '7.1');
    });
    await stored('全年增长7.1%');
    expect((await wjj.post(`/api/sections/${section.id}/submit`)).status).toBe(200);

    const entries = await timeline();
    const steps = events(entries).map((e) => [e.type, e.user?.username, e.reason]);
    expect(steps.slice(0, 3)).toEqual([
      ['section.submit', 'wjj', undefined],
      ['section.return', 'bgs', '增速数据有误，请核实'],
      ['section.submit', 'wjj', undefined],
    ]);
    const edits = entries.filter((e): e is Extract<Entry, { kind: 'edit' }> => e.kind === 'edit' && e.user.username === 'wjj');
    expect(edits.length).toBeGreaterThanOrEqual(2);
    // Newest first: the correction (3 characters out, 3 in) before the sentence (all added).
    expect(edits[0]).toMatchObject({ added: 3, removed: 3 });
    expect(edits[1]!.added).toBeGreaterThanOrEqual([...sentence].length);
    expect(Date.parse(edits[0]!.from)).toBeLessThanOrEqual(Date.parse(edits[0]!.to));
    // Entries are in time order, newest first.
    const times = entries.map((e) => Date.parse(e.kind === 'edit' ? e.to : e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('since the first submit: exactly the changed figure, deleted and inserted by the writer', async () => {
    const firstSubmit = events(await timeline()).filter((e) => e.type === 'section.submit').at(-1)!;
    const diff = (await bgs.get<Diff>(`/api/sections/${section.id}/diff?from=${firstSubmit.seq}`)).body;
    const changed = diff.parts.filter((p) => p.kind !== 'equal');
    expect(changed.map((p) => [p.kind, p.text, p.user?.username])).toEqual([
      ['delete', '6.5', 'wjj'],
      ['insert', '7.1', 'wjj'],
    ]);
    const [then, now] = await Promise.all([
      bgs.get<Authorship>(`/api/sections/${section.id}/authorship?seq=${firstSubmit.seq}`),
      bgs.get<Authorship>(`/api/sections/${section.id}/authorship`),
    ]);
    expect(then.body.text).toContain(sentence);
    expect(rebuild(diff.parts, 'insert')).toBe(then.body.text);
    expect(rebuild(diff.parts, 'delete')).toBe(now.body.text);
    expect(diff.from.seq).toBe(firstSubmit.seq);
    expect(diff.to.seq).toBeGreaterThan(diff.from.seq);

    // 显示修改人 with deletions: the old figure, where it stood, who wrote and who deleted it.
    interface Deleted {
      offset: number;
      text: string;
      user: Person;
      deletedBy: { user: Person; at: string } | null;
    }
    const withDeleted = await bgs.get<Authorship & { deleted: Deleted[] }>(`/api/sections/${section.id}/authorship?deleted=1`);
    expect(withDeleted.status).toBe(200);
    const at = withDeleted.body.text.indexOf('全年增长7.1%');
    const figure = withDeleted.body.deleted.find((d) => d.text === '6.5')!;
    expect(figure).toMatchObject({ user: { username: 'wjj' }, deletedBy: { user: { username: 'wjj' } } });
    // It stood where 7.1 stands now (before or after it: both were typed at that place).
    expect([at + 4, at + 7]).toContain(figure.offset);
    expect((await bgs.get(`/api/sections/${section.id}/authorship`)).body).not.toHaveProperty('deleted');
    expect((await bgs.get(`/api/sections/${section.id}/authorship?deleted=yes`)).status).toBe(400);
  });

  it('a restore is a new change by the restorer, only where the text differs, and is in the timeline', async () => {
    const firstSubmit = events(await timeline()).filter((e) => e.type === 'section.submit').at(-1)!;
    // A leader and another bureau may not restore; nothing changes.
    for (const who of ['quzhang', 'fgj']) {
      const refused = await (await ApiClient.login(server.url, who)).post<{ error: string; message: string }>(`/api/sections/${section.id}/restore`, { seq: firstSubmit.seq });
      expect(refused.status, who).toBe(403);
      expect(refused.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await bgs.post(`/api/sections/${section.id}/restore`, { seq: 'abc' })).status).toBe(400);

    // The office may edit a submitted section, so it may restore it.
    const restored = await bgs.post<{ seq: number; text: string }>(`/api/sections/${section.id}/restore`, { seq: firstSubmit.seq });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.text).toContain(sentence);
    await waitFor(() => writer.xml().includes(sentence), 'the open editor shows the restored text');

    const now = (await bgs.get<Authorship>(`/api/sections/${section.id}/authorship`)).body;
    const at = now.text.indexOf(sentence);
    const who = (i: number) => now.spans.find((s) => s.start <= i && i < s.end)!.user.username;
    // 全年增长 and %，好于预期。 are still the writer's; the restored 6.5 is the office's.
    expect([...'全年增长'].map((_, i) => who(at + i))).toEqual(Array(4).fill('wjj'));
    expect([4, 5, 6].map((i) => who(at + i))).toEqual(['bgs', 'bgs', 'bgs']);
    expect(who(at + 7)).toBe('wjj');

    const restore = events(await timeline())[0]!;
    expect(restore).toMatchObject({ type: 'section.restore', user: { username: 'bgs' }, restored: { seq: firstSubmit.seq } });
  });

  it('bad input: a missing or malformed point is 400 with a Chinese message; an unknown section 404', async () => {
    for (const query of ['', '?from=-1', '?from=1&to=x', '?from=999999999&to=1']) {
      const res = await bgs.get<{ error: string; message: string }>(`/api/sections/${section.id}/diff${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await bgs.get(`/api/sections/${section.id}/authorship?seq=1&at=2026-01-01T00:00:00Z`)).status).toBe(400);
    expect((await bgs.get('/api/sections/nope/timeline')).status).toBe(404);
  });
});
