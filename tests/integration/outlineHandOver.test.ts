/**
 * Issue 16 over HTTP, on both engines: a sub-section added under a written leaf takes its writing
 * (document and text, bureaus, due date, 写作要求, state, notifications) and the leaf is left a bare
 * heading; the next sub-section takes the bureaus its sibling has; nesting under a written leaf is
 * refused with the way to do it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, sectionOf, type NotificationJson, type SectionJson } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

let server: ServerProcess;
let db: Db;

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
});

afterAll(async () => {
  await db?.close();
  await server?.dispose();
});

interface SectionView extends SectionJson {
  parentId: string | null;
  dueDate: string | null;
  instruction: string;
}

interface Added extends SectionView {
  handOver?: { fromId: string; bureauIds: string[]; dueDate: string | null; instruction: string; status: string; text: boolean; notifications: number };
  inherited?: { bureauIds: string[]; dueDate: string | null };
}

describe('a leaf that becomes a heading', () => {
  it('hands its writing to the first sub-section; the next one takes its bureaus; nesting under a written leaf is refused', async () => {
    const bgs = await ApiClient.login(server.url, 'bgs');
    const nyj = await ApiClient.login(server.url, 'nyj');
    const leaf = await sectionOf(nyj, '农业农村局');
    const reportId = (await bgs.get<{ id: string }[]>('/api/reports')).body[0]!.id;
    expect((await bgs.request('PATCH', `/api/sections/${leaf.id}`, { dueDate: '2026-12-20', instruction: '不超过800字' })).status).toBe(200);
    const text = /<paragraph[^>]*>([^<]{8})/.exec(await storedXml(db, leaf.docName))?.[1];
    expect(text).toBeDefined();
    // The office gives the leaf to the 民政局 as well: its writer gets a 分配 about the leaf.
    const mzj = await ApiClient.login(server.url, 'mzj');
    const civil = (await sectionOf(mzj, '民政局')).bureaus.find((b) => b.name === '民政局')!;
    leaf.bureaus = [...leaf.bureaus, civil];
    expect((await bgs.put(`/api/sections/${leaf.id}/assignment`, { bureauIds: leaf.bureaus.map((b) => b.id), dueDate: '2026-12-20' })).status).toBe(200);
    const assigned = (await mzj.get<{ items: NotificationJson[] }>('/api/notifications')).body.items.filter((n) => n.sectionId === leaf.id && n.type === 'assigned');
    expect(assigned).toHaveLength(1);

    // Nesting another section under the written leaf would make it a heading: refused, nothing changes.
    const all = (await bgs.get<{ sections: SectionView[] }>(`/api/reports/${reportId}`)).body.sections;
    const leafParent = all.find((s) => s.id === leaf.id)!.parentId;
    const other = all.find((s) => s.parentId === leafParent && s.id !== leaf.id)!;
    const refused = await bgs.post<{ error: string; message: string }>(`/api/sections/${other.id}/move`, { parentId: leaf.id, index: 0 });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('请先在其下新增子章节');

    const first = await bgs.post<Added>(`/api/reports/${reportId}/sections`, { title: '粮食生产', parentId: leaf.id });
    expect(first.status).toBe(201);
    const ids = (bureaus: readonly { id: string }[]) => bureaus.map((b) => b.id).sort();
    expect(first.body).toMatchObject({
      parentId: leaf.id,
      docName: leaf.docName,
      dueDate: '2026-12-20',
      instruction: '不超过800字',
      status: 'drafting',
      handOver: { fromId: leaf.id, dueDate: '2026-12-20', instruction: '不超过800字', status: 'drafting', text: true },
    });
    expect(ids(first.body.bureaus)).toEqual(ids(leaf.bureaus));
    expect([...first.body.handOver!.bureauIds].sort()).toEqual(ids(leaf.bureaus));
    expect(first.body.handOver!.notifications).toBeGreaterThanOrEqual(1);
    expect(await storedXml(db, first.body.docName)).toContain(text!);
    const heading = (await bgs.get<{ sections: SectionView[] }>(`/api/reports/${reportId}`)).body.sections.find((s) => s.id === leaf.id)!;
    expect(heading).toMatchObject({ bureaus: [], dueDate: null, instruction: '', status: 'not_started' });
    expect(heading.docName).not.toBe(leaf.docName);
    expect(await storedXml(db, heading.docName)).not.toContain(text!);
    for (const writer of [nyj, mzj]) {
      const notes = (await writer.get<{ items: NotificationJson[] }>('/api/notifications')).body.items;
      expect(notes.filter((n) => n.sectionId === leaf.id)).toEqual([]);
    }
    const moved = (await mzj.get<{ items: NotificationJson[] }>('/api/notifications')).body.items.filter((n) => n.id === assigned[0]!.id);
    expect(moved.map((n) => n.sectionId)).toEqual([first.body.id]);

    const second = await bgs.post<Added>(`/api/reports/${reportId}/sections`, { title: '农民增收', parentId: leaf.id });
    expect(second.status).toBe(201);
    expect(second.body.handOver).toBeUndefined();
    expect(second.body).toMatchObject({ dueDate: '2026-12-20', instruction: '', status: 'drafting', inherited: { bureauIds: ids(leaf.bureaus), dueDate: '2026-12-20' } });
    expect(ids(second.body.bureaus)).toEqual(ids(leaf.bureaus));
    // Both sub-sections are the bureau's now, the heading is not.
    const summary = (await nyj.get<{ id: string; mySections: { id: string }[] }[]>('/api/reports')).body.find((r) => r.id === reportId)!;
    const mine = summary.mySections.map((s) => s.id);
    expect(mine).toEqual(expect.arrayContaining([first.body.id, second.body.id]));
    expect(mine).not.toContain(leaf.id);
  });
});
