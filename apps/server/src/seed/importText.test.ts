import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MemoryDocStore } from '@hegao/collab';
import { fragmentToJSON, fragmentToText } from '@hegao/schema';
import { blocksToDocJSON, importSectionBlocks, importSectionText } from './importText.js';

const author = { id: 'u-bgs', bureauId: 'b-office' };

describe('importSectionText', () => {
  it('stores the paragraphs as one update attributed to the author', async () => {
    const store = new MemoryDocStore();
    await importSectionText(store, 'section-1', ['加强基层组织建设。以“党建领航”工程为总抓手。', '上半年共调整干部X名。'], author);
    const history = await store.history('section-1');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ userId: 'u-bgs', bureauId: 'b-office', connectionId: 'seed-import' });
    const loaded = await store.load('section-1');
    const doc = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    expect(fragmentToText(doc.getXmlFragment('prosemirror'))).toBe('加强基层组织建设。以“党建领航”工程为总抓手。\n上半年共调整干部X名。');
    // The importing clientID is bound to the author, like any writer's.
    expect([...loaded.bindings.values()]).toEqual(['u-bgs']);
  });

  it('writes nothing for no paragraphs', async () => {
    const store = new MemoryDocStore();
    await importSectionText(store, 'section-2', [], author);
    expect(await store.history('section-2')).toEqual([]);
  });
});

describe('importSectionBlocks', () => {
  it('writes bold runs, lists and tables in the section schema, as one update by the author', async () => {
    const store = new MemoryDocStore();
    await importSectionBlocks(
      store,
      'section-3',
      [
        { type: 'paragraph', runs: [{ text: '深入组织动员，构建防控体系。', bold: true }, { text: '全区共排查X人。' }] },
        { type: 'paragraph', runs: [{ text: '  ' }] },
        { type: 'bullet_list', items: ['加强排查', '', '落实隔离'] },
        { type: 'ordered_list', items: ['第一项'] },
        { type: 'table', rows: [['指标', '数值'], ['生产总值', 'X\n亿元']] },
      ],
      author,
      'import',
    );
    const history = await store.history('section-3');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ userId: 'u-bgs', connectionId: 'import' });
    const loaded = await store.load('section-3');
    const doc = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    const json = fragmentToJSON(doc.getXmlFragment('prosemirror'));
    expect(json.content!.map((n) => n.type)).toEqual(['paragraph', 'bullet_list', 'ordered_list', 'table']);
    expect(json.content![0]!.content).toEqual([
      { type: 'text', text: '深入组织动员，构建防控体系。', marks: [{ type: 'strong' }] },
      { type: 'text', text: '全区共排查X人。' },
    ]);
    expect(json.content![1]!.content).toHaveLength(2);
    expect(fragmentToText(doc.getXmlFragment('prosemirror'))).toBe(
      '深入组织动员，构建防控体系。全区共排查X人。\n加强排查\n落实隔离\n第一项\n指标\t数值\n生产总值\tX 亿元',
    );
  });
});

describe('blocksToDocJSON', () => {
  it('makes hard breaks of line breaks inside a paragraph and one empty paragraph of nothing', () => {
    expect(blocksToDocJSON([{ type: 'paragraph', runs: [{ text: '甲\n乙\n' }] }])).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '甲' }, { type: 'hard_break' }, { type: 'text', text: '乙' }] }],
    });
    expect(blocksToDocJSON([{ type: 'table', rows: [] }, { type: 'bullet_list', items: [' '] }])).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
  });
});
