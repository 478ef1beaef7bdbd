import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Connection } from '@hegao/collab';
import type { User } from '@hegao/domain';
import { docToText, fragmentToJSON, jsonToFragment, sourceOf, type PMJSON } from '@hegao/schema';
import { getReport, getSection, listEvents, listMergeSources, updateReportStatus, type SectionRecord } from '@hegao/storage';
import { finalAuthorship } from '../authorship/finalAuthorship.js';
import { identityOf } from '../collab/identity.js';
import { ApiError } from '../http/ApiError.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { CONTENT_MOVED, OFFICE_EDITS, mergeReport, type OfficeEdit } from './merge.js';
import { deleteSection, editSection } from './outline.js';
import { REPORT_MOVED, SECTION_MOVED, runSectionAction } from './sectionWorkflow.js';

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

/** The office edits the final draft: `edit` gets its top-level blocks and changes them in place. */
async function officeEdits(edit: (content: PMJSON[]) => void): Promise<void> {
  await ws.ctx.collab.change(`final-${ws.report.id}`, await identityOf(ws.db, ws.users.bgs), (doc) => {
    const frag = doc.getXmlFragment('prosemirror');
    const json = fragmentToJSON(frag);
    const content = structuredClone(json.content!);
    edit(content);
    jsonToFragment({ ...json, content }, frag);
  });
}

/** A paragraph of the final draft with its text replaced. */
const retext = (block: PMJSON, text: string): PMJSON => ({ ...block, content: [{ type: 'text', text }] });

/**
 * Reopens an approved section through the workflow while merging: the office returns it (the
 * report goes back to review), the bureau writes `text` and resubmits, the office approves it.
 */
async function reopen(section: SectionRecord, text: string, reason = '请更新数据'): Promise<void> {
  await runSectionAction(ws.ctx, ws.users.bgs, section.id, 'return', { reason });
  await ws.write(section, text);
  const editor = section.id === ws.sections.economy.id ? ws.users.fgj : ws.users.wjj;
  await runSectionAction(ws.ctx, editor, section.id, 'submit');
  await runSectionAction(ws.ctx, ws.users.bgs, section.id, 'approve');
}

/** The refused merge's 409 `office_edits` with its conflicts. */
async function officeEditsRefusal(work: Promise<unknown>): Promise<{ message: string; conflicts: OfficeEdit[] }> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  expect([err.status, err.code]).toEqual([409, OFFICE_EDITS]);
  return { message: err.message, conflicts: (err.body as { conflicts: OfficeEdit[] }).conflicts };
}

/** Who wrote each character of the whole line `line` of an authorship answer, by user id. */
function writersOf(result: { text: string; spans: { start: number; end: number; user: { id: string } }[] }, line: string): string[] {
  const lines = result.text.split('\n');
  const index = lines.indexOf(line);
  expect(index, `line “${line}”`).toBeGreaterThanOrEqual(0);
  const offset = lines.slice(0, index).reduce((n, l) => n + l.length + 1, 0);
  return [...line].map((_, i) => result.spans.find((s) => s.start <= offset + i && offset + i < s.end)!.user.id);
}

/** How many updates the final draft's log holds. */
async function draftUpdates(): Promise<number> {
  return (await ws.db.kysely.selectFrom('doc_updates').select('seq').where('doc_name', '=', `final-${ws.report.id}`).execute()).length;
}

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
    await officeEdits((content) => {
      const at = content.findIndex((b) => sourceOf(b) === economy.id && b.type === 'paragraph');
      content[at] = retext(content[at]!, '上半年实现地区生产总值X亿元（办公室已核）。');
      content.push({ type: 'paragraph', attrs: { source: null }, content: [{ type: 'text', text: '（办公室补充的结束语）' }] });
    });
    // The office reopens 疫情防控 (the report goes back to review); it is fixed, resubmitted and approved again.
    await reopen(epidemic, '全区累计接种疫苗X万剂次，数据已更新到6月底。');
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('reviewing');

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
          officeText: null,
          resolution: null,
          paragraphs: null,
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
    const events = await listEvents(ws.db, ws.report.id);
    expect(events.map((e) => e.type).slice(-5)).toEqual(['section.return', 'report.reopen', 'section.submit', 'section.approve', 'report.merge']);
    expect(events.at(-1)!.detail).toMatchObject({ from: 'reviewing', to: 'merging', remerge: true, sections: [epidemic.id], removed: [], kept: [], replacedEdits: [] });
  });

  it('re-merges a renamed section (new heading), renumbers the ones after a deleted section and drops the deleted one’s blocks', async () => {
    await approveAll();
    const { finalDocName } = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    const { epidemic, economy } = ws.sections;
    // Back in review (the office reopened 下半年计划 and it came back unchanged), the office renames
    // 经济发展 and deletes 疫情防控 from the outline.
    await reopen(ws.sections.second, '下半年，重点抓好六个方面工作。');
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
        officeText: null,
        resolution: null,
        paragraphs: null,
      },
      {
        sectionId: epidemic.id,
        title: '疫情防控（已删除）',
        before: '（一）疫情防控\n全区累计接种疫苗X万剂次。\n核酸检测能力提升到每日X万份。',
        after: '',
        officeText: null,
        resolution: null,
        paragraphs: null,
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

describe('office edits in a reopened section', () => {
  const merged = {
    epidemic: '（一）疫情防控\n全区累计接种疫苗X万剂次。\n核酸检测能力提升到每日X万份。',
    fixed: '（一）疫情防控\n全区累计接种疫苗X万剂次，数据已更新到6月底。',
  };

  /** Merged once; the office polished 疫情防控's first paragraph and 经济发展; 疫情防控 is reopened and changed. */
  async function editedThenReopened(): Promise<void> {
    await approveAll();
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    const { epidemic, economy } = ws.sections;
    await officeEdits((content) => {
      const first = content.findIndex((b) => sourceOf(b) === epidemic.id && b.type === 'paragraph');
      content[first] = retext(content[first]!, '全区累计接种新冠疫苗X万剂次（办公室润色）。');
      const econ = content.findIndex((b) => sourceOf(b) === economy.id && b.type === 'paragraph');
      content[econ] = retext(content[econ]!, '上半年实现地区生产总值X亿元（办公室已核）。');
    });
    await reopen(epidemic, '全区累计接种疫苗X万剂次，数据已更新到6月底。');
  }

  it('refuses the re-merge with the office’s text, the text before and after, and changes nothing', async () => {
    await editedThenReopened();
    const { epidemic } = ws.sections;
    const draftBefore = await finalJSON();
    const updatesBefore = await draftUpdates();
    const sourcesBefore = await listMergeSources(ws.db, ws.report.id);
    const eventsBefore = (await listEvents(ws.db, ws.report.id)).length;

    const refused = await officeEditsRefusal(mergeReport(ws.ctx, ws.users.bgs, ws.report.id));
    expect(refused.message).toBe('有1节在合稿后被办公室修改过：“（一）疫情防控”。重新合稿会用章节的新内容替换这些修改，请逐节选择“替换”“保留合稿中的修改”或“逐段合并”后再合稿');
    expect(refused.conflicts).toEqual([
      {
        sectionId: epidemic.id,
        title: '疫情防控',
        before: merged.epidemic,
        after: merged.fixed,
        officeText: '（一）疫情防控\n全区累计接种新冠疫苗X万剂次（办公室润色）。\n核酸检测能力提升到每日X万份。',
        // 逐段合并 would keep the office's first paragraph or take the bureau's (a conflict), and
        // delete the second, which only the bureau changed (deleted).
        paragraphs: {
          conflicts: [{ index: 0, base: '全区累计接种疫苗X万剂次。', office: '全区累计接种新冠疫苗X万剂次（办公室润色）。', bureau: '全区累计接种疫苗X万剂次，数据已更新到6月底。' }],
          fromBureau: 1,
          fromOffice: 0,
          same: 0,
          text: '（一）疫情防控\n全区累计接种新冠疫苗X万剂次（办公室润色）。',
        },
      },
    ]);
    // A resolution for another section does not cover this one.
    await officeEditsRefusal(mergeReport(ws.ctx, ws.users.bgs, ws.report.id, { resolve: { [ws.sections.economy.id]: 'replace' } }));

    expect(await finalJSON()).toEqual(draftBefore);
    expect(await draftUpdates()).toBe(updatesBefore);
    expect(await listMergeSources(ws.db, ws.report.id)).toEqual(sourcesBefore);
    expect((await listEvents(ws.db, ws.report.id)).length).toBe(eventsBefore);
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('reviewing');
  });

  it('replaces the office’s version when told to, lists its text, keeps edits elsewhere and records what it replaced', async () => {
    await editedThenReopened();
    const { epidemic } = ws.sections;
    const officeText = '（一）疫情防控\n全区累计接种新冠疫苗X万剂次（办公室润色）。\n核酸检测能力提升到每日X万份。';
    const result = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id, { resolve: { [epidemic.id]: 'replace' } });
    expect(result.changed).toEqual([{ sectionId: epidemic.id, title: '疫情防控', before: merged.epidemic, after: merged.fixed, officeText, resolution: 'replace', paragraphs: null }]);
    const text = docToText(await finalJSON());
    expect(text).toContain('全区累计接种疫苗X万剂次，数据已更新到6月底。');
    expect(text).not.toContain('办公室润色');
    expect(text).toContain('上半年实现地区生产总值X亿元（办公室已核）。');
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('merging');
    expect((await listEvents(ws.db, ws.report.id)).at(-1)!.detail).toMatchObject({
      sections: [epidemic.id],
      kept: [],
      replacedEdits: [{ sectionId: epidemic.id, title: '疫情防控', text: officeText }],
    });
    // The replaced text is still in the draft's history: the update log from before the re-merge has it.
    const stored = await ws.ctx.collab.doc(`final-${ws.report.id}`);
    expect(docToText(fragmentToJSON(stored.getXmlFragment('prosemirror')))).not.toContain('办公室润色');
    const log = await ws.db.kysely.selectFrom('doc_updates').select(['data', 'user_id']).where('doc_name', '=', `final-${ws.report.id}`).orderBy('seq').execute();
    expect(log.at(-1)!.user_id).toBe(ws.users.bgs.id);
    // Nothing is left to resolve: merging again (now 合稿中) changes nothing.
    expect((await mergeReport(ws.ctx, ws.users.bgs, ws.report.id)).changed).toEqual([]);
  });

  it('keeps the office’s version when told to; the section is then merged and its next change compares with that version', async () => {
    await editedThenReopened();
    const { epidemic } = ws.sections;
    const before = await finalJSON();
    const updates = await draftUpdates();
    const result = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id, { resolve: { [epidemic.id]: 'keep' } });
    expect(result.changed).toEqual([
      { sectionId: epidemic.id, title: '疫情防控', before: merged.epidemic, after: merged.fixed, officeText: '（一）疫情防控\n全区累计接种新冠疫苗X万剂次（办公室润色）。\n核酸检测能力提升到每日X万份。', resolution: 'keep', paragraphs: null },
    ]);
    expect(await finalJSON()).toEqual(before);
    expect(await draftUpdates()).toBe(updates);
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('merging');
    expect((await listMergeSources(ws.db, ws.report.id)).find((s) => s.sectionId === epidemic.id)!.text).toBe(merged.fixed);
    expect((await listEvents(ws.db, ws.report.id)).at(-1)!.detail).toMatchObject({ sections: [], kept: [epidemic.id], replacedEdits: [] });

    // Reopened and changed again, without further edits in the draft: replaced without asking.
    await reopen(epidemic, '全区累计接种疫苗Y万剂次。');
    const again = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(again.changed).toMatchObject([{ sectionId: epidemic.id, before: merged.fixed, after: '（一）疫情防控\n全区累计接种疫苗Y万剂次。', officeText: null, resolution: null }]);
    expect(docToText(await finalJSON())).not.toContain('办公室润色');
  });

  it('逐段合并 keeps the office’s wording in paragraph 1 and takes the bureau’s in paragraph 2; every line keeps its writers', async () => {
    await approveAll();
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    const { epidemic } = ws.sections;
    const polished = '全区累计接种新冠疫苗X万剂次（办公室润色）。';
    await officeEdits((content) => {
      const first = content.findIndex((b) => sourceOf(b) === epidemic.id && b.type === 'paragraph');
      content[first] = retext(content[first]!, polished);
    });
    const frag = (await ws.ctx.collab.doc(`final-${ws.report.id}`)).getXmlFragment('prosemirror');
    const officeParagraph = frag.toArray().find((el) => el instanceof Y.XmlElement && el.toString().includes('办公室润色'));
    const writersBefore = writersOf(await finalAuthorship(ws.ctx, ws.users.quzhang, ws.report.id), polished);
    // The bureau adds a paragraph before the first and changes the second (the office did not touch them).
    const added = '本节数据截至6月底。';
    const fixed = '核酸检测能力提升到每日Y万份，覆盖全部街道。';
    await reopen(epidemic, `${added}\n全区累计接种疫苗X万剂次。\n${fixed}`);

    const refused = await officeEditsRefusal(mergeReport(ws.ctx, ws.users.bgs, ws.report.id));
    const mergedText = `（一）疫情防控\n${added}\n${polished}\n${fixed}`;
    expect(refused.conflicts[0]!.paragraphs).toEqual({ conflicts: [], fromBureau: 2, fromOffice: 1, same: 0, text: mergedText });

    const result = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id, { resolve: { [epidemic.id]: { paragraphs: {} } } });
    expect(result.changed).toEqual([
      {
        sectionId: epidemic.id,
        title: '疫情防控',
        before: merged.epidemic,
        after: `（一）疫情防控\n${added}\n全区累计接种疫苗X万剂次。\n${fixed}`,
        officeText: `（一）疫情防控\n${polished}\n核酸检测能力提升到每日X万份。`,
        resolution: 'merge',
        paragraphs: { conflicts: [], fromBureau: 2, fromOffice: 1, same: 0, text: mergedText },
      },
    ]);
    const lines = docToText(await finalJSON()).split('\n');
    expect(lines.slice(lines.indexOf('（一）疫情防控'), lines.indexOf('（一）疫情防控') + 4)).toEqual(mergedText.split('\n'));
    expect((await listEvents(ws.db, ws.report.id)).at(-1)!.detail).toMatchObject({ sections: [epidemic.id], merged: [epidemic.id], mergedEdits: [{ sectionId: epidemic.id, bureauChosen: [] }] });

    // The office's paragraph was not rewritten: same Yjs element, same writers. The bureau's lines are the bureau's.
    expect(frag.toArray().find((el) => el instanceof Y.XmlElement && el.toString().includes('办公室润色'))).toBe(officeParagraph);
    const after = await finalAuthorship(ws.ctx, ws.users.quzhang, ws.report.id);
    expect(writersOf(after, polished)).toEqual(writersBefore);
    expect(writersOf(after, added)).toEqual([...added].map(() => ws.users.wjj.id));
    expect(writersOf(after, fixed)).toEqual([...fixed].map(() => ws.users.wjj.id));

    // The office's wording stays its edit: the section's next change asks again, and a paragraph merge keeps it.
    await reopen(epidemic, `${added}\n全区累计接种疫苗X万剂次。\n核酸检测能力提升到每日Z万份。`);
    const again = await officeEditsRefusal(mergeReport(ws.ctx, ws.users.bgs, ws.report.id));
    expect(again.conflicts[0]!.paragraphs).toMatchObject({ conflicts: [], fromOffice: 1, fromBureau: 1 });
  });

  it('refuses a paragraph choice for a conflict that is not there (400) and a paragraph merge of a deleted section (409), changing nothing', async () => {
    await editedThenReopened();
    const { epidemic } = ws.sections;
    const before = await finalJSON();
    const bad = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id, { resolve: { [epidemic.id]: { paragraphs: { '1': 'bureau' } } } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApiError);
    expect([(bad as ApiError).status, (bad as ApiError).code, (bad as ApiError).message]).toEqual([400, 'invalid_paragraph_choice', '“（一）疫情防控”只有1处段落冲突（第1至1处），没有第2处，请刷新后重新选择']);
    expect(await finalJSON()).toEqual(before);
    // Choosing the bureau's version of the one conflict takes it.
    const result = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id, { resolve: { [epidemic.id]: { paragraphs: { '0': 'bureau' } } } });
    expect(result.changed[0]!.paragraphs!.conflicts).toEqual([
      { index: 0, base: '全区累计接种疫苗X万剂次。', office: '全区累计接种新冠疫苗X万剂次（办公室润色）。', bureau: '全区累计接种疫苗X万剂次，数据已更新到6月底。', choice: 'bureau', defaulted: false },
    ]);
    expect(docToText(await finalJSON())).toContain('（一）疫情防控\n全区累计接种疫苗X万剂次，数据已更新到6月底。\n（二）经济发展');
  });

  it('counts a paragraph the office split or a paragraph it inserted inside the section as its edits', async () => {
    await approveAll();
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    const { epidemic, economy } = ws.sections;
    await officeEdits((content) => {
      // Enter in the middle of 疫情防控's first paragraph: both halves keep its source.
      const at = content.findIndex((b) => sourceOf(b) === epidemic.id && b.type === 'paragraph');
      const block = content[at]!;
      content.splice(at, 1, retext(block, '全区累计接种'), retext(block, '疫苗X万剂次。'));
      // A sentence of the office's own between 经济发展's heading and its text.
      const heading = content.findIndex((b) => sourceOf(b) === economy.id);
      content.splice(heading + 1, 0, { type: 'paragraph', attrs: { source: null }, content: [{ type: 'text', text: '办公室插入的一句。' }] });
    });
    await reopen(epidemic, '全区累计接种疫苗X万剂次。');
    await reopen(economy, '上半年实现地区生产总值X亿元。');
    const refused = await officeEditsRefusal(mergeReport(ws.ctx, ws.users.bgs, ws.report.id));
    expect(refused.conflicts.map((c) => [c.sectionId, c.officeText])).toEqual([
      [epidemic.id, '（一）疫情防控\n全区累计接种\n疫苗X万剂次。\n核酸检测能力提升到每日X万份。'],
      [economy.id, '（二）经济发展\n办公室插入的一句。\n上半年预计实现地区生产总值X亿元，同比增长X%。'],
    ]);
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id, { resolve: { [epidemic.id]: 'replace', [economy.id]: 'replace' } });
    // The inserted sentence is the office's own: kept, after the section's new text.
    expect(docToText(await finalJSON()).split('\n').slice(3, 7)).toEqual(['（一）疫情防控', '全区累计接种疫苗X万剂次。', '（二）经济发展', '上半年实现地区生产总值X亿元。']);
    expect(docToText(await finalJSON())).toContain('上半年实现地区生产总值X亿元。\n办公室插入的一句。');
  });

  it('asks before removing a deleted section the office edited; keeping it leaves the office’s text as its own', async () => {
    await approveAll();
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    const { epidemic } = ws.sections;
    await officeEdits((content) => {
      const at = content.findIndex((b) => sourceOf(b) === epidemic.id && b.type === 'paragraph');
      content[at] = retext(content[at]!, '全区累计接种疫苗X万剂次（办公室润色）。');
    });
    await reopen(ws.sections.second, '下半年，重点抓好六个方面工作。');
    expect((await deleteSection(ws.ctx, ws.users.bgs, epidemic.id, { confirm: true })).status).toBe('deleted');
    const refused = await officeEditsRefusal(mergeReport(ws.ctx, ws.users.bgs, ws.report.id, { resolve: { [ws.sections.economy.id]: 'replace' } }));
    expect(refused.conflicts).toMatchObject([{ sectionId: epidemic.id, title: '疫情防控（已删除）', after: '', officeText: expect.stringContaining('办公室润色') }]);
    const result = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id, { resolve: { [epidemic.id]: 'keep' } });
    expect(result.changed.find((c) => c.sectionId === epidemic.id)).toMatchObject({ resolution: 'keep', after: '' });
    const final = await finalJSON();
    expect(docToText(final)).toContain('全区累计接种疫苗X万剂次（办公室润色）。');
    expect(final.content!.some((b) => sourceOf(b) === epidemic.id)).toBe(false);
    // It is gone from the outline's records: the next merge does not bring it up again.
    expect((await mergeReport(ws.ctx, ws.users.bgs, ws.report.id)).changed).toEqual([]);
  });

  it('compares the merged text for sections merged before the blocks were recorded', async () => {
    await editedThenReopened();
    await ws.db.kysely.updateTable('merge_sources').set({ blocks_json: null }).execute();
    const refused = await officeEditsRefusal(mergeReport(ws.ctx, ws.users.bgs, ws.report.id));
    expect(refused.conflicts.map((c) => c.sectionId)).toEqual([ws.sections.epidemic.id]);
  });
});

describe('merge against concurrent workflow steps', () => {
  it('a return that races the merge either wins (the merge is refused and writes no draft) or loses (409); never both', async () => {
    for (let round = 0; round < 6; round++) {
      if (round > 0) {
        await ws.close();
        ws = await workspace();
      }
      await approveAll();
      await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
      await reopen(ws.sections.epidemic, `全区累计接种疫苗${round}万剂次。`);
      const updates = await draftUpdates();
      const delay = new Promise((resolve) => setTimeout(resolve, round));
      const [merge, ret] = await Promise.allSettled([
        mergeReport(ws.ctx, ws.users.bgs, ws.report.id),
        delay.then(() => runSectionAction(ws.ctx, ws.users.bgs, ws.sections.economy.id, 'return', { reason: '请再核对' })),
      ]);
      const economy = (await getSection(ws.db, ws.sections.economy.id))!;
      const report = (await getReport(ws.db, ws.report.id))!;
      if (merge.status === 'fulfilled') {
        // The merge committed first: the return found the report 合稿中 and reopened it properly.
        expect(report.status === 'merging' || (ret.status === 'fulfilled' && report.status === 'reviewing')).toBe(true);
        if (ret.status === 'rejected') expect([SECTION_MOVED, REPORT_MOVED]).toContain((ret.reason as Error).message);
        expect(docToText(await finalJSON())).toContain(`全区累计接种疫苗${round}万剂次。`);
      } else {
        // The return committed first: the merge is refused and wrote nothing into the draft.
        expect(ret.status).toBe('fulfilled');
        expect((merge.reason as ApiError).status).toBe(409);
        expect(economy.status).toBe('returned');
        expect(report.status).toBe('reviewing');
        expect(await draftUpdates()).toBe(updates);
      }
      // Never a report 合稿中 with a section that is not approved.
      if (report.status === 'merging') expect(economy.status).toBe('approved');
    }
  });

  /** Runs `step` once, the moment the merge has read the document `docName` (after the merge's first checks, before its transaction). */
  function whenMergeReads(docName: string, step: () => Promise<unknown>): void {
    const collab = ws.ctx.collab;
    const read = collab.doc.bind(collab);
    let done = false;
    collab.doc = async (name: string) => {
      const doc = await read(name);
      if (!done && name === docName) {
        done = true;
        await step();
      }
      return doc;
    };
  }

  it('a return committed while the merge is planned makes the merge a 409 naming it, and no draft is written', async () => {
    await approveAll();
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    await reopen(ws.sections.epidemic, '全区累计接种疫苗Y万剂次。');
    const updates = await draftUpdates();
    const events = (await listEvents(ws.db, ws.report.id)).length;
    whenMergeReads(ws.sections.second.docName, () => runSectionAction(ws.ctx, ws.users.bgs, ws.sections.economy.id, 'return', { reason: '请再核对' }));
    expect(await refused(mergeReport(ws.ctx, ws.users.bgs, ws.report.id))).toEqual({ status: 409, message: '还有1节未通过审核：“（二）经济发展”，不能合稿' });
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('reviewing');
    expect((await getSection(ws.db, ws.sections.economy.id))!.status).toBe('returned');
    expect(await draftUpdates()).toBe(updates);
    expect(docToText(await finalJSON())).not.toContain('Y万剂次');
    // Only the return's own events were recorded.
    expect((await listEvents(ws.db, ws.report.id)).slice(events).map((e) => e.type)).toEqual(['section.return']);
  });

  it('a section edited while the merge is planned makes it a 409 that writes nothing', async () => {
    await approveAll();
    // The office types into 上半年工作 (a parent section, which it may edit in review) after the merge read it.
    whenMergeReads(ws.sections.second.docName, () => ws.write(ws.sections.first, '上半年，全区经济社会发展总体平稳，稳中有进。', ws.users.bgs));
    expect(await refused(mergeReport(ws.ctx, ws.users.bgs, ws.report.id))).toEqual({ status: 409, message: CONTENT_MOVED });
    expect(await draftUpdates()).toBe(0);
    expect((await getReport(ws.db, ws.report.id))!).toMatchObject({ status: 'drafting', finalDocName: null });
    expect(await listMergeSources(ws.db, ws.report.id)).toEqual([]);
    // Asked again, it merges the text as it is now.
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(docToText(await finalJSON())).toContain('稳中有进');
  });

  it('takes the merge back when the final draft cannot be written, so a retry starts over', async () => {
    await approveAll();
    // The sections are loaded; the final draft's store fails (its clientID table is gone).
    for (const s of Object.values(ws.sections)) await ws.ctx.collab.doc(s.docName);
    await ws.db.kysely.schema.alterTable('doc_clients').renameTo('doc_clients_gone').execute();
    await expect(mergeReport(ws.ctx, ws.users.bgs, ws.report.id)).rejects.toThrow('doc_clients');
    expect((await getReport(ws.db, ws.report.id))!).toMatchObject({ status: 'drafting', finalDocName: null, mergedAt: null });
    expect(await listMergeSources(ws.db, ws.report.id)).toEqual([]);
    expect((await listEvents(ws.db, ws.report.id)).filter((e) => e.type === 'report.merge')).toEqual([]);
    expect(ws.log.some((l) => l.level === 'error' && l.msg === 'final draft not written; merge taken back')).toBe(true);

    await ws.db.kysely.schema.alterTable('doc_clients_gone').renameTo('doc_clients').execute();
    expect((await mergeReport(ws.ctx, ws.users.bgs, ws.report.id)).remerge).toBe(false);
    expect(docToText(await finalJSON())).toContain('全区累计接种疫苗X万剂次。');
  });
});
