import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fragmentToText, jsonToFragment, type PMJSON } from './convert.js';
import { textWithRuns } from './textRuns.js';

const p = (...content: PMJSON[]): PMJSON => ({ type: 'paragraph', content });
const t = (text: string, marks?: PMJSON['marks']): PMJSON => ({ type: 'text', text, ...(marks ? { marks } : {}) });
const br: PMJSON = { type: 'hard_break' };
const cell = (...content: PMJSON[]): PMJSON => ({ type: 'table_cell', content });

function docOf(json: PMJSON): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  jsonToFragment(json, doc.getXmlFragment('prosemirror'));
  return doc;
}

/** Every non-line-break character covered exactly once, in order, by runs of real items. */
function expectCovering(doc: Y.Doc, text: string, runs: ReturnType<typeof textWithRuns>['runs']): void {
  let at = 0;
  for (const run of runs) {
    expect(run.start).toBeGreaterThanOrEqual(at);
    expect(text.slice(at, run.start)).toMatch(/^\n*$/);
    expect(run.end).toBeGreaterThan(run.start);
    expect(run.clock + (run.end - run.start)).toBeLessThanOrEqual(Y.getState(doc.store, run.client));
    at = run.end;
  }
  expect(text.slice(at)).toMatch(/^\n*$/);
}

const SHAPES: Array<[string, PMJSON]> = [
  ['paragraphs and a heading', { type: 'doc', content: [{ type: 'heading', attrs: { level: 2 }, content: [t('一、总体情况')] }, p(t('上半年')), p(), p(t('GDP 增长 '), t('6.5%', [{ type: 'strong' }]), t('。'))] }],
  ['hard breaks', { type: 'doc', content: [p(t('第一行'), br, t('第二行'), br, br)] }],
  [
    'nested lists',
    {
      type: 'doc',
      content: [
        {
          type: 'bullet_list',
          content: [
            { type: 'list_item', content: [p(t('一')), { type: 'ordered_list', content: [{ type: 'list_item', content: [p(t('甲')), p(t('乙'))] }] }] },
            { type: 'list_item', content: [p(t('二'))] },
          ],
        },
      ],
    },
  ],
  [
    'a table with multi-paragraph cells and breaks',
    {
      type: 'doc',
      content: [
        p(t('表前')),
        {
          type: 'table',
          content: [
            { type: 'table_row', content: [cell(p(t('指标'))), cell(p(t('数值')), p(t('（亿元）'))), cell(p())] },
            { type: 'table_row', content: [cell(p(t('GDP'), br, t('全年'))), cell(p(t('123.4'))), cell(p(t('↑')))] },
          ],
        },
        p(t('表后')),
      ],
    },
  ],
  ['emoji and surrogate pairs', { type: 'doc', content: [p(t('𠀋𠀍 汉字 👍🏽 end'))] }],
  ['an empty document', { type: 'doc', content: [p()] }],
];

describe('textWithRuns', () => {
  it.each(SHAPES)('gives the text fragmentToText gives, every character from a real item: %s', (_name, json) => {
    const doc = docOf(json);
    const fragment = doc.getXmlFragment('prosemirror');
    const { text, runs } = textWithRuns(fragment);
    expect(text).toBe(fragmentToText(fragment));
    expectCovering(doc, text, runs);
  });

  it('names, per character, the client that typed it — also when two clients interleave and delete', () => {
    const a = new Y.Doc({ gc: false });
    a.clientID = 1;
    const b = new Y.Doc({ gc: false });
    b.clientID = 2;
    const sync = () => {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    };
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    a.getXmlFragment('prosemirror').insert(0, [paragraph]);
    paragraph.insert(0, [text]);
    text.insert(0, 'AAAA');
    sync();
    const bText = (b.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    bText.insert(2, 'bb');
    sync();
    text.insert(6, 'aa');
    text.delete(0, 1);
    bText.format(0, 3, { strong: {} });
    sync();
    const result = textWithRuns(b.getXmlFragment('prosemirror'));
    expect(result.text).toBe('AbbAAaa');
    const who = [...result.text].map((_, i) => result.runs.find((r) => r.start <= i && i < r.end)!.client);
    expect(who).toEqual([1, 2, 2, 1, 1, 1, 1]);
    expectCovering(b, result.text, result.runs);
  });

  it('separators of a table belong to their cell and paragraph; line breaks to no one', () => {
    const doc = docOf(SHAPES[3]![1]);
    const { text, runs } = textWithRuns(doc.getXmlFragment('prosemirror'));
    expect(text).toBe('表前\n指标\t数值 （亿元）\t\nGDP 全年\t123.4\t↑\n表后');
    const covered = (i: number) => runs.some((r) => r.start <= i && i < r.end);
    [...text].forEach((ch, i) => expect(covered(i)).toBe(ch !== '\n'));
  });
});

describe('textWithRuns lines', () => {
  it('gives each line with the top-level block it belongs to; a hard break stays inside its line', () => {
    const doc = docOf(SHAPES[1]![1]);
    const fragment = doc.getXmlFragment('prosemirror');
    const { text, lines } = textWithRuns(fragment);
    expect(lines.map((l) => text.slice(l.start, l.end))).toEqual(['第一行\n第二行\n\n']);
    expect(lines[0]!.block).toBe(fragment.get(0));
  });

  it('lists and tables: one line per textblock or row, each with its top-level block', () => {
    for (const [, json] of [SHAPES[2]!, SHAPES[3]!, SHAPES[0]!]) {
      const doc = docOf(json);
      const fragment = doc.getXmlFragment('prosemirror');
      const { text, lines } = textWithRuns(fragment);
      expect(lines.map((l) => text.slice(l.start, l.end))).toEqual(text.split('\n'));
      for (const line of lines) expect(fragment.toArray()).toContain(line.block);
    }
    const table = textWithRuns(docOf(SHAPES[3]![1]).getXmlFragment('prosemirror'));
    expect(table.lines.map((l) => (l.block as Y.XmlElement).nodeName)).toEqual(['paragraph', 'table', 'table', 'paragraph']);
  });
});
