/**
 * The office's progress board (`GET /api/reports/:id/board`) and the bureau list (`GET /api/bureaus`)
 * against the real built server: rows are the outline leaves with the report's numbers, 字数 and
 * unfilled placeholders follow what an editor types (read from the live document), the last editor
 * is named, and a due date set through the assignment endpoint turns a row overdue until the
 * section is submitted. Readable by every signed-in role.
 *
 * One server for the whole file; tests run in order and later ones build on earlier state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type ApiResponse } from '../helpers/api.js';
import { CollabClient } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';

const CHINESE = /[\u4e00-\u9fff]/;
const ROW_KEYS = ['bureaus', 'chars', 'daysToDue', 'dueDate', 'id', 'lastEdit', 'number', 'overdue', 'placeholders', 'remindedAt', 'status', 'title'];

let server: ServerProcess;
const sessions = new Map<string, ApiClient>();
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.dispose();
});

interface BoardRow {
  id: string;
  number: string;
  title: string;
  bureaus: { id: string; name: string }[];
  status: string;
  chars: number;
  placeholders: number;
  lastEdit: { userId: string; name: string | null; at: string } | null;
  dueDate: string | null;
  daysToDue: number | null;
  overdue: boolean;
}

interface Board {
  reportId: string;
  today: string;
  sections: BoardRow[];
}

interface SectionView {
  id: string;
  parentId: string | null;
  number: string;
  title: string;
  docName: string;
  status: string;
  bureaus: { id: string; name: string }[];
}

interface ReportDetail {
  id: string;
  sections: SectionView[];
}

interface BureauView {
  id: string;
  name: string;
  color: string;
  isOffice: boolean;
}

async function as(username: string): Promise<ApiClient> {
  let client = sessions.get(username);
  if (!client) {
    client = await ApiClient.login(server.url, username);
    sessions.set(username, client);
  }
  return client;
}

function expectError(res: ApiResponse, status: number, error: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const body = res.body as { error: string; message: string };
  expect(body.error).toBe(error);
  expect(body.message).toMatch(CHINESE);
}

async function board(reportId: string, username = 'bgs'): Promise<Board> {
  const res = await (await as(username)).get<Board>(`/api/reports/${reportId}/board`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function row(reportId: string, sectionId: string): Promise<BoardRow> {
  const found = (await board(reportId)).sections.find((r) => r.id === sectionId);
  expect(found, sectionId).toBeDefined();
  return found!;
}

/** Polls the board until `check` holds for the row (edits reach the board within a few hundred ms). */
async function rowWhen(reportId: string, sectionId: string, check: (r: BoardRow) => boolean, what: string): Promise<BoardRow> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await row(reportId, sectionId);
    if (check(r)) return r;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(r)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A YYYY-MM-DD date moved by whole days. */
function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

describe('GET /api/bureaus', () => {
  it('lists every bureau with its colour, the office first, for anyone signed in', async () => {
    for (const username of ['bgs', 'wjj', 'quzhang']) {
      const res = await (await as(username)).get<BureauView[]>('/api/bureaus');
      expect(res.status).toBe(200);
      const names = res.body.map((b) => b.name);
      expect(names[0]).toBe('办公室');
      expect(names).toEqual(expect.arrayContaining(['卫健局', '发改局', '农业农村局', '民政局', '组织部']));
      for (const b of res.body) {
        expect(Object.keys(b).sort()).toEqual(['color', 'id', 'isOffice', 'name']);
        expect(b.isOffice).toBe(b.name === '办公室');
        expect(b.color).toMatch(/^#[0-9a-f]{6}$/i);
      }
    }
    expectError(await new ApiClient(server.url).get('/api/bureaus'), 401, 'unauthenticated');
  });
});

describe('GET /api/reports/:id/board', () => {
  let report: ReportDetail;
  let epidemic: SectionView;

  beforeAll(async () => {
    const created = await (await as('bgs')).post<ReportDetail>('/api/reports', {
      templateKind: 'half_year',
      title: '看板区2031年上半年工作总结及下半年工作计划',
      period: '2031年上半年',
      dueDate: '2031-07-10',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    report = created.body;
    epidemic = report.sections.find((s) => s.title === '构建上下贯通的组织体系，疫情防控工作取得阶段性成效')!;
  });

  it('lists the outline leaves in outline order with the numbers of the report', async () => {
    const b = await board(report.id);
    expect(b.reportId).toBe(report.id);
    expect(b.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const parents = new Set(report.sections.map((s) => s.parentId));
    const leaves = report.sections.filter((s) => !parents.has(s.id));
    expect(b.sections.map((r) => [r.id, r.number, r.title])).toEqual(leaves.map((s) => [s.id, s.number, s.title]));
    expect(b.sections.map((r) => r.title)).not.toContain('上半年工作完成情况');
    for (const r of b.sections) {
      expect(Object.keys(r).sort()).toEqual(ROW_KEYS);
      expect([r.chars, r.placeholders, r.lastEdit]).toEqual([0, 0, null]);
    }
    const first = b.sections.find((r) => r.id === epidemic.id)!;
    expect(first).toMatchObject({ number: '（二）', bureaus: [{ name: '卫健局' }], status: 'drafting', dueDate: '2031-07-07', overdue: false });
    expect(first.daysToDue).toBe(Math.round((Date.parse('2031-07-07') - Date.parse(b.today)) / 86_400_000));
  });

  it('is readable by every role; unknown reports are 404 and anonymous callers 401', async () => {
    const office = await board(report.id, 'bgs');
    expect(await board(report.id, 'wjj')).toEqual(office);
    expect(await board(report.id, 'quzhang')).toEqual(office);
    expectError(await (await as('bgs')).get('/api/reports/nope/board'), 404, 'not_found');
    expectError(await new ApiClient(server.url).get(`/api/reports/${report.id}/board`), 401, 'unauthenticated');
  });

  it('counts what an editor types, placeholders included, and names the last editor', async () => {
    const writer = await CollabClient.open(await as('wjj'), server.wsUrl, epidemic.docName);
    clients.push(writer);
    expect(writer.mode).toBe('write');
    // 全区累计接种疫苗X万剂次 (12) + ，同比增长X%。 (8) = 20 字, 2 unfilled numbers.
    writer.appendParagraph('全区累计接种疫苗X万剂次，同比增长X%。');
    const typed = await rowWhen(report.id, epidemic.id, (r) => r.chars === 20, '字数 to follow the text');
    expect(typed.placeholders).toBe(2);
    // X区 is a place name; 20XX年 is a year still to fill.
    writer.appendParagraph('X区核酸检测能力提升到每日5万份，20XX年完成。');
    const more = await rowWhen(report.id, epidemic.id, (r) => r.chars > 20, 'the second paragraph');
    expect(more.placeholders).toBe(3);
    const named = await rowWhen(report.id, epidemic.id, (r) => r.lastEdit !== null, 'the last edit to be recorded');
    expect(named.lastEdit).toMatchObject({ name: '张卫民' });
    expect(Math.abs(Date.parse(named.lastEdit!.at) - Date.now())).toBeLessThan(60_000);
    // Other rows are untouched.
    const others = (await board(report.id)).sections.filter((r) => r.id !== epidemic.id);
    expect(others.every((r) => r.chars === 0 && r.lastEdit === null)).toBe(true);
  });

  it('turns a row overdue after a past due date is set through the assignment endpoint', async () => {
    const { today } = await board(report.id);
    const bureauIds = epidemic.bureaus.map((b) => b.id);
    const put = async (dueDate: string) => (await as('bgs')).put(`/api/sections/${epidemic.id}/assignment`, { bureauIds, dueDate });

    expect((await put(shiftDate(today, -2))).status).toBe(200);
    expect(await row(report.id, epidemic.id)).toMatchObject({ dueDate: shiftDate(today, -2), daysToDue: -2, overdue: true });

    expect((await put(today)).status).toBe(200);
    expect(await row(report.id, epidemic.id)).toMatchObject({ daysToDue: 0, overdue: false });

    expect((await put(shiftDate(today, 3))).status).toBe(200);
    expect(await row(report.id, epidemic.id)).toMatchObject({ daysToDue: 3, overdue: false });

    // Late, but submitted: no longer the bureau's to finish.
    expect((await put(shiftDate(today, -1))).status).toBe(200);
    expect((await row(report.id, epidemic.id)).overdue).toBe(true);
    const submitted = await (await as('wjj')).post(`/api/sections/${epidemic.id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(await row(report.id, epidemic.id)).toMatchObject({ status: 'submitted', daysToDue: -1, overdue: false });
  });

  it('follows the outline: a deleted section leaves the board, a new one joins it numbered', async () => {
    const bgs = await as('bgs');
    const closing = report.sections.find((s) => s.title === '存在问题和不足')!;
    const added = await bgs.post<SectionView>(`/api/reports/${report.id}/sections`, { title: '看板新增章节', parentId: closing.id });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const b = await board(report.id);
    // 存在问题和不足 now has a sub-section: it became a heading and left the board.
    expect(b.sections.map((r) => r.id)).not.toContain(closing.id);
    // The leaf's writing went to its first sub-section (the outline hand-over): 办公室 writes it,
    // due when the leaf was.
    expect(b.sections.find((r) => r.id === added.body.id)).toMatchObject({
      number: '（一）',
      title: '看板新增章节',
      bureaus: [{ name: '办公室' }],
      status: 'drafting',
      dueDate: '2031-07-07',
      overdue: false,
    });
    expect(b.sections.find((r) => r.id === added.body.id)?.daysToDue).toBeGreaterThan(0);

    const gone = await bgs.request('DELETE', `/api/sections/${added.body.id}`);
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    const after = await board(report.id);
    expect(after.sections.map((r) => r.id)).not.toContain(added.body.id);
    expect(after.sections.map((r) => r.id)).toContain(closing.id);
  });
});
