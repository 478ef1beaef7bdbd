// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/ApiError';
import { OfficeEditsError, type FinalApi } from '../../api/finalApi';
import { useFinalActions, type FinalActions } from './useFinalActions';

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

let root: Root | null = null;
afterEach(() => {
  if (root) act(() => root!.unmount());
  root = null;
});

function fakeClient(overrides: Partial<FinalApi> = {}): FinalApi {
  return {
    merge: vi.fn(async () => ({ finalDocName: 'final-r1', remerge: false, changed: [] })),
    lock: vi.fn(async () => ({ version: 1, sha256: 'ab' })),
    unlock: vi.fn(async () => ({ version: 1, status: 'merging' as const })),
    listVersions: vi.fn(async () => []),
    getVersion: vi.fn(),
    ...overrides,
  } as FinalApi;
}

function mount(client: FinalApi, onChanged: () => void): { current: () => FinalActions } {
  let latest!: FinalActions;
  function Probe() {
    latest = useFinalActions('r1', onChanged, client);
    return null;
  }
  root = createRoot(document.body.appendChild(document.createElement('div')));
  act(() => root!.render(createElement(Probe)));
  return { current: () => latest };
}

describe('useFinalActions', () => {
  it('sends one request for a double click, then refreshes', async () => {
    const client = fakeClient();
    const onChanged = vi.fn();
    const hook = mount(client, onChanged);
    await act(async () => {
      await Promise.all([hook.current().merge(), hook.current().merge()]);
    });
    expect(client.merge).toHaveBeenCalledTimes(1);
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(hook.current().state.merged?.finalDocName).toBe('final-r1');
  });

  it("keeps the server's message when an action fails", async () => {
    const client = fakeClient({ lock: vi.fn(async () => Promise.reject(new ApiError(409, 'conflict', '报告状态刚刚发生了变化，请刷新后重试'))) });
    const hook = mount(client, () => undefined);
    await act(async () => {
      await hook.current().lock();
    });
    expect(hook.current().state.error).toEqual({ action: 'lock', message: '报告状态刚刚发生了变化，请刷新后重试' });
    expect(hook.current().state.busy).toBeNull();
  });

  it('lists the office’s edits a re-merge was refused for, and merges again with the decisions', async () => {
    const edits = [{ sectionId: 's1', title: '疫情防控', before: '旧', after: '新', officeText: '旧（办公室润色）', paragraphs: null }];
    const refusal = new OfficeEditsError(new ApiError(409, 'office_edits', '有1节在合稿后被办公室修改过'), edits);
    const merge = vi.fn(async (_id: unknown, resolve?: unknown) =>
      resolve ? { finalDocName: 'final-r1', remerge: true, changed: [{ ...edits[0]!, resolution: 'replace' as const }] } : Promise.reject(refusal),
    );
    const hook = mount(fakeClient({ merge }), () => undefined);
    await act(async () => {
      await hook.current().merge();
    });
    expect(hook.current().state).toMatchObject({ error: null, officeEdits: { message: '有1节在合稿后被办公室修改过', edits } });
    await act(async () => {
      await hook.current().merge({ s1: 'replace' });
    });
    expect(merge).toHaveBeenLastCalledWith('r1', { s1: 'replace' });
    expect(hook.current().state.officeEdits).toBeNull();
    expect(hook.current().state.merged?.changed[0]?.resolution).toBe('replace');
  });

  it('tells the unlock dialog whether the server accepted the reason', async () => {
    const client = fakeClient({ unlock: vi.fn(async () => Promise.reject(new ApiError(400, 'invalid', '请填写解锁理由'))) });
    const hook = mount(client, () => undefined);
    let accepted: boolean | undefined;
    await act(async () => {
      accepted = await hook.current().unlock(' ');
    });
    expect(accepted).toBe(false);
    expect(hook.current().state.error?.message).toBe('请填写解锁理由');
  });
});
