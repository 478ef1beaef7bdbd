import { describe, expect, it } from 'vitest';
import { blocksFingerprint, sectionInDraft } from './compose.js';
import { docToText, type PMJSON } from './convert.js';
import { deletedTitle, mergedText, planMerge, type MergeInvalid, type MergePlan, type MergeRefusal, type MergeSection, type MergedSource } from './mergePlan.js';

const p = (text: string): PMJSON => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const doc = (...content: PMJSON[]): PMJSON => ({ type: 'doc', content });

function section(sectionId: string, number: string, title: string, ...paragraphs: string[]): MergeSection {
  const content = doc(...paragraphs.map(p));
  return { sectionId, number, title, level: 1, numbered: true, content, text: mergedText({ number, title, numbered: true }, docToText(content)), seq: paragraphs.length };
}

function plan(result: MergePlan<MergeSection> | MergeRefusal<MergeSection> | MergeInvalid): MergePlan<MergeSection> {
  if (result.kind !== 'plan') throw new Error(`expected a plan, got ${result.kind}`);
  return result;
}

/** The first merge of `sections`, and what it recorded, as the server would store it. */
function firstMerge(sections: MergeSection[]): { draft: PMJSON; sources: Map<string, MergedSource> } {
  const first = plan(planMerge({ sections, sources: new Map(), draft: null }));
  const draft = first.next!;
  return { draft, sources: new Map(first.records.map((r) => [r.sectionId, r])) };
}

const s1 = section('s1', '一、', '工作情况', '上半年完成地区生产总值X亿元。', '固定资产投资增长X%。');
const s2 = section('s2', '二、', '下步打算', '持续抓好项目建设。');

describe('planMerge', () => {
  it('composes the whole draft on the first merge and records every section', () => {
    const first = plan(planMerge({ sections: [s1, s2], sources: new Map(), draft: null }));
    expect(first.remerge).toBe(false);
    expect(docToText(first.next!).split('\n')).toEqual(['一、工作情况', '上半年完成地区生产总值X亿元。', '固定资产投资增长X%。', '二、下步打算', '持续抓好项目建设。']);
    expect(first.records.map((r) => [r.sectionId, r.sourceSeq, r.text])).toEqual([
      ['s1', 2, s1.text],
      ['s2', 1, s2.text],
    ]);
    expect(first.records[0]!.blocks).toBe(blocksFingerprint(sectionInDraft(first.next!, 's1').blocks));
    expect(first.changes).toEqual([]);
  });

  it('re-merges only a changed section; nothing changed writes nothing', () => {
    const { draft, sources } = firstMerge([s1, s2]);
    expect(plan(planMerge({ sections: [s1, s2], sources, draft })).next).toBeNull();
    const s2b = section('s2', '二、', '下步打算', '持续抓好重点项目建设。');
    const again = plan(planMerge({ sections: [s1, s2b], sources, draft }));
    expect(again.changes).toEqual([{ sectionId: 's2', title: '下步打算', before: s2.text, after: s2b.text, officeText: null, resolution: null, paragraphs: null }]);
    expect(docToText(again.next!).split('\n').slice(3)).toEqual(['二、下步打算', '持续抓好重点项目建设。']);
    expect(again.detail.sections).toEqual(['s2']);
  });

  it('refuses a section the office edited in the draft until told to replace or keep it', () => {
    const { draft, sources } = firstMerge([s1, s2]);
    const edited: PMJSON = { ...draft, content: draft.content!.map((b, i) => (i === 1 ? { ...p('上半年完成地区生产总值X亿元，办公室润色。'), attrs: { source: 's1' } } : b)) };
    const s1b = section('s1', '一、', '工作情况', '上半年完成地区生产总值X亿元。', '固定资产投资增长Y%。');
    const refused = planMerge({ sections: [s1b, s2], sources, draft: edited });
    expect(refused.kind).toBe('office_edits');
    if (refused.kind !== 'office_edits') return;
    expect(refused.edits).toEqual([
      { sectionId: 's1', title: '工作情况', before: s1.text, after: s1b.text, officeText: '一、工作情况\n上半年完成地区生产总值X亿元，办公室润色。\n固定资产投资增长X%。', paragraphs: null },
    ]);
    const kept = plan(planMerge({ sections: [s1b, s2], sources, draft: edited, resolve: { s1: 'keep' } }));
    expect(kept.next).toBeNull();
    expect(kept.detail.kept).toEqual(['s1']);
    const replaced = plan(planMerge({ sections: [s1b, s2], sources, draft: edited, resolve: { s1: 'replace' } }));
    expect(docToText(replaced.next!).split('\n').slice(0, 3)).toEqual(['一、工作情况', '上半年完成地区生产总值X亿元。', '固定资产投资增长Y%。']);
    expect(replaced.detail.replacedEdits).toEqual([{ sectionId: 's1', title: '工作情况', text: '一、工作情况\n上半年完成地区生产总值X亿元，办公室润色。\n固定资产投资增长X%。' }]);
  });

  it('removes a section deleted from the outline and names it from its heading line', () => {
    const { draft, sources } = firstMerge([s1, s2]);
    const again = plan(planMerge({ sections: [s1], sources, draft }));
    expect(again.changes.map((c) => [c.sectionId, c.title, c.after])).toEqual([['s2', '下步打算（已删除）', '']]);
    expect(again.detail.removed).toEqual(['s2']);
    expect(docToText(again.next!)).toBe(mergedText(s1, docToText(s1.content)));
    expect(deletedTitle('没有编号的段落')).toBe('已删除的章节（已删除）');
  });
});

describe('planMerge: paragraph by paragraph (逐段合并)', () => {
  // The office polished paragraph 1 in the draft; the bureau changed paragraph 2 (and, below, 1).
  const { draft, sources } = firstMerge([s1, s2]);
  const polished = '上半年完成地区生产总值X亿元，同比增长X%。';
  const edited: PMJSON = { ...draft, content: draft.content!.map((b, i) => (i === 1 ? { ...p(polished), attrs: { source: 's1' } } : b)) };
  const baseContent = new Map([['s1', s1.content]]);
  const s1b = section('s1', '一、', '工作情况', '上半年完成地区生产总值X亿元。', '固定资产投资增长Y%。');

  it('offers a paragraph merge with the refusal: what it would take from whom, and no conflict here', () => {
    const refused = planMerge({ sections: [s1b, s2], sources, draft: edited, baseContent });
    if (refused.kind !== 'office_edits') throw new Error(refused.kind);
    expect(refused.edits[0]!.paragraphs).toEqual({ conflicts: [], fromBureau: 1, fromOffice: 1, same: 0, text: `一、工作情况\n${polished}\n固定资产投资增长Y%。` });
  });

  it('keeps the office’s wording in paragraph 1 and takes the bureau’s in paragraph 2', () => {
    const merged = plan(planMerge({ sections: [s1b, s2], sources, draft: edited, baseContent, resolve: { s1: { paragraphs: {} } } }));
    expect(docToText(merged.next!).split('\n')).toEqual(['一、工作情况', polished, '固定资产投资增长Y%。', '二、下步打算', '持续抓好项目建设。']);
    expect(merged.changes[0]).toMatchObject({ sectionId: 's1', resolution: 'merge', paragraphs: { conflicts: [], fromBureau: 1, fromOffice: 1 } });
    expect(merged.detail.merged).toEqual(['s1']);
    // What is recorded is the section's own blocks: the office's wording stays an edit of the office.
    const replaced = plan(planMerge({ sections: [s1b, s2], sources, draft: edited, resolve: { s1: 'replace' } }));
    expect(merged.records[0]!.blocks).toBe(replaced.records[0]!.blocks);
  });

  it('shows a paragraph both changed as a conflict: the office’s unless the bureau’s is chosen', () => {
    const s1c = section('s1', '一、', '工作情况', '上半年完成地区生产总值Y亿元。', '固定资产投资增长Y%。');
    const refused = planMerge({ sections: [s1c, s2], sources, draft: edited, baseContent });
    if (refused.kind !== 'office_edits') throw new Error(refused.kind);
    expect(refused.edits[0]!.paragraphs!.conflicts).toEqual([{ index: 0, base: '上半年完成地区生产总值X亿元。', office: polished, bureau: '上半年完成地区生产总值Y亿元。' }]);
    const byDefault = plan(planMerge({ sections: [s1c, s2], sources, draft: edited, baseContent, resolve: { s1: { paragraphs: {} } } }));
    expect(docToText(byDefault.next!).split('\n')[1]).toBe(polished);
    expect(byDefault.changes[0]!.paragraphs!.conflicts).toEqual([{ index: 0, base: '上半年完成地区生产总值X亿元。', office: polished, bureau: '上半年完成地区生产总值Y亿元。', choice: 'office', defaulted: true }]);
    const bureau = plan(planMerge({ sections: [s1c, s2], sources, draft: edited, baseContent, resolve: { s1: { paragraphs: { '0': 'bureau' } } } }));
    expect(docToText(bureau.next!).split('\n').slice(1, 3)).toEqual(['上半年完成地区生产总值Y亿元。', '固定资产投资增长Y%。']);
    expect(bureau.detail.mergedEdits).toEqual([{ sectionId: 's1', title: '工作情况', text: `一、工作情况\n${polished}\n固定资产投资增长X%。`, bureauChosen: [0] }]);
  });

  it('refuses a choice for a conflict that is not there, and a paragraph merge where none is offered', () => {
    const wrong = planMerge({ sections: [s1b, s2], sources, draft: edited, baseContent, resolve: { s1: { paragraphs: { '2': 'bureau' } } } });
    expect(wrong).toEqual({ kind: 'invalid', status: 400, code: 'invalid_paragraph_choice', message: '“一、工作情况”没有需要选择的段落冲突，没有第3处，请刷新后重新选择' });
    const none = planMerge({ sections: [s1b, s2], sources, draft: edited, resolve: { s1: { paragraphs: {} } } });
    expect(none).toMatchObject({ kind: 'invalid', status: 409, code: 'paragraph_merge_unavailable' });
  });
});
