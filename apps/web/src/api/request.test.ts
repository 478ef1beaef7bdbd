import { describe, expect, it, vi } from 'vitest';
import { NETWORK_ERROR_MESSAGE } from './ApiError';
import { requestJson } from './request';
import { fakeFetch, json, rejection } from './testFetch';

describe('requestJson', () => {
  it('sends JSON bodies on state-changing methods only, always with same-origin credentials', async () => {
    const { fetch, calls } = fakeFetch(json(200, {}), json(200, {}), json(200, {}));
    await requestJson('PUT', '/api/x', { a: 1 }, { fetch });
    await requestJson('DELETE', '/api/x', { a: 1 }, { fetch });
    await requestJson('POST', '/api/x', undefined, { fetch });
    expect(calls.map((c) => [c.init.method, c.init.body, c.init.credentials])).toEqual([
      ['PUT', '{"a":1}', 'same-origin'],
      ['DELETE', undefined, 'same-origin'],
      ['POST', '{}', 'same-origin'],
    ]);
    expect((calls[1]?.init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });

  it('rejects an empty answer unless allowed', async () => {
    const { fetch } = fakeFetch(new Response(null, { status: 204 }), new Response(null, { status: 204 }), new Response('', { status: 200 }));
    expect(await rejection(requestJson('POST', '/api/x', undefined, { fetch }))).toMatchObject({ status: 204, code: 'invalid_response' });
    await expect(requestJson('POST', '/api/x', undefined, { fetch, allowEmpty: true })).resolves.toBeUndefined();
    await expect(requestJson('GET', '/api/x', undefined, { fetch, allowEmpty: true })).resolves.toBeUndefined();
  });

  it('rejects an answer its shape check refuses', async () => {
    const { fetch } = fakeFetch(json(200, { items: 1 }), json(200, [1]));
    expect(await rejection(requestJson('GET', '/api/x', undefined, { fetch, accept: Array.isArray }))).toMatchObject({ status: 200, code: 'invalid_response' });
    await expect(requestJson('GET', '/api/x', undefined, { fetch, accept: Array.isArray })).resolves.toEqual([1]);
  });

  it('tells about a 401 only, and still rejects with the server message', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch(json(403, { error: 'forbidden' }), json(401, { error: 'unauthenticated', message: '请先登录' }));
    expect(await rejection(requestJson('GET', '/api/x', undefined, { fetch, onUnauthorized }))).toMatchObject({ status: 403, message: '没有权限执行此操作' });
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(await rejection(requestJson('GET', '/api/x', undefined, { fetch, onUnauthorized }))).toMatchObject({ status: 401, message: '请先登录' });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('maps a network failure to status 0 and passes aborts through', async () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'), abort);
    expect(await rejection(requestJson('GET', '/api/x', undefined, { fetch }))).toMatchObject({ status: 0, message: NETWORK_ERROR_MESSAGE });
    await expect(requestJson('GET', '/api/x', undefined, { fetch })).rejects.toBe(abort);
  });
});
