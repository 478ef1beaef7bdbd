import { describe, expect, it } from 'vitest';
import { aggregateConnectionStatus, connectionLabel } from './connectionStatus';

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

  it('is stopped, not offline, when the server closed a section and the rest are connected', () => {
    expect(aggregateConnectionStatus(['connected', 'stopped'])).toBe('stopped');
    expect(aggregateConnectionStatus(['stopped', 'connecting'])).toBe('connecting');
    expect(aggregateConnectionStatus(['stopped', 'offline'])).toBe('offline');
    expect(connectionLabel('stopped', true)).toBe('已断开');
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

describe('connectionLabel', () => {
  it('says 连接中 before the first connection and 重连中 after one was lost', () => {
    expect(connectionLabel('connecting', false)).toBe('连接中');
    expect(connectionLabel('connecting', true)).toBe('重连中');
    expect(connectionLabel('connected', true)).toBe('已连接');
    expect(connectionLabel('offline', false)).toBe('离线');
  });
});
