/**
 * A WebSocket polyfill that carries every document of the page over ONE real WebSocket to
 * `/collab-mux`, so the stock y-websocket `WebsocketProvider` runs unchanged while a report of
 * thirty sections needs a single handshake (browsers open one handshake per host at a time).
 *
 * The wire protocol (frames, limits, kinds) is the collab package's `@hegao/collab/mux`, the same
 * module the server decodes with; see docs/api.md.
 *
 * Matching answers to subscriptions: the protocol carries no subscription ids, and frames of an
 * earlier subscription of the same document may still be in flight when a new one starts (e.g. the
 * provider closed and reopened, or the server answers a late DATA with CLOSE 4400 "document not
 * open"). The server answers frames in order and every OPEN with exactly one OPENED (it rejects
 * without OPENED only beyond its document limit, which this client never reaches: it refuses
 * locally first). So the n-th OPENED of a document belongs to its n-th OPEN, and every DATA or
 * CLOSE that arrives before a virtual socket's own OPENED belongs to an earlier subscription and
 * is dropped — except on the first subscription of a document on a real socket, where nothing
 * earlier can be in flight and a CLOSE can only be a refusal.
 */
import { CLOSE, DEFAULT_MAX_FRAME_BYTES } from '@hegao/collab/protocol';
import { MAX_MUX_DOCUMENTS, MAX_MUX_DOC_NAME, decodeMuxServerFrame, encodeMuxClientFrame } from '@hegao/collab/mux';

/** The part of a real WebSocket the mux uses: a browser `WebSocket` fits, tests pass a fake. */
export interface MuxRealSocket {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
}

/** Options of {@link muxWebSocketClass}. */
export interface MuxWebSocketOptions {
  /** The mux endpoint; default `ws(s)://<this origin>/collab-mux`, resolved when first needed. */
  url?: string;
  /** Opens the real socket (tests pass a fake); default `new WebSocket(url)`. */
  createSocket?: (url: string) => MuxRealSocket | WebSocket;
  /** Largest frame the server takes (its `HEGAO_MAX_FRAME_BYTES`); a bigger DATA closes only its virtual socket with 1009. Default the server's default, 2 MiB. */
  maxFrameBytes?: number;
  /** Most documents subscribed on one real socket (the server's limit); more are closed locally with 4400. Default the server's, 500. */
  maxDocuments?: number;
  /** How long the real socket stays open without any virtual socket (so a remount reuses it); default 1000 ms. */
  idleCloseMs?: number;
  /** The real socket counts as dead when nothing at all arrives this long after an OPEN; default 10000 ms. */
  openTimeoutMs?: number;
}

/** An event of a virtual socket (`open`, `error`). */
export interface MuxEvent {
  readonly type: string;
  readonly target: MuxVirtualSocket;
}

/** A `message` event: one y-websocket message of the document. */
export interface MuxMessageEvent extends MuxEvent {
  readonly data: ArrayBuffer;
}

/** A `close` event, with the code of the document's connection (or of the real socket). */
export interface MuxCloseEvent extends MuxEvent {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** The events of a virtual socket by type. */
export interface MuxEventMap {
  open: MuxEvent;
  message: MuxMessageEvent;
  error: MuxEvent;
  close: MuxCloseEvent;
}

type MuxListener<K extends keyof MuxEventMap> = (this: MuxVirtualSocket, event: MuxEventMap[K]) => void;

/** A class of virtual sockets bound to one shared mux connection, usable as `WebSocketPolyfill`. */
export interface MuxWebSocketClass {
  new (url: string | URL, protocols?: string | string[]): MuxVirtualSocket;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
}

/** The document a socket URL names: its last path segment, URI-decoded; query and hash ignored. `null` if it cannot be decoded. */
export function docNameOfUrl(url: string): string | null {
  const path = url.replace(/[?#][\s\S]*$/, '');
  const segment = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Whether sections use the shared socket (`/collab-mux`): on by default, since a browser opens one
 * WebSocket handshake per host at a time and 30 sections on their own sockets take seconds to go
 * live; `localStorage['hegao.mux'] = 'off'` falls back to one native socket per section.
 */
export function isMuxEnabled(storage: Pick<Storage, 'getItem'> | undefined = defaultStorage()): boolean {
  try {
    return storage?.getItem('hegao.mux') !== 'off';
  } catch {
    return true; // storage blocked (privacy settings): keep the default
  }
}

function defaultStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

type Phase = 'queued' | 'opening' | 'open' | 'closed';

/** What a port tells its virtual socket; every call queues an event (fired asynchronously, in order). */
interface PortEvents {
  open(): void;
  message(data: ArrayBuffer): void;
  error(): void;
  close(code: number, reason: string, wasClean: boolean): void;
}

/** The mux side of one virtual socket. */
class Port {
  phase: Phase = 'queued';
  link: Link | null = null;
  /** `link.received` when the OPEN was sent, and when (for the liveness check). */
  receivedAtOpen = 0;
  openSentAt = 0;

  constructor(
    readonly docName: string | null,
    readonly events: PortEvents,
  ) {}
}

/** Per document on one real socket: OPENs awaiting their OPENED, in order, and the subscribed port. */
interface Route {
  tickets: Port[];
  opened: Port | null;
  /** OPENs sent for this document on this real socket. */
  opens: number;
}

/** One real socket and what rides on it. */
class Link {
  open = false;
  closed = false;
  /** Live ports bound to this socket (queued, opening or open). */
  readonly ports = new Set<Port>();
  readonly routes = new Map<string, Route>();
  /** Frames received so far (any document). */
  received = 0;
  probe: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly socket: MuxRealSocket) {}

  route(docName: string): Route {
    let route = this.routes.get(docName);
    if (!route) this.routes.set(docName, (route = { tickets: [], opened: null, opens: 0 }));
    return route;
  }
}

/** RFC 6455: the connection ended without a close frame (a browser reports it; never sent). */
const CLOSE_ABNORMAL = 1006;

/** The shared connection behind one class of virtual sockets: at most one current real socket. */
class MuxConnection {
  private link: Link | null = null;
  /** The live port of each document (a newer one replaces the older). */
  private readonly current = new Map<string, Port>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly maxFrameBytes: number;
  private readonly maxDocuments: number;
  private readonly idleCloseMs: number;
  private readonly openTimeoutMs: number;

  constructor(private readonly options: MuxWebSocketOptions) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.maxDocuments = options.maxDocuments ?? MAX_MUX_DOCUMENTS;
    this.idleCloseMs = options.idleCloseMs ?? 1000;
    this.openTimeoutMs = options.openTimeoutMs ?? 10_000;
  }

  attach(port: Port): void {
    const { docName } = port;
    if (docName === null || docName.length === 0 || docName.length > MAX_MUX_DOC_NAME) {
      // The server would refuse the handshake of such a `/collab/:docName` socket; never send it.
      return this.fail(port);
    }
    const older = this.current.get(docName);
    // One subscription per document and socket: the server replaces it too, so say so first.
    if (older) this.end(older, true, { code: 1000, reason: 'replaced by a newer socket for the same document', wasClean: true });
    const link = this.ensureLink();
    if (!link) return this.fail(port);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.current.set(docName, port);
    port.link = link;
    link.ports.add(port);
    if (link.open) this.subscribe(link, port);
  }

  /** DATA from a virtual socket; only called while its port is open. */
  send(port: Port, data: Uint8Array): void {
    const link = port.link;
    if (!link || port.phase !== 'open' || port.docName === null) return;
    const frame = encodeMuxClientFrame(port.docName, 'data', data);
    if (frame.length > this.maxFrameBytes) {
      // The server would close the whole shared socket (1009); close only this document, as its
      // own socket would have been.
      this.end(port, true, { code: CLOSE.tooLarge, reason: 'frame too large', wasClean: false });
      return;
    }
    sendFrame(link, frame);
  }

  /** The virtual socket closed itself. */
  release(port: Port): void {
    if (port.phase === 'closed') return;
    this.end(port, true, null);
  }

  private ensureLink(): Link | null {
    // A socket that is already closing cannot carry new documents; its ports close with it.
    if (this.link && this.link.socket.readyState >= 2) this.link = null;
    if (this.link) return this.link;
    let socket: MuxRealSocket;
    try {
      const url = this.options.url ?? `${location.origin.replace(/^http/, 'ws')}/collab-mux`;
      socket = (this.options.createSocket ?? ((u: string) => new WebSocket(u)))(url) as MuxRealSocket;
    } catch {
      return null;
    }
    const link = new Link(socket);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.onRealOpen(link);
    socket.onmessage = (event) => this.onRealMessage(link, event.data);
    socket.onerror = () => {
      for (const port of link.ports) port.events.error();
    };
    socket.onclose = (event) => this.drop(link, event.code || CLOSE_ABNORMAL, event.reason ?? '', event.wasClean ?? false);
    this.link = link;
    return link;
  }

  private onRealOpen(link: Link): void {
    if (link.closed) return;
    link.open = true;
    for (const port of [...link.ports]) if (port.phase === 'queued') this.subscribe(link, port);
  }

  private subscribe(link: Link, port: Port): void {
    if (port.docName === null) return;
    let subscribed = 0;
    for (const p of link.ports) if (p.phase === 'opening' || p.phase === 'open') subscribed++;
    if (subscribed >= this.maxDocuments) {
      // The server would refuse it without OPENED, which breaks matching OPENED to OPEN.
      this.end(port, false, { code: CLOSE.badMessage, reason: 'too many documents on one socket', wasClean: true });
      return;
    }
    const route = link.route(port.docName);
    route.tickets.push(port);
    route.opens++;
    port.phase = 'opening';
    port.receivedAtOpen = link.received;
    port.openSentAt = Date.now();
    sendFrame(link, encodeMuxClientFrame(port.docName, 'open'));
    this.watch(link);
  }

  private onRealMessage(link: Link, data: unknown): void {
    if (link.closed) return;
    link.received++;
    let bytes: Uint8Array;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else return; // text frame (or a Blob): not part of the protocol
    const frame = decodeMuxServerFrame(bytes);
    if (!frame) return; // malformed: ignored
    const route = link.routes.get(frame.docName);
    if (!route) return; // never subscribed on this socket
    if (frame.kind === 'opened') {
      const port = route.tickets.shift();
      if (port?.phase === 'opening') {
        port.phase = 'open';
        route.opened = port;
        port.events.open();
      }
    } else if (frame.kind === 'data') {
      if (route.opened?.phase === 'open') route.opened.events.message(frame.data.slice().buffer);
    } else if (route.opened) {
      this.end(route.opened, false, { code: frame.code, reason: frame.reason, wasClean: true });
    } else if (route.opens === 1 && route.tickets[0]?.phase === 'opening') {
      // The document's first subscription here: nothing earlier is in flight, so it was refused.
      const port = route.tickets.shift()!;
      this.end(port, false, { code: frame.code, reason: frame.reason, wasClean: true });
    }
    // Otherwise the CLOSE belongs to an earlier subscription of the document: dropped.
  }

  /**
   * Closes a port: sends CLOSE if asked to and the server knows the subscription, and queues its
   * close event unless `event` is null (a virtual socket closing itself queues its own).
   */
  private end(port: Port, unsubscribe: boolean, event: { code: number; reason: string; wasClean: boolean } | null): void {
    const known = port.phase === 'opening' || port.phase === 'open';
    port.phase = 'closed';
    const link = port.link;
    if (link && port.docName !== null) {
      link.ports.delete(port);
      const route = link.routes.get(port.docName);
      if (route?.opened === port) route.opened = null;
      // Its ticket stays queued: the OPENED still due for it must not be taken for a later OPEN's.
      if (unsubscribe && known && !link.closed) sendFrame(link, encodeMuxClientFrame(port.docName, 'close'));
    }
    if (port.docName !== null && this.current.get(port.docName) === port) this.current.delete(port.docName);
    if (event) port.events.close(event.code, event.reason, event.wasClean);
    this.scheduleIdleClose();
  }

  /** Every port of a real socket that closed (or was given up) closes with that code. */
  private drop(link: Link, code: number, reason: string, wasClean: boolean): void {
    if (link.closed) return;
    link.closed = true;
    link.open = false;
    clearTimeout(link.probe);
    if (this.link === link) this.link = null;
    for (const port of [...link.ports]) this.end(port, false, { code, reason, wasClean });
  }

  /** Stops listening to a real socket and closes it. */
  private retire(link: Link, code?: number, reason?: string): void {
    if (this.link === link) this.link = null;
    link.closed = true;
    link.open = false;
    clearTimeout(link.probe);
    const { socket } = link;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = () => undefined;
    try {
      socket.close(code, reason);
    } catch {
      // already closed
    }
  }

  private fail(port: Port): void {
    port.phase = 'closed';
    port.events.error();
    port.events.close(CLOSE_ABNORMAL, '', false);
  }

  /** The real socket is closed once no virtual socket used it for `idleCloseMs` (it holds the identity of its handshake). */
  private scheduleIdleClose(): void {
    const link = this.link;
    if (!link || link.ports.size > 0 || this.idleTimer !== undefined) return;
    if (!(this.idleCloseMs >= 0) || this.idleCloseMs === Infinity) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.link === link && link.ports.size === 0) this.retire(link, 1000, 'idle');
    }, this.idleCloseMs);
  }

  /**
   * A real socket that looks open but answers nothing (a dead network the browser has not noticed
   * yet) would keep every reconnecting provider waiting for OPENED forever: once an OPEN stays
   * without any frame at all for `openTimeoutMs`, the socket is given up and its ports close with
   * 1006, so the providers reconnect over a new one.
   */
  private watch(link: Link): void {
    if (link.probe !== undefined || !(this.openTimeoutMs > 0) || this.openTimeoutMs === Infinity) return;
    link.probe = setTimeout(() => this.checkLiveness(link), this.openTimeoutMs);
  }

  private checkLiveness(link: Link): void {
    link.probe = undefined;
    if (link.closed) return;
    const now = Date.now();
    let waiting = false;
    for (const port of link.ports) {
      if (port.phase !== 'opening' || port.receivedAtOpen !== link.received) continue;
      if (now - port.openSentAt >= this.openTimeoutMs) {
        this.drop(link, CLOSE_ABNORMAL, 'no answer from the server', false);
        this.retire(link);
        return;
      }
      waiting = true;
    }
    if (waiting) link.probe = setTimeout(() => this.checkLiveness(link), this.openTimeoutMs / 2);
  }
}

function sendFrame(link: Link, frame: Uint8Array<ArrayBuffer>): void {
  if (link.socket.readyState === 1) link.socket.send(frame);
}

/** One document's WebSocket over the shared mux connection (the surface y-websocket uses); create it via {@link muxWebSocketClass}. */
// Events fire asynchronously and in order, like a real socket's; the URL's last segment names the document.
export class MuxVirtualSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  readonly url: string;
  /** The document (last path segment of the URL, decoded); `null` if it could not be decoded. */
  readonly docName: string | null;
  readonly protocol = '';
  readonly extensions = '';
  readonly bufferedAmount = 0;
  /** Stored only: messages are always delivered as ArrayBuffer (what y-websocket asks for). */
  binaryType: 'blob' | 'arraybuffer' = 'blob';
  onopen: MuxListener<'open'> | null = null;
  onmessage: MuxListener<'message'> | null = null;
  onerror: MuxListener<'error'> | null = null;
  onclose: MuxListener<'close'> | null = null;

  #readyState = 0;
  #closeQueued = false;
  readonly #listeners = new Map<string, Set<MuxListener<keyof MuxEventMap>>>();
  readonly #mux: MuxConnection;
  readonly #port: Port;

  constructor(mux: MuxConnection, url: string | URL, _protocols?: string | string[]) {
    this.url = String(url);
    this.docName = docNameOfUrl(this.url);
    this.#mux = mux;
    this.#port = new Port(this.docName, {
      open: () => this.#queue(() => {
        if (this.#readyState !== MuxVirtualSocket.CONNECTING) return; // closed meanwhile
        this.#readyState = MuxVirtualSocket.OPEN;
        this.#dispatch('open', { type: 'open', target: this });
      }),
      message: (data) => this.#queue(() => {
        if (this.#readyState !== MuxVirtualSocket.OPEN) return; // a real socket drops them once closing
        this.#dispatch('message', { type: 'message', target: this, data });
      }),
      error: () => this.#queue(() => {
        if (this.#readyState !== MuxVirtualSocket.CLOSED) this.#dispatch('error', { type: 'error', target: this });
      }),
      close: (code, reason, wasClean) => this.#queueClose(code, reason, wasClean),
    });
    mux.attach(this.#port);
  }

  /** CONNECTING until the server accepted the document (OPENED), then OPEN, CLOSING, CLOSED. */
  get readyState(): number {
    return this.#readyState;
  }

  /** Sends one y-websocket message; throws while connecting, ignored once closing or closed. */
  send(data: ArrayBuffer | ArrayBufferView): void {
    if (this.#readyState === MuxVirtualSocket.CONNECTING) {
      throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
    }
    if (this.#readyState !== MuxVirtualSocket.OPEN) return;
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.#mux.send(this.#port, bytes);
  }

  /** Unsubscribes the document (CLOSE to the server if it knew it); the close event fires once. */
  close(code?: number, reason?: string): void {
    const state = this.#readyState;
    if (state === MuxVirtualSocket.CLOSING || state === MuxVirtualSocket.CLOSED) return;
    this.#readyState = MuxVirtualSocket.CLOSING;
    this.#mux.release(this.#port);
    if (state === MuxVirtualSocket.CONNECTING) {
      // As a real socket closed before its handshake finished: error, then an abnormal close.
      this.#queue(() => this.#dispatch('error', { type: 'error', target: this }));
      this.#queueClose(1006, '', false);
    } else {
      this.#queueClose(code ?? 1005, reason ?? '', true);
    }
  }

  /** Adds a listener for 'open', 'message', 'error' or 'close'. */
  addEventListener<K extends keyof MuxEventMap>(type: K, listener: MuxListener<K>): void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as MuxListener<keyof MuxEventMap>);
  }

  /** Removes a listener added with {@link addEventListener}. */
  removeEventListener<K extends keyof MuxEventMap>(type: K, listener: MuxListener<K>): void {
    this.#listeners.get(type)?.delete(listener as MuxListener<keyof MuxEventMap>);
  }

  #queueClose(code: number, reason: string, wasClean: boolean): void {
    if (this.#closeQueued) return;
    this.#closeQueued = true;
    this.#queue(() => {
      this.#readyState = MuxVirtualSocket.CLOSED;
      this.#dispatch('close', { type: 'close', target: this, code, reason, wasClean });
    });
  }

  /** Microtasks run in order, so events keep the order of the frames that caused them. */
  #queue(task: () => void): void {
    queueMicrotask(task);
  }

  #dispatch<K extends keyof MuxEventMap>(type: K, event: MuxEventMap[K]): void {
    const handler = this[`on${type}`] as MuxListener<K> | null;
    const listeners = [...(this.#listeners.get(type) ?? [])] as MuxListener<K>[];
    for (const listener of handler ? [handler, ...listeners] : listeners) {
      try {
        listener.call(this, event);
      } catch (error) {
        // Like an exception in a real socket's handler: reported, the other listeners still run.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}

/** Creates a WebSocket class whose sockets share one lazily opened mux connection (one real socket at a time). */
export function muxWebSocketClass(options: MuxWebSocketOptions = {}): MuxWebSocketClass {
  const mux = new MuxConnection(options);
  return class MuxWebSocket extends MuxVirtualSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(mux, url, protocols);
    }
  };
}

/** The page's shared mux socket class, bound to `ws(s)://<this origin>/collab-mux`; pass it as y-websocket's `WebSocketPolyfill`. */
export const MuxWebSocket: MuxWebSocketClass = muxWebSocketClass();
