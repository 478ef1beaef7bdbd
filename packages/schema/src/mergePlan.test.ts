import { describe, expect, it } from 'vitest';
import { blocksFingerprint, sectionInDraft } from './compose.js';
import { docToText, type PMJSON } from './convert.js';
import { deletedTitle, mergedText, planMerge, type MergePlan, type MergeRefusal, type MergeSection, type MergedSource } from './mergePlan.js';

const p = (text: string): PMJSON => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const doc = (...content: PMJSON[]): PMJSON => ({ type: 'doc', content });

function section(sectionId: string, number: string, title: string, ...paragraphs: string[]): MergeSection {
  const content = doc(...paragraphs.map(p));
  return { sectionId, number, title, level: 1, numbered: true, content, text: mergedText({ number, title, numbered: true }, docToText(content)), seq: paragraphs.length };
}

function plan(result: MergePlan<MergeSection> | MergeRefusal<MergeSection>): MergePlan<MergeSection> {
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
    expect(again.changes).toEqual([{ sectionId: 's2', title: '下步打算', before: s2.text, after: s2b.text, officeText: null, resolution: null }]);
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
      { sectionId: 's1', title: '工作情况', before: s1.text, after: s1b.text, officeText: '一、工作情况\n上半年完成地区生产总值X亿元，办公室润色。\n固定资产投资增长X%。' },
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
