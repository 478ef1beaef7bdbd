import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Connection } from './Connection.js';
import { MemoryDocStore } from './MemoryDocStore.js';
import { encodeUpdate } from './protocol.js';
import { Room } from './Room.js';
import { silentLogger } from './types.js';
import { RecordingSocket, who } from './test/fixtures.js';

async function openRoom(): Promise<{ room: Room; store: MemoryDocStore; conn: Connection }> {
  const store = new MemoryDocStore();
  const room = new Room('doc-1', {
    store,
    logger: silentLogger,
    allowedRoots: new Set(['prosemirror']),
    checkpointEvery: 1000,
    checkpointIntervalMs: 10_000,
    onBroken: () => undefined,
  });
  await room.load();
  const conn = new Connection(new RecordingSocket(), who, 'doc-1');
  conn.access = { read: true, write: true, reason: '' };
  room.conns.add(conn);
  return { room, store, conn };
}

describe('Room.write stores only what is new', () => {
  it('keystrokes (all new) are stored as sent, copied out of the frame, with no diff against the state', async () => {
    const { room, store, conn } = await openRoom();
    const client = new Y.Doc();
    client.clientID = 4242;
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    const frag = client.getXmlFragment('prosemirror');
    frag.insert(0, [new Y.XmlText()]);
    const text = frag.get(0) as Y.XmlText;
    for (const ch of '合稿ab') text.insert(text.length, ch);
    text.delete(0, 1);
    for (const u of updates) {
      // A view into a larger buffer, as a frame decoded out of a socket read.
      const framed = new Uint8Array(u.length + 64);
      framed.set(u, 32);
      const view = framed.subarray(32, 32 + u.length);
      expect(await room.write(conn, view, false)).toBe(true);
    }
    expect(room.diffs).toBe(0);
    const stored = (await store.load('doc-1')).updates;
    expect(stored.length).toBe(updates.length);
    stored.forEach((s, i) => {
      expect([...s]).toEqual([...updates[i]!]);
      // Its own bytes, not the frame's buffer.
      expect(s.byteLength).toBe(s.buffer.byteLength);
    });
    expect((room.doc.getXmlFragment('prosemirror').get(0) as Y.XmlText).toString()).toBe('稿ab');
  });

  it('an update repeating structs the room has is diffed: only its new tail is stored', async () => {
    const { room, store, conn } = await openRoom();
    const client = new Y.Doc();
    client.clientID = 4343;
    const frag = client.getXmlFragment('prosemirror');
    frag.insert(0, [new Y.XmlText()]);
    (frag.get(0) as Y.XmlText).insert(0, 'ab');
    expect(await room.write(conn, Y.encodeStateAsUpdate(client), false)).toBe(true);
    expect(room.diffs).toBe(0);
    (frag.get(0) as Y.XmlText).insert(2, 'cd');
    // The whole state again: 'ab' and its paragraph are known, 'cd' is new.
    expect(await room.write(conn, Y.encodeStateAsUpdate(client), false)).toBe(true);
    expect(room.diffs).toBe(1);
    const stored = (await store.load('doc-1')).updates;
    expect(stored.length).toBe(2);
    const tail = Y.decodeUpdate(stored[1]!).structs;
    expect(tail.every((s) => s.id.clock >= 3)).toBe(true);
    expect((room.doc.getXmlFragment('prosemirror').get(0) as Y.XmlText).toString()).toBe('abcd');
  });
});

describe('Room relays what it stored', () => {
  it('sends colleagues the stored bytes, not the writer; the document has no update listener, so Yjs encodes nothing', async () => {
    const { room, store, conn } = await openRoom();
    const viewerSocket = new RecordingSocket();
    const viewer = new Connection(viewerSocket, { ...who, userId: 'u2' }, 'doc-1');
    viewer.access = { read: true, write: false, reason: '只读' };
    room.conns.add(viewer);
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    const frag = client.getXmlFragment('prosemirror');
    frag.insert(0, [new Y.XmlText()]);
    for (const ch of '通知') (frag.get(0) as Y.XmlText).insert(0, ch);
    for (const u of updates) await room.write(conn, u, false);
    const stored = (await store.load('doc-1')).updates;
    expect(viewerSocket.sent.map((f) => [...f])).toEqual(stored.map((u) => [...encodeUpdate(u)]));
    expect((conn.socket as RecordingSocket).sent).toEqual([]);
    // With a listener, every applied change would be encoded again to emit it.
    expect(room.doc._observers.has('update')).toBe(false);
  });
});
