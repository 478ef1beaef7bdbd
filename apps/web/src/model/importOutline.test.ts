import { describe, expect, it } from 'vitest';
import type { ImportPreview, ImportSection, RemovedLine } from '@hegao/contract';
import {
  createInput,
  demote,
  joinPrevious,
  lineRoles,
  markNotPart,
  outlineFromPreview,
  outlineProblems,
  outlineSummary,
  promote,
  rename,
  restore,
  sectionNumbers,
  setBureaus,
  splitAt,
  stripNumber,
  type DraftOutline,
  type EditResult,
  type ImportMeta,
} from './importOutline';

/** A preview whose source is one line per heading/paragraph: `['# title', level]` or a paragraph string. */
function preview(spec: ([string, number, boolean?] | string)[], removed: RemovedLine[] = []): ImportPreview {
  const lines: string[] = removed.map((r) => r.text);
  const sections: ImportSection[] = [];
  for (const item of spec) {
    const line = lines.length;
    if (typeof item === 'string') {
      lines.push(item);
      const last = sections[sections.length - 1]!;
      last.blocks.push({ type: 'paragraph', runs: [{ text: item }] });
      last.bodyLines.push(line);
      last.text = last.text ? `${last.text}\n${item}` : item;
    } else {
      lines.push(item[0]);
      sections.push({ number: item[2] === false ? '' : 'x', title: item[0], level: item[1], text: '', blocks: [], line, bodyLines: [], bureauIds: ['b1'] });
    }
  }
  return { title: '区2020年上半年工作总结', titleLine: null, period: '2020年上半年', kind: 'half_year', sections, removed, warnings: [], lines, sourceName: null, sourceSha256: '0'.repeat(64) };
}

function ok(result: EditResult): DraftOutline {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.outline;
}

function refused(result: EditResult): string {
  if (result.ok) throw new Error('expected a refusal');
  return result.message;
}

const shape = (o: DraftOutline) => o.sections.map((s) => `${s.level}:${s.title}`);
const key = (o: DraftOutline, title: string) => o.sections.find((s) => s.title === title)!.key;

const SAMPLE = preview([
  ['上半年工作', 1],
  ['党建', 2],
  '加强基层组织建设。',
  '加强意识形态建设。',
  ['疫情防控', 2],
  '深入组织动员。',
  ['下半年计划', 1],
  ['抓好经济', 2],
  '稳增长。',
]);

describe('sectionNumbers', () => {
  it('numbers 一、（一）1.（1） from the tree and restarts under each parent', () => {
    const o = outlineFromPreview(preview([['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 4], ['f', 3], ['g', 2], ['h', 1], ['i', 2]]));
    expect(sectionNumbers(o.sections)).toEqual(['一、', '（一）', '1.', '（1）', '（2）', '2.', '（二）', '二、', '（一）']);
  });

  it('gives unnumbered sections no number and does not count them', () => {
    const o = outlineFromPreview(preview([['导语', 1, false], ['a', 1], ['b', 1]]));
    expect(sectionNumbers(o.sections)).toEqual(['', '一、', '二、']);
  });
});

describe('outlineFromPreview', () => {
  it('pairs blocks with their source lines and keeps the removed lines', () => {
    const o = outlineFromPreview(preview([['a', 1], 'p1', 'p2'], [{ line: 0, text: '会员群：', reason: '广告' }]));
    expect(o.sections[0]!.line).toBe(1);
    expect(o.sections[0]!.body.map((b) => b.line)).toEqual([2, 3]);
    expect(o.removed).toEqual([{ kind: 'line', key: 'r0', line: 0, text: '会员群：', reason: '广告', merged: false }]);
  });

  it('clamps a level that jumps by more than one', () => {
    const o = outlineFromPreview(preview([['a', 1], ['b', 3]]));
    expect(shape(o)).toEqual(['1:a', '2:b']);
  });
});

describe('promote and demote', () => {
  it('demotes a section with its sub-sections under the previous sibling', () => {
    const o = ok(demote(outlineFromPreview(SAMPLE), key(outlineFromPreview(SAMPLE), '下半年计划')));
    expect(shape(o)).toEqual(['1:上半年工作', '2:党建', '2:疫情防控', '2:下半年计划', '3:抓好经济']);
    expect(sectionNumbers(o.sections)).toEqual(['一、', '（一）', '（二）', '（三）', '1.']);
  });

  it('refuses to demote a first child: the level would jump by two', () => {
    const o = outlineFromPreview(SAMPLE);
    expect(refused(demote(o, key(o, '党建')))).toContain('不能降级');
    expect(refused(demote(o, key(o, '上半年工作')))).toContain('不能降级');
  });

  it('refuses to demote past the fourth level', () => {
    const o = outlineFromPreview(preview([['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 4]]));
    expect(refused(demote(o, key(o, 'e')))).toContain('最多分4级');
  });

  it('promotes a section with its sub-sections; following siblings become its sub-sections', () => {
    const o = outlineFromPreview(SAMPLE);
    const p = ok(promote(o, key(o, '党建')));
    expect(shape(p)).toEqual(['1:上半年工作', '1:党建', '2:疫情防控', '1:下半年计划', '2:抓好经济']);
    expect(sectionNumbers(p.sections)).toEqual(['一、', '二、', '（一）', '三、', '（一）']);
  });

  it('refuses to promote a first-level section', () => {
    const o = outlineFromPreview(SAMPLE);
    expect(refused(promote(o, key(o, '上半年工作')))).toContain('已是一级标题');
  });

  it('demote then promote gives back the same outline', () => {
    const o = outlineFromPreview(SAMPLE);
    const back = ok(promote(ok(demote(o, key(o, '疫情防控'))), key(o, '疫情防控')));
    expect(back.sections).toEqual(o.sections);
  });
});

describe('joinPrevious', () => {
  it('turns the title line into a paragraph of the previous section, followed by its body', () => {
    const o = outlineFromPreview(SAMPLE);
    const j = ok(joinPrevious(o, key(o, '疫情防控')));
    expect(shape(j)).toEqual(['1:上半年工作', '2:党建', '1:下半年计划', '2:抓好经济']);
    const party = j.sections[1]!;
    expect(party.body.map((b) => (b.block.type === 'paragraph' ? b.block.runs[0]!.text : ''))).toEqual([
      '加强基层组织建设。',
      '加强意识形态建设。',
      '疫情防控',
      '深入组织动员。',
    ]);
    expect(party.body.map((b) => b.line)).toEqual([2, 3, 4, 5]);
  });

  it('keeps the number of the source line, but not the body of an inline heading', () => {
    const p = preview([['a', 1], 'p1', ['（二）b', 1]]);
    p.sections[1]!.title = 'b';
    const o = outlineFromPreview(p);
    expect(ok(joinPrevious(o, 's1')).sections[0]!.body.at(-1)!.block).toEqual({ type: 'paragraph', runs: [{ text: '（二）b' }] });
    // 「（二）加强统筹。正文」 split by the importer into the title and a body paragraph from the same line.
    const inline = preview([['a', 1], 'p1', ['（二）加强统筹。全年完成X项。', 1]]);
    inline.sections[1]!.title = '加强统筹';
    inline.sections[1]!.blocks.push({ type: 'paragraph', runs: [{ text: '全年完成X项。' }] });
    const joined = ok(joinPrevious(outlineFromPreview(inline), 's1')).sections[0]!.body.map((b) => (b.block.type === 'paragraph' ? b.block.runs[0]!.text : ''));
    expect(joined).toEqual(['p1', '加强统筹', '全年完成X项。']);
  });

  it('uses the edited title rather than the source line once renamed', () => {
    const o = outlineFromPreview(SAMPLE);
    const renamed = ok(rename(o, key(o, '疫情防控'), '疫情防控工作'));
    const j = ok(joinPrevious(renamed, key(o, '疫情防控')));
    expect(j.sections[1]!.body[2]!.block).toEqual({ type: 'paragraph', runs: [{ text: '疫情防控工作' }] });
  });

  it('moves sub-sections up when they would skip a level', () => {
    const o = outlineFromPreview(preview([['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 2]]));
    const j = joinPrevious(o, key(o, 'b'));
    expect(j.ok ? j.notice : '').toContain('下级章节已升一级');
    expect(shape(ok(j))).toEqual(['1:a', '2:c', '3:d', '2:e']);
    // No shift when the sub-sections fit under the previous section as they are.
    const fits = outlineFromPreview(SAMPLE);
    const k = joinPrevious(fits, key(fits, '下半年计划'));
    expect(k.ok && k.notice).toBeFalsy();
    expect(shape(ok(k))).toEqual(['1:上半年工作', '2:党建', '2:疫情防控', '2:抓好经济']);
  });

  it('refuses to join the first section', () => {
    const o = outlineFromPreview(SAMPLE);
    expect(refused(joinPrevious(o, key(o, '上半年工作')))).toContain('没有可合并的上一节');
  });
});

describe('splitAt', () => {
  it('makes a body paragraph the title of a new section at the same level, number stripped', () => {
    const o = outlineFromPreview(preview([['a', 1], ['党建', 2], '加强组织建设。', '（二）加强意识形态建设', '意识形态工作。']));
    const s = ok(splitAt(o, key(o, '党建'), 1, 'title'));
    expect(shape(s)).toEqual(['1:a', '2:党建', '2:加强意识形态建设']);
    expect(s.sections[1]!.body).toHaveLength(1);
    expect(s.sections[2]!.line).toBe(3);
    expect(s.sections[2]!.body.map((b) => b.line)).toEqual([4]);
    expect(sectionNumbers(s.sections)).toEqual(['一、', '（一）', '（二）']);
  });

  it('takes only the bold lead sentence of a .docx paragraph as the title; the rest stays as text', () => {
    const p = preview([['a', 1], 'p1']);
    p.sections[0]!.blocks.push({ type: 'paragraph', runs: [{ text: '严格治理管控，筑牢安全底线。', bold: true }, { text: '建立台账X个。' }] });
    p.sections[0]!.bodyLines.push(2);
    p.lines.push('严格治理管控，筑牢安全底线。建立台账X个。');
    const s = ok(splitAt(outlineFromPreview(p), 's0', 1, 'title'));
    expect(s.sections[1]!.title).toBe('严格治理管控，筑牢安全底线');
    expect(s.sections[1]!.body).toEqual([{ block: { type: 'paragraph', runs: [{ text: '建立台账X个。' }] }, line: 2 }]);
  });

  it('splits the body into a new untitled section that must be named before creating', () => {
    const o = outlineFromPreview(SAMPLE);
    const s = ok(splitAt(o, key(o, '党建'), 1, 'body'));
    expect(shape(s).slice(0, 3)).toEqual(['1:上半年工作', '2:党建', '2:']);
    expect(s.sections[2]!.body.map((b) => b.line)).toEqual([3]);
    const meta: ImportMeta = { title: 't', period: 'p', kind: 'custom', dueDate: '2026-12-31', sourceName: null };
    expect(outlineProblems(s, meta)).toEqual(['有 1 个章节没有标题（（二）），请填写']);
    expect(outlineProblems(ok(rename(s, s.sections[2]!.key, '意识形态')), meta)).toEqual([]);
  });

  it('refuses a table as a title and a split before the first paragraph', () => {
    const p = preview([['a', 1], 'x']);
    p.sections[0]!.blocks.push({ type: 'table', rows: [['1', '2']] });
    const o = outlineFromPreview(p);
    expect(refused(splitAt(o, 's0', 1, 'title'))).toContain('表格');
    expect(refused(splitAt(o, 's0', 0, 'body'))).toContain('第一段');
  });
});

describe('markNotPart and restore', () => {
  it('moves a section with its sub-sections to the removed list and back to the same place', () => {
    const o = outlineFromPreview(SAMPLE);
    const m = ok(markNotPart(o, key(o, '下半年计划')));
    expect(shape(m)).toEqual(['1:上半年工作', '2:党建', '2:疫情防控']);
    const entry = m.removed.at(-1)!;
    expect(entry.kind === 'sections' && entry.sections.map((s) => s.title)).toEqual(['下半年计划', '抓好经济']);
    expect(entry.reason).toBe('不属于报告');
    const roles = lineRoles(m);
    expect(roles[6]).toEqual({ kind: 'removed', key: entry.key, reason: '不属于报告' });
    expect(roles[8]).toEqual({ kind: 'removed', key: entry.key, reason: '不属于报告' });
    const r = ok(restore(m, entry.key));
    expect(r.sections).toEqual(o.sections);
    expect(r.removed).toEqual([]);
  });

  it('restores by source order when the section before it is gone too', () => {
    const o = outlineFromPreview(SAMPLE);
    const m1 = ok(markNotPart(o, key(o, '疫情防控')));
    const m2 = ok(markNotPart(m1, key(o, '党建')));
    const first = m2.removed[0]!;
    const r = ok(restore(m2, first.key));
    expect(shape(r)).toEqual(['1:上半年工作', '2:疫情防控', '1:下半年计划', '2:抓好经济']);
  });

  it('refuses to remove every section', () => {
    const o = outlineFromPreview(preview([['only', 1], 'text']));
    expect(refused(markNotPart(o, 's0'))).toContain('至少需要保留一个章节');
  });

  it('restores a line the importer removed as a paragraph of the section it stood in', () => {
    const p = preview([['a', 1], 'p1', 'ad', 'p2']);
    p.removed.push({ line: 2, text: 'ad', reason: '广告' });
    p.sections[0]!.blocks.splice(1, 1);
    p.sections[0]!.bodyLines.splice(1, 1);
    const o = outlineFromPreview(p);
    expect(lineRoles(o)[2]).toEqual({ kind: 'removed', key: 'r0', reason: '广告' });
    const r = ok(restore(o, 'r0'));
    expect(r.sections[0]!.body.map((b) => b.line)).toEqual([1, 2, 3]);
    expect(lineRoles(r)[2]).toEqual({ kind: 'body', key: 's0' });
  });

  it('refuses to restore a line already folded into a title (it would appear twice)', () => {
    const o = outlineFromPreview(preview([['a', 1], 'p'], [{ line: 2, text: '及下半年工作计划', reason: '并入标题', merged: true }]));
    expect(refused(restore(o, 'r0'))).toContain('已并入标题');
    expect(o.removed).toHaveLength(1);
  });

  it('refuses to restore a junk line that stood before every section', () => {
    const o = outlineFromPreview(preview([['a', 1], 'p'], [{ line: 0, text: '仅供学习', reason: '广告' }]));
    expect(refused(restore(o, 'r0'))).toContain('之前');
  });
});

describe('stripNumber', () => {
  it('drops a heading number of any level', () => {
    expect(stripNumber('（四）抓好安全生产')).toBe('抓好安全生产');
    expect(stripNumber('二、下半年工作')).toBe('下半年工作');
    expect(stripNumber('3.加强领导')).toBe('加强领导');
    expect(stripNumber('（12）其他')).toBe('其他');
    expect(stripNumber('一是加强领导')).toBe('一是加强领导');
  });
});

describe('createInput and summary', () => {
  it('sends levels, numbering, blocks, and bureaus only for sections without sub-sections', () => {
    const o = ok(setBureaus(outlineFromPreview(SAMPLE), 's1', ['b2', 'b2', 'b3']));
    const meta: ImportMeta = { title: ' 区报告 ', period: '2020年上半年', kind: 'half_year', dueDate: '2026-12-31', sourceName: 'a.docx' };
    const input = createInput(o, meta);
    expect(input.title).toBe('区报告');
    expect(input.sections.map((s) => [s.title, s.level, s.numbered, s.bureauIds])).toEqual([
      ['上半年工作', 1, true, []],
      ['党建', 2, true, ['b2', 'b3']],
      ['疫情防控', 2, true, ['b1']],
      ['下半年计划', 1, true, []],
      ['抓好经济', 2, true, ['b1']],
    ]);
    expect(input.sections[1]!.blocks).toEqual([
      { type: 'paragraph', runs: [{ text: '加强基层组织建设。' }] },
      { type: 'paragraph', runs: [{ text: '加强意识形态建设。' }] },
    ]);
    expect(outlineSummary(o)).toEqual({ sections: 5, leaves: 3, assignedLeaves: 3, bureaus: 3 });
    // A heading's own text becomes a 引言 under it on the server: counted as a section.
    const withLead = outlineFromPreview(preview([['a', 1], '总述。', ['b', 2], 'x']));
    expect(outlineSummary(withLead)).toEqual({ sections: 3, leaves: 1, assignedLeaves: 1, bureaus: 1 });
  });

  it('passes the source hash on and refuses titles over 100 characters', () => {
    const o = ok(rename(outlineFromPreview(SAMPLE), 's1', '长'.repeat(101)));
    const meta: ImportMeta = { title: 't', period: 'p', kind: 'custom', dueDate: '2026-12-31', sourceName: 'a.txt', sourceSha256: 'ab'.repeat(32) };
    expect(createInput(o, meta).sourceSha256).toBe('ab'.repeat(32));
    expect(createInput(o, { ...meta, sourceSha256: null })).not.toHaveProperty('sourceSha256');
    expect(outlineProblems(o, meta)).toEqual(['有 1 个章节标题超过100字（（一）），请缩短']);
  });

  it('asks for the title, period and a due date', () => {
    const o = outlineFromPreview(SAMPLE);
    expect(outlineProblems(o, { title: ' ', period: '', kind: 'custom', dueDate: '', sourceName: null })).toEqual(['请填写报告标题', '请填写报告期', '请填写截止日期（如 2026-12-06 或 2026年12月6日）']);
  });
});
