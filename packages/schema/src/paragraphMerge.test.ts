import { describe, expect, it } from 'vitest';
import { docToText, type PMJSON } from './convert.js';
import { blockText, countPieces, mergeParagraphs, paragraphKey, resolveParagraphs } from './paragraphMerge.js';

const p = (text: string, source: string | null = 's1'): PMJSON => ({ type: 'paragraph', attrs: { source }, content: [{ type: 'text', text }] });
const h = (text: string): PMJSON => ({ type: 'heading', attrs: { level: 2, source: 's1' }, content: [{ type: 'text', text }] });
const cell = (text: string): PMJSON => ({ type: 'table_cell', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const table = (...rows: string[][]): PMJSON => ({ type: 'table', attrs: { source: 's1' }, content: rows.map((r) => ({ type: 'table_row', content: r.map(cell) })) });
const list = (...items: string[]): PMJSON => ({
  type: 'bullet_list',
  attrs: { source: 's1' },
  content: items.map((text) => ({ type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })),
});

/** The merged section's lines with conflicts decided by `choices` (the office's by default). */
const lines = (blocks: PMJSON[]): string[] => docToText({ type: 'doc', content: blocks }).split('\n');

// Real wording from the demo report (district half-year summary).
const base = [h('（一）疫情防控'), p('全区累计接种疫苗X万剂次。'), p('核酸检测能力达到每日X万管。'), p('重点场所防控措施全面落实。')];

describe('mergeParagraphs', () => {
  it('keeps a paragraph only the office changed and takes one only the bureau changed', () => {
    const office = [base[0]!, p('全区累计接种新冠疫苗X万剂次，接种率居全市前列。'), base[2]!, base[3]!];
    const bureau = [base[0]!, base[1]!, p('核酸检测能力提升到每日Y万管。'), base[3]!];
    const merge = mergeParagraphs(base, office, bureau);
    expect(merge.conflicts).toEqual([]);
    expect(lines(resolveParagraphs(merge))).toEqual(['（一）疫情防控', '全区累计接种新冠疫苗X万剂次，接种率居全市前列。', '核酸检测能力提升到每日Y万管。', '重点场所防控措施全面落实。']);
    expect(countPieces(merge)).toEqual({ base: 2, office: 1, bureau: 1, both: 0, conflict: 0 });
  });

  it('makes a paragraph both changed differently a conflict: the office’s by default, the bureau’s when chosen', () => {
    const office = [base[0]!, p('全区累计接种疫苗X万剂次（办公室核实）。'), base[2]!, base[3]!];
    const bureau = [base[0]!, p('全区累计接种疫苗Y万剂次。'), base[2]!, p('重点场所防控措施全面落实到位。')];
    const merge = mergeParagraphs(base, office, bureau);
    expect(merge.conflicts.map((c) => [c.index, blockText(c.base), blockText(c.office), blockText(c.bureau)])).toEqual([
      [0, '全区累计接种疫苗X万剂次。', '全区累计接种疫苗X万剂次（办公室核实）。', '全区累计接种疫苗Y万剂次。'],
    ]);
    expect(lines(resolveParagraphs(merge))).toEqual(['（一）疫情防控', '全区累计接种疫苗X万剂次（办公室核实）。', '核酸检测能力达到每日X万管。', '重点场所防控措施全面落实到位。']);
    expect(lines(resolveParagraphs(merge, { 0: 'bureau' }))[1]).toBe('全区累计接种疫苗Y万剂次。');
  });

  it('takes an identical change on both sides once, without a conflict', () => {
    const same = p('核酸检测能力提升到每日Y万管。');
    const merge = mergeParagraphs(base, [base[0]!, base[1]!, same, base[3]!], [base[0]!, base[1]!, { ...same, attrs: { source: 's1' } }, base[3]!]);
    expect(merge.conflicts).toEqual([]);
    expect(countPieces(merge).both).toBe(1);
    expect(lines(resolveParagraphs(merge))).toEqual(['（一）疫情防控', '全区累计接种疫苗X万剂次。', '核酸检测能力提升到每日Y万管。', '重点场所防控措施全面落实。']);
  });

  it('keeps paragraphs inserted by either side where they were inserted', () => {
    const office = [base[0]!, base[1]!, p('办公室补充：疫苗接种点覆盖所有街道。', null), base[2]!, base[3]!];
    const bureau = [base[0]!, p('本节由区卫健委报送。'), base[1]!, base[2]!, base[3]!, p('下一步将继续做好常态化防控。')];
    const merged = lines(resolveParagraphs(mergeParagraphs(base, office, bureau)));
    expect(merged).toEqual([
      '（一）疫情防控',
      '本节由区卫健委报送。',
      '全区累计接种疫苗X万剂次。',
      '办公室补充：疫苗接种点覆盖所有街道。',
      '核酸检测能力达到每日X万管。',
      '重点场所防控措施全面落实。',
      '下一步将继续做好常态化防控。',
    ]);
  });

  it('keeps an identical insertion once, and both insertions at one place (the office’s first)', () => {
    const added = p('新增：开展重点人群健康监测。');
    const merged = lines(resolveParagraphs(mergeParagraphs(base, [...base, added, p('办公室的补充。')], [...base, added, p('委办局的补充。')])));
    expect(merged.slice(4)).toEqual(['新增：开展重点人群健康监测。', '办公室的补充。', '委办局的补充。']);
  });

  it('applies a deletion by one side when the other did not change the paragraph', () => {
    const officeDeletes = mergeParagraphs(base, [base[0]!, base[1]!, base[3]!], [base[0]!, base[1]!, base[2]!, p('重点场所防控措施全面落实到位。')]);
    expect(lines(resolveParagraphs(officeDeletes))).toEqual(['（一）疫情防控', '全区累计接种疫苗X万剂次。', '重点场所防控措施全面落实到位。']);
    const bureauDeletes = mergeParagraphs(base, [base[0]!, p('全区累计接种疫苗X万剂次，办公室润色。'), base[2]!, base[3]!], [base[0]!, base[1]!, base[3]!]);
    expect(lines(resolveParagraphs(bureauDeletes))).toEqual(['（一）疫情防控', '全区累计接种疫苗X万剂次，办公室润色。', '重点场所防控措施全面落实。']);
    expect(countPieces(bureauDeletes).bureau).toBe(1);
  });

  it('makes a deletion against a change a conflict (kept by default, deleted when the deleting side is chosen)', () => {
    const merge = mergeParagraphs(base, [base[0]!, base[1]!, p('核酸检测能力达到每日X万管（办公室核实）。'), base[3]!], [base[0]!, base[1]!, base[3]!]);
    expect(merge.conflicts).toHaveLength(1);
    expect(merge.conflicts[0]!.bureau).toBeNull();
    expect(lines(resolveParagraphs(merge))).toContain('核酸检测能力达到每日X万管（办公室核实）。');
    expect(lines(resolveParagraphs(merge, { 0: 'bureau' }))).toEqual(['（一）疫情防控', '全区累计接种疫苗X万剂次。', '重点场所防控措施全面落实。']);
  });

  it('treats a table and a list as one paragraph each', () => {
    const withTable = [...base, table(['指标', '数值'], ['接种人数', 'X万']), list('一是强化监测预警', '二是加强物资储备')];
    const office = [...withTable.slice(0, 4), withTable[4]!, list('一是强化监测预警', '二是加强应急物资储备')];
    const bureau = [...withTable.slice(0, 4), table(['指标', '数值'], ['接种人数', 'Y万']), withTable[5]!];
    const merge = mergeParagraphs(withTable, office, bureau);
    expect(merge.conflicts).toEqual([]);
    expect(lines(resolveParagraphs(merge)).slice(4)).toEqual(['指标\t数值', '接种人数\tY万', '一是强化监测预警', '二是加强应急物资储备']);
    // Both changing the table is one conflict about the whole table.
    const both = mergeParagraphs(withTable, [...base, table(['指标', '数值'], ['接种人数', 'Z万']), withTable[5]!], bureau);
    expect(both.conflicts.map((c) => blockText(c.office))).toEqual(['指标\t数值\n接种人数\tZ万']);
  });

  it('compares paragraphs without their source: a paragraph the office moved in is the same paragraph', () => {
    expect(paragraphKey(p('甲', 's1'))).toBe(paragraphKey(p('甲', null)));
    expect(paragraphKey(p('甲'))).not.toBe(paragraphKey(h('甲')));
  });
});
