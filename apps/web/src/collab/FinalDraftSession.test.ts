// @vitest-environment happy-dom
import { CLOSE, MESSAGE_ACCESS } from '@hegao/collab/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ObservableV2 } from 'lib0/observable';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Awareness } from 'y-protocols/awareness';
import { FinalDraftSession, finalCloseMessage } from './FinalDraftSession';
import { SectionSession, type SectionProvider, type SectionSessionOptions } from './SectionSession';

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder, provider: unknown, emitSynced: boolean, type: number) => void;

/** Stands in for y-websocket's provider. */
class FakeProvider extends ObservableV2<Record<string, (...args: any[]) => void>> {
  messageHandlers: Handler[] = [];
  connect = vi.fn();
  disconnect = vi.fn();
  constructor(readonly awareness: Awareness) {
    super();
  }

  receiveAccess(mode: 'read' | 'write', reason: string): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_ACCESS);
    encoding.writeVarString(encoder, JSON.stringify({ mode, reason }));
    const decoder = decoding.createDecoder(encoding.toUint8Array(encoder));
    const type = decoding.readVarUint(decoder);
    this.messageHandlers[type]?.(encoding.createEncoder(), decoder, this, true, type);
  }
}

const opened: FinalDraftSession[] = [];

function open(onClosed?: (code: number) => void) {
  let provider!: FakeProvider;
  let given!: SectionSessionOptions;
  const final = new FinalDraftSession({
    docName: 'final-r1',
    userId: 'u1',
    ...(onClosed ? { onClosed } : {}),
    createSession: (options) => {
      given = options;
      return new SectionSession({
        ...options,
        createProvider: (_name, _doc, awareness) => (provider = new FakeProvider(awareness)) as unknown as SectionProvider,
        createPersistence: () => null,
      });
    },
  });
  opened.push(final);
  return { final, provider: () => provider, given: () => given };
}

afterEach(() => {
  for (const f of opened.splice(0)) f.destroy();
  delete window.hegao;
});

describe('FinalDraftSession', () => {
  it('opens the final document as a section session', () => {
    const { final, given } = open();
    expect(given().docName).toBe('final-r1');
    expect(given().userId).toBe('u1');
    expect(final.session.docName).toBe('final-r1');
  });

  it('follows the server access messages, e.g. read-only at once on lock', () => {
    const { final, provider } = open();
    provider().receiveAccess('write', '');
    expect(final.session.state.get().mode).toBe('write');
    provider().receiveAccess('read', '报告已定稿（第1版），不能修改；如需修改请先解锁');
    expect(final.session.state.get()).toMatchObject({ mode: 'read', reason: '报告已定稿（第1版），不能修改；如需修改请先解锁' });
  });

  it('publishes its document in window.hegao.docs until destroyed', () => {
    const { final } = open();
    expect(window.hegao?.docs.get('final-r1')).toBe(final.doc);
    final.destroy();
    expect(window.hegao?.docs.has('final-r1')).toBe(false);
  });

  it('passes terminal closes on', () => {
    const onClosed = vi.fn();
    const { provider } = open(onClosed);
    provider().emit('closed', [{ code: CLOSE.unauthenticated, reason: '' }]);
    expect(onClosed).toHaveBeenCalledWith(CLOSE.unauthenticated);
  });
});

describe('finalCloseMessage', () => {
  it('speaks of the final draft', () => {
    expect(finalCloseMessage(CLOSE.unknownDoc)).toBe('合稿稿不存在，请刷新页面');
    expect(finalCloseMessage(CLOSE.forbidden)).toContain('合稿稿');
    expect(finalCloseMessage(4999)).toContain('4999');
  });
});
