// @vitest-environment happy-dom
import { CLOSE } from '@hegao/collab/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FinalDraftSession, finalCloseMessage } from './FinalDraftSession';
import { closeMessage } from './closeCodes';
import { SectionSession, type SectionSessionOptions } from './SectionSession';
import { FakeProvider } from './testProvider';

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
        createProvider: (_name, _doc, awareness) => (provider = new FakeProvider(awareness)).asSectionProvider(),
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
    expect(finalCloseMessage(CLOSE.unknownDoc)).toBe('合稿不存在，请刷新页面');
    expect(finalCloseMessage(CLOSE.forbidden)).toContain('合稿');
    expect(finalCloseMessage(4999)).toContain('4999');
  });

  it('words the other closes as for a section', () => {
    for (const code of [CLOSE.unauthenticated, CLOSE.clientIdTaken, CLOSE.badMessage, 4999]) expect(finalCloseMessage(code)).toBe(closeMessage(code));
  });
});
