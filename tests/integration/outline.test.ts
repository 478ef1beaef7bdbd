/**
 * Report templates and outline editing against the real built server: creating a report from each
 * template (numbering, the unnumbered 导语, default bureaus, the editors' own sections), who may, bad
 * input; then adding, renaming, moving, nesting and deleting sections with the numbers asserted after
 * every step, deletion of written sections behind a confirmation with their history kept, and the
 * refusal to move a section under its own descendant.
 *
 * One server for the whole file; tests run in order and later ones build on earlier state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_PASSWORD, type NotificationJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, storedUpdates } from '../helpers/store.js';
import { CHINESE, expectError, type ErrorBody } from '../helpers/expectError.js';
import type { Db } from '@hegao/storage';

/** The bureaus of the demo workspace; template sections defaulting to others stay unassigned. */
const DEMO_BUREAUS = ['办公室', '卫健局', '发改局', '农业农村局', '民政局', '组织部', '住建局', '文旅局'];

/** Headings of the half-year template: the seed's own wording. */
const PARTY = '深入实施“党建领航”工程，为高质量发展提供坚强保证';
const EPIDEMIC = '构建上下贯通的组织体系，疫情防控工作取得阶段性成效';
const RURAL = '乡村振兴深入推进，城乡统筹发展初显成效';
const ECONOMY = '全力稳增长促转型，经济高质量发展取得新进展';
const LIVELIHOOD = '持续发力民生工程，推动幸福指数新提升';
/** Its default bureau (改革办) is not in the demo workspace. */
const REFORM = '全面深化改革，进一步优化营商环境';
const EPIDEMIC_PLAN = '做好常态化疫情防控工作';

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
const sessions = new Map<string, ApiClient>();

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
  // A bureau no template gives sections to, with an editor: told of nothing when reports are created.
  for (const args of [
    ['bureau', 'add', '统计局'],
    ['user', 'add', 'tjj', '--name', '钱统计', '--role', 'editor', '--bureau', '统计局', '--password', DEMO_PASSWORD],
  ]) {
    const res = server.cli(args);
    expect(res.status, res.stderr).toBe(0);
  }
});

afterAll(async () => {
  await db?.close();
  await server?.dispose();
});

// ---------------------------------------------------------------------------------------------
// Helpers

interface SectionView {
  id: string;
  parentId: string | null;
  number: string;
  title: string;
  level: number;
  numbered: boolean;
  bureaus: { id: string; name: string }[];
  status: string;
  docName: string;
  dueDate: string | null;
  instruction: string;
}

interface ReportDetail {
  id: string;
  title: string;
  period: string;
  kind: string;
  status: string;
  dueDate: string | null;
  version: number;
  finalDocName: string | null;
  sections: SectionView[];
}

interface ReportSummary {
  id: string;
  title: string;
  mySections: { id: string; number: string; title: string; status: string; dueDate: string | null }[];
}

interface TemplateEntry {
  title: string;
  level: number;
  number: string;
  numbered: boolean;
  defaultBureau: string | null;
  instruction: string;
  example?: string | null;
}

interface TemplateView {
  id: string;
  kind: string;
  name: string;
  source: string;
  titlePattern: string;
  periodPattern: string;
  sectionCount: number;
  outline: TemplateEntry[];
}

async function as(username: string): Promise<ApiClient> {
  let client = sessions.get(username);
  if (!client) {
    client = await ApiClient.login(server.url, username);
    sessions.set(username, client);
  }
  return client;
}

const count = async (sql: string, ...params: unknown[]) => (await query<{ n: number }>(db, sql, ...params))[0]!.n;

/**
 * What a refused outline change must leave untouched: the report as served, its section rows
 * (deleted ones too) with their bureaus, the whole event log and every notification.
 */
async function snapshot(reportId: string) {
  return {
    report: await detail(reportId),
    sections: await query(db, 'SELECT * FROM sections WHERE report_id = ? ORDER BY id', reportId),
    bureaus: await query(db, 'SELECT sb.* FROM section_bureaus sb JOIN sections s ON s.id = sb.section_id WHERE s.report_id = ? ORDER BY sb.section_id, sb.bureau_id', reportId),
    events: await query(db, 'SELECT * FROM events ORDER BY id'),
    notifications: await query(db, 'SELECT * FROM notifications ORDER BY id'),
  };
}

async function detail(reportId: string): Promise<ReportDetail> {
  const res = await (await as('bgs')).get<ReportDetail>(`/api/reports/${reportId}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** The outline as lines `number title`, indented by level: what a reader sees. */
async function outline(reportId: string): Promise<string[]> {
  return (await detail(reportId)).sections.map((s) => `${'  '.repeat(s.level - 1)}${s.number}${s.title}`);
}

async function sectionByTitle(reportId: string, title: string): Promise<SectionView> {
  const matches = (await detail(reportId)).sections.filter((s) => s.title === title);
  expect(matches, title).toHaveLength(1);
  return matches[0]!;
}

/** Adds `days` (may be negative) to a YYYY-MM-DD date. */
function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const DUE = '2031-07-10';

/** Creates a report; `by` is the body field naming the template (`templateKind` is the older API). */
async function createReport(template: string, title: string, by: 'templateId' | 'templateKind' = 'templateKind'): Promise<ReportDetail> {
  const res = await (await as('bgs')).post<ReportDetail>('/api/reports', { [by]: template, title, period: '2031年上半年', dueDate: DUE });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

// ---------------------------------------------------------------------------------------------

describe('templates', () => {
  it('GET /api/templates lists every template with its outline, without examples', async () => {
    const res = await (await as('bgs')).get<TemplateView[]>('/api/templates');
    expect(res.status).toBe(200);
    expect(res.body.map((t) => [t.id, t.kind])).toEqual([
      ['half_year', 'half_year'],
      ['half_year_city', 'half_year'],
      ['half_year_government', 'half_year'],
      ['work_points', 'work_points'],
      ['plenum_speech', 'plenum_speech'],
    ]);
    expect(res.body.map((t) => t.source)).toEqual([
      '按某区2020年上半年工作总结及下半年工作计划的结构',
      '按某市2020年上半年工作总结的结构',
      '按某区政府2020年上半年总结及下半年打算的结构',
      '按某区2020年工作要点的结构',
      '按某区委全会讲话的结构',
    ]);
    for (const t of res.body) {
      expect(t.name).toMatch(CHINESE);
      expect(t.titlePattern).toContain('{地区}');
      expect(t.sectionCount).toBe(t.outline.filter((e, i) => t.outline[i + 1]?.level !== e.level + 1).length);
      for (const e of t.outline) {
        expect(Object.keys(e).sort()).toEqual(['defaultBureau', 'instruction', 'level', 'number', 'numbered', 'title']);
        expect(e.instruction).toMatch(CHINESE);
      }
    }
    const half = res.body[0]!;
    expect(half.outline.slice(0, 4)).toMatchObject([
      { title: '导语（总体情况与主要指标）', level: 1, number: '', numbered: false, defaultBureau: '发改局' },
      { title: '上半年工作完成情况', level: 1, number: '一、', numbered: true, defaultBureau: null },
      { title: PARTY, level: 2, number: '（一）', defaultBureau: '组织部' },
      { title: EPIDEMIC, level: 2, number: '（二）', defaultBureau: '卫健局' },
    ]);
    // The flat shapes: 一、…六、 (the city's) and 一、…五、 with a closing 下一步打算 (the district government's).
    const city = res.body.find((t) => t.id === 'half_year_city')!;
    expect(city.outline.map((e) => [e.number, e.level])).toEqual([['', 1], ['一、', 1], ['二、', 1], ['三、', 1], ['四、', 1], ['五、', 1], ['六、', 1]]);
    const government = res.body.find((t) => t.id === 'half_year_government')!;
    expect(government.outline.map((e) => e.number)).toEqual(['', '一、', '二、', '三、', '四、', '五、', '']);
    expect(government.outline.at(-1)).toMatchObject({ title: '下一步打算', numbered: false, defaultBureau: '办公室' });
  });

  it('GET /api/templates/:id (or a kind) adds the 参考范文 from the seeds; anyone signed in may read it', async () => {
    const res = await (await as('wjj')).get<TemplateView>('/api/templates/half_year');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe('half_year');
    const epidemic = res.body.outline.find((e) => e.title === EPIDEMIC)!;
    expect(epidemic.example).toMatch(/^深入组织动员，构建防控体系。/);
    const government = await (await as('wjj')).get<TemplateView>('/api/templates/half_year_government');
    expect(government.body.outline.at(-1)!.example).toMatch(/^下一步，XXX区将认真落实/);
    expect(res.body.outline.find((e) => e.title === '上半年工作完成情况')!.example).toBeNull();
    expectError(await (await as('bgs')).get('/api/templates/custom'), 404, 'not_found', '报告模板不存在');
    expectError(await new ApiClient(server.url).get('/api/templates'), 401, 'unauthenticated');
  });
});

describe('creating a report from a template', () => {
  const created = new Map<string, ReportDetail>();

  it.each([
    ['half_year', 'templateKind'],
    ['half_year_city', 'templateId'],
    ['half_year_government', 'templateId'],
    ['work_points', 'templateKind'],
    ['plenum_speech', 'templateId'],
  ] as const)('%s: the secretary creates it (by %s), numbered like the template', async (id, by) => {
    const template = (await (await as('bgs')).get<TemplateView>(`/api/templates/${id}`)).body;
    const since = (await query<{ m: number | null }>(db, 'SELECT MAX(id) AS m FROM events'))[0]!.m ?? 0;
    const report = await createReport(id, `测试区2031年${template.name}`, by);
    created.set(id, report);

    expect(report).toMatchObject({ title: `测试区2031年${template.name}`, period: '2031年上半年', kind: template.kind, status: 'drafting', dueDate: DUE, version: 0, finalDocName: null });
    // The answer is the report detail, exactly as GET /api/reports/:id shows it.
    expect(await detail(report.id)).toEqual(report);
    expect(report.sections.map((s) => [s.number, s.title, s.level, s.numbered])).toEqual(template.outline.map((e) => [e.number, e.title, e.level, e.numbered]));

    const dueDate = shiftDate(DUE, -3);
    for (const [i, s] of report.sections.entries()) {
      const entry = template.outline[i]!;
      expect(s.instruction).toBe(entry.instruction);
      if (entry.defaultBureau && DEMO_BUREAUS.includes(entry.defaultBureau)) {
        expect(s, s.title).toMatchObject({ status: 'drafting', bureaus: [{ name: entry.defaultBureau }], dueDate });
      } else {
        expect(s, s.title).toMatchObject({ status: 'not_started', bureaus: [], dueDate: null });
      }
    }
    // Documents start empty: the 参考范文 is not copied into them.
    for (const s of report.sections) expect(await storedUpdates(db, s.docName)).toEqual([]);

    const events = await query<{ type: string; section_id: string | null; detail: string }>(db, 'SELECT type, section_id, detail FROM events WHERE id > ? ORDER BY id', since);
    expect(events[0]!.type).toBe('report.create');
    expect(JSON.parse(events[0]!.detail)).toMatchObject({ template: template.kind, templateId: id });
    const assigned = report.sections.filter((s) => s.status === 'drafting');
    expect(assigned.length).toBeGreaterThan(3);
    expect(events.slice(1).map((e) => [e.type, e.section_id])).toEqual(assigned.map((s) => ['section.assign', s.id]));
  });

  it('half_year: an unnumbered 导语, then 一、（一）…, 二、, 三、 with sub-sections', async () => {
    const lines = await outline(created.get('half_year')!.id);
    expect(lines.slice(0, 4)).toEqual(['导语（总体情况与主要指标）', '一、上半年工作完成情况', `  （一）${PARTY}`, `  （二）${EPIDEMIC}`]);
    expect(lines).toContain('二、存在问题和不足');
    expect(lines).toContain('三、下半年工作计划');
    expect(lines.at(-1)).toBe(`  （十）${EPIDEMIC_PLAN}`);
    const report = created.get('half_year')!;
    const intro = report.sections[0]!;
    expect(intro).toMatchObject({ number: '', numbered: false, level: 1, status: 'drafting', bureaus: [{ name: '发改局' }] });
    // Sections whose bureau the workspace lacks wait for the secretary.
    expect(report.sections.find((s) => s.title === REFORM)).toMatchObject({ status: 'not_started', bureaus: [] });
  });

  it('the editors see their new sections in mySections; the leader sees the report', async () => {
    const report = created.get('half_year')!;
    for (const [username, bureau] of [['wjj', '卫健局'], ['fgj', '发改局'], ['nyj', '农业农村局'], ['mzj', '民政局'], ['zzb', '组织部']] as const) {
      const list = (await (await as(username)).get<ReportSummary[]>('/api/reports')).body;
      const mine = list.find((r) => r.id === report.id)!;
      const expected = report.sections.filter((s) => s.bureaus.some((b) => b.name === bureau));
      expect(expected.length, bureau).toBeGreaterThan(0);
      expect(mine.mySections).toEqual(expected.map((s) => ({ id: s.id, number: s.number, title: s.title, status: 'drafting', dueDate: shiftDate(DUE, -3) })));
    }
    const wjj = (await (await as('wjj')).get<ReportSummary[]>('/api/reports')).body.find((r) => r.id === report.id)!;
    expect(wjj.mySections.map((s) => `${s.number}${s.title}`)).toEqual([`（二）${EPIDEMIC}`, `（十）${EPIDEMIC_PLAN}`]);
    expect((await (await as('quzhang')).get<ReportSummary[]>('/api/reports')).body.some((r) => r.id === report.id)).toBe(true);
  });

  it('tells each assigned bureau’s editors once per report, naming their sections; other bureaus, the office and the leader hear nothing', async () => {
    const report = created.get('half_year')!;
    const notes = async (username: string) => {
      const res = await (await as(username)).get<{ unread: number; items: NotificationJson[] }>('/api/notifications');
      expect(res.status).toBe(200);
      return res.body.items.filter((n) => n.reportId === report.id);
    };
    const due = shiftDate(DUE, -3);
    const dueText = `${Number(due.slice(0, 4))}年${Number(due.slice(5, 7))}月${Number(due.slice(8))}日`;
    for (const [username, bureau] of [['wjj', '卫健局'], ['fgj', '发改局'], ['nyj', '农业农村局'], ['mzj', '民政局'], ['zzb', '组织部']] as const) {
      const own = report.sections.filter((s) => s.bureaus.some((b) => b.name === bureau));
      const items = await notes(username);
      expect(items, username).toHaveLength(1);
      const labels = own.slice(0, 3).map((s) => `“${s.number}${s.title}”`).join('、') + (own.length > 3 ? '等' : '');
      expect(items[0]).toMatchObject({
        type: 'assigned',
        sectionId: own[0]!.id,
        readAt: null,
        message: `办公室新建了《${report.title}》，${bureau}有${own.length}个章节待编写：${labels}，请于${dueText}前完成`,
        detail: { actorName: '李文静', dueDate: due, sectionIds: own.map((s) => s.id), reportCreated: true },
      });
    }
    expect((await notes('wjj'))[0]!.message).toContain(`卫健局有2个章节待编写：“（二）${EPIDEMIC}”、“（十）${EPIDEMIC_PLAN}”`);
    // 统计局 has no section in any template; the office writes its own without being told.
    for (const username of ['tjj', 'bgs', 'quzhang']) expect(await notes(username), username).toEqual([]);
    expect((await (await as('tjj')).get<{ unread: number }>('/api/notifications')).body.unread).toBe(0);
  });

  it('editors and the leader may not create reports (403) and nothing is written', async () => {
    const reports = await count('SELECT COUNT(*) AS n FROM reports');
    const events = await count('SELECT COUNT(*) AS n FROM events');
    const body = { templateKind: 'half_year', title: '越权创建', period: '2031年', dueDate: DUE };
    expectError(await (await as('wjj')).post('/api/reports', body), 403, 'forbidden', '只有办公室秘书可以创建报告');
    expectError(await (await as('quzhang')).post('/api/reports', body), 403, 'forbidden', '领导账号只能阅读和批示，不能编辑');
    expectError(await new ApiClient(server.url).post('/api/reports', body), 401, 'unauthenticated');
    expect(await count('SELECT COUNT(*) AS n FROM reports')).toBe(reports);
    expect(await count('SELECT COUNT(*) AS n FROM events')).toBe(events);
  });

  it('bad bodies are 400 with a Chinese message and create nothing', async () => {
    const reports = await count('SELECT COUNT(*) AS n FROM reports');
    const bgs = await as('bgs');
    const good = { templateKind: 'work_points', title: '测试区2031年工作要点', period: '2031年', dueDate: DUE };
    const cases: [unknown, RegExp][] = [
      [{ ...good, templateKind: 'custom' }, /^未知的报告模板，可选：/],
      [{ ...good, templateKind: undefined }, /^请选择报告模板$/],
      [{ ...good, templateKind: undefined, templateId: 'nonsense' }, /^未知的报告模板，可选：/],
      [{ ...good, templateId: 'half_year_city' }, /^指定的报告模板前后不一致：“上半年工作总结（分领域平列）”与“年度工作要点”/],
      [{ ...good, title: '   ' }, /报告标题不能为空/],
      [{ ...good, title: undefined }, /^请填写报告标题$/],
      [{ ...good, title: '长'.repeat(101) }, /^报告标题不能超过100个字$/],
      [{ ...good, period: '' }, /报告期不能为空/],
      [{ ...good, dueDate: '2031/07/10' }, /^截止日期格式应为 YYYY-MM-DD$/],
      [{ ...good, dueDate: '2031-02-30' }, /^截止日期无效：日历上没有这一天$/],
      [{ ...good, dueDate: null }, /^请填写截止日期$/],
      [[good], /^请求体应为对象$/],
    ];
    for (const [body, message] of cases) expectError(await bgs.post('/api/reports', body), 400, 'invalid_body', message);
    expectError(await bgs.post('/api/reports', '{"templateKind":'), 400, 'invalid_json');
    expect(await count('SELECT COUNT(*) AS n FROM reports')).toBe(reports);
  });
});

describe('editing the outline', () => {
  let reportId: string;

  beforeAll(async () => {
    reportId = (await createReport('half_year', '测试区2031年上半年工作总结（大纲编辑）')).id;
  });

  it('starts from the template outline', async () => {
    expect((await outline(reportId)).slice(0, 11)).toEqual([
      '导语（总体情况与主要指标）',
      '一、上半年工作完成情况',
      `  （一）${PARTY}`,
      `  （二）${EPIDEMIC}`,
      `  （三）${RURAL}`,
      `  （四）${ECONOMY}`,
      '  （五）重点打造智慧宜居城区，城市建管水平不断提升',
      '  （六）全面发展文旅事业，城区魅力不断彰显',
      `  （七）${LIVELIHOOD}`,
      `  （八）${REFORM}`,
      '二、存在问题和不足',
    ]);
  });

  it('adds a top-level section: the sections after it are renumbered', async () => {
    const bgs = await as('bgs');
    const res = await bgs.post<SectionView>(`/api/reports/${reportId}/sections`, { title: '安全生产', parentId: null, index: 2 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ title: '安全生产', number: '二、', level: 1, numbered: true, status: 'not_started', bureaus: [], parentId: null });
    expect(res.body.docName).toBe(`section-${res.body.id}`);
    const lines = await outline(reportId);
    expect(lines.filter((l) => !l.startsWith(' '))).toEqual(['导语（总体情况与主要指标）', '一、上半年工作完成情况', '二、安全生产', '三、存在问题和不足', '四、下半年工作计划']);
    // Without an index the new section goes last; a sub-section is numbered at its level.
    const child = await bgs.post<SectionView>(`/api/reports/${reportId}/sections`, { title: '危化品整治', parentId: res.body.id });
    expect(child.body).toMatchObject({ number: '（一）', level: 2, parentId: res.body.id });
    const closing = await bgs.post<SectionView>(`/api/reports/${reportId}/sections`, { title: '结束语', parentId: null, numbered: false });
    expect(closing.body).toMatchObject({ number: '', numbered: false });
    expect((await outline(reportId)).at(-1)).toBe('结束语');
  });

  it('renames a section and changes its due date and instruction; numbering is unchanged', async () => {
    const target = await sectionByTitle(reportId, '安全生产');
    const res = await (await as('bgs')).request<SectionView>('PATCH', `/api/sections/${target.id}`, {
      title: '  安全生产和应急管理 ',
      dueDate: '2031-07-01',
      instruction: '由应急管理局撰写，不超过500字',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: target.id, title: '安全生产和应急管理', number: '二、', dueDate: '2031-07-01', instruction: '由应急管理局撰写，不超过500字' });
    expect(await outline(reportId)).toContain('二、安全生产和应急管理');
    const event = await query<{ type: string; detail: string }>(db, "SELECT type, detail FROM events WHERE section_id = ? AND type = 'section.update'", target.id);
    expect(JSON.parse(event[0]!.detail)).toMatchObject({ title: { from: '安全生产', to: '安全生产和应急管理' } });
  });

  it('nests a section under another: both levels renumber', async () => {
    const target = await sectionByTitle(reportId, '安全生产和应急管理');
    const done = await sectionByTitle(reportId, '上半年工作完成情况');
    const res = await (await as('bgs')).post<SectionView>(`/api/sections/${target.id}/move`, { parentId: done.id, index: 0 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ number: '（一）', level: 2, parentId: done.id });
    expect((await outline(reportId)).slice(1, 6)).toEqual([
      '一、上半年工作完成情况',
      '  （一）安全生产和应急管理',
      '    1.危化品整治',
      `  （二）${PARTY}`,
      `  （三）${EPIDEMIC}`,
    ]);
    expect((await outline(reportId)).filter((l) => !l.startsWith(' '))).toEqual([
      '导语（总体情况与主要指标）',
      '一、上半年工作完成情况',
      '二、存在问题和不足',
      '三、下半年工作计划',
      '结束语',
    ]);
  });

  it('moves sections within and across levels; indices clamp', async () => {
    const bgs = await as('bgs');
    const problems = await sectionByTitle(reportId, '存在问题和不足');
    // To the end of the top level (before nothing): past the 结束语.
    expect((await bgs.post<SectionView>(`/api/sections/${problems.id}/move`, { parentId: null, index: 99 })).body.number).toBe('三、');
    expect((await outline(reportId)).filter((l) => !l.startsWith(' '))).toEqual([
      '导语（总体情况与主要指标）',
      '一、上半年工作完成情况',
      '二、下半年工作计划',
      '结束语',
      '三、存在问题和不足',
    ]);
    // Back before the 结束语.
    await bgs.post(`/api/sections/${problems.id}/move`, { parentId: null, index: 3 });
    // A sub-section out to the top level.
    const ecology = await sectionByTitle(reportId, REFORM);
    expect((await bgs.post<SectionView>(`/api/sections/${ecology.id}/move`, { parentId: null, index: 2 })).body).toMatchObject({ number: '二、', level: 1, parentId: null });
    expect((await outline(reportId)).filter((l) => !l.startsWith(' '))).toEqual([
      '导语（总体情况与主要指标）',
      '一、上半年工作完成情况',
      `二、${REFORM}`,
      '三、下半年工作计划',
      '四、存在问题和不足',
      '结束语',
    ]);
    const lines = await outline(reportId);
    expect(lines.slice(lines.indexOf('一、上半年工作完成情况') + 1, lines.indexOf(`二、${REFORM}`)).at(-1)).toBe(`  （八）${LIVELIHOOD}`);
  });

  it('turns numbering off and on: the siblings after it close the gap', async () => {
    const bgs = await as('bgs');
    const ecology = await sectionByTitle(reportId, REFORM);
    expect((await bgs.request<SectionView>('PATCH', `/api/sections/${ecology.id}`, { numbered: false })).body).toMatchObject({ number: '', numbered: false });
    expect((await outline(reportId)).filter((l) => !l.startsWith(' ')).slice(1, 4)).toEqual(['一、上半年工作完成情况', REFORM, '二、下半年工作计划']);
    await bgs.request('PATCH', `/api/sections/${ecology.id}`, { numbered: true });
    expect((await outline(reportId)).filter((l) => !l.startsWith(' ')).slice(1, 4)).toEqual(['一、上半年工作完成情况', `二、${REFORM}`, '三、下半年工作计划']);
  });

  it('refuses to move a section under itself or its own descendant (409) and changes nothing', async () => {
    const bgs = await as('bgs');
    const done = await sectionByTitle(reportId, '上半年工作完成情况');
    const safety = await sectionByTitle(reportId, '安全生产和应急管理');
    const grandchild = await sectionByTitle(reportId, '危化品整治');
    const before = await snapshot(reportId);
    for (const parentId of [done.id, safety.id, grandchild.id]) {
      expectError(await bgs.post(`/api/sections/${done.id}/move`, { parentId, index: 0 }), 409, 'conflict', '不能把章节移动到它自身或其下级章节之下');
    }
    expect(await snapshot(reportId)).toEqual(before);
  });

  it('refuses a parent from another report (400) and unknown sections (404)', async () => {
    const bgs = await as('bgs');
    const other = (await (await as('bgs')).get<{ id: string; title: string }[]>('/api/reports')).body.find((r) => r.title.includes('示例区'))!;
    const foreign = (await detail(other.id)).sections[1]!;
    const safety = await sectionByTitle(reportId, '安全生产和应急管理');
    expectError(await bgs.post(`/api/sections/${safety.id}/move`, { parentId: foreign.id, index: 0 }), 400, 'invalid', '目标上级章节不存在');
    expectError(await bgs.post(`/api/reports/${reportId}/sections`, { title: '错挂', parentId: foreign.id }), 400, 'invalid', '目标上级章节不存在');
    expectError(await bgs.post('/api/sections/no-such-section/move', { parentId: null, index: 0 }), 404, 'not_found', '章节不存在');
    expectError(await bgs.request('PATCH', '/api/sections/no-such-section', { title: '无' }), 404, 'not_found');
    expectError(await bgs.request('DELETE', '/api/sections/no-such-section'), 404, 'not_found');
    expectError(await bgs.post('/api/reports/no-such-report/sections', { title: '无', parentId: null }), 404, 'not_found', '报告不存在');
  });

  it('bad bodies are 400 with a Chinese message', async () => {
    const bgs = await as('bgs');
    const safety = await sectionByTitle(reportId, '安全生产和应急管理');
    const before = await snapshot(reportId);
    expectError(await bgs.post(`/api/reports/${reportId}/sections`, { parentId: null }), 400, 'invalid_body', /^请填写章节标题$/);
    expectError(await bgs.post(`/api/reports/${reportId}/sections`, { title: ' ', parentId: null }), 400, 'invalid_body', /章节标题不能为空/);
    expectError(await bgs.post(`/api/reports/${reportId}/sections`, { title: '负位置', parentId: null, index: -1 }), 400, 'invalid_body', /位置不能为负数/);
    expectError(await bgs.request('PATCH', `/api/sections/${safety.id}`, {}), 400, 'invalid', '没有要修改的内容');
    expectError(await bgs.request('PATCH', `/api/sections/${safety.id}`, { title: '' }), 400, 'invalid_body', /章节标题不能为空/);
    expectError(await bgs.request('PATCH', `/api/sections/${safety.id}`, { dueDate: '明天' }), 400, 'invalid_body', /^截止日期格式应为 YYYY-MM-DD$/);
    expectError(await bgs.request('PATCH', `/api/sections/${safety.id}`, { parentId: null }), 400, 'invalid_body', /^请求体中有不能在这里提交的字段：上级章节$/);
    expectError(await bgs.post(`/api/sections/${safety.id}/move`, { parentId: null }), 400, 'invalid_body', /^请指定位置$/);
    expectError(await bgs.post(`/api/sections/${safety.id}/move`, { parentId: null, index: 1.5 }), 400, 'invalid_body', /位置应为整数/);
    expect(await snapshot(reportId)).toEqual(before);
  });

  it('editors and the leader may not edit the outline (403)', async () => {
    const safety = await sectionByTitle(reportId, '安全生产和应急管理');
    const epidemic = await sectionByTitle(reportId, EPIDEMIC);
    const before = await snapshot(reportId);
    for (const [username, message] of [['wjj', '只有办公室秘书可以调整报告大纲'], ['quzhang', '领导账号只能阅读和批示，不能编辑']] as const) {
      const api = await as(username);
      expectError(await api.post(`/api/reports/${reportId}/sections`, { title: '越权', parentId: null }), 403, 'forbidden', message);
      expectError(await api.request('PATCH', `/api/sections/${epidemic.id}`, { title: '越权' }), 403, 'forbidden', message);
      expectError(await api.post(`/api/sections/${safety.id}/move`, { parentId: null, index: 0 }), 403, 'forbidden', message);
      expectError(await api.request('DELETE', `/api/sections/${epidemic.id}?confirm=1`), 403, 'forbidden', message);
    }
    expect(await snapshot(reportId)).toEqual(before);
  });

  it('deletes an empty section (with its sub-sections) at once; numbers close up', async () => {
    const safety = await sectionByTitle(reportId, '安全生产和应急管理');
    const grandchild = await sectionByTitle(reportId, '危化品整治');
    const res = await (await as('bgs')).request<{ deletedIds: string[]; chars: number }>('DELETE', `/api/sections/${safety.id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect([...res.body.deletedIds].sort()).toEqual([safety.id, grandchild.id].sort());
    expect(res.body.chars).toBe(0);
    expect((await outline(reportId)).slice(1, 4)).toEqual(['一、上半年工作完成情况', `  （一）${PARTY}`, `  （二）${EPIDEMIC}`]);
    // Soft delete: the rows stay, marked.
    expect((await query<{ deleted_at: number | null }>(db, 'SELECT deleted_at FROM sections WHERE id IN (?, ?)', safety.id, grandchild.id)).every((r) => r.deleted_at !== null)).toBe(true);
  });

  it('deleting a section with text asks for confirmation, then keeps its history and closes its editors', async () => {
    const epidemic = await sectionByTitle(reportId, EPIDEMIC);
    const writer = await CollabClient.open(await as('wjj'), server.wsUrl, epidemic.docName);
    try {
      writer.appendParagraph('核酸检测X万人次。');
      writer.appendParagraph('隔离点X个。');
      await waitFor(async () => (await storedUpdates(db, epidemic.docName)).length >= 2, 'text stored');
      const rows = (await storedUpdates(db, epidemic.docName)).length;

      const bgs = await as('bgs');
      const asked = await bgs.request<ErrorBody & { chars: number }>('DELETE', `/api/sections/${epidemic.id}`);
      expect(asked.status).toBe(409);
      expect(asked.body).toEqual({ error: 'confirm_required', message: '该章节已有内容（15字），确认删除吗？删除后可在历史中查看。', chars: 15 });
      expect((await detail(reportId)).sections.some((s) => s.id === epidemic.id)).toBe(true);
      expect(writer.closes).toEqual([]);

      const res = await bgs.request<{ deletedIds: string[]; chars: number }>('DELETE', `/api/sections/${epidemic.id}?confirm=1`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ deletedIds: [epidemic.id], chars: 15 });
      expect((await outline(reportId)).slice(1, 4)).toEqual(['一、上半年工作完成情况', `  （一）${PARTY}`, `  （二）${RURAL}`]);
      // The history is kept…
      expect(await storedUpdates(db, epidemic.docName)).toHaveLength(rows);
      // …the editor's connection loses access, and the section is gone from the editor's list.
      await waitFor(() => writer.closes.some((c) => c.code === 4403), 'writer closed with 4403');
      const wjj = (await (await as('wjj')).get<ReportSummary[]>('/api/reports')).body.find((r) => r.id === reportId)!;
      expect(wjj.mySections.map((s) => s.title)).toEqual([EPIDEMIC_PLAN]);
      expectError(await (await as('wjj')).post('/api/collab/token', { docName: epidemic.docName }), 404);
      const event = await query<{ actor_id: string; detail: string }>(db, "SELECT actor_id, detail FROM events WHERE section_id = ? AND type = 'section.delete'", epidemic.id);
      expect(JSON.parse(event[0]!.detail)).toMatchObject({ chars: 15, confirmed: true, deletedIds: [epidemic.id] });
    } finally {
      writer.destroy();
    }
  });

  it('a writer typing while the section is deleted: every keystroke stored is counted, none is stored after', async () => {
    const target = await sectionByTitle(reportId, EPIDEMIC_PLAN);
    const writer = await CollabClient.open(await as('wjj'), server.wsUrl, target.docName);
    let typing = true;
    try {
      writer.appendParagraph('起');
      await waitFor(async () => (await storedUpdates(db, target.docName)).length >= 1, 'first keystroke stored');
      const bgs = await as('bgs');
      const asked = await bgs.request<ErrorBody & { chars: number }>('DELETE', `/api/sections/${target.id}`);
      expect(asked.status).toBe(409);
      const rowsAsked = (await storedUpdates(db, target.docName)).length;
      // One character per update, every few milliseconds, across the delete.
      const loop = (async () => {
        while (typing && writer.closes.length === 0) {
          writer.appendParagraph('字');
          await new Promise((r) => setTimeout(r, 3));
        }
      })();
      await new Promise((r) => setTimeout(r, 60));
      const res = await bgs.request<{ deletedIds: string[]; chars: number }>('DELETE', `/api/sections/${target.id}?confirm=1`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const rowsAtAnswer = (await storedUpdates(db, target.docName)).length;
      expect(rowsAtAnswer).toBeGreaterThan(rowsAsked);
      // The count covers exactly what was stored: the text before plus one character per update since.
      expect(res.body.chars).toBe(asked.body.chars + (rowsAtAnswer - rowsAsked));
      await waitFor(() => writer.closes.some((c) => c.code === 4403), 'writer closed with 4403');
      typing = false;
      await loop;
      await new Promise((r) => setTimeout(r, 200));
      expect(await storedUpdates(db, target.docName)).toHaveLength(rowsAtAnswer);
    } finally {
      typing = false;
      writer.destroy();
    }
  });

  it('the demo report: deleting a section imported from the seed needs confirmation too', async () => {
    const bgs = await as('bgs');
    const demo = (await bgs.get<{ id: string; title: string }[]>('/api/reports')).body.find((r) => r.title.includes('示例区'))!;
    const target = (await detail(demo.id)).sections.find((s) => s.title === '全面发展文旅事业，城区魅力不断彰显')!;
    const asked = await bgs.request<ErrorBody & { chars: number }>('DELETE', `/api/sections/${target.id}`);
    expect(asked.status).toBe(409);
    expect(asked.body.error).toBe('confirm_required');
    expect(asked.body.chars).toBeGreaterThan(150);
    expect(asked.body.message).toBe(`该章节已有内容（${asked.body.chars}字），确认删除吗？删除后可在历史中查看。`);
  });

  it('outline changes are pushed to open clients as report.outline events', async () => {
    const bgs = await as('bgs');
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/reports/${reportId}/events`, { headers: { cookie: bgs.cookie }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 10_000;
      while (!text.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no ${needle} in ${text}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += new TextDecoder().decode(value);
      }
    };
    try {
      await readUntil('event: ready');
      const added = await bgs.post<SectionView>(`/api/reports/${reportId}/sections`, { title: '实时推送', parentId: null });
      await readUntil('event: report.outline');
      expect(text).toContain(added.body.id);
    } finally {
      controller.abort();
    }
  });

  it('a report being merged or locked keeps its outline (409)', async () => {
    const target = await sectionByTitle(reportId, '实时推送');
    await db.kysely.updateTable('reports').set({ status: 'merging' }).where('id', '=', reportId).execute();
    const bgs = await as('bgs');
    expectError(await bgs.request('PATCH', `/api/sections/${target.id}`, { title: '合稿中改名' }), 409, 'conflict', '报告正在合稿，不能调整大纲');
    expectError(await bgs.request('DELETE', `/api/sections/${target.id}?confirm=1`), 409, 'conflict');
    expectError(await bgs.post(`/api/reports/${reportId}/sections`, { title: '合稿中新增', parentId: null }), 409, 'conflict');
    expect((await sectionByTitle(reportId, '实时推送')).title).toBe('实时推送');
  });
});
