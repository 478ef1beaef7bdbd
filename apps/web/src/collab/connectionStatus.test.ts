import { describe, expect, it } from 'vitest';
import { aggregateConnectionStatus } from './connectionStatus';

describe('aggregateConnectionStatus', () => {
  it('is connected when every section is', () => {
    expect(aggregateConnectionStatus(['connected', 'connected'])).toBe('connected');
  });

  it('is connected for a report without documents', () => {
    expect(aggregateConnectionStatus([])).toBe('connected');
  });

  it('is connecting while any section is still connecting', () => {
    expect(aggregateConnectionStatus(['connected', 'connecting', 'connected'])).toBe('connecting');
  });

  it('is offline as soon as one section is offline, whatever the others', () => {
    expect(aggregateConnectionStatus(['connected', 'connecting', 'offline'])).toBe('offline');
    expect(aggregateConnectionStatus(['offline', 'connected'])).toBe('offline');
  });

  it('accepts any iterable', () => {
    const statuses = new Map([
      ['a', 'connected' as const],
      ['b', 'connected' as const],
    ]);
    expect(aggregateConnectionStatus(statuses.values())).toBe('connected');
  });
});
