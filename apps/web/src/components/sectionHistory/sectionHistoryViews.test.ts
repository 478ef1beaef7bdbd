import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { HistoryDiffPart } from '../../api/sectionHistoryApi';
import { timelineLine } from '../../model/sectionTimeline';
import { AuthoredText } from './AuthoredText';
import { DiffText } from './DiffText';
import { SectionHistoryButton } from './SectionHistoryButton';
import { TimelineList } from './TimelineList';

const wjj = { id: 'u1', username: 'wjj', name: '张卫民', color: 'hsl(6, 55%, 30%)' };
const bgs = { id: 'u2', username: 'bgs', name: '李文静', color: 'hsl(210, 50%, 35%)' };
const bureau = { id: 'b1', name: '卫健局' };
const at = new Date(2026, 11, 3, 14, 5).toISOString();
const now = new Date(2026, 11, 6, 9, 0);
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('section history views', () => {
  it('the card’s button reads 修改记录', () => {
    expect(text(renderToStaticMarkup(createElement(SectionHistoryButton, { sectionId: 's1', label: '（一）疫情防控', canRestore: false })))).toBe('修改记录');
  });

  it('paints a past text in its writers’ colours, titled who and when', () => {
    const html = renderToStaticMarkup(createElement(AuthoredText, { data: { text: '增长12%', spans: [{ start: 0, end: 5, user: wjj, bureau, at }] }, now }));
    expect(html).toContain('title="张卫民（卫健局）· 12月3日 14:05 写入"');
    expect(html).toContain('background-color:hsla(6, 55%, 30%, 0.18)');
    expect(html).toContain('border-bottom-color:hsl(6, 55%, 30%)');
    expect(text(renderToStaticMarkup(createElement(AuthoredText, { data: { text: '', spans: [] }, now })))).toBe('（此时本节还没有内容）');
  });

  it('underlines insertions in the writer’s colour and strikes deletions in the deleter’s', () => {
    const parts: HistoryDiffPart[] = [
      { kind: 'equal', text: '同比增长' },
      { kind: 'delete', text: '12', user: wjj, bureau, at },
      { kind: 'insert', text: '15', user: bgs, bureau: null, at },
      { kind: 'equal', text: '%' },
    ];
    const html = renderToStaticMarkup(createElement(DiffText, { parts, now }));
    expect(html).toMatch(/<del class="sh-diff__delete" title="张卫民（卫健局）· 12月3日 14:05 删除" data-author-id="u1" style="color:hsl\(6, 55%, 30%\);text-decoration-color:hsl\(6, 55%, 30%\)">12<\/del>/);
    expect(html).toMatch(/<ins class="sh-diff__insert" title="李文静 · 12月3日 14:05 写入" data-author-id="u2" style="background-color:hsla\(210, 50%, 35%, 0.18\);text-decoration-color:hsl\(210, 50%, 35%\)">15<\/ins>/);
    expect(text(html)).toContain('新增 2 字删除 2 字');
    expect(text(renderToStaticMarkup(createElement(DiffText, { parts: [{ kind: 'equal', text: '甲' }], now })))).toContain('两个时间点之间文字没有变化');
  });

  it('lists sessions and steps with their labels, the reason of a 退回, and 对比 boxes', () => {
    const lines = [
      timelineLine({ kind: 'event', type: 'section.return', user: bgs, at, seq: 9, reason: '数据需核实' }, now),
      timelineLine({ kind: 'edit', user: wjj, bureau, from: at, to: at, fromSeq: 1, toSeq: 9, added: 12, removed: 2 }, now),
    ];
    const html = renderToStaticMarkup(createElement(TimelineList, { lines, selected: lines[1]!.key, picked: [lines[0]!.key], onSelect: vi.fn(), onPick: vi.fn() }));
    expect(text(html)).toContain('退回李文静12月3日 14:05理由：数据需核实');
    expect(text(html)).toContain('张卫民（卫健局）12月3日 14:05 · +12 −2字');
    expect(html.match(/type="checkbox"/g)).toHaveLength(2);
    expect(html).toContain('data-type="section.return" data-seq="9"');
    expect(html).toMatch(/sh-entry--selected/);
  });
});
