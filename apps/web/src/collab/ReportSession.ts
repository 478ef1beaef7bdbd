import { CLOSE } from '@hegao/collab/protocol';
import type * as Y from 'yjs';
import type { Me, ReportDetail, ReportSection } from '../api/types';
import { predictAccess } from '../model/access';
import { layoutOutline } from '../model/outline';
import { aggregateConnectionStatus, type ConnectionStatus } from './connectionStatus';
import { aggregatePresence, samePresence, type PresenceUser } from './presence';
import { SectionSession, type NetworkEnvironment, type SectionSessionOptions } from './SectionSession';
import { throttle } from './throttle';
import { ValueStore } from './ValueStore';

/** How often presence is recomputed at most (awareness of 20 people in 30 sections is chatty). */
export const PRESENCE_INTERVAL_MS = 100;

/** Options of {@link ReportSession}. */
export interface ReportSessionOptions {
  me: Pick<Me, 'id' | 'role' | 'bureau'>;
  /** Creates a section session (tests pass fakes); defaults to a real one. */
  createSection?: (options: SectionSessionOptions) => SectionSession;
  /** Called once per burst of 4401 closes: the page checks the session, then `reconnectUnauthenticated()`. */
  onUnauthenticated?: () => void;
  /** Publishes `window.hegao.docs` (the test hook of docs/ui-contract.md); default true. */
  exposeDocs?: boolean;
  network?: NetworkEnvironment;
}

const NO_ONE: readonly PresenceUser[] = Object.freeze([]);

/**
 * One open report: a {@link SectionSession} per leaf section (headings with sub-sections hold no
 * text, so no document), and what the page shows across them — the overall connection status,
 * who else is here and where, and the report's 字数.
 *
 * @example
 * const report = new ReportSession({ me });
 * report.update(detail); // again after every refetch: sessions are added and removed to match
 * report.destroy();
 */
export class ReportSession {
  /** Section sessions by section id; a new Map whenever one is added or removed. */
  readonly sessions = new ValueStore<ReadonlyMap<string, SectionSession>>(new Map());
  /** All connected → connected; any offline → offline; else connecting. */
  readonly status = new ValueStore<ConnectionStatus>('connected');
  /** Everyone else in the report, sorted by bureau and name. */
  readonly presence = new ValueStore<readonly PresenceUser[]>(NO_ONE);
  /** Sum of the sections' 字数. */
  readonly chars = new ValueStore<number>(0);
  /** Unfilled data placeholders over all sections. */
  readonly placeholders = new ValueStore<number>(0);
  /**
   * Every section shows the text it will show for now: synced with the server, or (offline or
   * closed) loaded from this browser. Until then sections grow as their text arrives, so a jump to
   * a section waits for it.
   */
  readonly settled = new ValueStore<boolean>(false);
  /** The documents by docName (the same map as `window.hegao.docs`). */
  readonly docs = new Map<string, Y.Doc>();

  private readonly entries = new Map<string, { session: SectionSession; section: ReportSection; stop: () => void }>();
  private presenceBySection = new Map<string, readonly PresenceUser[]>();
  private readonly schedulePresence = throttle(() => this.recomputePresence(), PRESENCE_INTERVAL_MS);
  private unauthenticatedPending = false;
  private destroyed = false;

  constructor(private readonly options: ReportSessionOptions) {
    if ((options.exposeDocs ?? true) && typeof window !== 'undefined') {
      window.hegao = { ...window.hegao, docs: this.docs };
    }
  }

  /** The session of a section, if it has a document. */
  section(sectionId: string): SectionSession | undefined {
    return this.entries.get(sectionId)?.session;
  }

  /** Others whose focus is in the given section (a stable array while it does not change). */
  readonly presenceIn = (sectionId: string): readonly PresenceUser[] => this.presenceBySection.get(sectionId) ?? NO_ONE;

  /** Matches the sessions to the report's outline: opens new leaf sections, closes removed ones. */
  update(report: ReportDetail): void {
    if (this.destroyed) return;
    const leaves = layoutOutline(report.sections)
      .filter((row) => row.isLeaf)
      .map((row) => row.section);
    const wanted = new Map(leaves.map((s) => [s.id, s]));
    let changed = false;

    for (const [id, entry] of this.entries) {
      const next = wanted.get(id);
      if (!next || next.docName !== entry.section.docName) {
        this.close(id);
        changed = true;
      } else {
        entry.section = next;
      }
    }
    // The browser opens one WebSocket handshake per host at a time (RFC 6455 §4.1), so the order
    // of opening is the order sections become live: the user's own sections first.
    const myBureau = this.options.me.bureau?.id ?? null;
    const mine = (s: ReportSection) => myBureau !== null && s.bureaus.some((b) => b.id === myBureau);
    const opening = [...wanted].sort(([, a], [, b]) => Number(mine(b)) - Number(mine(a)));
    for (const [id, section] of opening) {
      if (this.entries.has(id)) continue;
      this.open(id, section, report);
      changed = true;
    }
    if (changed) {
      this.sessions.set(new Map([...this.entries].map(([id, e]) => [id, e.session])));
      this.recomputeStatus();
      this.recomputeChars();
      this.schedulePresence();
    }
  }

  /** Reconnects sections closed with 4401, once the session proved valid. */
  reconnectUnauthenticated(): void {
    this.unauthenticatedPending = false;
    for (const { session } of this.entries.values()) {
      if (session.state.get().closed?.code === CLOSE.unauthenticated) session.reconnect();
    }
  }

  /** Closes every section session; the page is leaving the report. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.schedulePresence.cancel();
    for (const id of [...this.entries.keys()]) this.close(id);
    if (typeof window !== 'undefined' && window.hegao?.docs === this.docs) window.hegao = { docs: new Map() };
    for (const store of [this.sessions, this.status, this.presence, this.chars, this.placeholders, this.settled]) store.clear();
  }

  private open(id: string, section: ReportSection, report: ReportDetail): void {
    const online = (this.options.network ?? defaultNetwork).isOnline();
    const create = this.options.createSection ?? ((o: SectionSessionOptions) => new SectionSession(o));
    const session = create({
      docName: section.docName,
      userId: this.options.me.id,
      // Offline there is no server to ask: open with the rule's prediction so offline work can go on.
      initialAccess: online ? null : predictAccess(this.options.me, report.status, section),
      onClosed: (code) => this.handleClosed(code),
      ...(this.options.network ? { network: this.options.network } : {}),
    });
    const onPresence = () => this.schedulePresence();
    session.awareness.on('change', onPresence);
    const stops = [
      session.state.subscribe(() => this.recomputeStatus()),
      session.counter.store.subscribe(() => this.recomputeChars()),
      () => session.awareness.off('change', onPresence),
    ];
    this.entries.set(id, { session, section, stop: () => stops.forEach((stop) => stop()) });
    this.docs.set(section.docName, session.doc);
  }

  private close(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.stop();
    entry.session.destroy();
    this.entries.delete(id);
    if (this.docs.get(entry.section.docName) === entry.session.doc) this.docs.delete(entry.section.docName);
  }

  private handleClosed(code: number): void {
    if (code !== CLOSE.unauthenticated || this.unauthenticatedPending) return;
    this.unauthenticatedPending = true;
    this.options.onUnauthenticated?.();
  }

  private recomputeStatus(): void {
    if (this.destroyed) return;
    const states = [...this.entries.values()].map((e) => e.session.state.get());
    this.status.set(aggregateConnectionStatus(states.map((state) => state.status)));
    this.settled.set(states.every((state) => state.synced || (state.loaded && (state.status === 'offline' || state.status === 'stopped'))));
  }

  private recomputeChars(): void {
    if (this.destroyed) return;
    let chars = 0;
    let placeholders = 0;
    for (const { session } of this.entries.values()) {
      const measures = session.counter.store.get();
      chars += measures.chars;
      placeholders += measures.placeholders;
    }
    this.chars.set(chars);
    this.placeholders.set(placeholders);
  }

  private recomputePresence(): void {
    if (this.destroyed) return;
    const next = aggregatePresence(
      [...this.entries].map(([sectionId, { session }]) => ({
        sectionId,
        selfClientId: session.doc.clientID,
        states: session.awareness.getStates() as ReadonlyMap<number, Record<string, unknown>>,
      })),
      this.options.me.id,
    );
    const bySection = new Map<string, PresenceUser[]>();
    for (const user of next) {
      if (user.sectionId === null) continue;
      const list = bySection.get(user.sectionId) ?? [];
      list.push(user);
      bySection.set(user.sectionId, list);
    }
    // Keep the old arrays where nothing changed, so only the affected sections re-render.
    const stable = new Map<string, readonly PresenceUser[]>();
    for (const [sectionId, list] of bySection) {
      const old = this.presenceBySection.get(sectionId);
      stable.set(sectionId, old && samePresence(old, list) ? old : list);
    }
    this.presenceBySection = stable;
    if (!samePresence(this.presence.get(), next)) this.presence.set(next);
  }
}

const defaultNetwork: Pick<NetworkEnvironment, 'isOnline'> = {
  isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
};
