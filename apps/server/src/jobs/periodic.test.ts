import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPeriodic } from './periodic.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('startPeriodic', () => {
  it('runs at start when asked, then every interval', async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => undefined);
    const job = await startPeriodic({ name: 'job', intervalMs: 1000, logger: { error: vi.fn() }, runAtStart: true }, run);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(run).toHaveBeenCalledTimes(4);
    await job.stop();
    await vi.advanceTimersByTimeAsync(3000);
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('never overlaps a slow run, and stop waits for it', async () => {
    vi.useFakeTimers();
    let finish!: () => void;
    const run = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const job = await startPeriodic({ name: 'job', intervalMs: 1000, logger: { error: vi.fn() } }, run);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('logs a failed run and goes on', async () => {
    vi.useFakeTimers();
    const error = vi.fn();
    const run = vi.fn().mockRejectedValueOnce(new Error('disk full')).mockResolvedValue(undefined);
    const job = await startPeriodic({ name: 'due reminders', intervalMs: 1000, logger: { error }, runAtStart: true }, run);
    expect(error).toHaveBeenCalledWith('due reminders failed', { error: expect.stringContaining('disk full') });
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
    await job.stop();
  });
});
