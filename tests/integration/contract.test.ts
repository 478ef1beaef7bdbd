/**
 * Issue 16, "One contract", against the real built server on both engines: the demo workspace is
 * driven through its life (sign-in, reports, outline editing with a hand-over, comments and
 * notifications, 催办, submit / return / approve, 合稿, 定稿 and its versions, history and
 * authorship, an import preview) and every JSON answer is parsed with its @hegao/contract schema.
 * `expect(SCHEMA.parse(body)).toEqual(body)`: parsing throws on a missing or wrongly typed field,
 * and zod objects drop keys they do not know, so a field the server sends but the contract lacks
 * makes the parsed value differ from the body.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ADDED_SECTION,
  AUTHORSHIP,
  BOARD,
  BUREAU_OPTION,
  COMMENT,
  COLLAB_TOKEN,
  CONFIRM_DELETE,
  DELETE_RESULT,
  ERROR_BODY,
  IMPORT_PREVIEW,
  LOCK_RESULT,
  LOGIN_ANSWER,
  ME,
  MERGE_RESULT,
  NOTIFICATION,
  NOTIFICATION_LIST,
  NOTIFICATIONS_READ_ALL,
  REMIND_RESULT,
  REPORT_DETAIL,
  REPORT_EVENT,
  REPORT_HISTORY,
  REPORT_SUMMARY,
  RESTORE_RESULT,
  SECTION_DIFF,
  SECTION_TEXT,
  SECTION_TIMELINE,
  SECTION_VIEW,
  SECTION_WITH_WARNINGS,
  TEMPLATE,
  TEMPLATE_DETAIL,
  THREAD,
  THREADS,
  UNLOCK_RESULT,
  VERSION_COMPARISON,
  VERSION_DETAIL,
  VERSION_LIST,
  type AppNotification,
  type ImportPreview,
  type ReportDetail,
  type SectionView,
  type Thread,
} from '@hegao/contract';
import { ApiClient, DEMO_PASSWORD, demoReport, mergeDemoReport, sectionOf, type ApiResponse } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { openEventStream, type EventStream } from '../helpers/eventStream.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

const SEED = readFileSync(fileURLToPath(new URL('../../seeds/district-half-year-summary-and-plan.txt', import.meta.url)), 'utf8');

/**
 * The answer has the expected status and is exactly what `schema` describes: nothing missing or
 * wrongly typed (parse throws), nothing the schema does not name (parse drops it, toEqual fails).
 * Returns the parsed value, typed.
 */
function conforms<T>(schema: { parse(value: unknown): T }, res: ApiResponse, status = 200): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const parsed = schema.parse(res.body);
  expect(parsed).toEqual(res.body);
  return parsed;
}

const ARRAY_OF = {
  REPORT_SUMMARY: REPORT_SUMMARY.array(),
  BUREAU_OPTION: BUREAU_OPTION.array(),
  TEMPLATE: TEMPLATE.array(),
};

let server: ServerProcess;
let db: Db;
const clients: CollabClient[] = [];
/** The demo report's live events, read by the office from the start of the suite. */
let stream: EventStream | undefined;
const api: Record<'bgs' | 'wjj' | 'quzhang' | 'nyj', ApiClient> = {} as Record<'bgs' | 'wjj' | 'quzhang' | 'nyj', ApiClient>;

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await stream?.cancel();
  await db?.close();
  await server?.dispose();
});

describe('the conformance check', () => {
  it('refuses a field the schema lacks, a missing field and a number id', () => {
    const me = { id: 'u1', username: 'bgs', name: '王秘书', role: 'secretary', roleLabel: '办公室秘书', bureau: null, organisation: { name: '示例区人民政府' } };
    expect(conforms(ME, { status: 200, body: me, headers: new Headers() })).toEqual(me);
    expect(() => conforms(ME, { status: 200, body: { ...me, extra: 1 }, headers: new Headers() })).toThrow();
    const { roleLabel: _dropped, ...missing } = me;
    expect(() => conforms(ME, { status: 200, body: missing, headers: new Headers() })).toThrow();
    expect(() => conforms(ME, { status: 200, body: { ...me, id: 1 }, headers: new Headers() })).toThrow();
  });
});

describe('every answer conforms to @hegao/contract', () => {
  let report: ReportDetail;
  /** The 卫健局's drafting section: written, commented on, reminded, submitted, returned, approved. */
  let section: SectionView;
  let thread: Thread;
  /** The sub-section that took over the 农业农村局's written leaf. */
  let handedOver: SectionView;
  /** The paragraph the 卫健局 writes in this suite. */
  const sentence = '全年门诊量同比增长6.5%，契约测试写入。';

  it('POST /api/auth/login → LOGIN_ANSWER, for the office, a bureau writer and a leader', async () => {
    for (const username of ['bgs', 'wjj', 'quzhang', 'nyj'] as const) {
      const client = new ApiClient(server.url);
      const answer = conforms(LOGIN_ANSWER, await client.post('/api/auth/login', { username, password: DEMO_PASSWORD }));
      expect(answer.user.username).toBe(username);
      expect(client.cookie).not.toBe('');
      api[username] = client;
    }
  });

  it('GET /api/me → ME, for bgs (office), wjj (bureau) and quzhang (leader, no bureau)', async () => {
    expect(conforms(ME, await api.bgs.get('/api/me'))).toMatchObject({ role: 'secretary', bureau: { isOffice: true } });
    expect(conforms(ME, await api.wjj.get('/api/me'))).toMatchObject({ role: 'editor', bureau: { name: '卫健局', isOffice: false } });
    expect(conforms(ME, await api.quzhang.get('/api/me'))).toMatchObject({ role: 'leader', bureau: null });
  });

  it('GET /api/reports → REPORT_SUMMARY[], with and without the caller’s sections', async () => {
    for (const who of ['bgs', 'wjj', 'quzhang'] as const) {
      const list = conforms(ARRAY_OF.REPORT_SUMMARY, await api[who].get('/api/reports'));
      expect(list.length).toBeGreaterThan(0);
      if (who === 'wjj') expect(list.some((r) => r.mySections.length > 0)).toBe(true);
      if (who === 'quzhang') expect(list.every((r) => r.mySections.length === 0)).toBe(true);
    }
  });

  it('GET /api/reports/:id → REPORT_DETAIL', async () => {
    const { id } = await demoReport(api.bgs);
    report = conforms(REPORT_DETAIL, await api.wjj.get(`/api/reports/${id}`));
    expect(report.sections.length).toBeGreaterThan(1);
    expect(report.finalDocName).toBeNull();
    section = await sectionOf(api.wjj, '卫健局');
    stream = await openEventStream(server.url, api.bgs, report.id);
  });

  it('GET /api/bureaus → BUREAU_OPTION[]', async () => {
    const bureaus = conforms(ARRAY_OF.BUREAU_OPTION, await api.bgs.get('/api/bureaus'));
    expect(bureaus[0]!.isOffice).toBe(true);
  });

  it('GET /api/templates → TEMPLATE[], GET /api/templates/:id → TEMPLATE_DETAIL', async () => {
    const templates = conforms(ARRAY_OF.TEMPLATE, await api.bgs.get('/api/templates'));
    expect(templates.length).toBeGreaterThan(0);
    const detail = conforms(TEMPLATE_DETAIL, await api.wjj.get(`/api/templates/${templates[0]!.id}`));
    expect(detail.outline.length).toBe(templates[0]!.outline.length);
  });

  it('POST /api/collab/token → COLLAB_TOKEN; a refusal → ERROR_BODY', async () => {
    const token = conforms(COLLAB_TOKEN, await api.wjj.post('/api/collab/token', { docName: report.sections[0]!.docName }));
    expect(Date.parse(token.expiresAt)).toBeGreaterThan(Date.now());
    const refused = conforms(ERROR_BODY, await api.wjj.post('/api/collab/token', { docName: 'section-nonexistent' }), 404);
    expect(refused.error).toBe('not_found');
  });

  it('POST /api/reports → REPORT_DETAIL (201)', async () => {
    const created = conforms(
      REPORT_DETAIL,
      await api.bgs.post('/api/reports', { templateKind: 'half_year', title: '契约测试2031年上半年工作总结', period: '2031年上半年', dueDate: '2031-07-10' }),
      201,
    );
    expect(created).toMatchObject({ status: 'drafting', version: 0, finalDocName: null });
  });

  it('GET /api/reports/:id/board → BOARD', async () => {
    const board = conforms(BOARD, await api.bgs.get(`/api/reports/${report.id}/board`));
    expect(board.sections.some((row) => row.id === section.id)).toBe(true);
  });

  it('the 卫健局 writes a paragraph (so the section has an edit session of this suite)', async () => {
    const writer = await CollabClient.open(api.wjj, server.wsUrl, section.docName);
    clients.push(writer);
    writer.appendParagraph(sentence);
    await waitFor(async () => (await storedXml(db, section.docName)).includes(sentence), 'the paragraph stored');
  });

  it('POST /api/sections/:id/comments → THREAD (201), with an anchor', async () => {
    const paragraph = clients[0]!.fragment.get(clients[0]!.fragment.length - 1) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64');
    const anchor = { from: encode(Y.createRelativePositionFromTypeIndex(text, 0)), to: encode(Y.createRelativePositionFromTypeIndex(text, 6, -1)) };
    thread = conforms(THREAD, await api.quzhang.post(`/api/sections/${section.id}/comments`, { body: '请@张卫民 核实门诊量口径', anchor, quote: sentence.slice(0, 6) }), 201);
    expect(thread).toMatchObject({ anchor, replies: [], author: { role: 'leader', bureau: null } });
  });

  it('POST /api/comments/:id/replies → COMMENT (201)', async () => {
    const reply = conforms(COMMENT, await api.wjj.post(`/api/comments/${thread.id}/replies`, { body: '已核实，按卫健委口径。' }), 201);
    expect(reply).toMatchObject({ parentId: thread.id, anchor: null, author: { role: 'editor', bureau: { name: '卫健局' } } });
  });

  it('GET /api/sections/:id/comments → THREADS; POST /api/comments/:id/resolve and /reopen → THREAD', async () => {
    const threads = conforms(THREADS, await api.bgs.get(`/api/sections/${section.id}/comments`));
    expect(threads.find((t) => t.id === thread.id)!.replies).toHaveLength(1);
    expect(conforms(THREAD, await api.bgs.post(`/api/comments/${thread.id}/resolve`)).resolvedBy).not.toBeNull();
    expect(conforms(THREAD, await api.bgs.post(`/api/comments/${thread.id}/reopen`)).resolvedAt).toBeNull();
  });

  it('POST /api/sections/:id/remind (催办) → REMIND_RESULT', async () => {
    const reminded = conforms(REMIND_RESULT, await api.bgs.post(`/api/sections/${section.id}/remind`));
    expect(reminded.sectionId).toBe(section.id);
    expect(reminded.notified).toBeGreaterThan(0);
  });

  it('GET /api/notifications → NOTIFICATION_LIST; POST /api/notifications/:id/read → NOTIFICATION; read-all → NOTIFICATIONS_READ_ALL', async () => {
    const list = conforms(NOTIFICATION_LIST, await api.wjj.get('/api/notifications'));
    const types = new Set(list.items.map((n: AppNotification) => n.type));
    expect(types.has('reminded')).toBe(true);
    expect(types.has('mentioned') || types.has('comment_reply')).toBe(true);
    const first = list.items.find((n) => n.readAt === null)!;
    expect(conforms(NOTIFICATION, await api.wjj.post(`/api/notifications/${first.id}/read`)).readAt).not.toBeNull();
    expect(conforms(NOTIFICATIONS_READ_ALL, await api.wjj.post('/api/notifications/read-all')).updated).toBe(list.unread - 1);
    conforms(NOTIFICATION_LIST, await api.quzhang.get('/api/notifications'));
  });

  it('POST /api/sections/:id/submit and /approve → SECTION_WITH_WARNINGS; /return → SECTION_VIEW', async () => {
    expect(conforms(SECTION_WITH_WARNINGS, await api.wjj.post(`/api/sections/${section.id}/submit`)).status).toBe('submitted');
    const returned = conforms(SECTION_VIEW, await api.bgs.post(`/api/sections/${section.id}/return`, { reason: '请补充门诊量的统计口径' }));
    expect(returned).toMatchObject({ status: 'returned', returnReason: '请补充门诊量的统计口径' });
    conforms(SECTION_WITH_WARNINGS, await api.wjj.post(`/api/sections/${section.id}/submit`));
    expect(conforms(SECTION_WITH_WARNINGS, await api.bgs.post(`/api/sections/${section.id}/approve`)).status).toBe('approved');
  });

  it('POST /api/reports/:id/sections under a written leaf → ADDED_SECTION (201) with handOver; PATCH, PUT …/assignment and POST …/move → SECTION_VIEW; DELETE → CONFIRM_DELETE (409) / DELETE_RESULT', async () => {
    const leaf = await sectionOf(api.nyj, '农业农村局');
    const first = conforms(ADDED_SECTION, await api.bgs.post(`/api/reports/${report.id}/sections`, { title: '粮食生产', parentId: leaf.id }), 201);
    expect(first.handOver).toMatchObject({ fromId: leaf.id, text: true });
    const second = conforms(ADDED_SECTION, await api.bgs.post(`/api/reports/${report.id}/sections`, { title: '农民增收', parentId: leaf.id }), 201);
    // The second sub-section inherits the bureaus its sibling took over from the leaf.
    expect(second.inherited).toEqual({ bureauIds: first.bureaus.map((b) => b.id), dueDate: expect.toBeOneOf([null, expect.any(String)]) });
    const patched = conforms(SECTION_VIEW, await api.bgs.request('PATCH', `/api/sections/${first.id}`, { instruction: '不超过800字', dueDate: '2031-06-30' }));
    expect(patched).toMatchObject({ instruction: '不超过800字', dueDate: '2031-06-30' });
    conforms(SECTION_VIEW, await api.bgs.put(`/api/sections/${second.id}/assignment`, { bureauIds: first.bureaus.map((b) => b.id) }));
    expect(conforms(SECTION_VIEW, await api.bgs.post(`/api/sections/${second.id}/move`, { parentId: leaf.id, index: 0 })).parentId).toBe(leaf.id);
    expect(conforms(CONFIRM_DELETE, await api.bgs.request('DELETE', `/api/sections/${first.id}`), 409).chars).toBeGreaterThan(0);
    expect(conforms(DELETE_RESULT, await api.bgs.request('DELETE', `/api/sections/${second.id}`)).deletedIds).toEqual([second.id]);
    handedOver = first;
  });

  it('POST /api/sections/:id/restore → RESTORE_RESULT', async () => {
    const timeline = conforms(SECTION_TIMELINE, await api.nyj.get(`/api/sections/${handedOver.id}/timeline`));
    const latest = Math.max(...timeline.entries.map((e) => (e.kind === 'edit' ? e.toSeq : e.seq)));
    expect(latest).toBeGreaterThan(0);
    const restored = conforms(RESTORE_RESULT, await api.nyj.post(`/api/sections/${handedOver.id}/restore`, { seq: latest }));
    expect(restored.seq).toBe(latest);
    expect(restored.text.length).toBeGreaterThan(0);
  });

  it('GET /api/sections/:id/text → SECTION_TEXT; /timeline → SECTION_TIMELINE; /diff → SECTION_DIFF', async () => {
    const text = conforms(SECTION_TEXT, await api.bgs.get(`/api/sections/${section.id}/text`));
    expect(text.text).toContain(sentence);
    const timeline = conforms(SECTION_TIMELINE, await api.bgs.get(`/api/sections/${section.id}/timeline`));
    const kinds = new Set(timeline.entries.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['comment', 'edit', 'event']);
    expect(timeline.entries.some((e) => e.kind === 'event' && e.type === 'section.return' && e.reason === '请补充门诊量的统计口径')).toBe(true);
    const diff = conforms(SECTION_DIFF, await api.bgs.get(`/api/sections/${section.id}/diff?from=0`));
    expect(diff.parts.some((p) => p.kind === 'insert' && p.user !== undefined)).toBe(true);
  });

  it('GET /api/sections/:id/authorship → AUTHORSHIP (also with ?deleted=1)', async () => {
    const authorship = conforms(AUTHORSHIP, await api.quzhang.get(`/api/sections/${section.id}/authorship`));
    expect(authorship.spans.some((s) => s.user.username === 'wjj')).toBe(true);
    expect(conforms(AUTHORSHIP, await api.quzhang.get(`/api/sections/${section.id}/authorship?deleted=1`)).deleted).toEqual(expect.any(Array));
  });

  it('POST /api/reports/:id/merge → MERGE_RESULT (the first merge by mergeDemoReport, and a re-merge)', async () => {
    const { merge } = await mergeDemoReport(api.bgs);
    expect(conforms(MERGE_RESULT, merge)).toMatchObject({ finalDocName: `final-${report.id}`, remerge: false, changed: [] });
    expect(conforms(MERGE_RESULT, await api.bgs.post(`/api/reports/${report.id}/merge`, {}))).toMatchObject({ remerge: true });
    const merged = conforms(REPORT_DETAIL, await api.bgs.get(`/api/reports/${report.id}`));
    expect(merged).toMatchObject({ status: 'merging', finalDocName: `final-${report.id}` });
  });

  it('GET /api/reports/:id/final/authorship → AUTHORSHIP; POST|GET …/final/comments → THREAD / THREADS', async () => {
    const authorship = conforms(AUTHORSHIP, await api.quzhang.get(`/api/reports/${report.id}/final/authorship`));
    expect(authorship.text).toContain(sentence);
    const final = conforms(THREAD, await api.quzhang.post(`/api/reports/${report.id}/final/comments`, { body: '同意，定稿。' }), 201);
    expect(final).toMatchObject({ sectionId: null, anchor: null, quote: '' });
    conforms(THREADS, await api.bgs.get(`/api/reports/${report.id}/final/comments`));
  });

  it('POST /api/reports/:id/lock → LOCK_RESULT; /unlock → UNLOCK_RESULT; GET …/versions → VERSION_LIST; …/versions/:n → VERSION_DETAIL', async () => {
    expect(conforms(LOCK_RESULT, await api.bgs.post(`/api/reports/${report.id}/lock`)).version).toBe(1);
    expect(conforms(UNLOCK_RESULT, await api.bgs.post(`/api/reports/${report.id}/unlock`, { reason: '补充下半年计划' }))).toEqual({ version: 1, status: 'merging' });
    expect(conforms(LOCK_RESULT, await api.bgs.post(`/api/reports/${report.id}/lock`)).version).toBe(2);
    const versions = conforms(VERSION_LIST, await api.quzhang.get(`/api/reports/${report.id}/versions`));
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]).toMatchObject({ unlockReason: '补充下半年计划', unlockedBy: { name: expect.any(String) } });
    const detail = conforms(VERSION_DETAIL, await api.quzhang.get(`/api/reports/${report.id}/versions/1`));
    expect(detail).toMatchObject({ version: 1, verified: true });
    expect(detail.text).toContain(sentence);
  });

  it('GET /api/reports/:id/versions/compare → VERSION_COMPARISON (two versions, and a version against final)', async () => {
    const between = conforms(VERSION_COMPARISON, await api.quzhang.get(`/api/reports/${report.id}/versions/compare?from=1&to=2`));
    expect(between.to).toMatchObject({ version: 2 });
    const againstFinal = conforms(VERSION_COMPARISON, await api.quzhang.get(`/api/reports/${report.id}/versions/compare?from=1&to=final`));
    expect(againstFinal.to).toEqual({ version: 'final', lockedAt: null });
  });

  it('GET /api/reports/:id/history → REPORT_HISTORY', async () => {
    const history = conforms(REPORT_HISTORY, await api.bgs.get(`/api/reports/${report.id}/history`));
    const types = new Set(history.map((e) => e.type));
    for (const type of ['section.submit', 'section.return', 'section.approve', 'report.merge', 'report.lock', 'report.unlock']) expect(types).toContain(type);
  });

  it('GET /api/reports/:id/events → REPORT_EVENT for every message of the suite’s steps', async () => {
    const sent = stream!.data().filter((d): d is { type: string } => typeof d === 'object' && d !== null && 'type' in d);
    for (const event of sent) expect(REPORT_EVENT.parse(event)).toEqual(event);
    const types = new Set(sent.map((e) => e.type));
    for (const type of ['section.status', 'section.assignment', 'section.edit', 'report.status', 'report.outline', 'comment', 'notification']) expect(types).toContain(type);
  });

  it('POST /api/imports (pasted seed) → IMPORT_PREVIEW; POST /api/imports/report → REPORT_DETAIL (201)', async () => {
    const preview: ImportPreview = conforms(IMPORT_PREVIEW, await api.bgs.post('/api/imports', { text: SEED }));
    expect(preview.sections.length).toBeGreaterThan(3);
    expect(preview.sourceName).toBeNull();
    const created = await api.bgs.post('/api/imports/report', {
      title: preview.title,
      period: preview.period || '2020年上半年',
      kind: preview.kind,
      dueDate: '2031-07-10',
      sourceName: preview.sourceName,
      sourceSha256: preview.sourceSha256,
      sections: preview.sections.map((s) => ({ title: s.title, level: s.level, numbered: s.number !== '', blocks: s.blocks, bureauIds: s.bureauIds })),
    });
    const imported = conforms(REPORT_DETAIL, created, 201);
    expect(imported.sections.map((s) => s.title)).toEqual(expect.arrayContaining(preview.sections.map((s) => s.title)));
  });
});
