import { describe, expect, it } from 'vitest';
import { RateLimiter } from './RateLimiter.js';

describe('RateLimiter', () => {
  it('blocks after max failures within the window and frees the key afterwards', () => {
    const limiter = new RateLimiter(3, 1000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('k', 100)).toBe(0);
      limiter.fail('k', 100);
    }
    expect(limiter.retryAfter('k', 200)).toBe(900);
    expect(limiter.retryAfter('other', 200)).toBe(0);
    expect(limiter.retryAfter('k', 1100)).toBe(0);
  });

  it('forgets a key on reset', () => {
    const limiter = new RateLimiter(1, 1000);
    limiter.fail('k', 0);
    expect(limiter.retryAfter('k', 1)).toBeGreaterThan(0);
    limiter.reset('k');
    expect(limiter.retryAfter('k', 1)).toBe(0);
  });

  it('forgives one counted attempt at a time (an attempt counted in advance that succeeded)', () => {
    const limiter = new RateLimiter(2, 1000);
    limiter.fail('k', 0);
    limiter.fail('k', 0);
    expect(limiter.retryAfter('k', 1)).toBeGreaterThan(0);
    limiter.forgive('k');
    expect(limiter.retryAfter('k', 1)).toBe(0);
    limiter.forgive('k');
    limiter.forgive('k');
    limiter.fail('k', 2);
    expect(limiter.retryAfter('k', 3)).toBe(0);
  });
});
