import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ApiError } from '../../api/ApiError';
import type { Authorship } from '../../api/authorshipApi';
import { AuthorshipLoader } from './authorshipLoader';

afterEach(() => {
  vi.useRealTimers();
});

/** A fake API answering each request when told to. */
function fakeApi() {
  const pending: { resolve: (a: Authorship) => void; reject: (e: unknown) => void; signal: AbortSignal | undefined }[] = [];
  const fetch = (signal: AbortSignal) =>
    new Promise<Authorship>((resolve, reject) => {
      pending.push({ resolve, reject, signal });
    });
  return { fetch, pending };
}

const answer = (text: string): Authorship => ({ text, spans: [] });

function type(doc: Y.Doc, text: string): void {
  doc.getText('t').insert(0, text);
}

describe('AuthorshipLoader', () => {
  it('fetches at once, then 800 ms after the document stops changing', async () => {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const { fetch, pending } = fakeApi();
    const loader = new AuthorshipLoader({ doc, fetch });
    loader.start();
    expect(pending).toHaveLength(1);
    expect(loader.state.get().loading).toBe(true);
    pending[0]!.resolve(answer('一'));
    await vi.waitFor(() => expect(loader.state.get()).toEqual({ data: answer('一'), loading: false, error: null }));

    type(doc, 'a');
    vi.advanceTimersByTime(500);
    type(doc, 'b');
    vi.advanceTimersByTime(500);
    expect(pending).toHaveLength(1);
    vi.advanceTimersByTime(300);
    expect(pending).toHaveLength(2);
    // The last answer stays shown while the next one loads.
    expect(loader.state.get()).toMatchObject({ data: answer('一'), loading: true });
    pending[1]!.resolve(answer('二'));
    await vi.waitFor(() => expect(loader.state.get().data).toEqual(answer('二')));
    loader.stop();
  });

  it('fetches again after an answer when the document changed meanwhile', async () => {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const { fetch, pending } = fakeApi();
    const loader = new AuthorshipLoader({ doc, fetch, debounceMs: 100 });
    loader.start();
    type(doc, 'a');
    vi.advanceTimersByTime(100);
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(answer('旧'));
    await vi.waitFor(() => expect(loader.state.get().data).toEqual(answer('旧')));
    vi.advanceTimersByTime(100);
    expect(pending).toHaveLength(2);
    loader.stop();
  });

  it('keeps the last answer on failure and says why; stop aborts and forgets', async () => {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const { fetch, pending } = fakeApi();
    const loader = new AuthorshipLoader({ doc, fetch });
    loader.start();
    pending[0]!.resolve(answer('一'));
    await vi.waitFor(() => expect(loader.state.get().data).toEqual(answer('一')));
    type(doc, 'a');
    vi.advanceTimersByTime(800);
    pending[1]!.reject(new ApiError(403, 'forbidden', '无权查看本节'));
    await vi.waitFor(() => expect(loader.state.get()).toEqual({ data: answer('一'), loading: false, error: '无权查看本节' }));

    type(doc, 'b');
    vi.advanceTimersByTime(800);
    expect(pending).toHaveLength(3);
    loader.stop();
    expect(pending[2]!.signal?.aborted).toBe(true);
    expect(loader.state.get()).toEqual({ data: null, loading: false, error: null });
    type(doc, 'c');
    vi.advanceTimersByTime(2000);
    expect(pending).toHaveLength(3);
  });
});
