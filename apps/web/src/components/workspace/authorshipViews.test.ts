import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { Authorship } from '../../api/authorshipApi';
import { AuthorshipLegend } from './AuthorshipLegend';
import { AuthorshipToggle } from './AuthorshipToggle';

const data: Authorship = {
  text: '甲乙丙',
  spans: [
    { start: 0, end: 1, user: { id: 'u1', username: 'wjj', name: '张卫民', color: 'hsl(6, 55%, 30%)' }, bureau: { id: 'b1', name: '卫健局' }, at: '2026-12-03T06:05:00Z' },
    { start: 1, end: 2, user: { id: 'u2', username: 'wjj2', name: '李娜', color: 'hsl(6, 62%, 38%)' }, bureau: { id: 'b1', name: '卫健局' }, at: '2026-12-03T06:05:00Z' },
    { start: 2, end: 3, user: { id: 'u3', username: 'bgs', name: '李文静', color: 'hsl(210, 58%, 46%)' }, bureau: { id: 'b0', name: '办公室' }, at: '2026-12-03T06:05:00Z' },
  ],
};

describe('AuthorshipToggle', () => {
  it('is a pressed button while on', () => {
    const on = renderToStaticMarkup(createElement(AuthorshipToggle, { on: true, loading: false, legendId: 'l', onToggle: vi.fn() }));
    expect(on).toContain('aria-pressed="true"');
    expect(on).toContain('aria-controls="l"');
    expect(on).toContain('显示修改人');
    expect(renderToStaticMarkup(createElement(AuthorshipToggle, { on: false, loading: false, legendId: 'l', onToggle: vi.fn() }))).toContain('aria-pressed="false"');
  });
});

describe('AuthorshipLegend', () => {
  const text = (html: string) => html.replace(/<[^>]+>/g, '');

  it('lists the writers by bureau in their colours', () => {
    const html = renderToStaticMarkup(createElement(AuthorshipLegend, { id: 'l', load: { data, loading: false, error: null } }));
    expect(text(html)).toBe('修改人卫健局：张卫民、李娜办公室：李文静');
    expect(html).toContain('background-color:hsl(6, 55%, 30%)');
  });

  it('says when it is loading, when there is no text, and why an update failed', () => {
    expect(text(renderToStaticMarkup(createElement(AuthorshipLegend, { id: 'l', load: { data: null, loading: true, error: null } })))).toBe('修改人正在加载…');
    expect(text(renderToStaticMarkup(createElement(AuthorshipLegend, { id: 'l', load: { data: { text: '', spans: [] }, loading: false, error: null } })))).toBe(
      '修改人本节尚无文字',
    );
    const failed = renderToStaticMarkup(createElement(AuthorshipLegend, { id: 'l', load: { data, loading: false, error: '无法连接服务器' } }));
    expect(failed).toContain('修改人信息未能更新：无法连接服务器');
    expect(failed).toContain('role="alert"');
  });
});
