// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setEventSourceFactory, subscribeReportStream, type ReportStreamEvent } from './reportStream';

/** A minimal EventSource stand-in that tests drive by hand. */
class FakeSource {
  static all: FakeSource[] = [];
  readyState = 1;
  onerror: (() => void) | null = null;
  closed = false;
  private readonly handlers = new Map<string, ((e: { data: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, handler: (e: { data: string }) => void) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
  emit(type: string, data: unknown) {
    for (const h of this.handlers.get(type) ?? []) h({ data: JSON.stringify(data) });
  }
  close() {
    this.closed = true;
  }
}

afterEach(() => {
  setEventSourceFactory(null);
  FakeSource.all = [];
  vi.useRealTimers();
});

describe('subscribeReportStream', () => {
  it('shares one source per report, forwards comment and notification events, and closes with the last listener', () => {
    setEventSourceFactory((url) => new FakeSource(url) as unknown as EventSource);
    const a: ReportStreamEvent[] = [];
    const b: ReportStreamEvent[] = [];
    const stopA = subscribeReportStream('7', (e) => a.push(e));
    const stopB = subscribeReportStream('7', (e) => b.push(e));
    expect(FakeSource.all).toHaveLength(1);
    const source = FakeSource.all[0]!;
    expect(source.url).toBe('/api/reports/7/events');

    // The first `ready` asks for a refetch too: what happened while the stream connected was missed.
    source.emit('ready', { reportId: '7' });
    expect(a).toEqual([{ type: 'reconnected', first: true }]);
    a.length = 0;
    b.length = 0;
    source.emit('comment', { type: 'comment', reportId: '7', sectionId: '12', at: 'x', userId: 'u1' });
    source.emit('notification', { type: 'notification', reportId: '7', at: 'x' });
    source.emit('section.edit', { type: 'section.edit', reportId: '7', sectionId: '3', at: 'y', userId: 'u2', userName: '李娜' });
    expect(a).toEqual([
      { type: 'comment', reportId: '7', sectionId: '12', at: 'x', userId: 'u1' },
      { type: 'notification', reportId: '7', at: 'x' },
      { type: 'section.edit', reportId: '7', sectionId: '3', at: 'y', userId: 'u2', userName: '李娜' },
    ]);
    // An event this client cannot read (a newer server's shape) is as good as missed: refetch.
    source.emit('section.status', { type: 'section.status', reportId: '7', at: 'z' });
    expect(a.at(-1)).toEqual({ type: 'reconnected', first: false });
    expect(b).toEqual(a);

    source.emit('ready', { reportId: '7' });
    expect(a.at(-1)).toEqual({ type: 'reconnected', first: false });

    stopA();
    expect(source.closed).toBe(false);
    stopB();
    expect(source.closed).toBe(true);
  });

  it('reopens a source the browser gave up on, with backoff', () => {
    vi.useFakeTimers();
    setEventSourceFactory((url) => new FakeSource(url) as unknown as EventSource);
    const stop = subscribeReportStream('8', () => undefined);
    const first = FakeSource.all[0]!;
    first.readyState = 2;
    first.onerror?.();
    expect(FakeSource.all).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(FakeSource.all).toHaveLength(2);
    stop();
    expect(FakeSource.all[1]!.closed).toBe(true);
  });
});

describe('hidden tabs', () => {
  it('let the stream go after a while and reopen it when shown, reporting reconnected', () => {
    vi.useFakeTimers();
    setEventSourceFactory((url) => new FakeSource(url) as unknown as EventSource);
    const events: ReportStreamEvent[] = [];
    let visibility: DocumentVisibilityState = 'visible';
    const spy = vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    const stop = subscribeReportStream('9', (e) => events.push(e));
    FakeSource.all[0]!.emit('ready', {});
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    vi.advanceTimersByTime(10_000);
    expect(FakeSource.all[0]!.closed).toBe(true);
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(FakeSource.all).toHaveLength(2);
    FakeSource.all[1]!.emit('ready', {});
    expect(events).toEqual([{ type: 'reconnected', first: true }, { type: 'reconnected', first: false }]);
    stop();
    spy.mockRestore();
  });
});

describe('coming back online', () => {
  it('reopens a dropped stream at once instead of waiting out the backoff', () => {
    vi.useFakeTimers();
    setEventSourceFactory((url) => new FakeSource(url) as unknown as EventSource);
    const stop = subscribeReportStream('9', () => undefined);
    // Offline for a while: every retry fails and the backoff grows.
    for (let i = 0; i < 4; i++) {
      const current = FakeSource.all.at(-1)!;
      current.readyState = 2;
      current.onerror?.();
      vi.advanceTimersByTime(1000 * 2 ** i);
    }
    const last = FakeSource.all.at(-1)!;
    last.readyState = 2;
    last.onerror?.();
    const before = FakeSource.all.length;
    window.dispatchEvent(new Event('online'));
    expect(FakeSource.all).toHaveLength(before + 1);
    stop();
  });

  it('replaces a stream that stayed open across the offline spell, and its ready asks for a refetch', () => {
    setEventSourceFactory((url) => new FakeSource(url) as unknown as EventSource);
    const events: ReportStreamEvent[] = [];
    const stop = subscribeReportStream('11', (e) => events.push(e));
    const first = FakeSource.all[0]!;
    first.emit('ready', { reportId: '11' });
    events.length = 0;
    // The browser went offline and back without the source noticing (readyState still OPEN):
    // whatever the server sent meanwhile is lost, so a new stream is opened.
    window.dispatchEvent(new Event('online'));
    expect(first.closed).toBe(true);
    expect(FakeSource.all).toHaveLength(2);
    const second = FakeSource.all[1]!;
    second.emit('ready', { reportId: '11' });
    expect(events).toEqual([{ type: 'reconnected', first: false }]);
    stop();
    expect(second.closed).toBe(true);
  });
});
