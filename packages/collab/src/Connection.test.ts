import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { Connection, MAX_CLOSE_REASON_BYTES, closeReason } from './Connection.js';
import { MESSAGE_ACCESS, MESSAGE_AUTH, decodeAccessPayload } from './protocol.js';
import { RecordingSocket, who } from './test/fixtures.js';

describe('Connection', () => {
  it('has a random, URL-safe id per connection', () => {
    const ids = new Set(Array.from({ length: 50 }, () => new Connection(new RecordingSocket(), who, 'd').id));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });

  it('sends until closed, closes the socket once', () => {
    const socket = new RecordingSocket();
    const conn = new Connection(socket, who, 'd');
    conn.send(Uint8Array.of(1));
    conn.close(4400, 'bad');
    conn.close(1000, 'again');
    conn.send(Uint8Array.of(2));
    expect(socket.sent).toEqual([Uint8Array.of(1)]);
    expect(socket.closes).toEqual([[4400, 'bad']]);
    expect(conn.closed).toBe(true);
  });

  it('a failing send closes the connection with 1011', () => {
    const socket = new RecordingSocket();
    socket.failSend = true;
    const conn = new Connection(socket, who, 'd');
    expect(() => conn.send(Uint8Array.of(1))).not.toThrow();
    expect(conn.closed).toBe(true);
    expect(socket.closes).toEqual([[1011, 'send failed']]);
  });

  it('a failing socket close is swallowed', () => {
    const socket = new RecordingSocket();
    socket.failClose = true;
    const conn = new Connection(socket, who, 'd');
    expect(() => conn.close(1001, 'bye')).not.toThrow();
    expect(conn.closed).toBe(true);
  });

  it('sendAccess tells the mode, with a reason only when read-only', () => {
    const socket = new RecordingSocket();
    const conn = new Connection(socket, who, 'd');
    conn.sendAccess();
    expect(socket.sent).toHaveLength(0); // not resolved yet
    conn.access = { read: true, write: true, reason: '不应出现' };
    conn.sendAccess();
    conn.access = { read: true, write: false, reason: '已通过，只读' };
    conn.sendAccess();
    const states = socket.sent.map((f) => {
      const d = decoding.createDecoder(f);
      expect(decoding.readVarUint(d)).toBe(MESSAGE_ACCESS);
      return decodeAccessPayload(d);
    });
    expect(states).toEqual([
      { mode: 'write', reason: '' },
      { mode: 'read', reason: '已通过，只读' },
    ]);
  });

  it('notifyDenied sends a permission-denied frame at most once per 2 s', () => {
    const socket = new RecordingSocket();
    const conn = new Connection(socket, who, 'd');
    const t0 = 1_700_000_000_000;
    conn.notifyDenied('只读', t0);
    conn.notifyDenied('只读', t0 + 1999);
    conn.notifyDenied('只读', t0 + 2000);
    expect(socket.sent).toHaveLength(2);
    for (const f of socket.sent) {
      const d = decoding.createDecoder(f);
      expect(decoding.readVarUint(d)).toBe(MESSAGE_AUTH);
      expect(decoding.readVarUint(d)).toBe(0);
      expect(decoding.readVarString(d)).toBe('只读');
    }
  });
});

describe('closeReason', () => {
  it('keeps a short reason as it is', () => {
    expect(closeReason('access revoked')).toBe('access revoked');
  });

  it('cuts a long (client-quoted) reason to a close frame, on a character boundary', () => {
    for (const long of [`root type "${'x'.repeat(300)}" is not allowed`, `根类型“${'章'.repeat(100)}”不允许`, '😀'.repeat(60)]) {
      const cut = closeReason(long);
      expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
      expect(cut.endsWith('...')).toBe(true);
      expect(long.startsWith(cut.slice(0, -3))).toBe(true);
      expect(cut).not.toContain('\uFFFD');
    }
  });

  it('is what a connection hands its socket', () => {
    const socket = new RecordingSocket();
    new Connection(socket, who, 'd').close(4400, 'y'.repeat(500));
    expect(Buffer.byteLength(socket.closes[0]![1], 'utf8')).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
  });
});
