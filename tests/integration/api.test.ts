/**
 * The REST API of the public contract against the real built server: sign-in and sessions, the
 * CSRF defence, reports with their numbered outlines, the section workflow for every role, collab
 * tokens and routing. Every refusal is checked for its status, its `{ error, message }` body with
 * a Chinese message, and for changing nothing in SQLite. The login rate limit has its own file
 * (loginLimit.test.ts).
 *
 * One server for the whole file; tests run in order and later ones build on earlier state.
 * Login failures here are kept well below the limiter's 5 per username and address.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_PASSWORD, type ApiResponse, type SectionJson } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, storedXml, userId } from '../helpers/store.js';
import { CHINESE, expectError, type ErrorBody } from '../helpers/expectError.js';
import type { Db } from '@hegao/storage';

const DEMO_TITLE = '示例区2020年上半年工作总结及下半年工作计划';
const EXTRA_ORIGIN = 'https://oa.example.gov.cn';
const EVIL = 'https://evil.example';
const SEED = new URL('../../seeds/district-half-year-summary-and-plan.txt', import.meta.url);

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;

beforeAll(async () => {
  server = await ServerProcess.start({ HEGAO_ORIGINS: EXTRA_ORIGIN });
  db = await server.openDb();
});

afterAll(async () => {
  await db?.close();
  await server?.dispose();
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** Section as the detail endpoint returns it (the contract fields plus what the UI uses). */
interface SectionView extends SectionJson {
  parentId: string | null;
  numbered: boolean;
  statusLabel: string;
  dueDate: string | null;
  instruction: string;
  returnReason: string | null;
  lastEdit: { userId: string; name: string | null; at: string } | null;
}

interface ReportDetail {
  id: string;
  title: string;
  status: string;
  sections: SectionView[];
}

interface ReportSummary {
  id: string;
  title: string;
  status: string;
  sectionCount: number;
  statusCounts: Record<string, number>;
  mySections: { id: string; number: string; title: string; status: string; dueDate: string | null }[];
}

interface EventRow {
  id: number;
  report_id: string | null;
  section_id: string | null;
  actor_id: string | null;
  type: string;
  detail: string;
}

const eventCount = async () => (await query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM events'))[0]!.n;
const lastEventId = async () => (await query<{ m: number | null }>(db, 'SELECT MAX(id) AS m FROM events'))[0]!.m ?? 0;
const eventsAfter = async (id: number) => await query<EventRow>(db, 'SELECT * FROM events WHERE id > ? ORDER BY id', id);

/** What a refused call must leave untouched: the section row, its bureaus, and the event log. */
async function snapshot(sectionId: string) {
  const row = (await query<{ status: string; return_reason: string | null; due_date: string | null; instruction: string; updated_at: number }>(db, 
    'SELECT status, return_reason, due_date, instruction, updated_at FROM sections WHERE id = ?',
    sectionId,
  ))[0];
  const bureaus = (await query<{ bureau_id: string }>(db, 'SELECT bureau_id FROM section_bureaus WHERE section_id = ? ORDER BY bureau_id', sectionId)).map(
    (r) => r.bureau_id,
  );
  return { row, bureaus, events: await eventCount(), lastEvent: await lastEventId() };
}

/** Signed-in clients by username (demo password unless given). */
const sessions = new Map<string, ApiClient>();
async function as(username: string): Promise<ApiClient> {
  let client = sessions.get(username);
  if (!client) {
    client = await ApiClient.login(server.url, username);
    sessions.set(username, client);
  }
  return client;
}

async function demoReportId(): Promise<string> {
  const list = await (await as('bgs')).get<ReportSummary[]>('/api/reports');
  const report = list.body.find((r) => r.title === DEMO_TITLE);
  if (!report) throw new Error('demo report missing');
  return report.id;
}

async function detail(): Promise<ReportDetail> {
  const res = await (await as('bgs')).get<ReportDetail>(`/api/reports/${await demoReportId()}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** The demo section whose title contains `fragment` (exactly one must match). */
async function section(fragment: string): Promise<SectionView> {
  const matches = (await detail()).sections.filter((s) => s.title.includes(fragment));
  if (matches.length !== 1) throw new Error(`${matches.length} sections match ${fragment}`);
  return matches[0]!;
}

/** Bureau id of an editor, from /api/me. */
async function bureauOf(username: string): Promise<string> {
  const me = await (await as(username)).get<{ bureau: { id: string } }>('/api/me');
  return me.body.bureau.id;
}

/** 一 … 九十九 */
function cn(n: number): string {
  const d = '一二三四五六七八九';
  if (n < 10) return d[n - 1]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : d[tens - 1]}十${ones ? d[ones - 1] : ''}`;
}

// ---------------------------------------------------------------------------------------------

describe('sign-in and sessions', () => {
  it('login answers 200 with the user and an HttpOnly, SameSite=Lax, Path=/ session cookie', async () => {
    const client = new ApiClient(server.url);
    const res = await client.post<{ user: { username: string; name: string; role: string; bureau: { name: string } } }>('/api/auth/login', {
      username: 'wjj',
      password: DEMO_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'wjj', name: '张卫民', role: 'editor', bureau: { name: '卫健局' } });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash|scrypt/i);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hegao_session=[A-Za-z0-9_-]{20,};/);
    const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    const me = await client.get<{ username: string; role: string; roleLabel: string; bureau: { name: string } }>('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'wjj', role: 'editor', roleLabel: '部门撰稿人', bureau: { name: '卫健局' } });
  });

  it('a wrong password and an unknown user are both 401 「用户名或密码错误」 and set no cookie', async () => {
    const wrong = await new ApiClient(server.url).post('/api/auth/login', { username: 'wjj', password: 'not-the-password' });
    expectError(wrong, 401, 'invalid_credentials', '用户名或密码错误');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const unknown = await new ApiClient(server.url).post('/api/auth/login', { username: 'nobody-here', password: DEMO_PASSWORD });
    expectError(unknown, 401, 'invalid_credentials', '用户名或密码错误');
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('malformed login requests are refused with Chinese messages (400/415) and set no cookie', async () => {
    const anon = new ApiClient(server.url);
    const cases: [ApiResponse, number, string][] = [
      [await anon.post('/api/auth/login', { username: 'wjj' }), 400, 'invalid_body'],
      [await anon.post('/api/auth/login', { password: DEMO_PASSWORD }), 400, 'invalid_body'],
      [await anon.post('/api/auth/login', {}), 400, 'invalid_body'],
      [await anon.post('/api/auth/login', { username: '   ', password: DEMO_PASSWORD }), 400, 'invalid_body'],
      [await anon.post('/api/auth/login', { username: 42, password: DEMO_PASSWORD }), 400, 'invalid_body'],
      [await anon.post('/api/auth/login', '{"username": "wjj", "password": '), 400, 'invalid_json'],
      [await anon.post('/api/auth/login', 'username=wjj&password=hegao-demo', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
      [await anon.post('/api/auth/login', JSON.stringify({ username: 'wjj', password: DEMO_PASSWORD }), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
    ];
    for (const [res, status, code] of cases) {
      expectError(res, status, code);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect((cases[0]![0].body as ErrorBody).message).toBe('请填写密码');
    expect((cases[1]![0].body as ErrorBody).message).toBe('请填写用户名');
    expect((cases[3]![0].body as ErrorBody).message).toBe('请填写用户名');
    expect((cases[4]![0].body as ErrorBody).message).toBe('用户名应为文字');
    expect((cases[5]![0].body as ErrorBody).message).toBe('请求体不是合法的 JSON');
    // A body without any Content-Type (raw bytes) is refused too.
    const raw = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      body: new TextEncoder().encode(JSON.stringify({ username: 'wjj', password: DEMO_PASSWORD })),
    });
    expect(raw.status).toBe(415);
    expect(((await raw.json()) as ErrorBody).message).toMatch(CHINESE);
    expect(anon.cookie).toBe('');
  });

  it('an oversized body is refused with 413 before it is read: by its Content-Length, or while it streams', async () => {
    // Declares 200 MB and sends a few bytes: answered at once, not after waiting for the rest.
    const declared = await new Promise<{ status: number; body: ErrorBody }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, path: '/api/auth/login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 200 * 1024 * 1024 } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as ErrorBody }));
        },
      );
      req.on('error', reject);
      req.write('{"username":"');
    });
    expect(declared).toEqual({ status: 413, body: { error: 'body_too_large', message: '请求体过大' } });
    // Chunked, no length: counted while streaming.
    const chunked = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`{"username":"${'x'.repeat(300 * 1024)}","password":"p"}`));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as ErrorBody).message).toBe('请求体过大');
    expect(server.alive).toBe(true);
  });

  it('GET /api/me is 401 「请先登录」 without a cookie or with an unknown one', async () => {
    expectError(await new ApiClient(server.url).get('/api/me'), 401, 'unauthenticated', '请先登录');
    const forged = new ApiClient(server.url);
    forged.cookie = 'hegao_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expectError(await forged.get('/api/me'), 401, 'unauthenticated', '请先登录');
    expectError(await new ApiClient(server.url).get('/api/reports'), 401, 'unauthenticated');
  });

  it('logout answers 204, clears the cookie, and the old cookie no longer works when replayed', async () => {
    const client = await ApiClient.login(server.url, 'nyj');
    const old = client.cookie;
    const uid = await userId(db, 'nyj');
    const count = async () => (await query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', uid))[0]!.n;
    const before = await count();
    expect((await client.get('/api/me')).status).toBe(200);

    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie') ?? '').toMatch(/^hegao_session=;.*Max-Age=0/i);
    expect(client.cookie).toBe('');
    expect(await count()).toBe(before - 1);

    const replay = new ApiClient(server.url);
    replay.cookie = old;
    expectError(await replay.get('/api/me'), 401, 'unauthenticated', '请先登录');
    expectError(await replay.get('/api/reports'), 401, 'unauthenticated');
    expectError(await replay.post('/api/collab/token', { docName: 'x' }), 401, 'unauthenticated');
    // Logging out without a session is harmless.
    expect((await new ApiClient(server.url).post('/api/auth/logout')).status).toBe(204);
  });

  it('a cross-site logout is refused and the session survives', async () => {
    const client = await ApiClient.login(server.url, 'nyj');
    expectError(await client.post('/api/auth/logout', undefined, { origin: EVIL }), 403, 'csrf');
    expect((await client.get('/api/me')).status).toBe(200);
  });
});

describe('reports and their numbered outline', () => {
  it('GET /api/reports lists the demo report with its progress and the viewer’s own sections', async () => {
    const full = await detail();
    for (const [username, bureau] of [
      ['wjj', '卫健局'],
      ['fgj', '发改局'],
      ['nyj', '农业农村局'],
    ] as const) {
      const res = await (await as(username)).get<ReportSummary[]>('/api/reports');
      expect(res.status).toBe(200);
      const report = res.body.find((r) => r.title === DEMO_TITLE)!;
      expect(report).toBeDefined();
      expect(report.id).toBe(full.id);
      expect(report.status).toBe('drafting');
      // Progress counts the sections that hold text (outline leaves), not headings with sub-sections.
      const parents = new Set(full.sections.map((s) => s.parentId));
      const leaves = full.sections.filter((s) => !parents.has(s.id));
      expect(leaves.length).toBeLessThan(full.sections.length);
      expect(report.sectionCount).toBe(leaves.length);
      const tally: Record<string, number> = { not_started: 0, drafting: 0, submitted: 0, returned: 0, approved: 0 };
      for (const s of leaves) tally[s.status]!++;
      expect(report.statusCounts).toEqual(tally);
      const own = full.sections.filter((s) => s.bureaus.some((b) => b.name === bureau));
      expect(own.length).toBeGreaterThan(0);
      expect(report.mySections.map((s) => s.id)).toEqual(own.map((s) => s.id));
      for (const [i, mine] of report.mySections.entries()) {
        expect(mine).toEqual({ id: own[i]!.id, number: own[i]!.number, title: own[i]!.title, status: 'drafting', dueDate: own[i]!.dueDate });
      }
    }
    const wjj = (await (await as('wjj')).get<ReportSummary[]>('/api/reports')).body.find((r) => r.title === DEMO_TITLE)!;
    expect(wjj.mySections.every((s) => s.title.includes('疫情防控'))).toBe(true);
    expect(wjj.statusCounts.drafting).toBeGreaterThanOrEqual(5);
  });

  it('the leader sees the report with no sections of his own; the secretary has the office’s own', async () => {
    const leader = (await (await as('quzhang')).get<ReportSummary[]>('/api/reports')).body.find((r) => r.title === DEMO_TITLE)!;
    expect(leader.sectionCount).toBeGreaterThan(0);
    expect(leader.mySections).toEqual([]);
    const office = (await (await as('bgs')).get<ReportSummary[]>('/api/reports')).body.find((r) => r.title === DEMO_TITLE)!;
    // 存在问题和不足 and the lead text under 下半年工作计划 are written by the office itself.
    expect(office.mySections.map((s) => s.title)).toEqual(['存在问题和不足', '引言']);
    expect(office.mySections.every((s) => s.status === 'drafting')).toBe(true);
  });

  it('every paragraph of the seed is in a section that is shown and written: a heading’s lead text is an unnumbered 引言', async () => {
    const full = await detail();
    const plan = full.sections.find((s) => s.title === '下半年工作计划')!;
    const lead = full.sections.find((s) => s.parentId === plan.id && s.title === '引言')!;
    expect(lead).toMatchObject({ number: '', bureaus: [{ name: '办公室' }], status: 'drafting' });
    expect(lead.lastEdit).toMatchObject({ name: '李文静' });
    // The numbered sub-sections keep their numbers: the lead takes none.
    expect(full.sections.filter((s) => s.parentId === plan.id).map((s) => s.number).slice(0, 3)).toEqual(['', '（一）', '（二）']);
    expect(await storedXml(db, lead.docName)).toMatch(/收官之年/);
    expect(await storedXml(db, plan.docName)).toBe('');
  });

  it('GET /api/reports/:id returns the sections in outline order with the contract fields', async () => {
    const res = await (await as('quzhang')).get<ReportDetail>(`/api/reports/${await demoReportId()}`);
    expect(res.status).toBe(200);
    expect(res.body.title).toBe(DEMO_TITLE);
    const sections = res.body.sections;
    for (const s of sections) {
      expect(s.id).toBeTypeOf('string');
      expect(s.number).toBeTypeOf('string');
      expect(s.title).toBeTypeOf('string');
      expect(s.title.length).toBeGreaterThan(0);
      expect([1, 2]).toContain(s.level);
      expect(s.docName).toBeTypeOf('string');
      expect(s.status).toBeTypeOf('string');
      for (const b of s.bureaus) expect(Object.keys(b).sort()).toEqual(['id', 'name']);
    }
    expect(new Set(sections.map((s) => s.id)).size).toBe(sections.length);
    expect(new Set(sections.map((s) => s.docName)).size).toBe(sections.length);

    // Outline order is the order of the headings in the seed the demo was imported from.
    const headings = readFileSync(SEED, 'utf8')
      .split('\n')
      .map((line) => /^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null);
    // The seed's opening summary comes first, as an unnumbered 导语; the numbered headings follow.
    expect(sections[0]).toMatchObject({ title: '导语', number: '', numbered: false, level: 1, parentId: null });
    // …and the text under 下半年工作计划 before its first sub-section, as an unnumbered 引言 under it.
    const unnumbered = sections.filter((s) => !s.numbered);
    expect(unnumbered.map((s) => [s.title, s.level])).toEqual([['导语', 1], ['引言', 2]]);
    const numbered = sections.filter((s) => s.numbered);
    expect(numbered).toHaveLength(sections.length - 2);
    expect(numbered.map((s) => s.level)).toEqual(headings.map((m) => (m[1]!.endsWith('、') ? 1 : 2)));
    for (const [i, s] of numbered.entries()) expect(headings[i]![2]!.startsWith(s.title), `${s.title} vs ${headings[i]![2]}`).toBe(true);
    // Children follow their parent.
    let parent: SectionView | null = null;
    for (const s of sections) {
      if (s.level === 1) {
        expect(s.parentId).toBeNull();
        parent = s;
      } else expect(s.parentId).toBe(parent!.id);
    }
  });

  it('numbers follow the official style and the seed’s duplicated 「（三）」 comes out as （三）（四）', async () => {
    const { sections } = await detail();
    const seedNumbers = readFileSync(SEED, 'utf8')
      .split('\n')
      .map((line) => /^（[一二三四五六七八九十]+）/.exec(line.trim())?.[0])
      .filter(Boolean);
    // The fixture really has the defect the numbering must repair.
    expect(seedNumbers.filter((n) => n === '（三）').length).toBe(3);

    const top = sections.filter((s) => s.level === 1 && s.numbered);
    expect(top.map((s) => s.number)).toEqual(top.map((_, i) => `${cn(i + 1)}、`));
    for (const head of top) {
      const children = sections.filter((s) => s.parentId === head.id && s.numbered);
      expect(children.map((s) => s.number)).toEqual(children.map((_, i) => `（${cn(i + 1)}）`));
      expect(new Set(children.map((s) => s.number)).size).toBe(children.length);
    }
    const plan = top.find((s) => s.title === '下半年工作计划')!;
    const planChildren = sections.filter((s) => s.parentId === plan.id);
    expect(plan.number).toBe('三、');
    expect(planChildren.find((s) => s.title === '促进三次产业协调发展')!.number).toBe('（三）');
    expect(planChildren.find((s) => s.title === '抓紧推进项目建设')!.number).toBe('（四）');
    expect(planChildren.at(-1)!.number).toBe('（十）');
  });

  it('the demo sections are assigned to the bureaus of the contract and are drafting', async () => {
    const { sections } = await detail();
    const expectations: [RegExp, string][] = [
      [/疫情防控/, '卫健局'],
      [/经济/, '发改局'],
      [/乡村振兴/, '农业农村局'],
      [/民生/, '民政局'],
      [/党建|党的建设/, '组织部'],
    ];
    for (const [pattern, bureau] of expectations) {
      const matching = sections.filter((s) => pattern.test(s.title));
      expect(matching.length, String(pattern)).toBeGreaterThan(0);
      for (const s of matching) {
        expect(s.bureaus.map((b) => b.name), s.title).toEqual([bureau]);
        expect(s.status, s.title).toBe('drafting');
        expect(s.level).toBe(2);
      }
    }
    // Headings with children are not assigned and not started.
    for (const s of sections.filter((x) => sections.some((c) => c.parentId === x.id))) {
      expect(s.bureaus).toEqual([]);
      expect(s.status).toBe('not_started');
    }
    // Every bureau that has sections has someone who can write them: the demo can reach 定稿.
    const writers = new Set(
      (await query<{ bureau_id: string }>(db, "SELECT bureau_id FROM users WHERE bureau_id IS NOT NULL AND role IN ('editor', 'secretary')")).map((r) => r.bureau_id),
    );
    for (const s of sections) for (const b of s.bureaus) expect(writers.has(String(b.id)), `${s.title} (${b.name})`).toBe(true);
  });

  it('an unknown report is 404 with a Chinese message', async () => {
    expectError(await (await as('wjj')).get('/api/reports/no-such-report'), 404, 'not_found', '报告不存在');
  });
});

describe('CSRF defence on cookie-authenticated writes', () => {
  it('a POST with the cookie and a foreign Origin is 403 csrf and changes nothing', async () => {
    const mzj = await as('mzj');
    const target = await section('持续发力民生工程');
    const before = await snapshot(target.id);
    for (const origin of [EVIL, 'null', `http://127.0.0.1:${server.port}.evil.example`, `http://localhost:${server.port + 1}`]) {
      expectError(await mzj.post(`/api/sections/${target.id}/submit`, undefined, { origin }), 403, 'csrf', /请求来源不受信任/);
    }
    expect(await snapshot(target.id)).toEqual(before);
  });

  it('Fetch Metadata from another site without an Origin is 403, and same-site with a foreign Origin too', async () => {
    const mzj = await as('mzj');
    const target = await section('持续发力民生工程');
    const before = await snapshot(target.id);
    expectError(await mzj.post(`/api/sections/${target.id}/submit`, undefined, { 'sec-fetch-site': 'cross-site' }), 403, 'csrf');
    expectError(await mzj.post(`/api/sections/${target.id}/submit`, undefined, { 'sec-fetch-site': 'same-site' }), 403, 'csrf');
    expectError(await mzj.post(`/api/sections/${target.id}/submit`, undefined, { 'sec-fetch-site': 'same-site', origin: EVIL }), 403, 'csrf');
    expectError(await mzj.post(`/api/sections/${target.id}/submit`, undefined, { 'sec-fetch-site': 'cross-site', origin: EVIL }), 403, 'csrf');
    expect(await snapshot(target.id)).toEqual(before);
  });

  it('other methods are covered too: a cross-site PUT assignment and a cross-site login are refused', async () => {
    const bgs = await as('bgs');
    const target = await section('持续发力民生工程');
    const before = await snapshot(target.id);
    const put = await bgs.request('PUT', `/api/sections/${target.id}/assignment`, { bureauIds: [await bureauOf('fgj')] }, { origin: EVIL });
    expectError(put, 403, 'csrf');
    expect(await snapshot(target.id)).toEqual(before);
    // Login CSRF: a foreign page cannot sign the browser in to another account.
    const login = await new ApiClient(server.url).post('/api/auth/login', { username: 'bgs', password: DEMO_PASSWORD }, { origin: EVIL });
    expectError(login, 403, 'csrf');
    expect(login.headers.get('set-cookie')).toBeNull();
  });

  it('safe methods are not affected by a foreign Origin', async () => {
    const res = await (await as('mzj')).request('GET', '/api/me', undefined, { origin: EVIL, 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(200);
  });

  it('the server’s own origin, a configured origin and server-to-server calls are allowed', async () => {
    const mzj = await as('mzj');
    const target = await section('持续发力民生工程');
    const token = (headers: Record<string, string>) => mzj.post('/api/collab/token', { docName: target.docName }, headers);
    expect((await token({ origin: server.url })).status).toBe(200);
    expect((await token({ origin: server.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await token({ origin: EXTRA_ORIGIN, 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect((await token({ 'sec-fetch-site': 'none' })).status).toBe(200);
    expect((await token({})).status).toBe(200);
    // A real state change from the app's own origin goes through.
    const submitted = await mzj.post<SectionView>(`/api/sections/${target.id}/submit`, undefined, { origin: server.url, 'sec-fetch-site': 'same-origin' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect((await snapshot(target.id)).row!.status).toBe('submitted');
  });
});

describe('section workflow by role', () => {
  let report: string;
  let wjjSection: SectionView;
  let ids: Record<string, string>;

  beforeAll(async () => {
    report = await demoReportId();
    wjjSection = await section('构建上下贯通的组织体系');
    ids = {};
    for (const u of ['bgs', 'wjj', 'fgj', 'nyj', 'mzj', 'zzb', 'quzhang']) ids[u] = await userId(db, u);
  });

  /** Asserts exactly one new event after `since` with this actor, type, section and detail. */
  async function expectOneEvent(since: number, actor: string, type: string, sectionId: string, detail: Record<string, unknown>): Promise<void> {
    const rows = await eventsAfter(since);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: ids[actor], type, section_id: sectionId, report_id: report });
    expect(JSON.parse(rows[0]!.detail)).toMatchObject(detail);
  }

  it('only the assigned bureau may submit: another bureau, the leader and the secretary get 403', async () => {
    const before = await snapshot(wjjSection.id);
    expect(before.row!.status).toBe('drafting');
    expectError(await (await as('fgj')).post(`/api/sections/${wjjSection.id}/submit`), 403, 'forbidden', '本章节未分配给您所在的部门');
    expectError(await (await as('quzhang')).post(`/api/sections/${wjjSection.id}/submit`), 403, 'forbidden', /领导/);
    expectError(await (await as('bgs')).post(`/api/sections/${wjjSection.id}/submit`), 403, 'forbidden', /办公室秘书不能代为提交/);
    expect(await snapshot(wjjSection.id)).toEqual(before);
  });

  it('the assigned editor submits: 200, status submitted, and an event records it', async () => {
    const since = await lastEventId();
    const res = await (await as('wjj')).post<SectionView & { warnings: string[] }>(`/api/sections/${wjjSection.id}/submit`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: wjjSection.id, status: 'submitted', statusLabel: '已提交', docName: wjjSection.docName });
    // The seeded text still has X placeholders and is over 800 字: an integrator is told, as the web app asks.
    expect(res.body.warnings.join('')).toMatch(/本节还有 \d+ 处数据未填写/);
    expect(res.body.warnings.join('')).toMatch(/超过写作要求的 800 字上限/);
    expect((await snapshot(wjjSection.id)).row!.status).toBe('submitted');
    await expectOneEvent(since, 'wjj', 'section.submit', wjjSection.id, { from: 'drafting', to: 'submitted' });
    expect((await section('构建上下贯通的组织体系')).status).toBe('submitted');
  });

  it('submitting again is 409 with a Chinese message naming the state', async () => {
    const before = await snapshot(wjjSection.id);
    const body = expectError(await (await as('wjj')).post(`/api/sections/${wjjSection.id}/submit`), 409, 'conflict');
    expect(body.message).toContain('已提交');
    expect(await snapshot(wjjSection.id)).toEqual(before);
  });

  it('a body that is not JSON is refused before the workflow runs', async () => {
    const before = await snapshot(wjjSection.id);
    expectError(await (await as('bgs')).post(`/api/sections/${wjjSection.id}/approve`, 'yes', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    expectError(await (await as('bgs')).post(`/api/sections/${wjjSection.id}/return`, 'reason', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    expect(await snapshot(wjjSection.id)).toEqual(before);
  });

  it('only the office approves or returns: editors (own bureau or not) and the leader get 403', async () => {
    const before = await snapshot(wjjSection.id);
    for (const who of ['wjj', 'fgj']) {
      expectError(await (await as(who)).post(`/api/sections/${wjjSection.id}/approve`), 403, 'forbidden', '只有办公室秘书可以审核通过章节');
      expectError(await (await as(who)).post(`/api/sections/${wjjSection.id}/return`, { reason: '自己退回' }), 403, 'forbidden', '只有办公室秘书可以退回章节');
    }
    expectError(await (await as('quzhang')).post(`/api/sections/${wjjSection.id}/approve`), 403, 'forbidden', /领导/);
    expectError(await (await as('quzhang')).post(`/api/sections/${wjjSection.id}/return`, { reason: '领导批示' }), 403, 'forbidden', /领导/);
    expect(await snapshot(wjjSection.id)).toEqual(before);
  });

  it('the secretary approves a submitted section; approving again is 409', async () => {
    const since = await lastEventId();
    const res = await (await as('bgs')).post<SectionView>(`/api/sections/${wjjSection.id}/approve`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: wjjSection.id, status: 'approved', statusLabel: '已通过' });
    expect((await snapshot(wjjSection.id)).row!.status).toBe('approved');
    await expectOneEvent(since, 'bgs', 'section.approve', wjjSection.id, { from: 'submitted', to: 'approved' });

    const before = await snapshot(wjjSection.id);
    const again = expectError(await (await as('bgs')).post(`/api/sections/${wjjSection.id}/approve`), 409, 'conflict');
    expect(again.message).toContain('已通过');
    // An approved section cannot be re-assigned either.
    const reassign = await (await as('bgs')).request('PUT', `/api/sections/${wjjSection.id}/assignment`, { bureauIds: [await bureauOf('fgj')] });
    expect(expectError(reassign, 409, 'conflict').message).toContain('已通过');
    expect(await snapshot(wjjSection.id)).toEqual(before);
  });

  it('returning needs a reason: empty, blank, missing or over-long reasons are 400 and change nothing', async () => {
    const bgs = await as('bgs');
    const before = await snapshot(wjjSection.id);
    expectError(await bgs.post(`/api/sections/${wjjSection.id}/return`, { reason: '' }), 400, 'invalid', '请填写退回理由');
    expectError(await bgs.post(`/api/sections/${wjjSection.id}/return`, { reason: ' \n\t ' }), 400, 'invalid', '请填写退回理由');
    expectError(await bgs.post(`/api/sections/${wjjSection.id}/return`, {}), 400, 'invalid_body', '请填写退回理由');
    // Over the 500 characters of the domain: refused with the body check, whatever the length.
    expectError(await bgs.post(`/api/sections/${wjjSection.id}/return`, { reason: '很长'.repeat(251) }), 400, 'invalid_body', '退回理由不能超过500字');
    expectError(await bgs.post(`/api/sections/${wjjSection.id}/return`, { reason: '很长'.repeat(1001) }), 400, 'invalid_body', '退回理由不能超过500字');
    expect(await snapshot(wjjSection.id)).toEqual(before);
  });

  it('with a reason the secretary returns it: 200, returnReason set, and the event carries the reason', async () => {
    const since = await lastEventId();
    const res = await (await as('bgs')).post<SectionView>(`/api/sections/${wjjSection.id}/return`, { reason: '  请补充6月底的疫苗接种数据  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: wjjSection.id, status: 'returned', statusLabel: '已退回', returnReason: '请补充6月底的疫苗接种数据' });
    expect((await snapshot(wjjSection.id)).row).toMatchObject({ status: 'returned', return_reason: '请补充6月底的疫苗接种数据' });
    await expectOneEvent(since, 'bgs', 'section.return', wjjSection.id, { from: 'approved', to: 'returned', reason: '请补充6月底的疫苗接种数据' });
    const seen = await section('构建上下贯通的组织体系');
    expect(seen.returnReason).toBe('请补充6月底的疫苗接种数据');
    // The bureau resubmits the returned section.
    const since2 = await lastEventId();
    const resubmitted = await (await as('wjj')).post<SectionView>(`/api/sections/${wjjSection.id}/submit`);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe('submitted');
    await expectOneEvent(since2, 'wjj', 'section.submit', wjjSection.id, { from: 'returned', to: 'submitted' });
  });

  it('returning or approving a drafting section is 409 and changes nothing', async () => {
    const target = await section('乡村振兴深入推进');
    const before = await snapshot(target.id);
    expect(before.row!.status).toBe('drafting');
    const returned = expectError(await (await as('bgs')).post(`/api/sections/${target.id}/return`, { reason: '还没写完就退回' }), 409, 'conflict');
    expect(returned.message).toContain('编写中');
    const approved = expectError(await (await as('bgs')).post(`/api/sections/${target.id}/approve`), 409, 'conflict');
    expect(approved.message).toContain('编写中');
    expect(await snapshot(target.id)).toEqual(before);
  });

  it('the secretary re-assigns a section: the old bureau can no longer submit, the new one can', async () => {
    const target = await section('全面深化改革，进一步优化营商环境');
    expect(target.bureaus.map((b) => b.name)).toEqual(['发改局']);
    const zzbBureau = await bureauOf('zzb');
    const since = await lastEventId();
    const res = await (await as('bgs')).request<SectionView>('PUT', `/api/sections/${target.id}/assignment`, {
      bureauIds: [zzbBureau, zzbBureau, ' '],
      dueDate: '2020-07-10',
      instruction: '由组织部牵头，不超过600字',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: target.id, status: 'drafting', bureaus: [{ id: zzbBureau, name: '组织部' }], dueDate: '2020-07-10', instruction: '由组织部牵头，不超过600字' });
    expect((await snapshot(target.id)).bureaus).toEqual([zzbBureau]);
    await expectOneEvent(since, 'bgs', 'section.assign', target.id, { from: 'drafting', to: 'drafting', bureauIds: [zzbBureau] });

    const fgjList = (await (await as('fgj')).get<ReportSummary[]>('/api/reports')).body.find((r) => r.id === report)!;
    expect(fgjList.mySections.map((s) => s.id)).not.toContain(target.id);
    const zzbList = (await (await as('zzb')).get<ReportSummary[]>('/api/reports')).body.find((r) => r.id === report)!;
    expect(zzbList.mySections.map((s) => s.id)).toContain(target.id);

    const before = await snapshot(target.id);
    expectError(await (await as('fgj')).post(`/api/sections/${target.id}/submit`), 403, 'forbidden', '本章节未分配给您所在的部门');
    expect(await snapshot(target.id)).toEqual(before);
    const since2 = await lastEventId();
    const submitted = await (await as('zzb')).post<SectionView>(`/api/sections/${target.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    await expectOneEvent(since2, 'zzb', 'section.submit', target.id, { from: 'drafting', to: 'submitted' });
  });

  it('editors and the leader cannot assign sections (403), and nothing changes', async () => {
    const target = await section('全面深化改革，进一步优化营商环境');
    const before = await snapshot(target.id);
    const fgjBureau = await bureauOf('fgj');
    for (const who of ['fgj', 'zzb']) {
      const res = await (await as(who)).request('PUT', `/api/sections/${target.id}/assignment`, { bureauIds: [fgjBureau] });
      expectError(res, 403, 'forbidden', '只有办公室秘书可以分配章节');
    }
    expectError(await (await as('quzhang')).request('PUT', `/api/sections/${target.id}/assignment`, { bureauIds: [fgjBureau] }), 403, 'forbidden', /领导/);
    expect(await snapshot(target.id)).toEqual(before);
  });

  it('invalid assignments are 400 with Chinese messages and change nothing', async () => {
    const bgs = await as('bgs');
    const target = await section('乡村振兴深入推进');
    const before = await snapshot(target.id);
    const put = (body: unknown) => bgs.request('PUT', `/api/sections/${target.id}/assignment`, body);
    expectError(await put({ bureauIds: [] }), 400, 'invalid', '请至少选择一个承办部门');
    expectError(await put({ bureauIds: ['  '] }), 400, 'invalid', '请至少选择一个承办部门');
    expectError(await put({}), 400, 'invalid_body', '请选择部门');
    expectError(await put({ bureauIds: [await bureauOf('nyj')], dueDate: '10/07/2020' }), 400, 'invalid_body', '截止日期格式应为 YYYY-MM-DD');
    expectError(await put({ bureauIds: 'nyj' }), 400, 'invalid_body', '部门应为列表');
    expect(await snapshot(target.id)).toEqual(before);
  });

  it('assigning to a bureau that does not exist is 400 with a Chinese message, not a 500', async () => {
    const target = await section('乡村振兴深入推进');
    const before = await snapshot(target.id);
    const res = await (await as('bgs')).request('PUT', `/api/sections/${target.id}/assignment`, { bureauIds: ['no-such-bureau'] });
    expect(await snapshot(target.id)).toEqual(before);
    expectError(res, 400, undefined, /部门/);
  });

  it('unknown sections are 404 「章节不存在」 for every action', async () => {
    const bgs = await as('bgs');
    const events = await eventCount();
    expectError(await (await as('wjj')).post('/api/sections/no-such-section/submit'), 404, 'not_found', '章节不存在');
    expectError(await bgs.post('/api/sections/no-such-section/approve'), 404, 'not_found', '章节不存在');
    expectError(await bgs.post('/api/sections/no-such-section/return', { reason: '理由' }), 404, 'not_found', '章节不存在');
    expectError(await bgs.request('PUT', '/api/sections/no-such-section/assignment', { bureauIds: [await bureauOf('wjj')] }), 404, 'not_found', '章节不存在');
    expect(await eventCount()).toBe(events);
  });

  it('concurrent submits of one section: exactly one succeeds and exactly one event is recorded', async () => {
    const target = await section('党的建设全面加强');
    expect(target.status).toBe('drafting');
    const since = await lastEventId();
    const zzb = await as('zzb');
    const results = await Promise.all(Array.from({ length: 6 }, () => zzb.post(`/api/sections/${target.id}/submit`)));
    const statuses = results.map((r) => r.status).sort();
    // Refused before the write (it saw the section submitted) or by the conditional write itself
    // (it read the section before the winner committed, as on PostgreSQL, where the reads overlap).
    for (const r of results.filter((x) => x.status !== 200)) expectError(r, 409, 'conflict', /已提交|已被他人更改/);
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    expect((await eventsAfter(since)).filter((e) => e.section_id === target.id)).toHaveLength(1);
  });

  it('concurrent approve and return of one submitted section leave a state that matches the event log', async () => {
    const target = await section('全面深化改革，进一步优化营商环境');
    expect(target.status).toBe('submitted');
    const bgs = await as('bgs');
    const since = await lastEventId();
    const [approve, ret] = await Promise.all([
      bgs.post(`/api/sections/${target.id}/approve`),
      bgs.post(`/api/sections/${target.id}/return`, { reason: '数据口径不一致' }),
    ]);
    const events = (await eventsAfter(since)).filter((e) => e.section_id === target.id);
    // Both may succeed only in sequence (approved → returned); then the log must say exactly that.
    const ok = [approve, ret].filter((r) => r.status === 200).length;
    expect(events).toHaveLength(ok);
    const final = (await snapshot(target.id)).row!.status;
    const last = JSON.parse(events.at(-1)!.detail) as { from: string; to: string };
    expect(last.to).toBe(final);
    if (events.length === 2) expect(JSON.parse(events[1]!.detail).from).toBe(JSON.parse(events[0]!.detail).to);
  });
});

describe('collab tokens', () => {
  it('requires a signed-in user', async () => {
    expectError(await new ApiClient(server.url).post('/api/collab/token', { docName: 'anything' }), 401, 'unauthenticated', '请先登录');
  });

  it('validates the body (400/415)', async () => {
    const wjj = await as('wjj');
    expectError(await wjj.post('/api/collab/token', {}), 400, 'invalid_body', '请填写文档名称');
    expectError(await wjj.post('/api/collab/token', { docName: '' }), 400, 'invalid_body', '请填写文档名称');
    expectError(await wjj.post('/api/collab/token', { docName: 7 }), 400, 'invalid_body', '文档名称应为文字');
    expectError(await wjj.post('/api/collab/token', { docName: 'x'.repeat(201) }), 400, 'invalid_body', '文档名称不能超过200个字');
    expectError(await wjj.post('/api/collab/token', '{docName:', {}), 400, 'invalid_json');
    expectError(await wjj.post('/api/collab/token', '{"docName":"x"}', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });

  it('is 404 for an unknown document', async () => {
    expectError(await (await as('wjj')).post('/api/collab/token', { docName: 'section-does-not-exist' }), 404, 'not_found', '文档不存在');
  });

  it('returns {token, docName, expiresAt} for a known document, to writers and readers alike', async () => {
    const target = await section('做好常态化疫情防控工作');
    for (const who of ['wjj', 'fgj', 'quzhang', 'bgs']) {
      const before = Date.now();
      const res = await (await as(who)).post<{ token: string; docName: string; expiresAt: string }>('/api/collab/token', { docName: target.docName });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['docName', 'expiresAt', 'token']);
      expect(res.body.docName).toBe(target.docName);
      expect(res.body.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const expires = Date.parse(res.body.expiresAt);
      expect(res.body.expiresAt).toBe(new Date(expires).toISOString());
      expect(expires).toBeGreaterThan(before);
      expect(expires).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
    }
  });
});

describe('routing and the web app', () => {
  it('an unknown API path is a 404 JSON error with a Chinese message', async () => {
    const wjj = await as('wjj');
    expectError(await wjj.get('/api/nope'), 404, 'not_found', '接口不存在');
    expectError(await wjj.post('/api/reports/x/nope', {}), 404, 'not_found', '接口不存在');
    expectError(await wjj.get('/api/auth/whoami'), 404, 'not_found', '接口不存在');
    // Signed out, the API answers JSON too (sign-in is required before routes are revealed).
    const anon = await new ApiClient(server.url).get('/api/nope');
    expect([401, 404]).toContain(anon.status);
    expectError(anon, anon.status);
    expect((await new ApiClient(server.url).get('/api/health')).body).toEqual({ ok: true });
  });

  it('serves the web app shell at / and at client-side routes', async () => {
    for (const path of ['/', '/reports/x', '/reports/abc/sections/def']) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type') ?? '').toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('<div id="root"></div>');
      expect(html).toContain('<title>合稿</title>');
      expect(html).toContain('lang="zh-CN"');
    }
  });
});
