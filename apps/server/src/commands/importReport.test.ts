import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { numberOutline } from '@hegao/domain';
import { fragmentToJSON, fragmentToText } from '@hegao/schema';
import { SqlDocStore, listEvents, listNotifications, listReports, listSections } from '@hegao/storage';
import { ApiError } from '../http/ApiError.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { IMPORT_MAX_CHARS } from './importPreview.js';
import { HEADING_LEAD_INSTRUCTION, HEADING_LEAD_TITLE, IMPORT_MAX_SECTIONS, importReport, parseImportReport, planImportSections, type ImportReportSection } from './importReport.js';

const para = (text: string, bold?: string) => ({ type: 'paragraph' as const, runs: bold ? [{ text: bold, bold: true }, { text }] : [{ text }] });

/** A valid body; `sections` replaces the outline. */
function body(wjj: string, fgj: string, sections?: unknown[]) {
  return {
    title: '示例区2021年上半年工作总结',
    period: '2021年上半年',
    kind: 'half_year',
    dueDate: '2031-07-10',
    sourceName: '上半年总结.docx',
    sourceSha256: 'a'.repeat(64),
    sections: sections ?? [
      { title: '导语', level: 1, numbered: false, blocks: [para('今年以来，全区上下……')], bureauIds: [] },
      { title: '上半年工作', level: 1, numbered: true, blocks: [para('上半年，全区经济平稳。')], bureauIds: [] },
      {
        title: '疫情防控',
        level: 2,
        numbered: true,
        blocks: [para('全区共排查X人。', '深入组织动员，构建防控体系。'), { type: 'bullet_list', items: ['排查', '隔离'] }, { type: 'table', rows: [['指标', '数值'], ['排查', 'X']] }],
        bureauIds: [wjj],
      },
      { title: '经济发展', level: 2, numbered: true, blocks: [], bureauIds: [fgj] },
      { title: '存在问题', level: 1, numbered: true, blocks: [para('发展不平衡。')], bureauIds: [] },
    ],
  };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

function parseError(value: unknown, bureaus = [{ id: 'w' }]): string {
  try {
    parseImportReport(value, bureaus);
  } catch (err) {
    expect(err).toMatchObject({ status: 400, code: 'invalid_import' });
    return (err as ApiError).message;
  }
  throw new Error('expected a refusal');
}

describe('parseImportReport', () => {
  const ok = body('w', 'w');
  const withSections = (sections: unknown[]) => ({ ...ok, sections });
  const s = (title: string, level: number, extra: Partial<ImportReportSection> = {}) => ({ title, level, numbered: true, blocks: [], bureauIds: [], ...extra });

  it('accepts a valid body, trimming titles and counting characters', () => {
    const parsed = parseImportReport({ ...ok, title: '  标题  ', sections: [{ ...(ok.sections[0] as object), title: ' 导\n 语 ' }, ...ok.sections.slice(1)] }, [{ id: 'w' }]);
    expect(parsed.title).toBe('标题');
    // A title is one line.
    expect(parsed.sections[0]!.title).toBe('导 语');
    expect(parsed.sections).toHaveLength(5);
    expect(parsed.chars).toBe(['今年以来，全区上下……', '上半年，全区经济平稳。', '深入组织动员，构建防控体系。全区共排查X人。', '排查隔离', '指标数值排查X', '发展不平衡。'].join('').length);
  });

  it('names each problem in Chinese', () => {
    expect(parseError(null)).toBe('请求体格式不正确：应为 JSON 对象');
    expect(parseError({ ...ok, title: ' ' })).toBe('请填写报告标题');
    expect(parseError({ ...ok, title: '字'.repeat(101) })).toBe('报告标题不能超过100个字');
    expect(parseError({ ...ok, kind: 'novel' })).toContain('报告类型不正确');
    expect(parseError({ ...ok, dueDate: '2031-02-30' })).toContain('截止日期格式应为 YYYY-MM-DD');
    expect(parseError({ ...ok, sourceSha256: 'xyz' })).toContain('SHA-256');
    expect(parseError(withSections([]))).toBe('请至少保留一个章节');
    expect(parseError(withSections(Array.from({ length: IMPORT_MAX_SECTIONS + 1 }, () => s('节', 1))))).toBe('章节不能超过500个（现有501个）');
    expect(parseError(withSections([s('甲', 2)]))).toBe('第一个章节应为第1层（现为第2层）');
    expect(parseError(withSections([s('甲', 1), s('乙', 3)]))).toBe('第2节“乙”的层级从第1层跳到了第3层：每次只能加深一层');
    expect(parseError(withSections([s('甲', 1), s('  ', 2)]))).toBe('第2节的标题不能为空');
    expect(parseError(withSections([s('甲', 1.5)]))).toBe('第1节“甲”的层级应为1到8的整数');
    expect(parseError(withSections([s('甲', 1, { bureauIds: ['nope'] })]))).toBe('第1节“甲”的承办部门不存在，请重新选择');
    expect(parseError(withSections([s('甲', 1, { bureauIds: ['w'] }), s('乙', 2)]))).toContain('第1节“甲”有下级章节，不能指定承办部门');
    expect(parseError(withSections([{ ...s('甲', 1), blocks: [{ type: 'image' }] }]))).toBe('第1节“甲”正文第1段的类型不正确：应为段落、列表或表格');
    expect(parseError(withSections([{ ...s('甲', 1), blocks: [{ type: 'paragraph', runs: [{ text: 1 }] }] }]))).toBe('第1节“甲”正文第1段的文字格式不正确');
    expect(parseError(withSections([{ ...s('甲', 1), blocks: [{ type: 'table', rows: [['a', 2]] }] }]))).toBe('第1节“甲”正文第1段的表格格式不正确');
  });

  it('refuses text beyond the limit with 413', () => {
    const big = withSections([{ ...s('甲', 1), blocks: [para('字'.repeat(IMPORT_MAX_CHARS)), para('多')] }]);
    expect(() => parseImportReport(big, [])).toThrow(expect.objectContaining({ status: 413, code: 'import_too_large' }));
  });
});

describe('planImportSections', () => {
  it('builds the tree with positions, a 引言 for a heading’s own text, and statuses by assignment', () => {
    let n = 0;
    const input = parseImportReport(body('w', 'f'), [{ id: 'w' }, { id: 'f' }]);
    const plan = planImportSections(input, 'r1', { id: 'office' }, () => `s${++n}`);
    expect(plan.map((p) => [p.section.id, p.section.parentId, p.section.position, p.section.title, p.section.status, p.section.numbered])).toEqual([
      ['s1', null, 0, '导语', 'not_started', false],
      ['s2', null, 1, '上半年工作', 'not_started', true],
      ['s3', 's2', 0, HEADING_LEAD_TITLE, 'drafting', false],
      ['s4', 's2', 1, '疫情防控', 'drafting', true],
      ['s5', 's2', 2, '经济发展', 'drafting', true],
      ['s6', null, 2, '存在问题', 'not_started', true],
    ]);
    expect(plan[2]!.section).toMatchObject({ bureauIds: ['office'], dueDate: '2031-07-07', instruction: HEADING_LEAD_INSTRUCTION });
    expect(plan[3]!.section.instruction).toBe('');
    expect(plan[1]!.blocks).toEqual([]);
    expect(plan[2]!.blocks).toEqual([para('上半年，全区经济平稳。')]);
    expect(numberOutline(plan.map((p) => p.section)).map((x) => x.number)).toEqual(['', '一、', '', '（一）', '（二）', '二、']);
  });

  it('leaves a heading lead unassigned when there is no office', () => {
    const input = parseImportReport(body('w', 'f'), [{ id: 'w' }, { id: 'f' }]);
    const lead = planImportSections(input, 'r1', null).find((p) => p.section.title === HEADING_LEAD_TITLE)!;
    expect(lead.section).toMatchObject({ status: 'not_started', bureauIds: [], dueDate: null });
  });
});

describe('importReport', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => {
    await ws.close();
  });
  const wjj = () => ws.users.wjj.bureauId!;
  const fgj = () => ws.users.fgj.bureauId!;

  it('creates the report with its outline, text by the importer, events and notifications', async () => {
    const report = await importReport(ws.ctx, ws.users.bgs, body(wjj(), fgj()));
    expect(report).toMatchObject({ title: '示例区2021年上半年工作总结', period: '2021年上半年', kind: 'half_year', dueDate: '2031-07-10' });
    const sections = await listSections(ws.db, report.id);
    expect(sections).toHaveLength(6);
    const epidemic = sections.find((s) => s.title === '疫情防控')!;
    expect(epidemic).toMatchObject({ status: 'drafting', bureauIds: [wjj()], dueDate: '2031-07-07', lastEditUserId: ws.users.bgs.id });
    const store = new SqlDocStore(ws.db);
    expect(await store.history(epidemic.docName)).toEqual([expect.objectContaining({ userId: ws.users.bgs.id, connectionId: 'import' })]);
    const doc = new Y.Doc();
    for (const u of (await store.load(epidemic.docName)).updates) Y.applyUpdate(doc, u);
    const json = fragmentToJSON(doc.getXmlFragment('prosemirror'));
    expect(json.content!.map((b) => b.type)).toEqual(['paragraph', 'bullet_list', 'table']);
    expect(json.content![0]!.content![0]).toEqual({ type: 'text', text: '深入组织动员，构建防控体系。', marks: [{ type: 'strong' }] });
    expect(fragmentToText(doc.getXmlFragment('prosemirror'))).toContain('全区共排查X人。');
    // No text, no update.
    const economy = sections.find((s) => s.title === '经济发展')!;
    expect(await store.history(economy.docName)).toEqual([]);
    const events = await listEvents(ws.db, report.id);
    expect(events[0]).toMatchObject({
      type: 'report.import',
      actorId: ws.users.bgs.id,
      detail: { sourceName: '上半年总结.docx', sourceSha256: 'a'.repeat(64), sections: 6, chars: expect.any(Number) },
    });
    expect(events.filter((e) => e.type === 'section.assign').map((e) => e.sectionId).sort()).toEqual(
      sections.filter((s) => s.bureauIds.length > 0).map((s) => s.id).sort(),
    );
    const [notice] = await listNotifications(ws.db, ws.users.wjj.id);
    expect(notice).toMatchObject({ type: 'assigned', reportId: report.id, sectionId: epidemic.id });
    expect(notice!.message).toContain('卫健局有1个章节待编写');
  });

  it('writes nothing when the body is invalid, the user may not, or a write fails midway', async () => {
    const count = async () => (await listReports(ws.db)).length;
    const before = await count();
    expect(await refusal(importReport(ws.ctx, ws.users.wjj, body(wjj(), fgj())))).toMatchObject({ status: 403 });
    expect(await refusal(importReport(ws.ctx, ws.users.bgs, { ...body(wjj(), fgj()), dueDate: 'soon' }))).toMatchObject({ status: 400, code: 'invalid_import' });
    await ws.failInserts('notifications');
    await expect(importReport(ws.ctx, ws.users.bgs, body(wjj(), fgj()))).rejects.toThrow();
    expect(await count()).toBe(before);
    const docs = await ws.db.kysely.selectFrom('doc_updates').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(docs.n)).toBe(5);
  });
});
