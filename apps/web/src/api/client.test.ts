import { describe, expect, it, vi } from 'vitest';
import { NETWORK_ERROR_MESSAGE } from './ApiError';
import { createApiClient } from './client';
import { fakeFetch, json, rejection } from './testFetch';
import { testMe, testReport, testSection } from '../testReport';
import type { ReportSummary } from './types';

const me = testMe();

describe('createApiClient', () => {
  describe('login', () => {
    it('posts JSON with same-origin credentials and returns the user', async () => {
      const { fetch, calls } = fakeFetch(json(200, { user: me }));
      const api = createApiClient({ fetch });

      await expect(api.login('wjj', 'secret')).resolves.toEqual(me);

      expect(calls).toHaveLength(1);
      const [call] = calls;
      expect(call?.url).toBe('/api/auth/login');
      expect(call?.init.method).toBe('POST');
      expect(call?.init.credentials).toBe('same-origin');
      expect((call?.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
      expect(JSON.parse(String(call?.init.body))).toEqual({ username: 'wjj', password: 'secret' });
    });

    it("surfaces the server's Chinese message on 401 without signalling an expired session", async () => {
      const { fetch } = fakeFetch(json(401, { error: 'invalid_credentials', message: '用户名或密码错误' }));
      const api = createApiClient({ fetch });
      const expired = vi.fn();
      api.onUnauthorized(expired);

      const error = await rejection(api.login('wjj', 'wrong'));
      expect(error.status).toBe(401);
      expect(error.code).toBe('invalid_credentials');
      expect(error.message).toBe('用户名或密码错误');
      expect(expired).not.toHaveBeenCalled();
    });

    it('passes through rate limiting and validation messages', async () => {
      const { fetch } = fakeFetch(
        json(429, { error: 'rate_limited', message: '登录尝试过于频繁，请5分钟后再试' }),
        json(400, { error: 'invalid_body', message: '请填写用户名' }),
      );
      const api = createApiClient({ fetch });

      const limited = await rejection(api.login('wjj', 'x'));
      expect([limited.status, limited.code, limited.message]).toEqual([429, 'rate_limited', '登录尝试过于频繁，请5分钟后再试']);
      const invalid = await rejection(api.login('', 'x'));
      expect([invalid.status, invalid.code, invalid.message]).toEqual([400, 'invalid_body', '请填写用户名']);
    });

    it('rejects a 200 without a user, or with a user of another shape, as an unrecognised response', async () => {
      const { fetch } = fakeFetch(json(200, { ok: true }), json(200, { user: { ...me, id: 1 } }));
      const api = createApiClient({ fetch });
      expect((await rejection(api.login('wjj', 'x'))).code).toBe('invalid_response');
      expect((await rejection(api.login('wjj', 'x'))).code).toBe('invalid_response');
    });
  });

  describe('error bodies', () => {
    it('falls back to a Chinese message by status when the body is not JSON', async () => {
      const { fetch } = fakeFetch(new Response('<html>Bad Gateway</html>', { status: 502 }));
      const error = await rejection(createApiClient({ fetch }).listReports());
      expect(error.status).toBe(502);
      expect(error.code).toBe('http_502');
      expect(error.message).toBe('服务暂时不可用，请稍后重试');
    });

    it('falls back when the message is missing or blank but keeps the code', async () => {
      const { fetch } = fakeFetch(json(500, { error: 'internal', message: '  ' }), json(403, { error: 'forbidden' }));
      const api = createApiClient({ fetch });

      const server = await rejection(api.listReports());
      expect([server.code, server.message]).toEqual(['internal', '服务器出现错误，请稍后重试']);
      const forbidden = await rejection(api.getReport('r7'));
      expect([forbidden.code, forbidden.message]).toEqual(['forbidden', '没有权限执行此操作']);
    });

    it('reports a network failure as status 0 with a Chinese message', async () => {
      const { fetch } = fakeFetch(new TypeError('Failed to fetch'));
      const error = await rejection(createApiClient({ fetch }).listReports());
      expect(error.status).toBe(0);
      expect(error.code).toBe('network_error');
      expect(error.message).toBe(NETWORK_ERROR_MESSAGE);
    });

    it('rethrows aborts untouched so callers can ignore them', async () => {
      const abort = new DOMException('The operation was aborted.', 'AbortError');
      const { fetch } = fakeFetch(abort);
      await expect(createApiClient({ fetch }).listReports(new AbortController().signal)).rejects.toBe(abort);
    });

    it('rejects a 200 whose body is not JSON', async () => {
      const { fetch } = fakeFetch(new Response('<!doctype html><html></html>', { status: 200 }));
      const error = await rejection(createApiClient({ fetch }).listReports());
      expect(error.code).toBe('invalid_response');
      expect(error.message).toMatch(/无法识别/);
    });

    it('rejects a report list that is not an array', async () => {
      const { fetch } = fakeFetch(json(200, { reports: [] }));
      const error = await rejection(createApiClient({ fetch }).listReports());
      expect(error.code).toBe('invalid_response');
    });
  });

  describe('session', () => {
    it('me() resolves null on 401 without signalling expiry', async () => {
      const { fetch } = fakeFetch(json(401, { error: 'unauthorized', message: '请先登录' }));
      const api = createApiClient({ fetch });
      const expired = vi.fn();
      api.onUnauthorized(expired);

      await expect(api.me()).resolves.toBeNull();
      expect(expired).not.toHaveBeenCalled();
    });

    it('me() returns the user and sends the session cookie', async () => {
      const { fetch, calls } = fakeFetch(json(200, me));
      await expect(createApiClient({ fetch }).me()).resolves.toEqual(me);
      expect(calls[0]?.init.credentials).toBe('same-origin');
      expect(calls[0]?.init.method).toBe('GET');
      expect(calls[0]?.init.body).toBeUndefined();
    });

    it('me() rejects a user without the fields the contract names', async () => {
      const { roleLabel: _, ...withoutLabel } = me;
      const { fetch } = fakeFetch(json(200, withoutLabel));
      expect((await rejection(createApiClient({ fetch }).me())).code).toBe('invalid_response');
    });

    it('me() still rejects on server errors', async () => {
      const { fetch } = fakeFetch(json(500, { error: 'internal', message: '数据库不可用' }));
      const error = await rejection(createApiClient({ fetch }).me());
      expect(error.message).toBe('数据库不可用');
    });

    it('signals expiry when an authenticated request gets 401, until unsubscribed', async () => {
      const body = { error: 'unauthorized', message: '登录已失效' };
      const { fetch } = fakeFetch(json(401, body), json(401, body));
      const api = createApiClient({ fetch });
      const expired = vi.fn();
      const unsubscribe = api.onUnauthorized(expired);

      const error = await rejection(api.listReports());
      expect(error.status).toBe(401);
      expect(expired).toHaveBeenCalledTimes(1);

      unsubscribe();
      await rejection(api.getReport('r1'));
      expect(expired).toHaveBeenCalledTimes(1);
    });

    it('logout() posts JSON, accepts 204, and treats 401 as already signed out', async () => {
      const { fetch, calls } = fakeFetch(new Response(null, { status: 204 }), json(401, { error: 'unauthorized', message: '未登录' }));
      const api = createApiClient({ fetch });

      await expect(api.logout()).resolves.toBeUndefined();
      expect(calls[0]?.url).toBe('/api/auth/logout');
      expect(calls[0]?.init.method).toBe('POST');
      expect((calls[0]?.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
      await expect(api.logout()).resolves.toBeUndefined();
    });

    it('logout() rejects when the server cannot be reached', async () => {
      const { fetch } = fakeFetch(new TypeError('Failed to fetch'));
      const error = await rejection(createApiClient({ fetch }).logout());
      expect(error.code).toBe('network_error');
    });
  });

  describe('reports', () => {
    it('lists reports', async () => {
      const summary: ReportSummary = {
        id: 'r1',
        title: '示例区2020年上半年工作总结及下半年工作计划',
        period: '2020年上半年',
        kind: 'half_year',
        status: 'drafting',
        statusLabel: '起草中',
        dueDate: '2020-07-10',
        version: 0,
        sectionCount: 2,
        statusCounts: { not_started: 0, drafting: 2, submitted: 0, returned: 0, approved: 0 },
        mySections: [{ id: 's1', number: '（一）', title: '疫情防控', status: 'drafting', dueDate: '2020-07-10' }],
      };
      const { fetch, calls } = fakeFetch(json(200, [summary]));
      await expect(createApiClient({ fetch }).listReports()).resolves.toEqual([summary]);
      expect(calls[0]?.url).toBe('/api/reports');
    });

    it('rejects a list entry in a state the contract does not know', async () => {
      const { fetch } = fakeFetch(json(200, [{ id: 'r1', status: 'archived' }]));
      expect((await rejection(createApiClient({ fetch }).listReports())).code).toBe('invalid_response');
    });

    it('encodes the report id into the path and passes the abort signal', async () => {
      const report = testReport({ id: 'a/b c' }, [testSection('s1', { returnReason: '数据不全', status: 'returned', statusLabel: '已退回' })]);
      const { fetch, calls } = fakeFetch(json(200, report));
      const signal = new AbortController().signal;
      await expect(createApiClient({ fetch }).getReport('a/b c', signal)).resolves.toEqual(report);
      expect(calls[0]?.url).toBe('/api/reports/a%2Fb%20c');
      expect(calls[0]?.init.signal).toBe(signal);
    });

    it('rejects a report whose sections lack the contract’s fields (a numeric id, no return reason)', async () => {
      const { returnReason: _, ...section } = testSection('s1');
      const { fetch } = fakeFetch(json(200, testReport({}, [{ ...section, id: 1 } as never])));
      expect((await rejection(createApiClient({ fetch }).getReport('r1'))).code).toBe('invalid_response');
    });

    it('surfaces 404 with its message', async () => {
      const { fetch } = fakeFetch(json(404, { error: 'not_found', message: '报告不存在' }));
      const error = await rejection(createApiClient({ fetch }).getReport('r99'));
      expect([error.status, error.code, error.message]).toEqual([404, 'not_found', '报告不存在']);
    });
  });

  describe('sections', () => {
    it('submits a section with a JSON POST to its encoded path', async () => {
      const answer = { ...testSection('s 1', { status: 'submitted', statusLabel: '已提交' }), warnings: ['本节还有 1 处数据未填写（X）。'] };
      const { fetch, calls } = fakeFetch(json(200, answer));
      await expect(createApiClient({ fetch }).submitSection('s 1')).resolves.toEqual(answer);
      expect(calls[0]?.url).toBe('/api/sections/s%201/submit');
      expect(calls[0]?.init.method).toBe('POST');
      expect((calls[0]?.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    });

    it('surfaces a 409 with the server message', async () => {
      const { fetch } = fakeFetch(json(409, { error: 'conflict', message: '该章节当前为“已提交”，不能再次提交' }));
      const error = await rejection(createApiClient({ fetch }).submitSection('s1'));
      expect([error.status, error.message]).toEqual([409, '该章节当前为“已提交”，不能再次提交']);
    });
  });
});
