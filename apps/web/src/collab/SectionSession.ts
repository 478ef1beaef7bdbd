import {
  MESSAGE_ACCESS,
  MESSAGE_AUTH,
  MESSAGE_FLUSH,
  MESSAGE_SYNC,
  SYNC_UPDATE,
  decodeAccessPayload,
  encodeFlush,
  type AccessState,
} from '@hegao/collab/protocol';
import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { isMuxEnabled, MuxWebSocket } from './MuxWebSocket';
import { SectionCounter } from './SectionCounter';
import { initialSectionState, reduceSectionState, type SectionEvent, type SectionState } from './sectionState';
import { ValueStore } from './ValueStore';

/** The parts of y-websocket's provider a section session uses (tests pass a fake). */
export type SectionProvider = Pick<
  WebsocketProvider,
  'messageHandlers' | 'awareness' | 'on' | 'off' | 'connect' | 'disconnect' | 'destroy' | 'wsconnected'
> & { readonly ws: Pick<WebSocket, 'send'> | null };

/** Why {@link SectionSession.flush} failed, in Chinese for the person who clicked. */
export class FlushError extends Error {
  override readonly name = 'FlushError';
}

/** The local copy of a document (y-indexeddb), or a stand-in in tests. */
export interface SectionPersistence {
  /** Resolves once the stored updates have been applied to the document. */
  whenSynced: Promise<unknown>;
  destroy(): unknown;
}

/** Where the browser's online state comes from (the window, or a fake in tests). */
export interface NetworkEnvironment {
  isOnline(): boolean;
  /** Listens to the window's `online`/`offline` events; returns the remover. */
  listen(type: 'online' | 'offline', listener: () => void): () => void;
}

/** Options of {@link SectionSession}. */
export interface SectionSessionOptions {
  docName: string;
  /** Signed-in user: the IndexedDB copy is kept per user, so accounts never share local text. */
  userId: string;
  /** Access assumed until the server says (e.g. predicted when opening while offline); default read. */
  initialAccess?: AccessState | null;
  /** Called after a terminal (44xx) close, e.g. to check the session after 4401. */
  onClosed?: (code: number, session: SectionSession) => void;
  createProvider?: (docName: string, doc: Y.Doc, awareness: Awareness) => SectionProvider;
  createPersistence?: (name: string, doc: Y.Doc) => SectionPersistence | null;
  network?: NetworkEnvironment;
  /** Longest wait for IndexedDB before connecting anyway (a broken IndexedDB must not block sync). */
  persistenceTimeoutMs?: number;
}

/** y-prosemirror's root type: the section text. */
export const FRAGMENT_NAME = 'prosemirror';

/**
 * Owns one section's collaboration: its Y.Doc, the WebSocket provider, the IndexedDB copy and the
 * awareness. It loads the local copy first and then connects, so edits made offline (even in a tab
 * closed since) are merged on reconnect. UI state is exposed as a store for useSyncExternalStore.
 *
 * @example
 * const session = new SectionSession({ docName: 'section-abc', userId: me.id });
 * session.state.subscribe(() => console.log(session.state.get().status));
 * // …
 * session.destroy();
 */
export class SectionSession {
  readonly docName: string;
  readonly doc = new Y.Doc();
  /** The section text, bound to the editor. */
  readonly fragment: Y.XmlFragment;
  readonly awareness: Awareness;
  /** Connection, access and sync state. */
  readonly state: ValueStore<SectionState>;
  /** 字数 and placeholder counts, throttled. */
  readonly counter: SectionCounter;

  private readonly provider: SectionProvider;
  private readonly persistence: SectionPersistence | null;
  private readonly network: NetworkEnvironment;
  private readonly cleanups: (() => void)[] = [];
  private destroyed = false;
  private flushId = 0;
  private readonly flushWaiters = new Map<number, () => void>();
  private holding = false;
  private readonly held: Uint8Array[] = [];

  constructor(private readonly options: SectionSessionOptions) {
    this.docName = options.docName;
    this.network = options.network ?? windowNetwork;
    this.state = new ValueStore(initialSectionState(this.network.isOnline(), options.initialAccess));
    this.fragment = this.doc.getXmlFragment(FRAGMENT_NAME);
    this.awareness = new Awareness(this.doc);
    // The server stamps `user`; we only say whether we are in the editor (y-prosemirror adds `cursor`).
    this.awareness.setLocalState({ focus: false });
    this.counter = new SectionCounter(this.fragment);

    this.provider = (options.createProvider ?? createWebsocketProvider)(this.docName, this.doc, this.awareness);
    this.provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => this.handleAccessMessage(decoder);
    this.provider.messageHandlers[MESSAGE_FLUSH] = (_encoder, decoder) => this.handleFlushMessage(decoder);
    // Permission denied: the server refused a write of ours (y-websocket only logs it).
    this.provider.messageHandlers[MESSAGE_AUTH] = () => this.dispatch({ type: 'refused' });
    // Remote updates wait while an IME composition is open here (see holdRemote).
    const sync = this.provider.messageHandlers[MESSAGE_SYNC];
    this.provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, type) => {
      if (this.holding && decoding.peekVarUint(decoder) === SYNC_UPDATE) {
        decoding.readVarUint(decoder);
        this.held.push(decoding.readVarUint8Array(decoder));
        return;
      }
      sync?.(encoder, decoder, provider, emitSynced, type);
    };
    this.listenToProvider();
    this.listenToNetwork();

    const createPersistence = options.createPersistence ?? createIndexeddbPersistence;
    this.persistence = createPersistence(`hegao:${options.userId}:${this.docName}`, this.doc);
    void this.loadThenConnect(options.persistenceTimeoutMs ?? 1000);
  }

  /** Tells the others whether we are in this section's editor (shown as presence). */
  setFocus(focused: boolean): void {
    if (this.destroyed) return;
    if (this.awareness.getLocalState()?.focus === focused) return;
    this.awareness.setLocalStateField('focus', focused);
  }

  /**
   * Holds remote updates back (true) or applies the held ones and lets them through again (false).
   * The editor holds them while an IME composition is open, so a colleague's keystroke never
   * re-renders the paragraph under the composition; Yjs merges them when it ends.
   */
  readonly holdRemote = (hold: boolean): void => {
    if (this.destroyed) return;
    this.holding = hold;
    if (hold) return;
    const updates = this.held.splice(0);
    // Applied as the provider would, with the provider as origin: a remote change to the editor.
    for (const update of updates) Y.applyUpdate(this.doc, update, this.provider);
  };

  /**
   * Resolves once the server has made durable everything this session sent so far (the server
   * answers a flush message after the updates before it). Rejects with a Chinese FlushError when
   * not connected or when no answer comes within `timeoutMs`: the caller must not act (提交) then.
   */
  flush(timeoutMs = 8000): Promise<void> {
    const ws = this.provider.ws;
    if (this.destroyed || !this.provider.wsconnected || !ws) {
      return Promise.reject(new FlushError('未连接到服务器，最新修改尚未保存，请联网后再试'));
    }
    const id = ++this.flushId;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.flushWaiters.delete(id);
        reject(new FlushError('服务器未及时确认保存，请稍后再试'));
      }, timeoutMs);
      this.flushWaiters.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        ws.send(encodeFlush(id));
      } catch {
        clearTimeout(timer);
        this.flushWaiters.delete(id);
        reject(new FlushError('连接已中断，最新修改尚未保存，请稍后再试'));
      }
    });
  }

  /** Connects again after a terminal close (e.g. 4401 once the session proved valid). */
  reconnect(): void {
    if (this.destroyed) return;
    this.dispatch({ type: 'reopened' });
    if (this.network.isOnline()) this.provider.connect();
  }

  /** Disconnects and frees everything; the local copy stays in IndexedDB. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    // Disconnecting first sends our awareness removal, so others see us leave at once.
    this.provider.destroy();
    this.counter.destroy();
    void this.persistence?.destroy();
    this.awareness.destroy();
    this.doc.destroy();
    this.state.clear();
  }

  private dispatch(event: SectionEvent): void {
    if (this.destroyed) return;
    this.state.set(reduceSectionState(this.state.get(), event));
  }

  private handleAccessMessage(decoder: decoding.Decoder): void {
    let access: AccessState;
    try {
      access = decodeAccessPayload(decoder);
    } catch {
      return; // an undecodable access message changes nothing; the server enforces rights anyway
    }
    this.dispatch({ type: 'access', mode: access.mode, reason: access.reason });
  }

  private handleFlushMessage(decoder: decoding.Decoder): void {
    let id: number;
    try {
      id = decoding.readVarUint(decoder);
    } catch {
      return;
    }
    const done = this.flushWaiters.get(id);
    this.flushWaiters.delete(id);
    done?.();
  }

  private listenToProvider(): void {
    const onStatus = ({ status }: { status: 'connected' | 'connecting' | 'disconnected' }) => this.dispatch({ type: 'socket', status });
    const onSync = (synced: boolean) => this.dispatch({ type: 'synced', synced });
    const onClosed = ({ code }: { code: number; reason: string }) => {
      this.dispatch({ type: 'closed', code });
      this.options.onClosed?.(code, this);
    };
    this.provider.on('status', onStatus);
    this.provider.on('sync', onSync);
    this.provider.on('closed', onClosed);
    this.cleanups.push(() => {
      this.provider.off('status', onStatus);
      this.provider.off('sync', onSync);
      this.provider.off('closed', onClosed);
    });
  }

  private listenToNetwork(): void {
    // Reacting to the browser's own signal shows 离线 at once instead of after a socket timeout.
    this.cleanups.push(
      this.network.listen('offline', () => {
        this.provider.disconnect();
        this.dispatch({ type: 'online', online: false });
      }),
      this.network.listen('online', () => {
        this.dispatch({ type: 'online', online: true });
        if (this.state.get().loaded && !this.state.get().closed) this.provider.connect();
      }),
    );
  }

  private async loadThenConnect(timeoutMs: number): Promise<void> {
    if (this.persistence) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([this.persistence.whenSynced.catch(() => undefined), timeout]);
      clearTimeout(timer);
    }
    if (this.destroyed) return;
    this.dispatch({ type: 'loaded' });
    if (this.network.isOnline()) this.provider.connect();
  }
}

/** `ws(s)://<this origin>/collab`: the socket goes to the page's own server, with its cookie. */
export function collabUrl(): string {
  return `${location.origin.replace(/^http/, 'ws')}/collab`;
}

function createWebsocketProvider(docName: string, doc: Y.Doc, awareness: Awareness): SectionProvider {
  // By default all sections share one socket to /collab-mux (the URL's last segment still names the
  // document); `localStorage['hegao.mux'] = 'off'` gives each section its own native socket.
  // The cast: MuxWebSocket has the part of the WebSocket surface y-websocket uses, not all of it.
  const polyfill = isMuxEnabled() ? { WebSocketPolyfill: MuxWebSocket as unknown as typeof WebSocket } : {};
  // Not connected yet: the IndexedDB copy is loaded first (see loadThenConnect).
  return new WebsocketProvider(collabUrl(), docName, doc, { connect: false, awareness, disableBc: false, ...polyfill });
}

function createIndexeddbPersistence(name: string, doc: Y.Doc): SectionPersistence | null {
  if (typeof indexedDB === 'undefined') return null;
  return new IndexeddbPersistence(name, doc);
}

const windowNetwork: NetworkEnvironment = {
  isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
  listen(type, listener) {
    if (typeof window === 'undefined') return () => undefined;
    window.addEventListener(type, listener);
    return () => window.removeEventListener(type, listener);
  },
};
