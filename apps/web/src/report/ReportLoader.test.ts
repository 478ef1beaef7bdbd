import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/ApiError';
import type { ReportDetail } from '../api/types';
import { testReport } from '../testReport';
import { ReportLoader } from './ReportLoader';

function detail(title: string): ReportDetail {
  return testReport({ title });
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ReportLoader', () => {
  it('loads, then refetches without going back to loading', async () => {
    const load = vi.fn().mockResolvedValueOnce(detail('v1')).mockResolvedValueOnce(detail('v2'));
    const loader = new ReportLoader('r1', load);
    expect(loader.store.get().status).toBe('loading');
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ status: 'ready', data: { title: 'v1' } }));
    loader.refetch();
    expect(loader.store.get()).toMatchObject({ status: 'ready', data: { title: 'v1' } });
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ data: { title: 'v2' } }));
  });

  it('merges refetches requested while one runs into one follow-up', async () => {
    const first = deferred<ReportDetail>();
    const load = vi.fn().mockReturnValueOnce(first.promise).mockResolvedValue(detail('later'));
    const loader = new ReportLoader('r1', load);
    loader.refetch();
    loader.refetch();
    loader.refetch();
    first.resolve(detail('first'));
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ data: { title: 'later' } }));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps the last good copy when a refetch fails (offline)', async () => {
    const failure = new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试');
    const load = vi.fn().mockResolvedValueOnce(detail('v1')).mockRejectedValueOnce(failure);
    const loader = new ReportLoader('r1', load);
    await vi.waitFor(() => expect(loader.store.get().status).toBe('ready'));
    loader.refetch();
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ status: 'ready', data: { title: 'v1' }, refreshError: failure }));
  });

  it('shows the error of a failed first load and recovers on refetch', async () => {
    const load = vi.fn().mockRejectedValueOnce(new ApiError(404, 'not_found', '报告不存在')).mockResolvedValueOnce(detail('v1'));
    const loader = new ReportLoader('r1', load);
    await vi.waitFor(() => expect(loader.store.get()).toMatchObject({ status: 'error', error: { status: 404 } }));
    loader.refetch();
    await vi.waitFor(() => expect(loader.store.get().status).toBe('ready'));
  });

  it('patches a section from a workflow answer, keeping its outline place', async () => {
    const loader = new ReportLoader('r1', vi.fn().mockResolvedValue(detail('v1')));
    await vi.waitFor(() => expect(loader.store.get().status).toBe('ready'));
    loader.patchSection({ id: 's1', status: 'submitted', number: '', level: 0, returnReason: undefined });
    const state = loader.store.get();
    expect(state.status === 'ready' && state.data.sections[0]).toMatchObject({ status: 'submitted', number: '一、', level: 1 });
  });

  it('stops after destroy', async () => {
    const pending = deferred<ReportDetail>();
    const loader = new ReportLoader('r1', () => pending.promise);
    loader.destroy();
    pending.resolve(detail('late'));
    await Promise.resolve();
    expect(loader.store.get().status).toBe('loading');
  });
});
