import { CLOSE } from '@hegao/collab/protocol';
import type * as Y from 'yjs';
import { closeMessage } from './closeCodes';
import { SectionSession, type SectionSessionOptions } from './SectionSession';

/** Options of {@link FinalDraftSession}. */
export interface FinalDraftSessionOptions {
  /** `final-<reportId>`, the report's `finalDocName`. */
  docName: string;
  /** Signed-in user (the IndexedDB copy is kept per user). */
  userId: string;
  /** Called after a terminal close; 4401 means: check the login, then `reconnect()`. */
  onClosed?: (code: number) => void;
  /** Creates the underlying session (tests pass a fake); defaults to a real SectionSession. */
  createSession?: (options: SectionSessionOptions) => SectionSession;
  /** Publishes the document in `window.hegao.docs` (the test hook of docs/ui-contract.md); default true. */
  exposeDoc?: boolean;
}

/**
 * The merged final draft (合稿) on the collaboration socket. It is just another document
 * (`final-<reportId>`), so a {@link SectionSession} does the work: Y.Doc, WebSocket with the session
 * cookie, IndexedDB copy, and the server's access messages (write only for the secretary while the
 * report is 合稿中; read-only for everyone at once when it is locked). This adds the test hook and
 * a Chinese wording of terminal closes that speaks of the final draft, not of a section.
 *
 * @example
 * const final = new FinalDraftSession({ docName: report.finalDocName, userId: me.id });
 * final.session.state.subscribe(() => console.log(final.session.state.get().mode));
 * final.destroy();
 */
export class FinalDraftSession {
  /** Connection, access, sync, text counts and the document of the final draft. */
  readonly session: SectionSession;
  private readonly exposed: boolean;
  private destroyed = false;

  constructor(options: FinalDraftSessionOptions) {
    const create = options.createSession ?? ((o: SectionSessionOptions) => new SectionSession(o));
    this.session = create({
      docName: options.docName,
      userId: options.userId,
      onClosed: (code) => options.onClosed?.(code),
    });
    this.exposed = (options.exposeDoc ?? true) && typeof window !== 'undefined';
    if (this.exposed) {
      window.hegao ??= { docs: new Map() };
      window.hegao.docs.set(options.docName, this.session.doc);
    }
  }

  /** The document (Y.Doc) of the final draft. */
  get doc(): Y.Doc {
    return this.session.doc;
  }

  /** Connects again after a terminal close (e.g. 4401 once the login proved valid). */
  reconnect(): void {
    this.session.reconnect();
  }

  /** Disconnects and frees everything; removes the test hook entry it added. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.exposed && window.hegao?.docs.get(this.session.docName) === this.session.doc) window.hegao.docs.delete(this.session.docName);
    this.session.destroy();
  }
}

/** Chinese explanation of a terminal close of the final draft's socket: {@link closeMessage}, speaking of the final draft. */
export function finalCloseMessage(code: number): string {
  if (code === CLOSE.forbidden) return '您无权查看本报告的合稿';
  if (code === CLOSE.unknownDoc) return '合稿不存在，请刷新页面';
  return closeMessage(code);
}
