import { describe, expect, it } from 'vitest';
import { SessionSockets } from './sessionSockets.js';

function socket(userId: string) {
  const ended: Array<[number, string]> = [];
  return { ended, entry: { userId, end: (code: number, reason: string) => ended.push([code, reason]) } };
}

describe('SessionSockets', () => {
  it('ends every socket of one session, and only of that session', () => {
    const sockets = new SessionSockets();
    const a1 = socket('wjj');
    const a2 = socket('wjj');
    const b = socket('wjj');
    sockets.add('session-a', a1.entry);
    sockets.add('session-a', a2.entry);
    sockets.add('session-b', b.entry);
    expect(sockets.userOf('session-a')).toBe('wjj');
    expect(sockets.end('session-a', 4401, 'signed out')).toBe(2);
    expect(a1.ended).toEqual([[4401, 'signed out']]);
    expect(a2.ended).toEqual([[4401, 'signed out']]);
    expect(b.ended).toEqual([]);
    expect(sockets.sessions()).toEqual(['session-b']);
    // Ending twice does nothing more.
    expect(sockets.end('session-a', 4401, 'signed out')).toBe(0);
    expect(a1.ended).toHaveLength(1);
  });

  it('forgets a socket that closed by itself; a session without sockets is not listed', () => {
    const sockets = new SessionSockets();
    const s = socket('fgj');
    const forget = sockets.add('session-c', s.entry);
    expect(sockets.count('session-c')).toBe(1);
    forget();
    forget();
    expect(sockets.count('session-c')).toBe(0);
    expect(sockets.sessions()).toEqual([]);
    expect(sockets.userOf('session-c')).toBeNull();
    expect(sockets.end('session-c', 4401, 'signed out')).toBe(0);
    expect(s.ended).toEqual([]);
  });
});
