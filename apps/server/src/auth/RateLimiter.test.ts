import { describe, expect, it } from 'vitest';
import { RateLimiter } from './RateLimiter.js';

describe('RateLimiter', () => {
  it('blocks after max failures within the window and frees the key afterwards', async () => {
    const limiter = new RateLimiter(3, 1000);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.retryAfter('k', 100)).toBe(0);
      await limiter.fail('k', 100);
    }
    expect(await limiter.retryAfter('k', 200)).toBe(900);
    expect(await limiter.retryAfter('other', 200)).toBe(0);
    expect(await limiter.retryAfter('k', 1100)).toBe(0);
  });

  it('forgets a key on reset', async () => {
    const limiter = new RateLimiter(1, 1000);
    await limiter.fail('k', 0);
    expect(await limiter.retryAfter('k', 1)).toBeGreaterThan(0);
    await limiter.reset('k');
    expect(await limiter.retryAfter('k', 1)).toBe(0);
  });

  it('forgives one counted attempt at a time (an attempt counted in advance that succeeded)', async () => {
    const limiter = new RateLimiter(2, 1000);
    await limiter.fail('k', 0);
    await limiter.fail('k', 0);
    expect(await limiter.retryAfter('k', 1)).toBeGreaterThan(0);
    await limiter.forgive('k');
    expect(await limiter.retryAfter('k', 1)).toBe(0);
    await limiter.forgive('k');
    await limiter.forgive('k');
    await limiter.fail('k', 2);
    expect(await limiter.retryAfter('k', 3)).toBe(0);
  });

  it('says whether a failure was within the budget', async () => {
    const limiter = new RateLimiter(2, 1000);
    expect(await limiter.fail('k', 0)).toBe(0);
    expect(await limiter.fail('k', 100)).toBe(0);
    expect(await limiter.fail('k', 200)).toBe(800);
    await limiter.forgive('k');
    expect(await limiter.retryAfter('k', 300)).toBe(700);
  });
});
