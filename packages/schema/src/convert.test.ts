import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToText, fragmentToJSON, fragmentToText, jsonToFragment, textToDocJSON, writeBlocks } from './convert.js';
import type { PMJSON } from './convert.js';
import { schema } from './schema.js';

// Canonical JSON: every block carries `source` (null outside the merged final draft).
const p = (...content: PMJSON[]): PMJSON =>
  content.length ? { type: 'paragraph', attrs: { source: null }, content } : { type: 'paragraph', attrs: { source: null } };
/** A paragraph as textToDocJSON writes it (no attrs: ProseMirror fills in the defaults). */
const plainP = (...content: PMJSON[]): PMJSON => (content.length ? { type: 'paragraph', content } : { type: 'paragraph' });
const t = (text: string, ...marks: string[]): PMJSON =>
  marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const h = (level: number, text: string): PMJSON => ({ type: 'heading', attrs: { level, source: null }, content: [t(text)] });
const br: PMJSON = { type: 'hard_break' };
const li = (...content: PMJSON[]): PMJSON => ({ type: 'list_item', content });
const cell = (...content: PMJSON[]): PMJSON => ({ type: 'table_cell', attrs: { colspan: 1, rowspan: 1 }, content });
const row = (...cells: PMJSON[]): PMJSON => ({ type: 'table_row', content: cells });
const doc = (...content: PMJSON[]): PMJSON => ({ type: 'doc', content });

/** A fresh section document's text fragment. */
function section(): { ydoc: Y.Doc; frag: Y.XmlFragment } {
  const ydoc = new Y.Doc();
  return { ydoc, frag: ydoc.getXmlFragment('prosemirror') };
}

/** Counts the Yjs updates `fn` produces. */
function updatesDuring(ydoc: Y.Doc, fn: () => void): number {
  let n = 0;
  const count = (): void => {
    n++;
  };
  ydoc.on('update', count);
  try {
    fn();
  } finally {
    ydoc.off('update', count);
  }
  return n;
}

// Real content from the seeds (district-half-year-summary-and-plan.txt, city-half-year-summary.txt).
const paragraphs = doc(
  p(t('2020年以来，在市委、市政府的正确领导下，X区紧紧围绕市委的战略部署。')),
  p(t('上半年预计X区实现地区生产总值X亿元，同比下降X%，降幅比一季度收窄X个百分点。')),
  p(),
);
const bold = doc(
  p(
    t('加强基层组织建设。', 'strong'),
    t('以“党建领航”工程为总抓手，把基层党组织建设成为坚强战斗堡垒。'),
  ),
  p(t('深入组织动员，构建防控体系。', 'strong', 'underline'), t('一是依托“三支队伍”', 'em'), br, t('二是')),
);
const headings = doc(
  h(1, '一、上半年工作完成情况'),
  h(2, '（一）深入实施“党建领航”工程，为高质量发展提供坚强保证'),
  h(3, '1. 加强基层组织建设'),
  h(4, '（1）城市'),
  p(t('在城市，持续巩固“大工委”、“大党委”成效。')),
);
const lists = doc(
  {
    type: 'bullet_list',
    attrs: { source: null },
    content: [
      li(p(t('一是加大经济运行调度力度'))),
      li(p(t('二是')), { type: 'ordered_list', attrs: { order: 1, source: null }, content: [li(p(t('①强化用地保障')))] }),
    ],
  },
  { type: 'ordered_list', attrs: { order: 3, source: null }, content: [li(p(t('三是')), p(t('续段'))), li(p(t('四是')))] },
);
const tables = doc(
  p(t('主要经济指标完成情况：')),
  {
    type: 'table',
    attrs: { source: null },
    content: [
      row(cell(p(t('指标', 'strong'))), cell(p(t('完成值'))), cell(p(t('增速')))),
      row(cell(p(t('地区生产总值'))), cell(p(t('X亿元'))), cell(p(t('X%')))),
      row(
        { type: 'table_cell', attrs: { colspan: 2, rowspan: 1 }, content: [p(t('固定资产投资')), p(t('（预计）'))] },
        cell(p()),
      ),
    ],
  },
);

describe('JSON → Y.XmlFragment → JSON', () => {
  const cases: Array<[string, PMJSON]> = [
    ['paragraphs', paragraphs],
    ['bold, marks and hard breaks', bold],
    ['headings', headings],
    ['lists', lists],
    ['tables', tables],
  ];
  for (const [name, json] of cases) {
    it(`round-trips ${name}`, () => {
      expect(schema.nodeFromJSON(json).toJSON()).toEqual(json); // the fixture is canonical
      const { frag } = section();
      jsonToFragment(json, frag);
      expect(fragmentToJSON(frag)).toEqual(json);
      // The editor (y-prosemirror's own reader) sees the same document.
      expect(yXmlFragmentToProseMirrorRootNode(frag, schema).toJSON()).toEqual(json);
    });
  }

  it('stores content another client receives through a Yjs update', () => {
    const a = section();
    jsonToFragment(tables, a.frag);
    const b = section();
    Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc));
    expect(fragmentToJSON(b.frag)).toEqual(tables);
  });

  it('replaces existing contents in one transaction, writing only the difference', () => {
    const { ydoc, frag } = section();
    jsonToFragment(headings, frag);
    const first = frag.get(0);
    const next = doc(...headings.content!.slice(0, 4), p(t('在农村，加强基层组织建设。')));
    expect(updatesDuring(ydoc, () => jsonToFragment(next, frag))).toBe(1);
    expect(fragmentToJSON(frag)).toEqual(next);
    expect(frag.get(0)).toBe(first); // unchanged headings keep their Yjs identity
    expect(updatesDuring(ydoc, () => jsonToFragment(next, frag))).toBe(0);
  });

  it('refuses a fragment that is not in a Y.Doc (it could not be read to be replaced)', () => {
    expect(() => jsonToFragment(bold, new Y.XmlFragment())).toThrow(TypeError);
  });

  it('rejects invalid documents and leaves the fragment unchanged', () => {
    const { ydoc, frag } = section();
    jsonToFragment(paragraphs, frag);
    const invalid: PMJSON[] = [
      doc(row(cell(p(t('a'))))),
      doc(p(t('a')), { type: 'image' }),
      doc(p(t('a', 'color'))),
      { type: 'doc', content: [] },
      p(t('not a doc')),
    ];
    for (const json of invalid) {
      expect(updatesDuring(ydoc, () => expect(() => jsonToFragment(json, frag)).toThrow(RangeError))).toBe(0);
    }
    expect(fragmentToJSON(frag)).toEqual(paragraphs);
  });
});

describe('fragmentToJSON', () => {
  it('reads an empty fragment as one empty paragraph without writing to it', () => {
    const { ydoc, frag } = section();
    expect(updatesDuring(ydoc, () => expect(fragmentToJSON(frag)).toEqual(doc(p())))).toBe(0);
    expect(frag.length).toBe(0);
  });

  it('normalizes attributes and mark order as ProseMirror would', () => {
    const { ydoc, frag } = section();
    ydoc.transact(() => {
      const para = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      para.insert(0, [text]);
      const heading = new Y.XmlElement('heading'); // level not stored → default 1
      heading.insert(0, [new Y.XmlText('标题')]);
      frag.insert(0, [heading, para]);
      text.insert(0, '加强基层组织建设。', { underline: {}, em: {}, strong: {} });
      text.insert(text.length, '以“党建领航”工程为总抓手。', {}); // {}: don't inherit the marks
    });
    expect(fragmentToJSON(frag)).toEqual(
      doc(h(1, '标题'), p(t('加强基层组织建设。', 'strong', 'em', 'underline'), t('以“党建领航”工程为总抓手。'))),
    );
  });

  it('repairs content the schema rejects, without modifying the Yjs document', () => {
    const { ydoc, frag } = section();
    ydoc.transact(() => {
      const image = new Y.XmlElement('image');
      image.insert(0, [new Y.XmlText('图片说明')]);
      const stray = new Y.XmlText('游离文字');
      const para = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      para.insert(0, [text]);
      const table = new Y.XmlElement('table');
      const tr = new Y.XmlElement('table_row');
      tr.insert(0, [new Y.XmlElement('table_cell')]); // a cell needs a paragraph
      table.insert(0, [tr]);
      const emptyList = new Y.XmlElement('bullet_list'); // a list needs an item
      frag.insert(0, [image, stray, para, table, emptyList]);
      text.insert(0, '同比增长X%', { strong: {}, highlight: { color: 'yellow' } });
    });
    const before = Y.encodeStateAsUpdate(ydoc);
    let json: PMJSON | undefined;
    expect(updatesDuring(ydoc, () => (json = fragmentToJSON(frag)))).toBe(0);
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before);
    expect(json).toEqual(
      doc(
        p(t('游离文字')),
        p(t('同比增长X%', 'strong')),
        { type: 'table', attrs: { source: null }, content: [row(cell(p()))] },
        { type: 'bullet_list', attrs: { source: null }, content: [li(p())] },
      ),
    );
    expect(() => schema.nodeFromJSON(json!).check()).not.toThrow();
  });

  it('skips content y-prosemirror never writes (stored before the collab server refused it) instead of throwing', () => {
    const { ydoc, frag } = section();
    // Yjs' insert functions take more than their typings say; a hostile client fed them these.
    const child = (v: unknown) => v as Y.XmlElement;
    ydoc.transact(() => {
      const para = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      para.insert(0, [text, child(new Y.Map()), child(7)]);
      const heading = new Y.XmlElement('heading');
      heading.insert(0, [new Y.XmlText('标题')]);
      heading.setAttribute('level', new Y.Map() as unknown as string);
      frag.insert(0, [child(new Y.Map()), child(42), child('文字'), child(new Uint8Array([1])), child(new Y.Array()), heading, para, child(new Y.Doc())]);
      text.insert(0, '正文', { strong: {} });
      text.insertEmbed(1, { image: 'x.png' });
      text.insertEmbed(2, new Y.XmlElement('paragraph'));
      text.insert(text.length, '续', { link: 5, strong: {} });
    });
    // y-prosemirror's own reader throws on this document.
    expect(() => yXmlFragmentToProseMirrorRootNode(frag, schema)).toThrow();
    let json: PMJSON | undefined;
    expect(updatesDuring(ydoc, () => (json = fragmentToJSON(frag)))).toBe(0);
    expect(json).toEqual(doc(h(1, '标题'), p(t('正文续', 'strong'))));
    expect(fragmentToText(frag)).toBe('标题\n正文续');
    expect(JSON.stringify(json)).not.toContain('image');
  });
});

describe('plain text', () => {
  it('puts paragraphs and headings on lines and table cells between tabs', () => {
    const { frag } = section();
    jsonToFragment(doc(...headings.content!, ...tables.content!, ...lists.content!, ...bold.content!), frag);
    expect(fragmentToText(frag)).toBe(
      [
        '一、上半年工作完成情况',
        '（一）深入实施“党建领航”工程，为高质量发展提供坚强保证',
        '1. 加强基层组织建设',
        '（1）城市',
        '在城市，持续巩固“大工委”、“大党委”成效。',
        '主要经济指标完成情况：',
        '指标\t完成值\t增速',
        '地区生产总值\tX亿元\tX%',
        '固定资产投资 （预计）\t',
        '一是加大经济运行调度力度',
        '二是',
        '①强化用地保障',
        '三是',
        '续段',
        '四是',
        '加强基层组织建设。以“党建领航”工程为总抓手，把基层党组织建设成为坚强战斗堡垒。',
        '深入组织动员，构建防控体系。一是依托“三支队伍”',
        '二是',
      ].join('\n'),
    );
  });

  it('keeps empty paragraphs as empty lines and hard breaks in cells as spaces', () => {
    expect(docToText(paragraphs)).toBe(
      '2020年以来，在市委、市政府的正确领导下，X区紧紧围绕市委的战略部署。\n' +
        '上半年预计X区实现地区生产总值X亿元，同比下降X%，降幅比一季度收窄X个百分点。\n',
    );
    expect(docToText(doc({ type: 'table', content: [row(cell(p(t('上半年'), br, t('完成'))), cell(p(t('X亿元'))))] }))).toBe(
      '上半年 完成\tX亿元',
    );
    expect(docToText(doc(p()))).toBe('');
  });

  it('turns each non-empty line into a paragraph', () => {
    const text =
      '区2020年上半年工作总结及下半年工作计划\r\n' +
      '\r\n' +
      '　　一、上半年工作完成情况 \n' +
      '   \n' +
      '加强基层组织建设。以“党建领航”工程为总抓手。\r' +
      '\t';
    const json = textToDocJSON(text);
    expect(json).toEqual(
      doc(
        plainP(t('区2020年上半年工作总结及下半年工作计划')),
        plainP(t('一、上半年工作完成情况')),
        plainP(t('加强基层组织建设。以“党建领航”工程为总抓手。')),
      ),
    );
    expect(() => schema.nodeFromJSON(json).check()).not.toThrow();
    expect(docToText(json)).toBe(
      '区2020年上半年工作总结及下半年工作计划\n一、上半年工作完成情况\n加强基层组织建设。以“党建领航”工程为总抓手。',
    );
  });

  it('gives a valid document for empty text', () => {
    expect(textToDocJSON('')).toEqual(doc(plainP()));
    expect(textToDocJSON(' \n　\n')).toEqual(doc(plainP()));
  });
});

describe('writeBlocks', () => {
  const para = (text: string, source: string | null = 's1'): PMJSON => ({ type: 'paragraph', attrs: { source }, content: [{ type: 'text', text }] });
  /** The Yjs client that wrote each top-level block's text (its first item). */
  const writers = (frag: Y.XmlFragment): number[] =>
    frag.toArray().map((el) => {
      const text = (el as Y.XmlElement).firstChild as Y.XmlText;
      return (text as unknown as { _start: { id: { client: number } } })._start.id.client;
    });

  it('leaves the blocks that stay untouched: only changed blocks are rewritten, attributes updated in place', () => {
    const doc = new Y.Doc();
    doc.clientID = 1;
    const frag = doc.getXmlFragment('prosemirror');
    jsonToFragment({ type: 'doc', content: [para('甲段落。'), para('乙段落。'), para('丙段落。'), para('丁段落。')] }, frag);
    doc.clientID = 2;
    // A new paragraph before 乙 (which jsonToFragment would pair with 乙 by position), 丙 changed, 丁 re-linked.
    writeBlocks({ type: 'doc', content: [para('甲段落。'), para('新插入的段落。'), para('乙段落。'), para('丙段落（改）。'), para('丁段落。', 's2')] }, frag);
    expect(fragmentToText(frag).split('\n')).toEqual(['甲段落。', '新插入的段落。', '乙段落。', '丙段落（改）。', '丁段落。']);
    expect(writers(frag)).toEqual([1, 2, 1, 2, 1]);
    expect(fragmentToJSON(frag).content?.map((b) => b.attrs?.['source'])).toEqual(['s1', 's1', 's1', 's1', 's2']);
  });

  it('writes the same document jsonToFragment writes', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const start = { type: 'doc', content: [para('一'), para('二'), para('三')] };
    const end = { type: 'doc', content: [para('三'), para('一', null), para('四')] };
    jsonToFragment(start, a.getXmlFragment('prosemirror'));
    jsonToFragment(start, b.getXmlFragment('prosemirror'));
    jsonToFragment(end, a.getXmlFragment('prosemirror'));
    writeBlocks(end, b.getXmlFragment('prosemirror'));
    expect(fragmentToJSON(b.getXmlFragment('prosemirror'))).toEqual(fragmentToJSON(a.getXmlFragment('prosemirror')));
  });
});
