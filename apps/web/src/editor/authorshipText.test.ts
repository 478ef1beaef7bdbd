import { docToText, schema } from '@hegao/schema';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { alignOffsets, NO_POSITION, textMap } from './authorshipText';

const { doc, paragraph, heading, bullet_list, ordered_list, list_item, table, table_row, table_cell, hard_break } = schema.nodes as Record<
  string,
  NonNullable<(typeof schema.nodes)[string]>
>;

const t = (text: string) => schema.text(text);
const p = (...content: (string | PMNode)[]) => paragraph!.create(null, content.map((c) => (typeof c === 'string' ? t(c) : c)));
const br = () => hard_break!.create();
const cell = (...paras: PMNode[]) => table_cell!.create(null, paras);

/** Every character of the map that has a position is the document's character there. */
function expectConsistent(node: PMNode): void {
  const map = textMap(node);
  expect(map.text).toBe(docToText(node.toJSON() as Parameters<typeof docToText>[0]));
  expect(map.positions).toHaveLength(map.text.length);
  for (let i = 0; i < map.text.length; i++) {
    const pos = map.positions[i]!;
    if (pos === NO_POSITION) {
      expect(['\n', '\t', ' ']).toContain(map.text[i]);
      continue;
    }
    const $pos = node.resolve(pos);
    const after = $pos.nodeAfter!;
    if (after.isText) {
      expect(node.textBetween(pos, pos + 1)).toBe(map.text[i]);
    } else {
      expect(after.type.name).toBe('hard_break');
    }
  }
}

describe('textMap', () => {
  it('lays out paragraphs and headings as docToText does, with positions', () => {
    const d = doc!.create(null, [heading!.create({ level: 2 }, t('标题')), p('正文一'), p(), p('正文二')]);
    const map = textMap(d);
    expect(map.text).toBe('标题\n正文一\n\n正文二');
    expect([...map.positions]).toEqual([1, 2, -1, 5, 6, 7, -1, -1, 12, 13, 14]);
    expectConsistent(d);
  });

  it('lists: items without markers, nested lists too', () => {
    const d = doc!.create(null, [
      bullet_list!.create(null, [
        list_item!.create(null, [p('一是'), ordered_list!.create(null, [list_item!.create(null, [p('子项')])])]),
        list_item!.create(null, [p('二是')]),
      ]),
      p('段后'),
    ]);
    expect(textMap(d).text).toBe('一是\n子项\n二是\n段后');
    expectConsistent(d);
  });

  it('hard breaks: a line break in a paragraph, a space in a cell', () => {
    const d = doc!.create(null, [
      p('第一行', br(), '第二行'),
      table!.create(null, [
        table_row!.create(null, [cell(p('指标', br(), '单位')), cell(p('数值'), p('备注'))]),
        table_row!.create(null, [cell(p('生产总值')), cell(p('X亿元'))]),
      ]),
    ]);
    const map = textMap(d);
    expect(map.text).toBe('第一行\n第二行\n指标 单位\t数值 备注\n生产总值\tX亿元');
    // The hard break has a position (it is a node of the document); the line and cell joins do not.
    expect(map.positions[3]).toBe(4);
    expectConsistent(d);
  });

  it('counts UTF-16 code units as ProseMirror does: emoji take two', () => {
    const d = doc!.create(null, [p('👍🏽达标'), p('𠮷野家')]);
    const map = textMap(d);
    expect(map.text).toBe('👍🏽达标\n𠮷野家');
    expect([...map.positions.slice(0, 6)]).toEqual([1, 2, 3, 4, 5, 6]);
    expectConsistent(d);
  });

  it('an empty document is one empty line', () => {
    expect(textMap(doc!.create(null, [p()])).text).toBe('');
  });
});

describe('alignOffsets', () => {
  it('maps every character of identical texts to itself', () => {
    expect([...alignOffsets('甲乙\n丙', '甲乙\n丙')]).toEqual([0, 1, 2, 3]);
  });

  it('skips characters typed since and drops characters deleted since', () => {
    expect([...alignOffsets('甲乙丙', '甲X乙丙')]).toEqual([0, 2, 3]);
    expect([...alignOffsets('甲乙丙丁', '甲丁')]).toEqual([0, -1, -1, 1]);
    // Typing in two places at once (a colleague at the start, oneself at the end).
    expect([...alignOffsets('今年以来，全区经济运行平稳。', '新：今年以来，全区经济运行平稳。补充')].slice(0, 3)).toEqual([2, 3, 4]);
  });

  it('keeps surrogate pairs whole', () => {
    expect([...alignOffsets('👍好', '新👍好')]).toEqual([1, 2, 3]);
    // 👍 and 👎 share their high surrogate: the pair is replaced whole, not half of it.
    expect([...alignOffsets('甲👍乙', '甲👎乙')]).toEqual([0, -1, -1, 3]);
    expect([...alignOffsets('👍', '👎')]).toEqual([-1, -1]);
  });

  it('aligns a long text in linear time around a small change', () => {
    const long = '今年以来，全区经济运行平稳。'.repeat(20_000);
    const edited = `${long.slice(0, 140_000)}新增${long.slice(140_000)}`;
    const started = performance.now();
    const map = alignOffsets(long, edited);
    expect(performance.now() - started).toBeLessThan(500);
    expect(map[139_999]).toBe(139_999);
    expect(map[140_000]).toBe(140_002);
    expect(map[long.length - 1]).toBe(edited.length - 1);
  });

  it('maps a paragraph longer than the argument stack', () => {
    const text = '字'.repeat(300_000);
    const d = doc!.create(null, [p(text), p('尾')]);
    const map = textMap(d);
    expect(map.text.length).toBe(300_002);
    expect(map.positions[300_001]).toBe(300_003);
  });
});
