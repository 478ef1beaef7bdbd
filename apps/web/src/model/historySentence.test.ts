import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../api/historyApi';
import { actorLabel, describeEvent, kindOf, sentenceText, shortHash, type SentenceContext } from './historySentence';

const ctx: SentenceContext = {
  sections: new Map([
    ['s1', { number: '（一）', title: '疫情防控' }],
    ['s2', { number: '二、', title: '下半年工作计划' }],
    ['pre', { number: '', title: '导语' }],
  ]),
  bureaus: new Map([
    ['b-wjj', '卫健局'],
    ['b-nyj', '农业农村局'],
  ]),
};

function entry(type: string, fields: Partial<HistoryEntry> = {}): HistoryEntry {
  return { id: 1, at: '2020-12-02T01:05:00.000Z', type, actor: null, sectionId: null, sectionTitle: null, reason: null, detail: {}, ...fields };
}

const say = (e: HistoryEntry) => sentenceText(describeEvent(e, ctx));
const onS1 = { sectionId: 's1', sectionTitle: '疫情防控' };

describe('describeEvent: one sentence for every recorded type', () => {
  it.each<[string, Partial<HistoryEntry>, string]>([
    ['report.create', { detail: { template: 'half_year', sections: 12 } }, '创建了报告（共 12 节）'],
    ['comment.add', { ...onS1, detail: { quote: '核酸检测', body: '要对标全市先进', leader: true } }, '在「（一）疫情防控」（针对“核酸检测”）批示：“要对标全市先进”'],
    ['comment.add', { ...onS1, detail: { quote: '', body: '数据请核实', leader: false } }, '在「（一）疫情防控」批注：“数据请核实”'],
    ['comment.add', { detail: { quote: '再接再厉', body: '改为“奋力实现”' } }, '在合稿（针对“再接再厉”）批注：“改为“奋力实现””'],
    ['comment.reply', { ...onS1, detail: { body: '已补充。' } }, '回复了「（一）疫情防控」的批注：“已补充。”'],
    ['comment.resolve', { ...onS1, detail: { body: '数据请核实' } }, '将「（一）疫情防控」的批注标为已解决：“数据请核实”'],
    ['comment.reopen', { ...onS1, detail: {} }, '重新打开了「（一）疫情防控」的批注'],
    ['report.create', { detail: { seed: 'demo.txt' } }, '创建了报告'],
    ['report.import', { detail: { sourceName: '上半年总结.docx', sections: 14 } }, '从「上半年总结.docx」导入了报告（共 14 节）'],
    ['report.import', { detail: { sourceName: null, sections: 3 } }, '从粘贴的文字导入了报告（共 3 节）'],
    ['report.review', { detail: { from: 'drafting', to: 'reviewing' } }, '首次提交章节，报告进入审核（起草中 → 审核中）'],
    ['report.reopen', { reason: '数据有误', detail: { from: 'merging', to: 'reviewing', reason: '数据有误' } }, '退回已通过的章节，报告重回审核（合稿中 → 审核中），理由：数据有误'],
    ['report.merge', { detail: { from: 'reviewing', to: 'merging', remerge: false, sections: ['s1'], removed: [] } }, '合稿，将各章节合为一稿'],
    ['report.merge', { detail: { remerge: true, sections: ['s1', 's2'], removed: ['x'] } }, '重新合稿（更新 2 节，移除 1 节）'],
    ['report.merge', { detail: { remerge: true, sections: [], removed: [] } }, '重新合稿（无变化）'],
    ['report.merge', { detail: { from: 'merging', to: 'merging', remerge: true, sections: ['s1', 's2'], merged: ['s1'], kept: [] } }, '重新合稿（更新 2 节，其中 1 节逐段合并）'],
    [
      'report.merge',
      { detail: { remerge: true, sections: ['s1', 's2'], removed: [], kept: ['s3'], replacedEdits: [{ sectionId: 's1', title: '疫情防控', text: '办公室的文字' }] } },
      '重新合稿（更新 2 节，替换了办公室在合稿中修改过的 1 节，1 节保留办公室的修改）',
    ],
    ['report.lock', { detail: { from: 'merging', to: 'locked', version: 1, sha256: '0123456789abcdef0123' } }, '定稿 第1版（SHA-256 01234567…）'],
    ['report.unlock', { reason: '补充三季度数据', detail: { version: 1, reason: '补充三季度数据' } }, '解锁 第1版，重新进入合稿，理由：补充三季度数据'],
    ['section.assign', { ...onS1, detail: { from: 'not_started', to: 'drafting', bureauIds: ['b-wjj', 'b-nyj'] } }, '将「（一）疫情防控」分配给 卫健局、农业农村局'],
    ['section.assign', { ...onS1, detail: { bureauIds: ['gone'] } }, '将「（一）疫情防控」分配给 已删除的部门'],
    ['section.assign', { ...onS1, detail: { bureauIds: [] } }, '取消了「（一）疫情防控」的承办部门'],
    ['section.assign', { ...onS1, detail: { from: 'not_started', to: 'drafting', bureauIds: ['b-wjj'], previousBureauIds: [] } }, '将「（一）疫情防控」分配给 卫健局'],
    [
      'section.assign',
      { ...onS1, detail: { bureauIds: ['b-nyj'], previousBureauIds: ['b-wjj'], dueDate: { from: '2020-07-07', to: '2020-07-05' }, instruction: { from: '', to: '不超过800字，数据截至6月底' } } },
      '将「（一）疫情防控」从 卫健局 改派给 农业农村局：截止日期 7月7日 → 7月5日；写作要求 无 → “不超过800字，数据截至6月底”',
    ],
    [
      'section.assign',
      { ...onS1, detail: { bureauIds: ['b-wjj', 'b-nyj'], previousBureauIds: ['b-nyj', 'b-wjj'], dueDate: { from: '2020-07-05', to: null }, instruction: { from: '写明同比', to: '一二三四五六七八九十'.repeat(4) } } },
      `调整了「（一）疫情防控」的任务：截止日期 7月5日 → 无；写作要求 “写明同比” → “${'一二三四五六七八九十'.repeat(3)}…”`,
    ],
    ['section.assign', { ...onS1, detail: { bureauIds: ['b-wjj'], previousBureauIds: ['b-wjj'] } }, '将「（一）疫情防控」分配给 卫健局（未变）'],
    ['section.assign', { ...onS1, detail: { bureauIds: ['b-wjj'], previousBureauIds: ['gone'] } }, '将「（一）疫情防控」从 已删除的部门 改派给 卫健局'],
    ['section.submit', { ...onS1, detail: { from: 'drafting', to: 'submitted' } }, '提交了「（一）疫情防控」'],
    ['section.submit', { ...onS1, detail: { from: 'returned', to: 'submitted' } }, '重新提交了「（一）疫情防控」'],
    ['section.approve', { ...onS1, detail: { from: 'submitted', to: 'approved' } }, '通过了「（一）疫情防控」'],
    ['section.remind', { ...onS1, detail: { bureauIds: ['b1'], notified: ['u1'], dueDate: null } }, '催办了「（一）疫情防控」'],
    ['section.return', { ...onS1, reason: '请补充6月底数据', detail: { from: 'submitted', to: 'returned', reason: '请补充6月底数据' } }, '退回了「（一）疫情防控」，理由：请补充6月底数据'],
    ['section.return', { ...onS1, reason: '口径不一', detail: { from: 'approved', to: 'returned' } }, '退回了已通过的「（一）疫情防控」，理由：口径不一'],
    ['section.add', { sectionId: 'pre', sectionTitle: '导语', detail: { title: '导语' } }, '新建章节「导语」'],
    ['section.update', { ...onS1, detail: { title: { from: '防疫', to: '疫情防控' } } }, '重命名「防疫」→「（一）疫情防控」'],
    ['section.update', { ...onS1, detail: { dueDate: { from: null, to: '2020-07-05' }, instruction: { from: '', to: '写明同比' } } }, '修改了「（一）疫情防控」：截止日期 无 → 7月5日；写作要求'],
    ['section.update', { ...onS1, detail: { numbered: { from: true, to: false } } }, '修改了「（一）疫情防控」：改为不编号'],
    ['section.update', { ...onS1, detail: { color: { from: 'a', to: 'b' } } }, '修改了「（一）疫情防控」：其他设置'],
    ['section.move', { ...onS1, detail: { from: { parentId: null, position: 2 }, to: { parentId: 's2', position: 0 } } }, '将「（一）疫情防控」移动到「二、下半年工作计划」之下'],
    ['section.move', { ...onS1, detail: { from: { parentId: 's2', position: 0 }, to: { parentId: null, position: 1 } } }, '将「（一）疫情防控」移动到顶层'],
    ['section.move', { ...onS1, detail: { from: { parentId: null, position: 0 }, to: { parentId: null, position: 3 } } }, '移动了「（一）疫情防控」（调整顺序）'],
    ['section.delete', { sectionId: 'gone', sectionTitle: '安全生产', detail: { title: '安全生产', deletedIds: ['gone'], chars: 412, confirmed: true } }, '删除章节「安全生产」（共 412 字）'],
    ['section.delete', { sectionId: 'gone', sectionTitle: '民生', detail: { title: '民生', deletedIds: ['gone', 'c1', 'c2'], chars: 0 } }, '删除章节「民生」及其 2 个下级章节'],
  ])('%s %j', (type, fields, expected) => {
    expect(say(entry(type, fields))).toBe(expected);
  });

  it('names a deleted section by its recorded title, or 已删除的章节, and does not link it', () => {
    const sentence = describeEvent(entry('section.submit', { sectionId: 'gone', sectionTitle: '旧章节' }), ctx);
    expect(sentence.parts).toContainEqual({ kind: 'section', sectionId: 'gone', title: '旧章节', live: false });
    expect(say(entry('section.approve', { sectionId: 'gone' }))).toBe('通过了「已删除的章节」');
    expect(say(entry('section.add', { sectionId: 'gone', detail: { title: '新增的节' } }))).toBe('新建章节「新增的节」');
  });

  it('links a live section by id and a locked version by number', () => {
    const submit = describeEvent(entry('section.submit', onS1), ctx);
    expect(submit.parts).toContainEqual({ kind: 'section', sectionId: 's1', title: '（一）疫情防控', live: true });
    const lock = describeEvent(entry('report.lock', { detail: { version: 2, sha256: 'ab' } }), ctx);
    expect(lock.parts).toContainEqual({ kind: 'version', version: 2, text: '第2版' });
  });

  it('falls back sanely on an unknown type or a detail it cannot read', () => {
    expect(say(entry('report.archive'))).toBe('进行了操作（report.archive）');
    expect(say(entry('section.split', onS1))).toBe('对「（一）疫情防控」进行了操作（section.split）');
    expect(say(entry('report.lock', { detail: {} }))).toBe('定稿 新版本');
    expect(say(entry('report.unlock', { detail: {} }))).toBe('解锁 已定稿的报告，重新进入合稿');
    expect(say(entry('section.move', { ...onS1, detail: {} }))).toBe('移动了「（一）疫情防控」（调整顺序）');
    expect(say(entry('section.submit'))).toBe('提交了（未知章节）');
  });
});

describe('kindOf', () => {
  it('sorts every recorded type into 流程, 大纲, 批注 or 定稿, unknown ones into other', () => {
    expect(['report.create', 'report.review', 'report.reopen', 'section.assign', 'section.submit', 'section.approve', 'section.return', 'section.remind'].map(kindOf)).toEqual(Array(8).fill('workflow'));
    expect(['section.add', 'section.update', 'section.move', 'section.delete'].map(kindOf)).toEqual(Array(4).fill('outline'));
    expect(['report.merge', 'report.lock', 'report.unlock'].map(kindOf)).toEqual(Array(3).fill('final'));
    expect(['comment.add', 'comment.reply', 'comment.resolve', 'comment.reopen'].map(kindOf)).toEqual(Array(4).fill('comments'));
    expect(kindOf('comment.edit')).toBe('other');
    expect(kindOf('constructor')).toBe('other');
  });
});

describe('actorLabel and shortHash', () => {
  it('names the actor with their bureau, the system and deleted accounts', () => {
    expect(actorLabel({ id: 'u', name: '李文静', bureau: { id: 'b', name: '办公室' } })).toEqual({ name: '李文静', bureau: '办公室' });
    expect(actorLabel({ id: 'u', name: '区长', bureau: null })).toEqual({ name: '区长', bureau: null });
    expect(actorLabel({ id: 'u', name: null, bureau: null })).toEqual({ name: '已删除的用户', bureau: null });
    expect(actorLabel(null)).toEqual({ name: '系统', bureau: null });
  });

  it('shortens a SHA-256 to 8 hex digits', () => {
    expect(shortHash('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe('9f86d081');
  });
});
