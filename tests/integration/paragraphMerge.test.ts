/**
 * Issue 16: re-merge paragraph by paragraph (逐段合并) against the real built server. The office
 * polishes paragraph 1 of a merged section in the final draft; the section is reopened and its
 * bureau changes paragraph 2; a re-merge with `{paragraphs: {}}` keeps the office's paragraph 1
 * and takes the bureau's paragraph 2, and the final draft's authorship stays exact: the office's
 * paragraph keeps its writers, the bureau's is the bureau writer's. Bad decisions are 400s in
 * Chinese with a structured code, and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, demoReport, mergeDemoReport, type SectionJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedUpdates, storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

interface Authorship {
  text: string;
  spans: { start: number; end: number; user: { username: string } }[];
}
interface ParagraphsJson {
  conflicts: { index: number; base: string | null; office: string | null; bureau: string | null; choice?: string; defaulted?: boolean }[];
  fromBureau: number;
  fromOffice: number;
  same: number;
  text: string;
}
interface ErrorJson {
  error: string;
  message: string;
  conflicts?: { sectionId: string; officeText: string; paragraphs: ParagraphsJson | null }[];
}

let server: ServerProcess;
let db: Db;
const api: Record<string, ApiClient> = {};
const clients: CollabClient[] = [];
let report: { id: string; sections: SectionJson[] };

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
  for (const username of ['bgs', 'wjj', 'quzhang']) api[username] = await ApiClient.login(server.url, username);
  report = await demoReport(api['bgs']!);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await db?.close();
  await server?.dispose();
});

/** Who wrote each character of the whole line `line`, by username. */
function writersOf(result: Authorship, line: string): string[] {
  const lines = result.text.split('\n');
  const index = lines.indexOf(line);
  expect(index, `line “${line}”`).toBeGreaterThanOrEqual(0);
  const offset = lines.slice(0, index).reduce((n, l) => n + l.length + 1, 0);
  return [...line].map((_, i) => result.spans.find((s) => s.start <= offset + i && offset + i < s.end)!.user.username);
}

/** The top-level paragraph of `client`'s document from `sectionId` (any, in a section) holding `text`. */
function paragraphWith(client: CollabClient, text: string, sectionId?: string): Y.XmlText {
  const found = (client.fragment.toArray() as Y.XmlElement[]).find(
    (b) => b.nodeName === 'paragraph' && (sectionId === undefined || b.getAttribute('source') === sectionId) && b.toString().includes(text),
  );
  if (!found) throw new Error(`no paragraph with “${text}”`);
  return found.get(0) as Y.XmlText;
}

describe('re-merge paragraph by paragraph (逐段合并)', () => {
  const first = '一是全面推进疫苗接种，累计接种X万剂次。';
  const second = '二是核酸检测能力提升到每日X万份。';
  const officeAdds = '（办公室已核实）';
  const bureauAdds = '，二季度新增检测点X个';

  it('keeps the office’s wording in paragraph 1 and takes the bureau’s in paragraph 2, with exact authorship', async () => {
    const target = report.sections.find((s) => s.bureaus.some((b) => b.name === '卫健局') && s.docName)!;
    // The bureau writes two paragraphs, then every section is approved and merged.
    const writer = await CollabClient.open(api['wjj']!, server.wsUrl, target.docName);
    clients.push(writer);
    writer.appendParagraph(first);
    writer.appendParagraph(second);
    await waitFor(async () => (await storedXml(db, target.docName)).includes(second), 'section text stored');
    const { merge } = await mergeDemoReport(api['bgs']!);
    expect(merge.status, JSON.stringify(merge.body)).toBe(200);
    const finalDocName = merge.body.finalDocName;

    // The office polishes paragraph 1 in the final draft.
    const office = await CollabClient.open(api['bgs']!, server.wsUrl, finalDocName);
    clients.push(office);
    await waitFor(() => office.mode === 'write', 'final draft writable');
    const polished = paragraphWith(office, first, target.id);
    polished.insert(polished.length, officeAdds);
    await waitFor(async () => (await storedXml(db, finalDocName)).includes(officeAdds), 'office edit stored');
    const officeLine = `${first}${officeAdds}`;
    let before: Authorship | undefined;
    await waitFor(async () => {
      before = (await api['quzhang']!.get<Authorship>(`/api/reports/${report.id}/final/authorship`)).body;
      return before.text.split('\n').includes(officeLine);
    }, 'office edit in the authorship');

    // The section is reopened; its bureau changes paragraph 2; resubmitted and approved.
    expect((await api['bgs']!.post(`/api/sections/${target.id}/return`, { reason: '请更新检测数据' })).status).toBe(200);
    await waitFor(() => writer.mode === 'write', 'section writable again');
    const fixing = paragraphWith(writer, second);
    fixing.insert(fixing.length - 1, bureauAdds);
    const bureauLine = `二是核酸检测能力提升到每日X万份${bureauAdds}。`;
    await waitFor(async () => (await storedXml(db, target.docName)).includes(bureauAdds), 'bureau change stored');
    expect((await api['wjj']!.post(`/api/sections/${target.id}/submit`)).status).toBe(200);
    expect((await api['bgs']!.post(`/api/sections/${target.id}/approve`)).status).toBe(200);

    // Without a decision: 409 office_edits, offering the paragraph merge (no conflict here).
    const updates = (await storedUpdates(db, finalDocName)).length;
    const refused = await api['bgs']!.post<ErrorJson>(`/api/reports/${report.id}/merge`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('office_edits');
    expect(refused.body.message).toContain('“逐段合并”');
    const offer = refused.body.conflicts![0]!.paragraphs!;
    expect(offer).toMatchObject({ conflicts: [], fromOffice: 1, fromBureau: 1, same: 0 });
    expect(offer.text.split('\n')).toEqual(expect.arrayContaining([officeLine, bureauLine]));

    // Bad decisions: 400 with a Chinese message and a code; nothing written.
    const bad = async (decision: unknown, code: string, message: RegExp) => {
      const res = await api['bgs']!.post<ErrorJson>(`/api/reports/${report.id}/merge`, { resolve: { [target.id]: decision } });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toBe(code);
      expect(res.body.message).toMatch(message);
    };
    await bad('merge', 'invalid_body', /处理方式应为“替换”（replace）、“保留”（keep）或逐段合并/);
    await bad({ paragraphs: { '0': 'both' } }, 'invalid_body', /处理方式应为/);
    await bad({ paragraphs: { '1': 'bureau' } }, 'invalid_paragraph_choice', /没有需要选择的段落冲突，没有第2处/);
    expect(await storedUpdates(db, finalDocName)).toHaveLength(updates);

    // 逐段合并: the office's paragraph 1, the bureau's paragraph 2.
    const merged = await api['bgs']!.post<{ changed: { sectionId: string; resolution: string; paragraphs: ParagraphsJson | null }[] }>(`/api/reports/${report.id}/merge`, {
      resolve: { [target.id]: { paragraphs: {} } },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.changed).toMatchObject([{ sectionId: target.id, resolution: 'merge', paragraphs: { conflicts: [], fromOffice: 1, fromBureau: 1 } }]);
    await waitFor(async () => (await storedXml(db, finalDocName)).includes(bureauAdds), 'final draft merged');
    const xml = await storedXml(db, finalDocName);
    expect(xml).toContain(officeAdds);
    expect(xml).not.toContain(second);

    // Authorship: the office's line is as it was; the bureau's line is the bureau writer's.
    let after: Authorship | undefined;
    await waitFor(async () => {
      after = (await api['quzhang']!.get<Authorship>(`/api/reports/${report.id}/final/authorship`)).body;
      return after.text.split('\n').includes(bureauLine);
    }, 'merged text in the authorship');
    expect(writersOf(after!, officeLine)).toEqual(writersOf(before!, officeLine));
    expect(writersOf(after!, officeLine).slice(-officeAdds.length)).toEqual([...officeAdds].map(() => 'bgs'));
    expect(writersOf(after!, bureauLine)).toEqual([...bureauLine].map(() => 'wjj'));

    // The history records the paragraph merge.
    const history = await api['quzhang']!.get<{ id: number; type: string; detail: { merged?: string[]; mergedEdits?: { sectionId: string; text: string }[] } }[]>(
      `/api/reports/${report.id}/history`,
    );
    const event = history.body.filter((e) => e.type === 'report.merge').sort((a, b) => b.id - a.id)[0]!;
    expect(event.detail.merged).toEqual([target.id]);
    expect(event.detail.mergedEdits![0]!.text).toContain(officeLine);
  });
});
