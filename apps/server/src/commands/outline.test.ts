import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECTION_HAND_OVER } from '@hegao/contract';
import { numberOutline, type User } from '@hegao/domain';
import { CollabServer, silentLogger } from '@hegao/collab';
import {
  SqlDocStore,
  createBureau,
  createNotifications,
  createUser,
  getSection,
  listNotifications,
  listEvents,
  listSections,
  openSqlite,
  updateReportStatus,
  type Db,
  type SectionRecord,
} from '@hegao/storage';
import { sectionAccess } from '../collab/access.js';
import type { AppContext } from '../context.js';
import { ReportEvents, type ReportEvent } from '../events/ReportEvents.js';
import { ApiError } from '../http/ApiError.js';
import { importSectionText } from '../seed/importText.js';
import { createReportFromTemplate } from './createReport.js';
import { addSection, changedPlacements, confirmDeleteMessage, deleteSection, editSection, moveSection, moveUnderWritingMessage, storedChars } from './outline.js';
import { storedText } from './sectionText.js';
import { holdsWriting, sharedAssignment } from './outlineHandOver.js';

let db: Db;
let collab: CollabServer;
let ctx: AppContext;
let published: ReportEvent[];
let refreshed: string[];
let docNames: string[];
let bgs: User;
let wjj: User;
let leader: User;
let reportId: string;

beforeEach(async () => {
  db = await openSqlite(':memory:');
  published = [];
  refreshed = [];
  docNames = [];
  const events = new ReportEvents();
  // The real collab core; its access re-evaluations are recorded (by the section documents they cover).
  collab = new CollabServer({
    store: new SqlDocStore(db),
    resolveAccess: sectionAccess(db),
    logger: silentLogger,
    unloadDelayMs: 50,
    onAccessRefreshed: async (names) => void refreshed.push(...docNames.filter((n) => names.includes(n))),
  });
  ctx = { db, events, logger: silentLogger, collab } as unknown as AppContext;
  const office = await createBureau(db, { name: '办公室', isOffice: true, color: '#000' });
  const health = await createBureau(db, { name: '卫健局', color: '#111' });
  await createBureau(db, { name: '发改局', color: '#222' });
  bgs = await createUser(db, { username: 'bgs', name: '秘书', role: 'secretary', bureauId: office.id, passwordHash: 'x' });
  wjj = await createUser(db, { username: 'wjj', name: '卫健', role: 'editor', bureauId: health.id, passwordHash: 'x' });
  leader = await createUser(db, { username: 'quzhang', name: '区长', role: 'leader', bureauId: null, passwordHash: 'x' });
  const report = await createReportFromTemplate(ctx, bgs, { templateKind: 'work_points', title: '示例区2021年工作要点', period: '2021年', dueDate: '2021-01-20' });
  reportId = report.id;
  docNames = (await listSections(db, reportId)).map((s) => s.docName);
  events.subscribe(report.id, (e) => published.push(e));
});

afterEach(async () => {
  await collab.close();
  await db.close();
});

/** The 年度工作要点 template's headings (the seed's own wording). */
const ECONOMY = '紧扣目标任务，助推经济发展';
const BUSINESS = '紧扣发展要务，优化营商环境';
const SOCIETY = '紧扣民生福祉，创新社会治理';
const PARTY = '紧扣群众利益，做实基层党建';

/** The outline as `number title` lines, in order. */
async function outline(): Promise<string[]> {
  const sections = await listSections(db, reportId);
  const byId = new Map(sections.map((s) => [s.id, s]));
  return numberOutline(sections).map((n) => `${'  '.repeat(n.level - 1)}${n.number}${byId.get(n.id)!.title}`);
}

async function byTitle(title: string): Promise<SectionRecord> {
  const found = (await listSections(db, reportId)).find((s) => s.title === title);
  if (!found) throw new Error(`no section ${title}`);
  return found;
}

/** The ApiError a promise rejects with. */
async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('createReportFromTemplate', () => {
  it('creates the outline, assigns the matched bureaus and records the events', async () => {
    expect(await outline()).toEqual(['导语（指导思想和总体要求）', `一、${ECONOMY}`, `二、${BUSINESS}`, `三、${SOCIETY}`, `四、${PARTY}`]);
    expect(await byTitle(ECONOMY)).toMatchObject({ status: 'drafting', dueDate: '2021-01-17' });
    // This workspace has no 民政局 or 组织部.
    expect((await byTitle(SOCIETY)).status).toBe('not_started');
    expect((await byTitle(PARTY)).status).toBe('not_started');
    const events = await listEvents(db, reportId);
    expect(events[0]).toMatchObject({ type: 'report.create', actorId: bgs.id });
    // The office writes the 导语; 发改局 writes the economy and the business environment.
    expect(events.filter((e) => e.type === 'section.assign')).toHaveLength(3);
    expect((await byTitle('导语（指导思想和总体要求）')).status).toBe('drafting');
  });

  it('is for the secretary only', async () => {
    for (const user of [wjj, leader]) {
      const err = await apiError(createReportFromTemplate(ctx, user, { templateKind: 'half_year', title: 't', period: 'p', dueDate: '2021-01-01' }));
      expect(err.status).toBe(403);
    }
    expect((await apiError(createReportFromTemplate(ctx, bgs, { templateKind: 'custom', title: 't', period: 'p', dueDate: '2021-01-01' }))).status).toBe(400);
  });
});

describe('outline commands', () => {
  it('adds a section where asked and renumbers its siblings', async () => {
    const added = await addSection(ctx, bgs, reportId, { title: '安全生产', parentId: null, index: 2 });
    expect(added).toMatchObject({ number: '二、', level: 1 });
    expect(added.section).toMatchObject({ status: 'not_started', bureauIds: [], title: '安全生产' });
    expect((await outline()).slice(0, 4)).toEqual(['导语（指导思想和总体要求）', `一、${ECONOMY}`, '二、安全生产', `三、${BUSINESS}`]);
    const child = await addSection(ctx, bgs, reportId, { title: '危化品整治', parentId: added.section.id });
    expect(child).toMatchObject({ number: '（一）', level: 2 });
    const last = await addSection(ctx, bgs, reportId, { title: '结束语', parentId: null, numbered: false });
    expect(last.number).toBe('');
    expect((await outline()).at(-1)).toBe('结束语');
    expect(published.filter((e) => e.type === 'report.outline')).toHaveLength(3);
    const types = (await listEvents(db, reportId)).map((e) => e.type);
    expect(types.filter((t) => t === 'section.add')).toHaveLength(3);
    // Positions stay 0..n-1 in every sibling group.
    const sections = await listSections(db, reportId);
    for (const parent of new Set(sections.map((s) => s.parentId))) {
      const positions = sections.filter((s) => s.parentId === parent).map((s) => s.position).sort((a, b) => a - b);
      expect(positions).toEqual(positions.map((_, i) => i));
    }
  });

  it('renames, changes the due date and the instruction, and toggles numbering', async () => {
    const target = await byTitle(BUSINESS);
    const renamed = await editSection(ctx, bgs, target.id, { title: '优化营商环境', dueDate: '2021-01-10', instruction: '不超过300字' });
    expect(renamed).toMatchObject({ number: '二、', section: { title: '优化营商环境', dueDate: '2021-01-10', instruction: '不超过300字' } });
    await editSection(ctx, bgs, (await byTitle(ECONOMY)).id, { numbered: false });
    expect((await outline()).slice(1, 3)).toEqual([ECONOMY, '一、优化营商环境']);
    const event = (await listEvents(db, reportId)).find((e) => e.type === 'section.update')!;
    expect(event.detail).toMatchObject({ title: { from: BUSINESS, to: '优化营商环境' } });
    expect((await apiError(editSection(ctx, bgs, target.id, {}))).status).toBe(400);
  });

  it('moves and nests sections; the numbering follows', async () => {
    const party = await byTitle(PARTY);
    const moved = await moveSection(ctx, bgs, party.id, { parentId: null, index: 1 });
    expect(moved).toMatchObject({ number: '一、', level: 1 });
    expect((await outline()).slice(1, 3)).toEqual([`一、${PARTY}`, `二、${ECONOMY}`]);
    const economy = await byTitle(ECONOMY);
    // ECONOMY is a leaf with the 发改局, a 写作要求 and its state: nesting would make it a heading
    // and drop them, so it is refused with the way to do it instead.
    const before = await outline();
    const refused = await apiError(moveSection(ctx, bgs, (await byTitle(BUSINESS)).id, { parentId: economy.id, index: 0 }));
    expect(refused.status).toBe(409);
    expect(refused.message).toBe(moveUnderWritingMessage('二、', ECONOMY));
    expect(await outline()).toEqual(before);
    // A sub-section added first takes ECONOMY's writing over; then nesting is allowed.
    await addSection(ctx, bgs, reportId, { title: '工业', parentId: economy.id });
    const nested = await moveSection(ctx, bgs, (await byTitle(BUSINESS)).id, { parentId: economy.id, index: 0 });
    expect(nested).toMatchObject({ number: '（一）', level: 2 });
    expect((await outline()).slice(1, 6)).toEqual([`一、${PARTY}`, `二、${ECONOMY}`, `  （一）${BUSINESS}`, `  （二）工业`, `三、${SOCIETY}`]);
    expect((await listEvents(db, reportId)).filter((e) => e.type === 'section.move')).toHaveLength(2);
  });

  it('refuses to move a section under itself or its descendant (409) and changes nothing', async () => {
    const economy = await byTitle(ECONOMY);
    const child = await addSection(ctx, bgs, reportId, { title: '工业', parentId: economy.id });
    const before = await outline();
    expect((await apiError(moveSection(ctx, bgs, economy.id, { parentId: child.section.id, index: 0 }))).status).toBe(409);
    expect((await apiError(moveSection(ctx, bgs, economy.id, { parentId: economy.id, index: 0 }))).status).toBe(409);
    expect((await apiError(moveSection(ctx, bgs, economy.id, { parentId: 'elsewhere', index: 0 }))).status).toBe(400);
    expect(await outline()).toEqual(before);
  });

  it('deletes an empty section at once, and asks first when it holds text', async () => {
    const empty = await byTitle(SOCIETY);
    const done = await deleteSection(ctx, bgs, empty.id, { confirm: false });
    expect(done).toMatchObject({ status: 'deleted', deletedIds: [empty.id], chars: 0 });
    expect(await getSection(db, empty.id)).toBeNull();
    expect(refreshed).toEqual([empty.docName]);

    const economy = await byTitle(ECONOMY);
    const child = await addSection(ctx, bgs, reportId, { title: '工业', parentId: economy.id });
    const childDoc = child.section.docName;
    // The sub-section took ECONOMY's document over; ECONOMY, now a heading, has a fresh one.
    const headingDoc = (await getSection(db, economy.id))!.docName;
    expect(childDoc).toBe(economy.docName);
    docNames.push(headingDoc);
    await importSectionText(new SqlDocStore(db), childDoc, ['工业增加值增长X%。', '新增规上企业X家。'], bgs);
    expect(await storedChars(db, [childDoc, headingDoc])).toBe(19);

    const asked = await deleteSection(ctx, bgs, economy.id, { confirm: false });
    expect(asked).toEqual({ status: 'confirm_required', chars: 19, message: confirmDeleteMessage(19) });
    expect(asked.status === 'confirm_required' && asked.message).toBe('该章节已有内容（19字），确认删除吗？删除后可在历史中查看。');
    expect(await getSection(db, economy.id)).not.toBeNull();

    const confirmed = await deleteSection(ctx, bgs, economy.id, { confirm: true });
    expect(confirmed).toMatchObject({ status: 'deleted', chars: 19 });
    expect(confirmed.status === 'deleted' && [...confirmed.deletedIds].sort()).toEqual([economy.id, child.section.id].sort());
    expect(refreshed).toEqual(expect.arrayContaining([headingDoc, childDoc]));
    // History stays: the update log of the deleted document is untouched.
    expect(await new SqlDocStore(db).history(childDoc)).toHaveLength(1);
    expect((await outline()).slice(0, 3)).toEqual(['导语（指导思想和总体要求）', `一、${BUSINESS}`, `二、${PARTY}`]);
    const event = (await listEvents(db, reportId)).filter((e) => e.type === 'section.delete').at(-1)!;
    expect(event.detail).toMatchObject({ chars: 19, confirmed: true });
    // A deleted section is gone for every command.
    expect((await apiError(editSection(ctx, bgs, economy.id, { title: '复活' }))).status).toBe(404);
  });

  it('is for the secretary while the report is drafting or reviewing', async () => {
    const target = await byTitle(BUSINESS);
    for (const user of [wjj, leader]) {
      expect((await apiError(addSection(ctx, user, reportId, { title: 'x', parentId: null }))).status).toBe(403);
      expect((await apiError(editSection(ctx, user, target.id, { title: 'x' }))).status).toBe(403);
      expect((await apiError(moveSection(ctx, user, target.id, { parentId: null, index: 0 }))).status).toBe(403);
      expect((await apiError(deleteSection(ctx, user, target.id, { confirm: true }))).status).toBe(403);
    }
    await updateReportStatus(db, reportId, 'reviewing');
    expect((await addSection(ctx, bgs, reportId, { title: '审核中也可调整', parentId: null })).number).toBe('五、');
    await updateReportStatus(db, reportId, 'merging');
    const merging = await apiError(moveSection(ctx, bgs, target.id, { parentId: null, index: 0 }));
    expect([merging.status, merging.message]).toEqual([409, '报告正在合稿，不能调整大纲']);
    await updateReportStatus(db, reportId, 'locked');
    expect((await apiError(deleteSection(ctx, bgs, target.id, { confirm: true }))).status).toBe(409);
    expect((await apiError(addSection(ctx, bgs, 'no-such-report', { title: 'x', parentId: null }))).status).toBe(404);
    expect(await getSection(db, target.id)).not.toBeNull();
  });
});

describe('a leaf that becomes a heading (issue 16)', () => {
  it('hands its text, bureaus, due date, 写作要求, state and notifications to the new sub-section', async () => {
    const economy = await editSection(ctx, bgs, (await byTitle(ECONOMY)).id, { dueDate: '2021-01-15' }).then((p) => p.section);
    expect(economy.bureauIds).toHaveLength(1);
    expect(economy.instruction).not.toBe('');
    const oldDoc = economy.docName;
    await importSectionText(new SqlDocStore(db), oldDoc, ['全年地区生产总值增长X%。'], wjj);
    await createNotifications(db, [
      { userId: wjj.id, type: 'assigned', reportId, sectionId: economy.id, message: '办公室将“一、…”分配给发改局' },
      { userId: wjj.id, type: 'assigned', reportId, sectionId: 'another', message: '办公室新建了《…》', detail: { sectionIds: ['another', economy.id] } },
    ]);

    const added = await addSection(ctx, bgs, reportId, { title: '工业', parentId: economy.id });
    expect(added).toMatchObject({ number: '（一）', level: 2 });
    // What the API answers of it is the contract's hand-over, exactly.
    expect(SECTION_HAND_OVER.parse(added.handOver)).toEqual(added.handOver);
    expect(added.handOver).toEqual({
      fromId: economy.id,
      fromTitle: ECONOMY,
      bureauIds: economy.bureauIds,
      dueDate: '2021-01-15',
      instruction: economy.instruction,
      status: economy.status,
      text: true,
      comments: 0,
      notifications: 1,
    });
    expect(added.inherited).toBeUndefined();
    // The sub-section is where the writing is now: bureaus, due date, 写作要求, state and the text.
    const child = (await getSection(db, added.section.id))!;
    expect(child).toMatchObject({ bureauIds: economy.bureauIds, dueDate: '2021-01-15', instruction: economy.instruction, status: economy.status, docName: oldDoc });
    expect(await storedText(db, child.docName)).toContain('全年地区生产总值增长X%。');
    // The heading keeps none of it, and its new document is empty.
    const heading = (await getSection(db, economy.id))!;
    expect(heading).toMatchObject({ bureauIds: [], dueDate: null, instruction: '', status: 'not_started' });
    expect(heading.docName).not.toBe(oldDoc);
    expect(await storedChars(db, [heading.docName])).toBe(0);
    // Editors of the document go on writing it, now as the sub-section (access re-evaluated).
    expect(refreshed).toContain(oldDoc);
    // No notification points at the heading any more.
    const notes = await listNotifications(db, wjj.id);
    expect(notes.filter((n) => n.sectionId === economy.id)).toEqual([]);
    expect(notes.find((n) => n.message.startsWith('办公室将'))!.sectionId).toBe(child.id);
    expect(notes.find((n) => n.sectionId === 'another')!.detail.sectionIds).toEqual(['another', child.id]);
    const event = (await listEvents(db, reportId)).filter((e) => e.type === 'section.add').at(-1)!;
    expect(event.detail).toMatchObject({ handOver: { fromId: economy.id, docName: oldDoc, text: true } });

    // A second sub-section under the heading starts with the bureaus and due date its sibling has.
    const second = await addSection(ctx, bgs, reportId, { title: '服务业', parentId: economy.id });
    expect(second.handOver).toBeUndefined();
    expect(second.inherited).toEqual({ bureauIds: economy.bureauIds, dueDate: '2021-01-15' });
    expect(second.section).toMatchObject({ bureauIds: economy.bureauIds, dueDate: '2021-01-15', instruction: '', status: 'drafting' });
    expect(await storedChars(db, [second.section.docName])).toBe(0);
    expect(await storedText(db, child.docName)).toContain('全年地区生产总值增长X%。');
  });

  it('adds under a leaf that holds nothing as before: the sub-section and the leaf stay empty', async () => {
    const bare = await addSection(ctx, bgs, reportId, { title: '安全生产', parentId: null });
    const child = await addSection(ctx, bgs, reportId, { title: '危化品整治', parentId: bare.section.id });
    expect(child.handOver).toBeUndefined();
    expect(child.inherited).toBeUndefined();
    expect(child.section).toMatchObject({ bureauIds: [], dueDate: null, instruction: '', status: 'not_started' });
    expect((await getSection(db, bare.section.id))!.docName).toBe(bare.section.docName);
  });

  it('a leaf with only text typed into it hands the text over too', async () => {
    const bare = await addSection(ctx, bgs, reportId, { title: '安全生产', parentId: null });
    await importSectionText(new SqlDocStore(db), bare.section.docName, ['安全生产形势总体平稳。'], bgs);
    const child = await addSection(ctx, bgs, reportId, { title: '危化品整治', parentId: bare.section.id });
    expect(child.handOver).toMatchObject({ text: true, bureauIds: [], status: 'not_started' });
    expect(await storedText(db, child.section.docName)).toContain('安全生产形势总体平稳。');
    expect(await storedChars(db, [(await getSection(db, bare.section.id))!.docName])).toBe(0);
  });
});

describe('sharedAssignment', () => {
  it('gives the bureaus every sibling shares and their due date when they agree', () => {
    expect(sharedAssignment([])).toBeNull();
    expect(sharedAssignment([{ bureauIds: [], dueDate: null }])).toBeNull();
    expect(sharedAssignment([{ bureauIds: ['a'], dueDate: null }, { bureauIds: ['b'], dueDate: null }])).toBeNull();
    expect(sharedAssignment([{ bureauIds: ['b', 'a'], dueDate: '2026-07-01' }, { bureauIds: ['a', 'b'], dueDate: '2026-07-01' }])).toEqual({ bureauIds: ['a', 'b'], dueDate: '2026-07-01' });
    expect(sharedAssignment([{ bureauIds: ['a'], dueDate: '2026-07-01' }, { bureauIds: ['a'], dueDate: null }])).toEqual({ bureauIds: ['a'], dueDate: null });
  });

  it('holdsWriting: anything a bureau or the office put into the leaf counts', () => {
    const bare = { bureauIds: [], dueDate: null, instruction: '  ', status: 'not_started' as const };
    expect(holdsWriting(bare, false)).toBe(false);
    expect(holdsWriting(bare, true)).toBe(true);
    expect(holdsWriting({ ...bare, bureauIds: ['a'] }, false)).toBe(true);
    expect(holdsWriting({ ...bare, dueDate: '2026-07-01' }, false)).toBe(true);
    expect(holdsWriting({ ...bare, instruction: '不超过500字' }, false)).toBe(true);
    expect(holdsWriting({ ...bare, status: 'drafting' }, false)).toBe(true);
  });
});

describe('changedPlacements', () => {
  it('lists only the sections whose parent or position changed', () => {
    const before = [
      { id: 'a', parentId: null, position: 0 },
      { id: 'b', parentId: null, position: 1 },
      { id: 'c', parentId: 'a', position: 0 },
    ];
    const after = [
      { id: 'a', parentId: null, position: 1 },
      { id: 'b', parentId: null, position: 0 },
      { id: 'c', parentId: 'a', position: 0 },
      { id: 'new', parentId: null, position: 2 },
    ];
    expect(changedPlacements(before, after)).toEqual([
      { id: 'a', parentId: null, position: 1 },
      { id: 'b', parentId: null, position: 0 },
    ]);
  });
});
