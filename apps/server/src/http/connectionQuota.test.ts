import { describe, expect, it } from 'vitest';
import { ConnectionQuota } from './connectionQuota.js';

const limits = { socketsPerUser: 2, socketsPerAddress: 3, streamsPerUser: 1, streamsPerAddress: 5 };

describe('ConnectionQuota', () => {
  it('refuses a user past the per-user limit and takes them back once one is released', () => {
    const quota = new ConnectionQuota(limits);
    const a = quota.acquire('socket', { userId: 'u1' });
    const b = quota.acquire('socket', { userId: 'u1' });
    expect(typeof a).toBe('function');
    expect(typeof b).toBe('function');
    expect(quota.acquire('socket', { userId: 'u1' })).toBe('user');
    // another user is not affected
    expect(typeof quota.acquire('socket', { userId: 'u2' })).toBe('function');
    (a as () => void)();
    (a as () => void)(); // releasing twice frees one slot only
    expect(typeof quota.acquire('socket', { userId: 'u1' })).toBe('function');
    expect(quota.acquire('socket', { userId: 'u1' })).toBe('user');
  });

  it('counts addresses before users are known, and kinds apart', () => {
    const quota = new ConnectionQuota(limits);
    for (let i = 0; i < 3; i++) expect(typeof quota.acquire('socket', { address: '10.0.0.1' })).toBe('function');
    expect(quota.acquire('socket', { address: '10.0.0.1' })).toBe('address');
    expect(typeof quota.acquire('socket', { address: '10.0.0.2' })).toBe('function');
    expect(typeof quota.acquire('stream', { address: '10.0.0.1', userId: 'u1' })).toBe('function');
    expect(quota.acquire('stream', { address: '10.0.0.1', userId: 'u1' })).toBe('user');
    expect(quota.countOf('stream', 'u1')).toBe(1);
  });

  it('takes nothing when one of the two limits refuses', () => {
    const quota = new ConnectionQuota({ ...limits, streamsPerAddress: 1, streamsPerUser: 5 });
    expect(typeof quota.acquire('stream', { address: 'x', userId: 'u1' })).toBe('function');
    expect(quota.acquire('stream', { address: 'x', userId: 'u2' })).toBe('address');
    expect(quota.countOf('stream', 'u2')).toBe(0);
  });
});
