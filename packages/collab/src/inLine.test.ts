import { describe, expect, it } from 'vitest';
import { InLine } from './inLine.js';

/** A task that runs until `finish` is called, recording when it started. */
function gated(started: number[], id: number): { task: () => Promise<number>; finish: () => void; fail: (err: Error) => void } {
  let finish!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    task: async () => {
      started.push(id);
      await done;
      return id;
    },
    finish: () => finish(),
    fail: (err) => fail(err),
  };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('InLine', () => {
  it('runs at most `limit` tasks at once, the rest in the order they came', async () => {
    const line = new InLine(3);
    const started: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) => gated(started, i));
    const results = tasks.map((t) => line.run(t.task));
    await settle();
    expect(started).toEqual([0, 1, 2]);
    expect([line.active, line.queued]).toEqual([3, 7]);
    tasks[1]!.finish();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    tasks[0]!.finish();
    tasks[2]!.finish();
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    for (const t of tasks) t.finish();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([line.active, line.queued]).toEqual([0, 0]);
  });

  it('a failed task rejects its caller and hands its place to the next', async () => {
    const line = new InLine(1);
    const started: number[] = [];
    const first = gated(started, 1);
    const second = gated(started, 2);
    const a = line.run(first.task);
    const b = line.run(second.task);
    const thrown = line.run(() => {
      throw new Error('synchronous');
    });
    await settle();
    expect(started).toEqual([1]);
    first.fail(new Error('刻意失败'));
    await expect(a).rejects.toThrow('刻意失败');
    await settle();
    expect(started).toEqual([1, 2]);
    second.finish();
    expect(await b).toBe(2);
    await expect(thrown).rejects.toThrow('synchronous');
    expect([line.active, line.queued]).toEqual([0, 0]);
    // The line is free again: a new task starts at once.
    expect(await line.run(async () => 'again')).toBe('again');
  });

  it('keeps its order across thousands of waiters (the queue compacts itself)', async () => {
    const line = new InLine(2);
    const order: number[] = [];
    const all = Array.from({ length: 5000 }, (_, i) =>
      line.run(async () => {
        order.push(i);
        await Promise.resolve();
      }),
    );
    await Promise.all(all);
    expect(order).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect([line.active, line.queued]).toEqual([0, 0]);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new InLine(0)).toThrow(RangeError);
    expect(() => new InLine(1.5)).toThrow(RangeError);
  });
});
