import { describe, expect, it, vi } from 'vitest';
import type { ReportDetail } from '../api/types';
import { applyReportEvent, lastEditOf } from './applyReportEvent';
import { testReport, testSection } from '../testReport';
import { ReportLoader } from './ReportLoader';

function detail(): ReportDetail {
  return testReport({}, [testSection('s1', { lastEdit: null }), testSection('s2', { number: '二、', lastEdit: null })]);
}

const edit = { type: 'section.edit' as const, reportId: 'r1', sectionId: 's2', userId: 'u7', userName: '张伟', at: '2020-07-01T08:00:00.000Z' };
const status = { type: 'section.status' as const, reportId: 'r1', sectionId: 's1', at: '2020-07-01T08:00:00.000Z' };

describe('lastEditOf', () => {
  it('reads a complete section.edit event', () => {
    expect(lastEditOf(edit)).toEqual({ sectionId: 's2', lastEdit: { userId: 'u7', name: '张伟', at: '2020-07-01T08:00:00.000Z' } });
  });

  it('is null for other events and for an edit without the name (an older server)', () => {
    expect(lastEditOf({ ...edit, type: 'section.status' as const })).toBeNull();
    const { userName: _dropped, ...withoutName } = edit;
    expect(lastEditOf(withoutName)).toBeNull();
    expect(lastEditOf({ type: 'reconnected', first: false })).toBeNull();
  });
});

describe('applyReportEvent', () => {
  it('patches the last edit of an edited section in place, without a request', async () => {
    const load = vi.fn().mockResolvedValue(detail());
    const loader = new ReportLoader('r1', load);
    await vi.waitFor(() => expect(loader.store.get().status).toBe('ready'));
    applyReportEvent(loader, edit);
    const state = loader.store.get();
    if (state.status !== 'ready') throw new Error('not ready');
    expect(state.data.sections[1]?.lastEdit).toEqual({ userId: 'u7', name: '张伟', at: '2020-07-01T08:00:00.000Z' });
    expect(state.data.sections[0]?.lastEdit).toBeNull();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('refetches on workflow events and reconnections', async () => {
    const load = vi.fn().mockResolvedValue(detail());
    const loader = new ReportLoader('r1', load);
    await vi.waitFor(() => expect(loader.store.get().status).toBe('ready'));
    applyReportEvent(loader, status);
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    applyReportEvent(loader, { type: 'reconnected', first: false });
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(3));
  });

  it('keeps a patched 最后编辑 when a refetch that read the database before the edit arrives later', async () => {
    let release!: (d: ReportDetail) => void;
    const load = vi
      .fn()
      .mockResolvedValueOnce(detail())
      .mockImplementationOnce(() => new Promise<ReportDetail>((resolve) => (release = resolve)));
    const loader = new ReportLoader('r1', load);
    await vi.waitFor(() => expect(loader.store.get().status).toBe('ready'));
    applyReportEvent(loader, status); // a refetch starts
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    applyReportEvent(loader, edit); // the edit is announced while it runs
    const stale = detail();
    stale.sections[0]!.status = 'submitted';
    stale.sections[1]!.lastEdit = { userId: 'u1', name: '王芳', at: '2020-07-01T07:00:00.000Z' };
    release(stale);
    await vi.waitFor(() => {
      const state = loader.store.get();
      expect(state.status === 'ready' && state.data.sections[0]?.status).toBe('submitted');
    });
    const state = loader.store.get();
    if (state.status !== 'ready') throw new Error('not ready');
    expect(state.data.sections[1]?.lastEdit).toEqual({ userId: 'u7', name: '张伟', at: '2020-07-01T08:00:00.000Z' });
  });

  it('takes the fetched 最后编辑 when it is newer than the patched one', async () => {
    const newer = detail();
    newer.sections[1]!.lastEdit = { userId: 'u1', name: '王芳', at: '2020-07-01T09:00:00.000Z' };
    const load = vi.fn().mockResolvedValueOnce(detail()).mockResolvedValueOnce(newer);
    const loader = new ReportLoader('r1', load);
    await vi.waitFor(() => expect(loader.store.get().status).toBe('ready'));
    applyReportEvent(loader, edit);
    applyReportEvent(loader, status);
    await vi.waitFor(() => {
      const state = loader.store.get();
      expect(state.status === 'ready' && state.data.sections[1]?.lastEdit?.name).toBe('王芳');
    });
  });
});
