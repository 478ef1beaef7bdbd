import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/ApiError';
import { LiveLoader } from './LiveLoader';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

describe('LiveLoader', () => {
  it('loads, then refetches without going back to loading', async () => {
    const load = vi.fn().mockResolvedValueOnce('v1').mockResolvedValueOnce('v2');
    const loader = new LiveLoader<string>(load);
    expect(loader.store.get().status).toBe('loading');
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ status: 'ready', data: 'v1' }));
    loader.refetch();
    expect(loader.store.get()).toMatchObject({ status: 'ready', data: 'v1' });
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ data: 'v2', refreshError: null }));
  });

  it('merges refetches asked for during a fetch into one follow-up', async () => {
    const first = deferred<string>();
    const load = vi.fn().mockReturnValueOnce(first.promise).mockResolvedValue('later');
    const loader = new LiveLoader<string>(load);
    loader.refetch();
    loader.refetch();
    loader.refetch();
    first.resolve('first');
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ data: 'later' }));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps the last good copy when a refetch fails, and reports a first failure as an error', async () => {
    const failure = new ApiError(503, 'http_503', '服务暂时不可用，请稍后重试');
    const loader = new LiveLoader<string>(vi.fn().mockResolvedValueOnce('good').mockRejectedValueOnce(failure));
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ data: 'good' }));
    loader.refetch();
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ status: 'ready', data: 'good', refreshError: failure }));

    const broken = new LiveLoader<string>(vi.fn().mockRejectedValue(failure));
    await vi.waitFor(() => expect(broken.store.get()).toEqual({ status: 'error', error: failure }));
  });

  it('ignores answers after destroy', async () => {
    const pending = deferred<string>();
    const loader = new LiveLoader<string>(() => pending.promise);
    loader.destroy();
    pending.resolve('late');
    await Promise.resolve();
    expect(loader.store.get().status).toBe('loading');
    loader.refetch();
  });
});
