import { Window } from 'happy-dom';
import { DOMParser, DOMSerializer } from 'prosemirror-model';
import type { Node } from 'prosemirror-model';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fragmentToJSON, jsonToFragment } from './convert.js';
import type { PMJSON } from './convert.js';
import { schema } from './schema.js';

// A private DOM for paste tests: the schema module itself must import without one.
const window = new Window();
const document = window.document;
afterAll(async () => {
  await window.happyDOM.close();
});

function paste(html: string): PMJSON {
  const container = document.createElement('div');
  container.innerHTML = html;
  return DOMParser.fromSchema(schema).parse(container as never).toJSON() as PMJSON;
}

function render(doc: Node): string {
  const container = document.createElement('div');
  const fragment = DOMSerializer.fromSchema(schema).serializeFragment(doc.content, {
    document: document as never,
  });
  container.appendChild(fragment as never);
  return container.innerHTML;
}

// Canonical JSON: every block carries `source` (null outside the merged final draft).
const p = (...content: PMJSON[]): PMJSON => ({ type: 'paragraph', attrs: { source: null }, content });
const t = (text: string, ...marks: string[]): PMJSON =>
  marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const cell = (text: string): PMJSON => ({
  type: 'table_cell',
  attrs: { colspan: 1, rowspan: 1 },
  content: [p(t(text))],
});

describe('schema', () => {
  it('has the stable node and mark names stored in Yjs', () => {
    expect(Object.keys(schema.nodes).sort()).toEqual(
      [
        'bullet_list',
        'doc',
        'hard_break',
        'heading',
        'list_item',
        'ordered_list',
        'paragraph',
        'table',
        'table_cell',
        'table_row',
        'text',
      ].sort(),
    );
    expect(Object.keys(schema.marks)).toEqual(['strong', 'em', 'underline']);
    expect(schema.topNodeType.name).toBe('doc');
  });

  it('accepts a section with headings, lists and a table, and rejects misplaced nodes', () => {
    const doc = schema.nodeFromJSON({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [t('（一）深入实施“党建领航”工程')] },
        p(t('加强基层组织建设。', 'strong'), t('以“党建领航”工程为总抓手。')),
        { type: 'bullet_list', content: [{ type: 'list_item', content: [p(t('一是依托“三支队伍”'))] }] },
        { type: 'table', content: [{ type: 'table_row', content: [cell('指标'), cell('增速')] }] },
      ],
    });
    expect(() => doc.check()).not.toThrow();

    const rowInDoc = schema.nodeFromJSON({ type: 'doc', content: [{ type: 'table_row', content: [cell('a')] }] });
    expect(() => rowInDoc.check()).toThrow(RangeError);
    const tableInItem = schema.nodeFromJSON({
      type: 'doc',
      content: [
        {
          type: 'bullet_list',
          content: [
            {
              type: 'list_item',
              content: [p(t('a')), { type: 'table', content: [{ type: 'table_row', content: [cell('b')] }] }],
            },
          ],
        },
      ],
    });
    expect(() => tableInItem.check()).toThrow(RangeError);
    expect(() => schema.nodeFromJSON({ type: 'doc', content: [] }).check()).toThrow(RangeError);
  });
});

describe('paste (parseDOM)', () => {
  it('keeps paragraphs, bold and tables from Word HTML and drops the rest', () => {
    const html = `
      <style>p.MsoNormal { font-family: 仿宋_GB2312; }</style>
      <!--StartFragment-->
      <p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体'>加强基层组织建设。</span></b><span
        style='font-family:仿宋_GB2312;color:red'>以“党建领航”工程为总抓手，<a href="http://example.com">把基层党组织</a>建设成为坚强战斗堡垒。<o:p></o:p></span></p>
      <p class=MsoNormal><img src="logo.png"><s>删除线</s><font color=blue>文字</font></p>
      <table class=MsoTableGrid border=1 cellspacing=0>
        <tr><td width=120 valign=top><p class=MsoNormal>指标<o:p></o:p></p></td><th><p>增速</p></th></tr>
        <tr><td colspan=2><p>地区生产总值同比增长X%</p></td></tr>
      </table>
      <!--EndFragment-->`;
    expect(paste(html)).toEqual({
      type: 'doc',
      content: [
        p(t('加强基层组织建设。', 'strong'), t('以“党建领航”工程为总抓手，把基层党组织建设成为坚强战斗堡垒。')),
        p(t('删除线文字')),
        {
          type: 'table',
          attrs: { source: null },
          content: [
            { type: 'table_row', content: [cell('指标'), cell('增速')] },
            {
              type: 'table_row',
              content: [
                { type: 'table_cell', attrs: { colspan: 2, rowspan: 1 }, content: [p(t('地区生产总值同比增长X%'))] },
              ],
            },
          ],
        },
      ],
    });
  });

  it('reads bold from font-weight ≥ 600 and bold styles, as WPS and web pages write it', () => {
    const doc = paste(
      '<p><span style="font-weight:700">一是</span><span style="font-weight:600">二是</span>' +
        '<span style="font-weight: bold">三是</span><span style="font-weight:500">四是</span>' +
        '<span style="font-weight:normal">五是</span></p>' +
        '<p style="font-weight:bold">整段加粗</p>',
    );
    expect(doc.content).toEqual([
      p(t('一是二是三是', 'strong'), t('四是五是')),
      p(t('整段加粗', 'strong')),
    ]);
  });

  it('ignores the normal-weight <b> wrapper of Google Docs and reads italic and underline', () => {
    const doc = paste(
      '<b style="font-weight:normal" id="docs-internal-guid-1"><p dir="ltr">' +
        '<span style="font-weight:400">同比增长</span><span style="font-weight:700">X%</span></p>' +
        '<p><i>斜体</i><em>强调</em><u>下划线</u><span style="text-decoration:underline">下划</span>' +
        '<span style="font-style:italic;font-weight:700">粗斜</span></p></b>',
    );
    expect(doc.content).toEqual([
      p(t('同比增长'), t('X%', 'strong')),
      p(t('斜体强调', 'em'), t('下划线下划', 'underline'), t('粗斜', 'strong', 'em')),
    ]);
  });

  it('keeps headings, lists and line breaks; div lines become paragraphs', () => {
    const doc = paste(
      '<h1>一、上半年工作完成情况</h1><h3>（一）</h3><h6>小标题</h6>' +
        '<ol start="3"><li>第三项</li><li><p>第四项</p><ul><li>子项</li></ul></li></ol>' +
        '<div>第一行<br>第二行</div><div>另一段</div>',
    );
    expect(doc.content).toEqual([
      { type: 'heading', attrs: { level: 1, source: null }, content: [t('一、上半年工作完成情况')] },
      { type: 'heading', attrs: { level: 3, source: null }, content: [t('（一）')] },
      { type: 'heading', attrs: { level: 4, source: null }, content: [t('小标题')] },
      {
        type: 'ordered_list',
        attrs: { order: 3, source: null },
        content: [
          { type: 'list_item', content: [p(t('第三项'))] },
          {
            type: 'list_item',
            content: [
              p(t('第四项')),
              { type: 'bullet_list', attrs: { source: null }, content: [{ type: 'list_item', content: [p(t('子项'))] }] },
            ],
          },
        ],
      },
      p(t('第一行'), { type: 'hard_break' }, t('第二行')),
      p(t('另一段')),
    ]);
  });
});

describe('render (toDOM)', () => {
  it('writes plain HTML that pastes back to the same document', () => {
    const json: PMJSON = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2, source: null }, content: [t('（二）构建上下贯通的组织体系')] },
        p(t('深入组织动员，构建防控体系。', 'strong'), t('一是'), { type: 'hard_break' }, t('二是', 'em', 'underline')),
        { type: 'ordered_list', attrs: { order: 2, source: null }, content: [{ type: 'list_item', content: [p(t('第二'))] }] },
        {
          type: 'table',
          attrs: { source: null },
          content: [
            {
              type: 'table_row',
              content: [{ type: 'table_cell', attrs: { colspan: 2, rowspan: 1 }, content: [p(t('合计'))] }],
            },
          ],
        },
      ],
    };
    const html = render(schema.nodeFromJSON(json));
    expect(html).toBe(
      '<h2>（二）构建上下贯通的组织体系</h2>' +
        '<p><strong>深入组织动员，构建防控体系。</strong>一是<br><em><u>二是</u></em></p>' +
        '<ol start="2"><li><p>第二</p></li></ol>' +
        '<table><tbody><tr><td colspan="2"><p>合计</p></td></tr></tbody></table>',
    );
    expect(paste(html)).toEqual(json);
  });
});

describe('source (the section a block of the final draft came from)', () => {
  const blocks: PMJSON[] = [
    { type: 'heading', attrs: { level: 2, source: 's1' }, content: [t('（一）疫情防控')] },
    { type: 'paragraph', attrs: { source: 's1' }, content: [t('全区累计接种疫苗X万剂次。')] },
    { type: 'bullet_list', attrs: { source: 's2' }, content: [{ type: 'list_item', content: [p(t('一是'))] }] },
    { type: 'ordered_list', attrs: { order: 3, source: 's2' }, content: [{ type: 'list_item', content: [p(t('三是'))] }] },
    { type: 'table', attrs: { source: 's3' }, content: [{ type: 'table_row', content: [cell('指标')] }] },
  ];
  const json: PMJSON = { type: 'doc', content: blocks };

  it('is optional and null by default on every block node', () => {
    for (const name of ['paragraph', 'heading', 'bullet_list', 'ordered_list', 'table']) {
      expect(schema.nodes[name]!.create().attrs['source']).toBeNull();
    }
    expect(schema.nodeFromJSON({ type: 'paragraph' }).attrs['source']).toBeNull();
  });

  it('renders as data-source and pastes back, so moving a block inside the final draft keeps its link', () => {
    const html = render(schema.nodeFromJSON(json));
    expect(html).toBe(
      '<h2 data-source="s1">（一）疫情防控</h2>' +
        '<p data-source="s1">全区累计接种疫苗X万剂次。</p>' +
        '<ul data-source="s2"><li><p>一是</p></li></ul>' +
        '<ol start="3" data-source="s2"><li><p>三是</p></li></ol>' +
        '<table data-source="s3"><tbody><tr><td><p>指标</p></td></tr></tbody></table>',
    );
    expect(paste(html)).toEqual(schema.nodeFromJSON(json).toJSON());
  });

  it('drops a data-source that is not a section id', () => {
    const pasted = paste('<p data-source="x&quot; onclick=&quot;1">甲</p><p data-source="">乙</p>');
    expect(pasted.content!.map((b) => b.attrs?.['source'])).toEqual([null, null]);
  });

  it('is stored in Yjs only when set', () => {
    const ydoc = new Y.Doc();
    const frag = ydoc.getXmlFragment('prosemirror');
    jsonToFragment({ type: 'doc', content: [...blocks, p(t('无来源'))] }, frag);
    expect((frag.get(0) as Y.XmlElement).getAttribute('source')).toBe('s1');
    expect((frag.get(5) as Y.XmlElement).getAttributes()).toEqual({});
    expect(fragmentToJSON(frag)).toEqual(schema.nodeFromJSON({ type: 'doc', content: [...blocks, p(t('无来源'))] }).toJSON());
  });
});
