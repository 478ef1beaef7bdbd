import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { encodeFlush } from '@hegao/collab/protocol';
import { FlushError, SectionSession, type NetworkEnvironment } from './SectionSession';
import { FakeProvider, accessFrame } from './testProvider';

function fakeNetwork(online = true) {
  const listeners = { online: new Set<() => void>(), offline: new Set<() => void>() };
  const network: NetworkEnvironment & { set(online: boolean): void } = {
    isOnline: () => online,
    listen(type, listener) {
      listeners[type].add(listener);
      return () => listeners[type].delete(listener);
    },
    set(next) {
      online = next;
      for (const l of listeners[next ? 'online' : 'offline']) l();
    },
  };
  return { network, listeners };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const sessions: SectionSession[] = [];

function open(options: { online?: boolean; persisted?: Promise<unknown> | null; initialAccess?: { mode: 'read' | 'write'; reason: string } } = {}) {
  let provider!: FakeProvider;
  const { network, listeners } = fakeNetwork(options.online ?? true);
  const onClosed = vi.fn();
  const persistence = options.persisted === null ? null : { whenSynced: options.persisted ?? Promise.resolve(), destroy: vi.fn() };
  const session = new SectionSession({
    docName: 'section-1',
    userId: 'u1',
    initialAccess: options.initialAccess ?? null,
    onClosed,
    network,
    createProvider: (_name, _doc, awareness) => (provider = new FakeProvider(awareness)).asSectionProvider(),
    createPersistence: () => persistence,
  });
  sessions.push(session);
  return { session, provider, network, listeners, onClosed, persistence };
}

afterEach(() => {
  for (const s of sessions.splice(0)) s.destroy();
});

describe('SectionSession', () => {
  it('starts read-only and connecting, and connects only after the local copy loaded', async () => {
    const stored = deferred();
    const { session, provider } = open({ persisted: stored.promise });
    expect(session.state.get()).toMatchObject({ mode: 'read', status: 'connecting', loaded: false, synced: false });
    await Promise.resolve();
    expect(provider.connect).not.toHaveBeenCalled();
    stored.resolve();
    await vi.waitFor(() => expect(provider.connect).toHaveBeenCalledTimes(1));
    expect(session.state.get().loaded).toBe(true);
  });

  it('connects anyway when IndexedDB never answers', async () => {
    vi.useFakeTimers();
    try {
      const { provider } = open({ persisted: new Promise(() => undefined) });
      await vi.advanceTimersByTimeAsync(1000);
      expect(provider.connect).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows the access messages of the server (type 100)', () => {
    const { session, provider } = open();
    provider.receive(accessFrame({ mode: 'write', reason: '' }));
    expect(session.state.get()).toMatchObject({ mode: 'write', reason: '', accessKnown: true });
    provider.receive(accessFrame({ mode: 'read', reason: '本章节已提交，等待办公室审核，暂不可编辑' }));
    expect(session.state.get()).toMatchObject({ mode: 'read', reason: '本章节已提交，等待办公室审核，暂不可编辑' });
  });

  it('treats anything but "write" as read and ignores an undecodable access message', () => {
    const { session, provider } = open();
    provider.receive(accessFrame({ mode: 'admin', reason: 'x' }));
    expect(session.state.get().mode).toBe('read');
    provider.receive(accessFrame({ mode: 'write', reason: '' }));
    const before = session.state.get();
    provider.receive(accessFrame('{not json'));
    expect(session.state.get()).toBe(before);
  });

  it('uses the predicted access until the server says otherwise', () => {
    const { session, provider } = open({ initialAccess: { mode: 'write', reason: '' } });
    expect(session.state.get()).toMatchObject({ mode: 'write', accessKnown: false });
    provider.receive(accessFrame({ mode: 'read', reason: '本章节未分配给您所在的部门' }));
    expect(session.state.get()).toMatchObject({ mode: 'read', accessKnown: true });
  });

  it('tracks socket status and sync, and forgets sync when the socket drops', () => {
    const { session, provider } = open();
    provider.emit('status', [{ status: 'connecting' }]);
    expect(session.state.get().status).toBe('connecting');
    provider.emit('status', [{ status: 'connected' }]);
    provider.emit('sync', [true]);
    expect(session.state.get()).toMatchObject({ status: 'connected', synced: true });
    provider.emit('status', [{ status: 'disconnected' }]);
    expect(session.state.get()).toMatchObject({ status: 'connecting', synced: false });
  });

  it('goes offline at once on the browser offline event and reconnects when back online', async () => {
    const { session, provider, network } = open();
    await vi.waitFor(() => expect(provider.connect).toHaveBeenCalledTimes(1));
    provider.emit('status', [{ status: 'connected' }]);
    provider.receive(accessFrame({ mode: 'write', reason: '' }));
    network.set(false);
    expect(provider.disconnect).toHaveBeenCalledTimes(1);
    expect(session.state.get().status).toBe('offline');
    // Offline typing goes on: the last known access is kept.
    expect(session.state.get().mode).toBe('write');
    network.set(true);
    expect(provider.connect).toHaveBeenCalledTimes(2);
  });

  it('does not connect while the browser is offline', async () => {
    const { session, provider } = open({ online: false });
    await vi.waitFor(() => expect(session.state.get().loaded).toBe(true));
    expect(provider.connect).not.toHaveBeenCalled();
    expect(session.state.get().status).toBe('offline');
  });

  it('reports a terminal close with a Chinese message and can reconnect on purpose', () => {
    const { session, provider, onClosed } = open();
    provider.emit('closed', [{ code: 4401, reason: 'expired' }]);
    expect(session.state.get().closed).toEqual({ code: 4401, message: '登录已失效，请重新登录' });
    expect(session.state.get().status).toBe('stopped');
    expect(onClosed).toHaveBeenCalledWith(4401, session);
    session.reconnect();
    expect(session.state.get().closed).toBeNull();
    expect(provider.connect).toHaveBeenCalled();
  });

  it('keeps the snapshot identity until something changes', () => {
    const { session, provider } = open();
    const listener = vi.fn();
    session.state.subscribe(listener);
    const before = session.state.get();
    provider.emit('status', [{ status: 'disconnected' }]);
    provider.emit('sync', [false]);
    session.setFocus(false);
    expect(session.state.get()).toBe(before);
    expect(listener).not.toHaveBeenCalled();
  });

  it('publishes focus through awareness without a user field', () => {
    const { session } = open();
    session.setFocus(true);
    expect(session.awareness.getLocalState()).toEqual({ focus: true });
    session.setFocus(false);
    expect(session.awareness.getLocalState()).toEqual({ focus: false });
  });

  it('counts characters and placeholders of the section text', async () => {
    const { session } = open();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('同比增长X%')]);
    session.fragment.insert(0, [paragraph]);
    await vi.waitFor(() => expect(session.counter.store.get()).toMatchObject({ chars: 6, placeholders: 1 }));
  });

  it('flush sends a flush message and resolves when the server answers that id', async () => {
    const { session, provider } = open();
    let done = false;
    const flushed = session.flush(1000).then(() => (done = true));
    expect(provider.sent.map((f) => Array.from(f))).toEqual([Array.from(encodeFlush(1))]);
    provider.receive(encodeFlush(99)); // someone else's id changes nothing
    await Promise.resolve();
    expect(done).toBe(false);
    provider.receive(encodeFlush(1));
    await flushed;
    expect(done).toBe(true);
  });

  it('flush refuses at once when not connected, and gives up when the server does not answer', async () => {
    const { session, provider } = open();
    provider.wsconnected = false;
    await expect(session.flush()).rejects.toThrow(FlushError);
    await expect(session.flush()).rejects.toThrow(/未连接到服务器/);
    provider.wsconnected = true;
    vi.useFakeTimers();
    try {
      const late = session.flush(500);
      const check = expect(late).rejects.toThrow(/服务器未及时确认保存/);
      vi.advanceTimersByTime(501);
      await check;
    } finally {
      vi.useRealTimers();
    }
  });

  it('remembers edits the server refused until the section is writable again', () => {
    const { session, provider } = open();
    provider.receiveAccess('write', '');
    expect(session.state.get().unsaved).toBe(false);
    provider.receiveAccess('read', '本章节已提交，等待办公室审核，暂不可编辑');
    // y-protocols permission denied: [2, 0, varString reason]
    provider.receive(Uint8Array.of(2, 0, 0));
    expect(session.state.get()).toMatchObject({ mode: 'read', unsaved: true });
    // Another read-only message keeps the flag; only write access clears it (the edits are sent then).
    provider.receiveAccess('read', '本章节已通过审核，不能再编辑');
    expect(session.state.get().unsaved).toBe(true);
    provider.receiveAccess('write', '');
    expect(session.state.get().unsaved).toBe(false);
  });

  it('holds remote updates during an IME composition and applies them when released', () => {
    const { session, provider } = open();
    const other = new Y.Doc();
    other.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('同事的字')]);
    const update = Y.encodeStateAsUpdate(other);
    const frame = new Uint8Array([0, 2, ...encodeVarUint(update.length), ...update]);
    session.holdRemote(true);
    provider.receive(frame);
    expect(session.fragment.toString()).toBe('');
    session.holdRemote(false);
    expect(session.fragment.toString()).toBe('同事的字');
  });

  it('destroy frees the provider and stops listening to the network', () => {
    const { session, provider, listeners, persistence } = open();
    session.destroy();
    expect(provider.destroy).toHaveBeenCalled();
    expect(persistence?.destroy).toHaveBeenCalled();
    expect(listeners.online.size + listeners.offline.size).toBe(0);
    expect(() => session.setFocus(true)).not.toThrow();
  });
});

/** lib0 varUint encoding of a length. */
function encodeVarUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n >>>= 7;
  }
  out.push(n);
  return out;
}
