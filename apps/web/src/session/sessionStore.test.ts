import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/ApiError';
import type { ApiClient } from '../api/client';
import type { Me } from '../api/types';
import { testMe } from '../testReport';
import { SESSION_EXPIRED_NOTICE, createSessionStore } from './sessionStore';

const me: Me = testMe({ id: 'u1', username: 'bgs', name: '李娜', role: 'secretary', roleLabel: '办公室秘书', bureau: { id: 'b0', name: '办公室', color: '#1f4f8f', isOffice: true } });

/** An ApiClient double whose methods the test scripts, with a handle to fire the 401 signal. */
function fakeApi(overrides: Partial<ApiClient> = {}) {
  const listeners = new Set<() => void>();
  const api: ApiClient = {
    login: vi.fn(async () => me),
    logout: vi.fn(async () => undefined),
    me: vi.fn(async () => me),
    listReports: vi.fn(async () => []),
    getReport: vi.fn(async () => {
      throw new Error('not used');
    }),
    submitSection: vi.fn(async () => {
      throw new Error('not used');
    }),
    onUnauthorized(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...overrides,
  };
  return { api, expire: () => listeners.forEach((l) => l()) };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createSessionStore', () => {
  it('starts loading and becomes signed in when /api/me knows the user', async () => {
    const { api } = fakeApi();
    const store = createSessionStore(api);
    expect(store.getSnapshot()).toEqual({ status: 'loading' });
    await store.load();
    expect(store.getSnapshot()).toEqual({ status: 'signedIn', me });
  });

  it('becomes signed out without a notice when there is no session', async () => {
    const { api } = fakeApi({ me: vi.fn(async () => null) });
    const store = createSessionStore(api);
    await store.load();
    expect(store.getSnapshot()).toEqual({ status: 'signedOut', notice: null });
  });

  it('shows an error state when the server cannot be reached, and recovers on retry', async () => {
    const meFn = vi
      .fn<ApiClient['me']>()
      .mockRejectedValueOnce(new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试'))
      .mockResolvedValueOnce(me);
    const store = createSessionStore(fakeApi({ me: meFn }).api);
    await store.load();
    expect(store.getSnapshot()).toEqual({ status: 'error', message: '无法连接服务器，请检查网络后重试' });
    await store.load();
    expect(store.getSnapshot()).toEqual({ status: 'signedIn', me });
  });

  it('notifies subscribers on every change and stops after unsubscribe', async () => {
    const store = createSessionStore(fakeApi({ me: vi.fn(async () => null) }).api);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    await store.load();
    expect(listener).toHaveBeenCalledTimes(1);
    await store.login('bgs', 'pw');
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    await store.logout();
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('keeps the snapshot identity stable between changes (useSyncExternalStore needs it)', async () => {
    const store = createSessionStore(fakeApi().api);
    await store.load();
    expect(store.getSnapshot()).toBe(store.getSnapshot());
  });

  it('login propagates the server error and stays signed out', async () => {
    const failure = new ApiError(401, 'invalid_credentials', '用户名或密码错误');
    const store = createSessionStore(fakeApi({ me: vi.fn(async () => null), login: vi.fn(async () => Promise.reject(failure)) }).api);
    await store.load();
    await expect(store.login('bgs', 'wrong')).rejects.toBe(failure);
    expect(store.getSnapshot()).toEqual({ status: 'signedOut', notice: null });
  });

  it('logout signs out, and stays signed in if the server could not be told', async () => {
    const logout = vi
      .fn<ApiClient['logout']>()
      .mockRejectedValueOnce(new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试'))
      .mockResolvedValueOnce(undefined);
    const store = createSessionStore(fakeApi({ logout }).api);
    await store.load();
    await expect(store.logout()).rejects.toBeInstanceOf(ApiError);
    expect(store.getSnapshot()).toEqual({ status: 'signedIn', me });
    await store.logout();
    expect(store.getSnapshot()).toEqual({ status: 'signedOut', notice: null });
  });

  it('an expired session signs the user out with a notice', async () => {
    const { api, expire } = fakeApi();
    const store = createSessionStore(api);
    await store.load();
    expire();
    expect(store.getSnapshot()).toEqual({ status: 'signedOut', notice: SESSION_EXPIRED_NOTICE });
  });

  it('ignores the expiry signal when nobody is signed in', async () => {
    const { api, expire } = fakeApi({ me: vi.fn(async () => null) });
    const store = createSessionStore(api);
    await store.load();
    const listener = vi.fn();
    store.subscribe(listener);
    expire();
    expect(listener).not.toHaveBeenCalled();
  });

  it('a slow /api/me answer does not overwrite a login that finished first', async () => {
    const slow = deferred<Me | null>();
    const store = createSessionStore(fakeApi({ me: vi.fn(() => slow.promise) }).api);
    const loading = store.load();
    await store.login('bgs', 'pw');
    slow.resolve(null);
    await loading;
    expect(store.getSnapshot()).toEqual({ status: 'signedIn', me });
  });
});
