import { describe, expect, it } from 'vitest';
import { ApiError, fallbackMessage, toApiError } from './ApiError';

describe('fallbackMessage', () => {
  it.each([
    [400, '请求内容有误'],
    [401, '登录已失效，请重新登录'],
    [403, '没有权限执行此操作'],
    [404, '请求的内容不存在'],
    [429, '操作过于频繁，请稍后再试'],
    [500, '服务器出现错误，请稍后重试'],
    [503, '服务暂时不可用，请稍后重试'],
    [418, '请求失败（418）'],
  ])('status %i → %s', (status, message) => {
    expect(fallbackMessage(status)).toBe(message);
  });
});

describe('toApiError', () => {
  it('keeps an ApiError as is', () => {
    const error = new ApiError(401, 'invalid_credentials', '用户名或密码错误');
    expect(toApiError(error)).toBe(error);
  });

  it('wraps anything else into a Chinese client error', () => {
    const wrapped = toApiError(new Error('boom'));
    expect(wrapped).toBeInstanceOf(ApiError);
    expect(wrapped.code).toBe('client_error');
    expect(wrapped.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
