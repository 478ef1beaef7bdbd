import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/ApiError';
import { PageNav } from './PageNav';
import { ReportLoadState } from './ReportLoadState';

describe('PageNav', () => {
  it('links back and tells why the report shown is stale', () => {
    const html = renderToStaticMarkup(createElement(PageNav, { backHref: '#/reports', backLabel: '返回报告列表', refreshError: new ApiError(0, 'network_error', '无法连接服务器') }));
    expect(html).toContain('href="#/reports"');
    expect(html).toContain('返回报告列表');
    expect(html).toContain('显示的是上次获取的报告信息（无法连接服务器）');
  });

  it('shows no notice while the report is fresh', () => {
    expect(renderToStaticMarkup(createElement(PageNav, { backHref: '#/', backLabel: '返回报告', refreshError: null }))).not.toContain('page-nav__stale');
  });
});

describe('ReportLoadState', () => {
  const onRetry = vi.fn();
  const markup = (state: Parameters<typeof ReportLoadState>[0]['state']) => renderToStaticMarkup(createElement(ReportLoadState, { state, loadingLabel: '正在加载报告…', onRetry }));

  it('shows skeletons while loading and nothing once ready', () => {
    expect(markup({ status: 'loading' })).toContain('正在加载报告…');
    expect(markup({ status: 'ready', data: {}, refreshError: null })).toBe('');
  });

  it('leads back to the list on 403/404 and offers a retry otherwise', () => {
    const gone = markup({ status: 'error', error: new ApiError(404, 'not_found', '报告不存在') });
    expect(gone).toContain('无法查看此报告');
    expect(gone).toContain('返回报告列表');
    expect(gone).not.toContain('重试');
    const failed = markup({ status: 'error', error: new ApiError(503, 'http_503', '服务暂时不可用') });
    expect(failed).toContain('服务暂时不可用');
    expect(failed).toContain('重试');
  });
});
