// Test helper of the collab tests: a stand-in for y-websocket's WebsocketProvider.
import { MESSAGE_ACCESS } from '@hegao/collab/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ObservableV2 } from 'lib0/observable';
import { vi } from 'vitest';
import type { Awareness } from 'y-protocols/awareness';
import type { SectionProvider } from './SectionSession';

/** One entry of y-websocket's `messageHandlers` table (indexed by message type). */
export type MessageHandler = (encoder: encoding.Encoder, decoder: decoding.Decoder, provider: unknown, emitSynced: boolean, type: number) => void;

/**
 * Stands in for y-websocket's provider: the session registers message handlers and listens to
 * events; a test delivers frames with {@link FakeProvider.receive} and fires events with `emit`.
 *
 * @example
 * createProvider: (_name, _doc, awareness) => (provider = new FakeProvider(awareness)).asSectionProvider(),
 */
// `any`: lib0's ObservableV2 requires an event map of `(...args: any[]) => void` listeners, and the
// fake has to accept the session's listeners of any arity and parameter types ('status', 'sync',
// 'closed', …); with `unknown[]` those typed listeners would not be assignable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: lib0's listener type
export class FakeProvider extends ObservableV2<Record<string, (...args: any[]) => void>> {
  messageHandlers: MessageHandler[] = [];
  connect = vi.fn();
  disconnect = vi.fn();
  /** Whether the socket is open (y-websocket's `wsconnected`). */
  wsconnected = true;
  /** Frames the session sent itself (flush messages). */
  readonly sent: Uint8Array[] = [];
  ws: { send(data: Uint8Array): void } | null = { send: (data) => this.sent.push(data) };
  override destroy = vi.fn(() => super.destroy());

  constructor(readonly awareness: Awareness) {
    super();
  }

  /** Delivers a frame the way y-websocket's readMessage does: type first, then the handler. */
  receive(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    this.messageHandlers[type]?.(encoding.createEncoder(), decoder, this, true, type);
  }

  /** Delivers the server's access message. */
  receiveAccess(mode: 'read' | 'write', reason: string): void {
    this.receive(accessFrame({ mode, reason }));
  }

  /** This fake typed as what `createProvider` returns. */
  asSectionProvider(): SectionProvider {
    return this as unknown as SectionProvider;
  }
}

/** An access frame (`MESSAGE_ACCESS`) carrying `payload`, JSON-encoded unless it is a string already. */
export function accessFrame(payload: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_ACCESS);
  encoding.writeVarString(encoder, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return encoding.toUint8Array(encoder);
}
