/** A stock y-websocket WebsocketProvider in Node, instrumented to record what the server says. */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type * as decoding from 'lib0/decoding';
import { MESSAGE_ACCESS, decodeAccessPayload, type AccessState } from '@hegao/collab';
import type { ApiClient } from './api.js';

/** Polls until `check` returns (or resolves to) true or the timeout passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One user's client of one section document. */
export class CollabClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Access states received (MESSAGE_ACCESS), newest last. */
  readonly access: AccessState[] = [];
  /** Permission-denied reasons received (y-protocols auth). */
  readonly denied: string[] = [];
  /** Close events from the server. */
  readonly closes: { code: number; reason: string }[] = [];

  constructor(wsUrl: string, docName: string, token: string, opts: { doc?: Y.Doc; connect?: boolean } = {}) {
    this.doc = opts.doc ?? new Y.Doc();
    this.provider = new WebsocketProvider(wsUrl, docName, this.doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
      connect: opts.connect ?? true,
      maxBackoffTime: 300,
    });
    this.provider.messageHandlers[MESSAGE_ACCESS] = (_encoder: unknown, decoder: decoding.Decoder) => {
      this.access.push(decodeAccessPayload(decoder));
    };
    this.provider.messageHandlers[2] = (_encoder: unknown, decoder: decoding.Decoder) => {
      // y-protocols auth: [messagePermissionDenied=0, reason]
      const bytes = decoder.arr.subarray(decoder.pos);
      if (bytes[0] === 0) this.denied.push(new TextDecoder().decode(bytes.subarray(2)));
    };
    this.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
      if (event) this.closes.push({ code: event.code, reason: String(event.reason) });
    });
  }

  /** Opens a client for a user with a fresh collab token. */
  static async open(api: ApiClient, wsUrl: string, docName: string, opts: { doc?: Y.Doc } = {}): Promise<CollabClient> {
    const client = new CollabClient(wsUrl, docName, await api.token(docName), opts);
    await client.synced();
    return client;
  }

  /** Waits for the first sync with the server. */
  async synced(timeoutMs = 10_000): Promise<void> {
    await waitFor(() => this.provider.synced, 'sync', timeoutMs);
  }

  /** Current access mode ('write' | 'read'), once the server said so. */
  get mode(): AccessState['mode'] | undefined {
    return this.access.at(-1)?.mode;
  }

  /** The ProseMirror fragment. */
  get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment('prosemirror');
  }

  /** The document as XML text, for comparisons. */
  xml(): string {
    return this.fragment.toString();
  }

  /** Appends a paragraph with text, as an editor would. */
  appendParagraph(text: string): void {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    this.fragment.insert(this.fragment.length, [p]);
  }

  /** Closes the provider and the document. */
  destroy(): void {
    try {
      this.provider.destroy();
    } catch {
      // y-websocket's destroy can throw after a terminal close when the clientID was replaced
    }
    this.doc.destroy();
  }
}
