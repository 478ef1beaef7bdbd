import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './ApiError';
import { createReviewApi } from './reviewApi';
import { json } from './testFetch';
import { testSection } from '../testReport';

/** A section as `POST /api/sections/:id/return` answers it: shown alone (no number, level 0). */
const returned = testSection('s1', { number: '', level: 0, status: 'returned', statusLabel: '已退回', returnReason: '请补充6月底的数据' });

describe('createReviewApi', () => {
  it('posts JSON to the documented paths', async () => {
    const fetch = vi.fn(async (url: string | URL | Request) =>
      String(url).startsWith('/api/notifications') ? json(200, { unread: 0, items: [] }) : json(200, returned),
    );
    const api = createReviewApi({ fetch });
    await api.returnSection('s1', '请补充6月底的数据');
    await api.setResolved('c/9', false);
    await api.listNotifications({ unreadOnly: true });
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0]![0]).toBe('/api/sections/s1/return');
    expect(calls[0]![1].method).toBe('POST');
    expect(calls[0]![1].body).toBe(JSON.stringify({ reason: '请补充6月底的数据' }));
    expect((calls[0]![1].headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(calls[1]![0]).toBe('/api/comments/c%2F9/reopen');
    expect(calls[2]![0]).toBe('/api/notifications?unread=1');
  });

  it('resolves 通过 and 退回 with the section the server answered, in the contract’s shapes', async () => {
    const approved = { ...testSection('s1', { number: '', level: 0, status: 'approved', statusLabel: '已通过' }), warnings: ['本节还有 2 处数据未填写（X）。'] };
    expect(await createReviewApi({ fetch: async () => json(200, approved) }).approveSection('s1')).toEqual(approved);
    expect(await createReviewApi({ fetch: async () => json(200, returned) }).returnSection('s1', '请补充6月底的数据')).toEqual(returned);
  });

  it('rejects an answer that is not the contract’s section as 无法识别', async () => {
    // An approve answer without its warnings, a section with a numeric id, a partial section.
    await expect(createReviewApi({ fetch: async () => json(200, returned) }).approveSection('s1')).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(createReviewApi({ fetch: async () => json(200, { ...returned, id: 1 }) }).returnSection('s1', '理由')).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(createReviewApi({ fetch: async () => json(200, { id: 's1', status: 'returned' }) }).returnSection('s1', '理由')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('rejects with the server message and reports 401', async () => {
    const onUnauthorized = vi.fn();
    const api = createReviewApi({
      fetch: async () => json(409, { error: 'conflict', message: '该章节当前为“已通过”，不能通过' }),
      onUnauthorized,
    });
    await expect(api.approveSection('s1')).rejects.toMatchObject({ status: 409, code: 'conflict', message: '该章节当前为“已通过”，不能通过' });
    const expired = createReviewApi({ fetch: async () => json(401, { error: 'unauthenticated', message: '请先登录' }), onUnauthorized });
    await expect(expired.listComments('s1')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('sends a new thread and a reply as the contract’s bodies', async () => {
    const thread = { id: 'c1', parentId: null, replies: [] };
    const fetch = vi.fn(async () => json(201, thread));
    const api = createReviewApi({ fetch });
    await api.createComment('s1', { body: '请核实', anchor: { from: 'AA==', to: 'AQ==' }, quote: '核酸检测' });
    await api.reply('c1', '已补充。');
    await api.markNotificationRead('42');
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map(([url, init]) => [url, init.body])).toEqual([
      ['/api/sections/s1/comments', JSON.stringify({ body: '请核实', anchor: { from: 'AA==', to: 'AQ==' }, quote: '核酸检测' })],
      ['/api/comments/c1/replies', JSON.stringify({ body: '已补充。' })],
      ['/api/notifications/42/read', '{}'],
    ]);
  });

  it('takes threads with their replies and refuses a list that is not threads', async () => {
    const threads = [{ id: '1', parentId: null, body: '请核实', replies: [] }];
    expect(await createReviewApi({ fetch: async () => json(200, threads) }).listComments('s1')).toEqual(threads);
    await expect(createReviewApi({ fetch: async () => json(200, [{ id: '1', body: '请核实' }]) }).listComments('s1')).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(createReviewApi({ fetch: async () => json(200, { threads: [] }) }).listComments('s1')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});
