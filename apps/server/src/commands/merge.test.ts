import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '@hegao/collab';
import type { User } from '@hegao/domain';
import { docToText, fragmentToJSON, jsonToFragment, sourceOf, type PMJSON } from '@hegao/schema';
import { getReport, listEvents, listMergeSources, updateReportStatus } from '@hegao/storage';
import { identityOf } from '../collab/identity.js';
import { ApiError } from '../http/ApiError.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { mergeReport } from './merge.js';
import { deleteSection, editSection } from './outline.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await ws.close();
});

/** The thrown ApiError's status and message. */
async function refused(work: Promise<unknown>): Promise<{ status: number; message: string }> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return { status: err.status, message: err.message };
}

async function finalJSON(): Promise<PMJSON> {
  return fragmentToJSON((await ws.ctx.collab.doc(`final-${ws.report.id}`)).getXmlFragment('prosemirror'));
}

async function connect(user: User, docName: string): Promise<Connection> {
  const conn = ws.ctx.collab.connect({ send() {}, close() {} }, await identityOf(ws.db, user), docName);
  await conn.chain;
  return conn;
}

const approveAll = () => ws.setStatus('approved', ws.sections.intro, ws.sections.epidemic, ws.sections.economy, ws.sections.second);

describe('mergeReport', () => {
  it('is for the office only', async () => {
    await approveAll();
    expect(await refused(mergeReport(ws.ctx, ws.users.wjj, ws.report.id))).toEqual({ status: 403, message: '只有办公室秘书可以合稿' });
    expect(await refused(mergeReport(ws.ctx, ws.users.quzhang, ws.report.id))).toEqual({ status: 403, message: '领导账号只能阅读和批示，不能编辑' });
    expect(await refused(mergeReport(ws.ctx, ws.users.bgs, 'nope'))).toEqual({ status: 404, message: '报告不存在' });
  });

  it('names the sections that are not approved yet (outline leaves only), and changes nothing', async () => {
    await ws.setStatus('approved', ws.sections.intro, ws.sections.economy);
    expect(await refused(mergeReport(ws.ctx, ws.users.bgs, ws.report.id))).toEqual({
      status: 409,
      message: '还有2节未通过审核：“（一）疫情防控”、“二、下半年计划”，不能合稿',
    });
    // A bureau editor is told it is not theirs to do, not which sections are pending.
    expect((await refused(mergeReport(ws.ctx, ws.users.wjj, ws.report.id))).status).toBe(403);
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('drafting');
    expect(await listMergeSources(ws.db, ws.report.id)).toEqual([]);
  });

  it('composes the final draft in outline order with numbered headings, every block linked to its section', async () => {
    await approveAll();
    const writer = await connect(ws.users.wjj, ws.sections.second.docName);
    expect(writer.access!.write).toBe(false); // approved already
    const result = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(result).toEqual({ finalDocName: `final-${ws.report.id}`, remerge: false, changed: [] });

    const final = await finalJSON();
    expect(docToText(final).split('\n')).toEqual([
      '2020年以来，X区紧紧围绕市委的战略部署。',
      '一、上半年工作',
      '上半年，全区经济社会发展总体平稳。',
      '（一）疫情防控',
      '全区累计接种疫苗X万剂次。',
      '核酸检测能力提升到每日X万份。',
      '（二）经济发展',
      '上半年预计实现地区生产总值X亿元，同比增长X%。',
      '二、下半年计划',
      '下半年，重点抓好六个方面工作。',
    ]);
    const { intro, first, epidemic, economy, second } = ws.sections;
    expect(final.content!.map(sourceOf)).toEqual([intro.id, first.id, first.id, epidemic.id, epidemic.id, epidemic.id, economy.id, economy.id, second.id, second.id]);
    expect(final.content!.filter((b) => b.type === 'heading').map((b) => b.attrs!['level'])).toEqual([1, 2, 2, 1]);

    const report = (await getReport(ws.db, ws.report.id))!;
    expect(report).toMatchObject({ status: 'merging', finalDocName: `final-${ws.report.id}` });
    expect(report.mergedAt).toBeGreaterThan(0);
    const sources = await listMergeSources(ws.db, ws.report.id);
    expect(sources.map((s) => s.sectionId).sort()).toEqual([intro.id, first.id, epidemic.id, economy.id, second.id].sort());
    expect(sources.find((s) => s.sectionId === epidemic.id)).toMatchObject({ text: '（一）疫情防控\n全区累计接种疫苗X万剂次。\n核酸检测能力提升到每日X万份。' });
    expect(sources.every((s) => s.sourceSeq > 0)).toBe(true);
    const event = (await listEvents(ws.db, ws.report.id)).at(-1)!;
    expect(event).toMatchObject({ type: 'report.merge', actorId: ws.users.bgs.id, detail: { from: 'drafting', to: 'merging', remerge: false } });
    // The written draft is stored as the secretary's edit.
    const stored = await ws.db.kysely.selectFrom('doc_updates').select('user_id').where('doc_name', '=', result.finalDocName).execute();
    expect(stored.map((r) => r.user_id)).toEqual([ws.users.bgs.id]);
  });

  it('turns open section editors read-only', async () => {
    await ws.setStatus('approved', ws.sections.intro, ws.sections.epidemic, ws.sections.economy);
    await ws.setStatus('submitted', ws.sections.second);
    const office = await connect(ws.users.bgs, ws.sections.second.docName);
    expect(office.access!.write).toBe(true); // the office edits submitted sections
    await ws.setStatus('approved', ws.sections.second);
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(office.access).toEqual({ read: true, write: false, reason: '报告正在合稿，各章节已不可修改' });
  });

  it('merging again while merging finds nothing changed (sections are frozen) and writes nothing', async () => {
    await approveAll();
    const { finalDocName } = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    const count = async () => (await ws.db.kysely.selectFrom('doc_updates').select('seq').where('doc_name', '=', finalDocName).execute()).length;
    const before = await count();
    expect(await mergeReport(ws.ctx, ws.users.bgs, ws.report.id)).toEqual({ finalDocName, remerge: true, changed: [] });
    expect(await count()).toBe(before);
    expect((await refused(mergeReport(ws.ctx, ws.users.wjj, ws.report.id))).status).toBe(403);
  });

  it('refuses a locked report', async () => {
    await approveAll();
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    await updateReportStatus(ws.db, ws.report.id, 'locked', 1);
    expect(await refused(mergeReport(ws.ctx, ws.users.bgs, ws.report.id))).toEqual({ status: 409, message: '报告当前为“已定稿”，不能合稿，如需修改请先解锁' });
  });

  it('re-merges only the sections whose text changed, keeping the office’s edits and showing before/after', async () => {
    await approveAll();
    const { finalDocName } = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    const { epidemic, economy, second } = ws.sections;
    // The office polishes 经济发展 in the draft and adds a closing line of its own.
    await ws.ctx.collab.change(finalDocName, await identityOf(ws.db, ws.users.bgs), (doc) => {
      const frag = doc.getXmlFragment('prosemirror');
      const json = fragmentToJSON(frag);
      const content = json.content!.map((b) =>
        sourceOf(b) === economy.id && b.type === 'paragraph' ? { ...b, content: [{ type: 'text', text: '上半年实现地区生产总值X亿元（办公室已核）。' }] } : b,
      );
      content.push({ type: 'paragraph', attrs: { source: null }, content: [{ type: 'text', text: '（办公室补充的结束语）' }] });
      jsonToFragment({ ...json, content }, frag);
    });
    // The report goes back to review (a path the domain does not offer yet): 疫情防控 is returned, fixed, approved again.
    await updateReportStatus(ws.db, ws.report.id, 'reviewing');
    await ws.setStatus('returned', epidemic);
    await ws.write(epidemic, '全区累计接种疫苗X万剂次，数据已更新到6月底。');
    await ws.setStatus('approved', epidemic);

    const result = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(result).toEqual({
      finalDocName,
      remerge: true,
      changed: [
        {
          sectionId: epidemic.id,
          title: '疫情防控',
          before: '（一）疫情防控\n全区累计接种疫苗X万剂次。\n核酸检测能力提升到每日X万份。',
          after: '（一）疫情防控\n全区累计接种疫苗X万剂次，数据已更新到6月底。',
        },
      ],
    });
    const final = await finalJSON();
    expect(docToText(final).split('\n')).toEqual([
      '2020年以来，X区紧紧围绕市委的战略部署。',
      '一、上半年工作',
      '上半年，全区经济社会发展总体平稳。',
      '（一）疫情防控',
      '全区累计接种疫苗X万剂次，数据已更新到6月底。',
      '（二）经济发展',
      '上半年实现地区生产总值X亿元（办公室已核）。',
      '二、下半年计划',
      '下半年，重点抓好六个方面工作。',
      '（办公室补充的结束语）',
    ]);
    expect(final.content!.filter((b) => sourceOf(b) === second.id)).toHaveLength(2);
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('merging');
    expect((await listMergeSources(ws.db, ws.report.id)).find((s) => s.sectionId === epidemic.id)!.text).toBe('（一）疫情防控\n全区累计接种疫苗X万剂次，数据已更新到6月底。');
    expect((await listEvents(ws.db, ws.report.id)).at(-1)!.detail).toMatchObject({ from: 'reviewing', to: 'merging', remerge: true, sections: [epidemic.id], removed: [] });
  });

  it('re-merges a renamed section (new heading), renumbers the ones after a deleted section and drops the deleted one’s blocks', async () => {
    await approveAll();
    const { finalDocName } = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    const { epidemic, economy } = ws.sections;
    // Back in review, the office renames 经济发展 and deletes 疫情防控 from the outline.
    await updateReportStatus(ws.db, ws.report.id, 'reviewing');
    await editSection(ws.ctx, ws.users.bgs, economy.id, { title: '经济运行' });
    expect((await deleteSection(ws.ctx, ws.users.bgs, epidemic.id, { confirm: true })).status).toBe('deleted');

    const result = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(result.remerge).toBe(true);
    expect(result.changed).toEqual([
      {
        sectionId: economy.id,
        title: '经济运行',
        before: '（二）经济发展\n上半年预计实现地区生产总值X亿元，同比增长X%。',
        after: '（一）经济运行\n上半年预计实现地区生产总值X亿元，同比增长X%。',
      },
      {
        sectionId: epidemic.id,
        title: '疫情防控（已删除）',
        before: '（一）疫情防控\n全区累计接种疫苗X万剂次。\n核酸检测能力提升到每日X万份。',
        after: '',
      },
    ]);
    expect(finalDocName).toBe(result.finalDocName);
    expect(docToText(await finalJSON()).split('\n')).toEqual([
      '2020年以来，X区紧紧围绕市委的战略部署。',
      '一、上半年工作',
      '上半年，全区经济社会发展总体平稳。',
      '（一）经济运行',
      '上半年预计实现地区生产总值X亿元，同比增长X%。',
      '二、下半年计划',
      '下半年，重点抓好六个方面工作。',
    ]);
    // Nothing changed since: the next re-merge (while merging) changes nothing and lists nothing.
    expect((await mergeReport(ws.ctx, ws.users.bgs, ws.report.id)).changed).toEqual([]);
  });
});
