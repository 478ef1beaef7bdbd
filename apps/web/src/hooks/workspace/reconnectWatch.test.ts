import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../collab/connectionStatus';
import { watchReconnect } from './reconnectWatch';

function run(statuses: ConnectionStatus[], initial: ConnectionStatus | null = 'connected'): number {
  let count = 0;
  let last = initial;
  for (const s of statuses) last = watchReconnect(last, s, () => count++);
  return count;
}

describe('watchReconnect', () => {
  it('fires once per return to connected, from connecting, offline or stopped', () => {
    expect(run(['connecting', 'connected'])).toBe(1);
    expect(run(['offline', 'offline', 'connecting', 'connected', 'connected'])).toBe(1);
    expect(run(['connecting', 'connected', 'offline', 'connected', 'stopped', 'connected'])).toBe(3);
  });

  it('does not fire while the connection stays up, or on the first value seen', () => {
    expect(run(['connected', 'connected'])).toBe(0);
    expect(run(['connected'], null)).toBe(0);
    expect(run(['connecting', 'offline'])).toBe(0);
  });
});
