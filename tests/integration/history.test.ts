/**
 * `GET /api/reports/:id/history` against the real built server: the workflow events of a demo
 * section (submit, return with a reason, submit again, approve) come back newest first with the
 * actors' names and the reason; any reader (the leader too) may read it; the refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demoReport, sectionOf, type SectionJson } from '../helpers/api.js';
import { expectError } from '../helpers/expectError.js';
import { ServerProcess } from '../helpers/serverProcess.js';

/** One history entry as the endpoint returns it. */
interface HistoryEntry {
  id: number;
  at: string;
  type: string;
  actor: { id: string; name: string | null; bureau: { id: string; name: string } | null } | null;
  sectionId: string | null;
  sectionTitle: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

const REASON = '请补充6月底的疫苗接种数据';

let server: ServerProcess;
let reportId: string;
let section: SectionJson;

beforeAll(async () => {
  server = await ServerProcess.start();
  const wjj = await ApiClient.login(server.url, 'wjj');
  const bgs = await ApiClient.login(server.url, 'bgs');
  reportId = (await demoReport(wjj)).id;
  section = await sectionOf(wjj, '卫健局');
  const steps: [ApiClient, string, unknown?][] = [
    [wjj, 'submit'],
    [bgs, 'return', { reason: REASON }],
    [wjj, 'submit'],
    [bgs, 'approve'],
  ];
  for (const [api, action, body] of steps) {
    const res = await api.post(`/api/sections/${section.id}/${action}`, body);
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
  }
});

afterAll(async () => {
  await server?.dispose();
});

describe('GET /api/reports/:id/history', () => {
  it('lists the section’s workflow newest first, with the actors’ names, the section title and the reason', async () => {
    const bgs = await ApiClient.login(server.url, 'bgs');
    const res = await bgs.get<HistoryEntry[]>(`/api/reports/${reportId}/history`);
    expect(res.status).toBe(200);
    const ids = res.body.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const times = res.body.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const e of res.body) expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    // The first submit also moved the report 起草中 → 审核中 (report.review, no section).
    expect(res.body.slice(0, 5).map((e) => e.type)).toEqual(['section.approve', 'section.submit', 'section.return', 'report.review', 'section.submit']);
    const [approve, resubmit, returned, review, submit] = res.body as [HistoryEntry, HistoryEntry, HistoryEntry, HistoryEntry, HistoryEntry];
    expect(approve).toMatchObject({ actor: { name: '李文静', bureau: { name: '办公室' } }, sectionId: section.id, sectionTitle: section.title, reason: null, detail: { from: 'submitted', to: 'approved' } });
    expect(resubmit).toMatchObject({ actor: { name: '张卫民', bureau: { name: '卫健局' } }, sectionId: section.id, detail: { from: 'returned', to: 'submitted' } });
    expect(returned).toMatchObject({
      actor: { name: '李文静' },
      sectionId: section.id,
      sectionTitle: section.title,
      reason: REASON,
      detail: { from: 'submitted', to: 'returned', reason: REASON },
    });
    expect(review).toMatchObject({ actor: { name: '张卫民' }, sectionId: null, sectionTitle: null, detail: { from: 'drafting', to: 'reviewing' } });
    expect(submit).toMatchObject({ actor: { name: '张卫民' }, sectionId: section.id, reason: null, detail: { from: 'drafting', to: 'submitted' } });
    // Older: what seeding the demo recorded (its assignments, then the report's creation).
    expect(res.body.slice(5).find((e) => e.type === 'report.create')).toMatchObject({ actor: { name: '李文静' }, sectionId: null, sectionTitle: null });
    expect(res.body.at(-1)).toMatchObject({ type: 'section.assign', actor: { name: '李文静' } });
  });

  it('keeps one section’s events with ?sectionId=', async () => {
    const bgs = await ApiClient.login(server.url, 'bgs');
    const res = await bgs.get<HistoryEntry[]>(`/api/reports/${reportId}/history?sectionId=${encodeURIComponent(section.id)}`);
    expect(res.status).toBe(200);
    expect(res.body.map((e) => e.type)).toEqual(['section.approve', 'section.submit', 'section.return', 'section.submit', 'section.assign']);
    expect(new Set(res.body.map((e) => e.sectionId))).toEqual(new Set([section.id]));
    const other = await bgs.get<HistoryEntry[]>(`/api/reports/${reportId}/history?sectionId=no-such-section`);
    expect(other.status).toBe(200);
    expect(other.body).toEqual([]);
  });

  it('the leader may read it', async () => {
    const leader = await ApiClient.login(server.url, 'quzhang');
    const res = await leader.get<HistoryEntry[]>(`/api/reports/${reportId}/history`);
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ type: 'section.approve', sectionId: section.id });
    expect(res.body.find((e) => e.type === 'section.return')!.reason).toBe(REASON);
  });

  it('records a leader’s 批示 and a reply, with who, where and an excerpt', async () => {
    const leader = await ApiClient.login(server.url, 'quzhang');
    const wjj = await ApiClient.login(server.url, 'wjj');
    const thread = await leader.post<{ id: string }>(`/api/sections/${section.id}/comments`, { body: '核酸检测能力要对标全市先进。', quote: '核酸检测' });
    expect(thread.status).toBe(201);
    expect((await wjj.post(`/api/comments/${thread.body.id}/replies`, { body: '已补充措施。' })).status).toBe(201);
    const res = await leader.get<HistoryEntry[]>(`/api/reports/${reportId}/history?sectionId=${section.id}`);
    expect(res.body.slice(0, 2).map((e) => [e.type, e.actor?.name, e.sectionId])).toEqual([
      ['comment.reply', '张卫民', section.id],
      ['comment.add', '周区长', section.id],
    ]);
    expect(res.body[1]!.detail).toMatchObject({ body: '核酸检测能力要对标全市先进。', quote: '核酸检测', leader: true });
  });

  it('two simultaneous approvals of one submitted section: one 200, one 409, one approve recorded', async () => {
    const zzb = await ApiClient.login(server.url, 'zzb');
    const own = await sectionOf(zzb, '组织部');
    expect((await zzb.post(`/api/sections/${own.id}/submit`)).status).toBe(200);
    const [a, b] = await Promise.all([ApiClient.login(server.url, 'bgs'), ApiClient.login(server.url, 'bgs')]);
    const results = await Promise.all([a.post(`/api/sections/${own.id}/approve`), b.post(`/api/sections/${own.id}/approve`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    // Whichever way the two interleaved, the loser is a conflict in Chinese (moved under it, or already 已通过).
    expectError(results.find((r) => r.status === 409)!, 409, 'conflict');
    const history = await a.get<HistoryEntry[]>(`/api/reports/${reportId}/history?sectionId=${encodeURIComponent(own.id)}`);
    expect(history.body.filter((e) => e.type === 'section.approve')).toHaveLength(1);
    expect(history.body[0]).toMatchObject({ type: 'section.approve', actor: { name: '李文静' } });
  });

  it('records an assignment’s bureaus before and after, and the due date and 写作要求 it changed, old and new', async () => {
    const bgs = await ApiClient.login(server.url, 'bgs');
    const mzj = await ApiClient.login(server.url, 'mzj');
    const target = await sectionOf(mzj, '民政局');
    const before = (await bgs.get<{ sections: (SectionJson & { dueDate: string | null; instruction: string })[] }>(`/api/reports/${reportId}`)).body.sections.find((s) => s.id === target.id)!;
    const bureaus = (await bgs.get<{ id: string; name: string }[]>('/api/bureaus')).body;
    const nyj = bureaus.find((b) => b.name === '农业农村局')!.id;
    const moved = await bgs.put(`/api/sections/${target.id}/assignment`, { bureauIds: [nyj], dueDate: '2031-07-01', instruction: '不超过600字，写明同比' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // Again with the same due date: only what changed is recorded.
    expect((await bgs.put(`/api/sections/${target.id}/assignment`, { bureauIds: [nyj], dueDate: '2031-07-01', instruction: '不超过500字' })).status).toBe(200);

    const res = await bgs.get<HistoryEntry[]>(`/api/reports/${reportId}/history?sectionId=${encodeURIComponent(target.id)}`);
    const [second, first] = res.body as [HistoryEntry, HistoryEntry];
    expect(first).toMatchObject({ type: 'section.assign', actor: { name: '李文静' } });
    expect(first.detail).toEqual({
      from: 'drafting',
      to: 'drafting',
      bureauIds: [nyj],
      previousBureauIds: target.bureaus.map((b) => b.id),
      dueDate: { from: before.dueDate, to: '2031-07-01' },
      instruction: { from: before.instruction, to: '不超过600字，写明同比' },
    });
    expect(second.detail).toEqual({ from: 'drafting', to: 'drafting', bureauIds: [nyj], previousBureauIds: [nyj], instruction: { from: '不超过600字，写明同比', to: '不超过500字' } });
  });

  it('is 401 without a session and 404 「报告不存在」 for an unknown report', async () => {
    expectError(await new ApiClient(server.url).get(`/api/reports/${reportId}/history`), 401, 'unauthenticated');
    const bgs = await ApiClient.login(server.url, 'bgs');
    expectError(await bgs.get('/api/reports/no-such-report/history'), 404, 'not_found', '报告不存在');
  });
});

/** A section's stored text as `GET /api/sections/:id/text` returns it. */
interface SectionText {
  id: string;
  reportId: string;
  title: string;
  deletedAt: string | null;
  text: string;
  chars: number;
}

describe('GET /api/sections/:id/text', () => {
  it('reads back the text of a section deleted by the secretary, which the history names', async () => {
    const bgs = await ApiClient.login(server.url, 'bgs');
    const fgj = await ApiClient.login(server.url, 'fgj');
    const doomed = await sectionOf(fgj, '发改局');
    const before = await bgs.get<SectionText>(`/api/sections/${doomed.id}/text`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ id: doomed.id, reportId, title: doomed.title, deletedAt: null });
    expect(before.body.chars).toBeGreaterThan(0);
    expect(before.body.text.replace(/\s/g, '')).toHaveLength(before.body.chars);

    const deleted = await bgs.request<{ deletedIds: string[] }>('DELETE', `/api/sections/${doomed.id}?confirm=1`);
    expect(deleted.status).toBe(200);
    const after = await bgs.get<SectionText>(`/api/sections/${doomed.id}/text`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ id: doomed.id, title: doomed.title, text: before.body.text, chars: before.body.chars });
    expect(Date.parse(after.body.deletedAt ?? '')).not.toBeNaN();

    const history = await bgs.get<HistoryEntry[]>(`/api/reports/${reportId}/history`);
    expect(history.body[0]).toMatchObject({
      type: 'section.delete',
      sectionId: doomed.id,
      sectionTitle: doomed.title,
      detail: { title: doomed.title, deletedIds: [doomed.id], chars: before.body.chars, confirmed: true },
    });
    // Any reader of the report may read it back, as they could read the live text.
    const leader = await ApiClient.login(server.url, 'quzhang');
    expect((await leader.get<SectionText>(`/api/sections/${doomed.id}/text`)).body.text).toBe(before.body.text);
  });

  it('is 401 without a session and 404 「章节不存在」 for an unknown section', async () => {
    expectError(await new ApiClient(server.url).get(`/api/sections/${section.id}/text`), 401, 'unauthenticated');
    const bgs = await ApiClient.login(server.url, 'bgs');
    expectError(await bgs.get('/api/sections/no-such-section/text'), 404, 'not_found', '章节不存在');
  });
});
