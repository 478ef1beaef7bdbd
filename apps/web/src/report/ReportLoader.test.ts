import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/ApiError';
import type { ReportDetail } from '../api/types';
import { testReport, testSection } from '../testReport';
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
    // The submit answer: the section shown alone (no number, level 0), with what the office will find missing.
    const answer = { ...testSection('s1', { title: 'A', number: '', level: 0, status: 'submitted', statusLabel: '已提交' }), warnings: ['本节还有 1 处数据未填写（X）。'] };
    loader.patchSection(answer);
    const state = loader.store.get();
    const patched = state.status === 'ready' ? state.data.sections[0] : undefined;
    expect(patched).toEqual(testSection('s1', { title: 'A', status: 'submitted', statusLabel: '已提交' }));
    expect(patched).not.toHaveProperty('warnings');
  });

  it('patches the fields an event carries and leaves the others', async () => {
    const loader = new ReportLoader('r1', vi.fn().mockResolvedValue(detail('v1')));
    await vi.waitFor(() => expect(loader.store.get().status).toBe('ready'));
    const lastEdit = { userId: 'u1', name: '张卫民', at: '2020-07-01T08:00:00.000Z' };
    loader.patchSection({ id: 's1', lastEdit, returnReason: undefined });
    const state = loader.store.get();
    expect(state.status === 'ready' && state.data.sections[0]).toEqual(testSection('s1', { title: 'A', lastEdit }));
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
