import { describe, expect, it } from 'vitest';
import { SLICE_MS, fairTurn } from './fairness.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy: a handler doing real work
  }
}

describe('fairTurn', () => {
  it('lets the event loop run between long stretches of chained work', async () => {
    const order: string[] = [];
    let chain = Promise.resolve();
    for (let i = 0; i < 6; i++) {
      chain = chain.then(async () => {
        await fairTurn();
        spin(SLICE_MS / 2 + 1);
        order.push(`frame ${i}`);
      });
    }
    setImmediate(() => order.push('other socket'));
    await chain;
    const other = order.indexOf('other socket');
    // Without the turns every frame would run first (they are microtasks).
    expect(other).toBeGreaterThan(0);
    expect(other).toBeLessThan(order.length - 1);
  });

  it('does not delay short work', async () => {
    // Start on a fresh turn of the event loop, as a socket's frames do.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const order: string[] = [];
    setImmediate(() => order.push('immediate'));
    await fairTurn();
    order.push('work');
    await fairTurn();
    order.push('more work');
    expect(order).toEqual(['work', 'more work']);
  });
});
