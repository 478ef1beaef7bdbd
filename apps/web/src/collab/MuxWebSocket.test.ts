import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MUX, decodeMuxClientFrame, encodeMuxClose, encodeMuxData, encodeMuxOpened, type MuxClientFrame } from '@hegao/collab/mux';
import {
  docNameOfUrl,
  isMuxEnabled,
  muxWebSocketClass,
  type MuxCloseEvent,
  type MuxMessageEvent,
  type MuxRealSocket,
  type MuxVirtualSocket,
  type MuxWebSocketOptions,
} from './MuxWebSocket';

/** A server frame written by hand, for the malformed ones the server never sends. */
function serverFrame(docName: string, kind: number, write?: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, docName);
  encoding.writeVarUint(encoder, kind);
  write?.(encoder);
  return encoding.toUint8Array(encoder);
}
const opened = encodeMuxOpened;
const data = encodeMuxData;
const closed = (docName: string, code: number, reason = '') => encodeMuxClose(docName, code, reason);

/** The real WebSocket under the mux, driven by the test (or by an in-test server). */
class FakeRealSocket implements MuxRealSocket {
  binaryType = 'blob';
  readyState = 0;
  /** Frames the client sent, decoded. */
  readonly frames: MuxClientFrame[] = [];
  readonly closeCalls: { code?: number; reason?: string }[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  /** Called with every frame the client sent (the in-test server). */
  onClientFrame: ((frame: MuxClientFrame) => void) | null = null;

  constructor(readonly url: string) {}

  send(frame: Uint8Array): void {
    if (this.readyState !== 1) throw new Error('fake: send on a socket that is not open');
    // Decoded as the server decodes it: a frame the server would refuse throws.
    const decoded = decodeMuxClientFrame(frame.slice());
    this.frames.push(decoded);
    this.onClientFrame?.(decoded);
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push({ code, reason });
    if (this.readyState < 2) this.readyState = 2;
  }

  /** The handshake succeeded. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({ type: 'open' } as Event);
  }

  /** A binary frame from the server. */
  deliver(frame: Uint8Array | string): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : frame.slice().buffer } as MessageEvent);
  }

  /** The connection ended (from the server side or the network). */
  end(code: number, reason = '', wasClean = true): void {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean } as CloseEvent);
  }

  fail(): void {
    this.onerror?.({ type: 'error' } as Event);
    this.end(1006, '', false);
  }

  kinds(docName?: string): string[] {
    return this.frames.filter((f) => docName === undefined || f.docName === docName).map((f) => `${f.docName}:${f.kind}`);
  }
}

/** Lets queued (microtask) events fire. */
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup(options: Omit<MuxWebSocketOptions, 'createSocket'> = {}) {
  const reals: FakeRealSocket[] = [];
  const WS = muxWebSocketClass({
    url: 'ws://test/collab-mux',
    idleCloseMs: -1,
    ...options,
    createSocket: (url) => {
      const real = new FakeRealSocket(url);
      reals.push(real);
      return real;
    },
  });
  const real = () => {
    const last = reals[reals.length - 1];
    if (!last) throw new Error('no real socket yet');
    return last;
  };
  return { WS, reals, real };
}

/** Records what a virtual socket reports. */
function record(ws: MuxVirtualSocket) {
  const events: string[] = [];
  const messages: Uint8Array[] = [];
  const closes: MuxCloseEvent[] = [];
  ws.onopen = () => events.push('open');
  ws.onmessage = (event: MuxMessageEvent) => {
    expect(event.data).toBeInstanceOf(ArrayBuffer);
    messages.push(new Uint8Array(event.data));
    events.push('message');
  };
  ws.onerror = () => events.push('error');
  ws.onclose = (event: MuxCloseEvent) => {
    closes.push(event);
    events.push(`close:${event.code}`);
  };
  return { events, messages, closes };
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('MuxWebSocket', () => {
  it('opens the real socket lazily and sends OPEN once it is open', async () => {
    const { WS, reals, real } = setup();
    expect(reals).toHaveLength(0);
    const ws = new WS('ws://test/collab/section-1?token=x');
    expect(ws.docName).toBe('section-1');
    expect(reals).toHaveLength(1);
    expect(real().url).toBe('ws://test/collab-mux');
    expect(real().binaryType).toBe('arraybuffer');
    expect(real().frames).toEqual([]);
    real().accept();
    expect(real().kinds()).toEqual(['section-1:open']);
    // A second virtual socket reuses the same real socket.
    new WS('ws://test/collab/section-2');
    expect(reals).toHaveLength(1);
    expect(real().kinds()).toEqual(['section-1:open', 'section-2:open']);
  });

  it('queues OPENs while the real socket is connecting and drops those closed meanwhile', async () => {
    const { WS, real } = setup();
    const a = new WS('ws://test/collab/a');
    const b = new WS('ws://test/collab/b');
    const c = new WS('ws://test/collab/c');
    const rb = record(b);
    b.close();
    real().accept();
    expect(real().kinds()).toEqual(['a:open', 'c:open']);
    await flush();
    expect(rb.events).toEqual(['error', 'close:1006']);
    expect([a.readyState, c.readyState]).toEqual([WS.CONNECTING, WS.CONNECTING]);
  });

  it('opens a virtual socket on OPENED, asynchronously', async () => {
    const { WS, real } = setup();
    const ws = new WS('ws://test/collab/a');
    const r = record(ws);
    real().accept();
    real().deliver(opened('a'));
    expect(ws.readyState).toBe(WS.CONNECTING);
    expect(r.events).toEqual([]);
    await flush();
    expect(ws.readyState).toBe(ws.OPEN);
    expect(r.events).toEqual(['open']);
    expect([WS.CONNECTING, WS.OPEN, WS.CLOSING, WS.CLOSED]).toEqual([0, 1, 2, 3]);
    expect([ws.CONNECTING, ws.OPEN, ws.CLOSING, ws.CLOSED]).toEqual([0, 1, 2, 3]);
  });

  it('routes DATA both ways to and from the right document', async () => {
    const { WS, real } = setup();
    const a = new WS('ws://test/collab/a');
    const b = new WS('ws://test/collab/b');
    const ra = record(a);
    const rb = record(b);
    real().accept();
    real().deliver(opened('a'));
    real().deliver(opened('b'));
    real().deliver(data('b', bytes(0, 1, 2)));
    real().deliver(data('a', bytes(9)));
    await flush();
    expect(ra.events).toEqual(['open', 'message']);
    expect(ra.messages).toEqual([bytes(9)]);
    expect(rb.messages).toEqual([bytes(0, 1, 2)]);

    a.send(bytes(7, 7));
    b.send(bytes(8).buffer);
    expect(real().frames.slice(2)).toEqual([
      { docName: 'a', kind: 'data', data: bytes(7, 7) },
      { docName: 'b', kind: 'data', data: bytes(8) },
    ]);
  });

  it('closes only the document the server closed (4403), with its code and reason', async () => {
    const { WS, real } = setup();
    const a = new WS('ws://test/collab/a');
    const b = new WS('ws://test/collab/b');
    const ra = record(a);
    const rb = record(b);
    real().accept();
    real().deliver(opened('a'));
    real().deliver(opened('b'));
    await flush();
    real().deliver(closed('a', 4403, 'forbidden'));
    real().deliver(data('b', bytes(1)));
    await flush();
    expect(ra.closes).toMatchObject([{ code: 4403, reason: 'forbidden', wasClean: true }]);
    expect(a.readyState).toBe(WS.CLOSED);
    expect(rb.events).toEqual(['open', 'message']);
    expect(b.readyState).toBe(WS.OPEN);
    // No CLOSE back for a document the server closed, and later frames for it are ignored.
    a.send(bytes(1));
    a.close();
    real().deliver(data('a', bytes(2)));
    await flush();
    expect(real().kinds('a')).toEqual(['a:open']);
    expect(ra.events).toEqual(['open', 'close:4403']);
  });

  it('reports a refusal before OPENED on the first subscription of a document', async () => {
    const { WS, real } = setup();
    const a = new WS('ws://test/collab/a');
    const ra = record(a);
    real().accept();
    real().deliver(closed('a', 4404, 'no such document'));
    await flush();
    expect(ra.closes).toMatchObject([{ code: 4404, reason: 'no such document' }]);
  });

  it('closes every virtual socket with the real close code and reopens on the next socket', async () => {
    const { WS, reals, real } = setup();
    const a = new WS('ws://test/collab/a');
    const b = new WS('ws://test/collab/b');
    const ra = record(a);
    const rb = record(b);
    real().accept();
    real().deliver(opened('a'));
    await flush();
    real().end(1001, 'going away');
    await flush();
    expect(ra.closes).toMatchObject([{ code: 1001, reason: 'going away' }]);
    expect(rb.closes).toMatchObject([{ code: 1001 }]);
    expect([a.readyState, b.readyState]).toEqual([WS.CLOSED, WS.CLOSED]);

    const a2 = new WS('ws://test/collab/a');
    const ra2 = record(a2);
    expect(reals).toHaveLength(2);
    real().accept();
    expect(real().kinds()).toEqual(['a:open']);
    real().deliver(opened('a'));
    await flush();
    expect(ra2.events).toEqual(['open']);

    // A close without a code (network loss) is reported as 1006, after the error.
    real().fail();
    await flush();
    expect(ra2.events).toEqual(['open', 'error', 'close:1006']);
    expect(ra2.closes[0]).toMatchObject({ code: 1006, wasClean: false });
  });

  it('does not put new documents on a real socket that is already closing', async () => {
    const { WS, reals } = setup();
    const a = new WS('ws://test/collab/a');
    const ra = record(a);
    reals[0]!.accept();
    reals[0]!.deliver(opened('a'));
    await flush();
    reals[0]!.readyState = 2; // the server started the closing handshake
    const b = new WS('ws://test/collab/b');
    expect(reals).toHaveLength(2);
    a.close(); // nothing may be sent on the closing socket (the fake would throw)
    reals[1]!.accept();
    expect(reals[1]!.kinds()).toEqual(['b:open']);
    reals[0]!.end(1001);
    await flush();
    expect(ra.events).toEqual(['open', 'close:1005']);
    expect(b.readyState).toBe(WS.CONNECTING);
  });

  it('sends CLOSE once and fires close once', async () => {
    const { WS, real } = setup();
    const a = new WS('ws://test/collab/a');
    const ra = record(a);
    const listener = vi.fn();
    a.addEventListener('close', listener);
    real().accept();
    real().deliver(opened('a'));
    await flush();
    a.close(1000, 'bye');
    expect(a.readyState).toBe(WS.CLOSING);
    a.close();
    a.send(bytes(1)); // ignored once closing
    await flush();
    expect(real().kinds()).toEqual(['a:open', 'a:close']);
    expect(ra.closes).toMatchObject([{ code: 1000, reason: 'bye', wasClean: true }]);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(a.readyState).toBe(WS.CLOSED);
    // Frames of the closed subscription still in flight are dropped.
    real().deliver(data('a', bytes(5)));
    real().deliver(closed('a', 4400, 'document not open on this socket'));
    await flush();
    expect(ra.events).toEqual(['open', 'close:1000']);
  });

  it('supports addEventListener and removeEventListener', async () => {
    const { WS, real } = setup();
    const a = new WS('ws://test/collab/a');
    const onOpen = vi.fn();
    const onMessage = vi.fn();
    a.addEventListener('open', onOpen);
    a.addEventListener('message', onMessage);
    real().accept();
    real().deliver(opened('a'));
    await flush();
    a.removeEventListener('message', onMessage);
    real().deliver(data('a', bytes(1)));
    await flush();
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('replaces an older virtual socket of the same document', async () => {
    const { WS, real } = setup();
    const old = new WS('ws://test/collab/a');
    const ro = record(old);
    real().accept();
    real().deliver(opened('a'));
    await flush();
    const next = new WS('ws://test/collab/a');
    const rn = record(next);
    expect(real().kinds()).toEqual(['a:open', 'a:close', 'a:open']);
    // In flight from the older subscription: ignored, not taken for the newer one's.
    real().deliver(data('a', bytes(1)));
    real().deliver(closed('a', 4400, 'document not open on this socket'));
    await flush();
    expect(ro.closes).toMatchObject([{ code: 1000 }]);
    expect(rn.events).toEqual([]);
    expect(next.readyState).toBe(WS.CONNECTING);
    real().deliver(opened('a'));
    real().deliver(data('a', bytes(2)));
    await flush();
    expect(rn.events).toEqual(['open', 'message']);
    expect(rn.messages).toEqual([bytes(2)]);
    expect(ro.events).toEqual(['open', 'close:1000']);
  });

  it('matches each OPENED to its OPEN when a document is reopened before the first was answered', async () => {
    const { WS, real } = setup();
    const first = new WS('ws://test/collab/a');
    const rf = record(first);
    real().accept();
    first.close();
    const second = new WS('ws://test/collab/a');
    const rs = record(second);
    expect(real().kinds()).toEqual(['a:open', 'a:close', 'a:open']);
    real().deliver(opened('a')); // the first OPEN's
    real().deliver(data('a', bytes(1))); // sent by the server before it saw CLOSE
    await flush();
    expect(second.readyState).toBe(WS.CONNECTING);
    real().deliver(opened('a'));
    real().deliver(data('a', bytes(2)));
    await flush();
    expect(rs.events).toEqual(['open', 'message']);
    expect(rs.messages).toEqual([bytes(2)]);
    expect(rf.events).toEqual(['error', 'close:1006']);
  });

  it('throws on send while connecting', () => {
    const { WS, real } = setup();
    const a = new WS('ws://test/collab/a');
    expect(() => a.send(bytes(1))).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    real().accept();
    expect(() => a.send(bytes(1))).toThrow(/CONNECTING/);
    expect(real().kinds()).toEqual(['a:open']);
  });

  it('ignores malformed server frames without throwing', async () => {
    const { WS, real } = setup();
    const a = new WS('ws://test/collab/a');
    const ra = record(a);
    real().accept();
    const garbage = [
      bytes(),
      bytes(0xff, 0xff, 0xff),
      bytes(50, 97), // name longer than the frame
      serverFrame('a', 9), // unknown kind
      serverFrame('a', MUX.opened, (e) => encoding.writeUint8(e, 1)), // trailing byte
      serverFrame('a', MUX.data, (e) => encoding.writeVarUint(e, 5)), // truncated data
      serverFrame('a', MUX.close, (e) => encoding.writeVarUint(e, 4403)), // no reason
      serverFrame('', MUX.opened),
      serverFrame('unknown', MUX.opened),
    ];
    for (const frame of garbage) expect(() => real().deliver(frame)).not.toThrow();
    expect(() => real().deliver('a text frame')).not.toThrow();
    await flush();
    expect(ra.events).toEqual([]);
    real().deliver(opened('a'));
    real().deliver(data('a', bytes(3)));
    await flush();
    expect(ra.events).toEqual(['open', 'message']);
  });

  it('closes only the virtual socket whose frame is too large (1009)', async () => {
    const { WS, real } = setup({ maxFrameBytes: 64 });
    const a = new WS('ws://test/collab/a');
    const ra = record(a);
    real().accept();
    real().deliver(opened('a'));
    await flush();
    a.send(new Uint8Array(100));
    await flush();
    expect(real().kinds()).toEqual(['a:open', 'a:close']);
    expect(ra.closes).toMatchObject([{ code: 1009 }]);
    expect(real().readyState).toBe(1);
  });

  it('refuses documents beyond the server limit locally (4400)', async () => {
    const { WS, real } = setup({ maxDocuments: 2 });
    new WS('ws://test/collab/a');
    new WS('ws://test/collab/b');
    const c = new WS('ws://test/collab/c');
    const rc = record(c);
    real().accept();
    await flush();
    expect(real().kinds()).toEqual(['a:open', 'b:open']);
    expect(rc.closes).toMatchObject([{ code: 4400 }]);
  });

  it('fails a socket whose document name the server would refuse, without touching the shared socket', async () => {
    const { WS, reals } = setup();
    const bad = new WS('ws://test/collab/%E0%A4%A');
    const long = new WS(`ws://test/collab/${'x'.repeat(201)}`);
    const rb = record(bad);
    const rl = record(long);
    await flush();
    expect(rb.events).toEqual(['error', 'close:1006']);
    expect(rl.events).toEqual(['error', 'close:1006']);
    expect(reals).toHaveLength(0);
  });

  it('closes the idle real socket after idleCloseMs, and opens a new one when needed', async () => {
    vi.useFakeTimers();
    try {
      const { WS, reals, real } = setup({ idleCloseMs: 1000 });
      const a = new WS('ws://test/collab/a');
      real().accept();
      a.close();
      await vi.advanceTimersByTimeAsync(500);
      // Reused within the grace period (e.g. a remount).
      const b = new WS('ws://test/collab/b');
      await vi.advanceTimersByTimeAsync(2000);
      expect(real().closeCalls).toEqual([]);
      b.close();
      await vi.advanceTimersByTimeAsync(1000);
      expect(reals[0]!.closeCalls).toEqual([{ code: 1000, reason: 'idle' }]);
      new WS('ws://test/collab/c');
      expect(reals).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up a real socket that answers nothing after an OPEN', async () => {
    vi.useFakeTimers();
    try {
      const { WS, reals, real } = setup({ openTimeoutMs: 10_000 });
      const a = new WS('ws://test/collab/a');
      const ra = record(a);
      real().accept();
      await vi.advanceTimersByTimeAsync(9_000);
      expect(ra.events).toEqual([]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(ra.closes).toMatchObject([{ code: 1006, wasClean: false }]);
      expect(reals[0]!.closeCalls).toHaveLength(1);
      new WS('ws://test/collab/a');
      expect(reals).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a real socket that answers', async () => {
    vi.useFakeTimers();
    try {
      const { WS, real } = setup({ openTimeoutMs: 10_000 });
      const a = new WS('ws://test/collab/a');
      const ra = record(a);
      real().accept();
      await vi.advanceTimersByTimeAsync(3_000);
      real().deliver(opened('a'));
      await vi.advanceTimersByTimeAsync(30_000);
      expect(ra.events).toEqual(['open']);
      expect(real().closeCalls).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('helpers', () => {
  it('takes the document name from the last path segment', () => {
    expect(docNameOfUrl('wss://h/collab/section-1')).toBe('section-1');
    expect(docNameOfUrl('wss://h/collab/%E7%AB%A0%20a?x=1#y')).toBe('章 a');
    expect(docNameOfUrl('wss://h/collab/%zz')).toBeNull();
  });

  it('is on unless localStorage says hegao.mux = off', () => {
    expect(isMuxEnabled(undefined)).toBe(true);
    expect(isMuxEnabled({ getItem: () => null })).toBe(true);
    expect(isMuxEnabled({ getItem: (key) => (key === 'hegao.mux' ? 'on' : null) })).toBe(true);
    expect(isMuxEnabled({ getItem: (key) => (key === 'hegao.mux' ? 'off' : null) })).toBe(false);
    expect(
      isMuxEnabled({
        getItem: () => {
          throw new Error('blocked');
        },
      }),
    ).toBe(true);
  });
});

describe('WebsocketProvider over MuxWebSocket', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** A server that speaks the mux protocol and y-protocols sync for its documents. */
  function fakeServer(real: FakeRealSocket, docs: Map<string, Y.Doc>) {
    const reply = (frame: Uint8Array) => setTimeout(() => real.readyState === 1 && real.deliver(frame), 1);
    real.onClientFrame = (frame) => {
      const doc = docs.get(frame.docName);
      if (frame.kind === 'open') {
        if (!doc) return reply(closed(frame.docName, 4404, 'no such document'));
        reply(opened(frame.docName));
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0);
        syncProtocol.writeSyncStep1(encoder, doc);
        reply(data(frame.docName, encoding.toUint8Array(encoder)));
      } else if (frame.kind === 'data' && doc) {
        const decoder = decoding.createDecoder(frame.data);
        if (decoding.readVarUint(decoder) !== 0) return; // awareness: not needed here
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0);
        syncProtocol.readSyncMessage(decoder, encoder, doc, 'client');
        if (encoding.length(encoder) > 1) reply(data(frame.docName, encoding.toUint8Array(encoder)));
      }
    };
    setTimeout(() => real.accept(), 1);
  }

  it('syncs and sends edits through the shared socket', async () => {
    const serverDocs = new Map([
      ['section-1', new Y.Doc()],
      ['section-2', new Y.Doc()],
    ]);
    serverDocs.get('section-1')!.getText('t').insert(0, 'from server');
    const reals: FakeRealSocket[] = [];
    const WS = muxWebSocketClass({
      url: 'ws://test/collab-mux',
      createSocket: (url) => {
        const real = new FakeRealSocket(url);
        reals.push(real);
        fakeServer(real, serverDocs);
        return real;
      },
    });
    const providers = ['section-1', 'section-2'].map((name) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider('ws://test/collab', name, doc, {
        WebSocketPolyfill: WS as unknown as typeof WebSocket,
        disableBc: true,
        awareness: new awarenessProtocol.Awareness(doc),
      });
      cleanups.push(() => {
        provider.destroy();
        doc.destroy();
      });
      return { provider, doc };
    });
    await vi.waitFor(() => expect(providers.every(({ provider }) => provider.synced)).toBe(true));
    expect(reals).toHaveLength(1);
    expect(providers[0]!.doc.getText('t').toString()).toBe('from server');

    providers[0]!.doc.getText('t').insert(0, '新');
    providers[1]!.doc.getText('t').insert(0, 'other');
    await vi.waitFor(() => expect(serverDocs.get('section-1')!.getText('t').toString()).toBe('新from server'));
    await vi.waitFor(() => expect(serverDocs.get('section-2')!.getText('t').toString()).toBe('other'));
  });

  it('stops a provider whose document the server refused, and reconnects the others after the shared socket dropped', async () => {
    const serverDocs = new Map([['section-1', new Y.Doc()]]);
    const reals: FakeRealSocket[] = [];
    const WS = muxWebSocketClass({
      url: 'ws://test/collab-mux',
      createSocket: (url) => {
        const real = new FakeRealSocket(url);
        reals.push(real);
        fakeServer(real, serverDocs);
        return real;
      },
    });
    const make = (name: string) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider('ws://test/collab', name, doc, { WebSocketPolyfill: WS as unknown as typeof WebSocket, disableBc: true });
      cleanups.push(() => {
        provider.destroy();
        doc.destroy();
      });
      return provider;
    };
    const good = make('section-1');
    const gone = make('section-404');
    const closedEvents: number[] = [];
    gone.on('closed', ({ code }) => closedEvents.push(code));
    await vi.waitFor(() => expect(good.synced).toBe(true));
    await vi.waitFor(() => expect(closedEvents).toEqual([4404]));

    reals[0]!.end(1001, 'restart');
    await vi.waitFor(() => expect(good.synced).toBe(false));
    await vi.waitFor(() => expect(good.synced).toBe(true), { timeout: 3000 });
    expect(reals).toHaveLength(2);
    expect(gone.wsconnected).toBe(false);
  });
});
