import type { ConnectionStatus } from './connectionStatus';
import { closeMessage } from './closeCodes';

/** Whether the connection may write the document. */
export type AccessMode = 'read' | 'write';

/** What the provider's socket is doing, from y-websocket's `status` events. */
export type SocketStatus = 'connected' | 'connecting' | 'disconnected';

/** Everything the UI shows about one section's document; replaced, never mutated. */
export interface SectionState {
  /** Derived from `online`, `socket` and `closed`. */
  status: ConnectionStatus;
  mode: AccessMode;
  /** The server's reason for read-only access ('' when writable or not yet told). */
  reason: string;
  /** True once the server has said what this connection may do (this page, any connection). */
  accessKnown: boolean;
  /** The document has synced with the server on the current connection. */
  synced: boolean;
  /** The local IndexedDB copy has been loaded into the document. */
  loaded: boolean;
  online: boolean;
  socket: SocketStatus;
  /** Set after a terminal (44xx) close: the socket stays closed until reconnected on purpose. */
  closed: { code: number; message: string } | null;
  /**
   * The server refused edits made here (typed offline or in flight while the section turned
   * read-only): they are kept in this browser only, until the section is writable again.
   */
  unsaved: boolean;
}

/** Something that happened to a section's connection. */
export type SectionEvent =
  | { type: 'access'; mode: AccessMode; reason: string }
  | { type: 'socket'; status: SocketStatus }
  | { type: 'synced'; synced: boolean }
  | { type: 'loaded' }
  | { type: 'online'; online: boolean }
  | { type: 'closed'; code: number }
  | { type: 'reopened' }
  | { type: 'refused' };

/** The state of a freshly opened section: read-only until the server says otherwise. */
export function initialSectionState(online: boolean, access?: { mode: AccessMode; reason: string } | null): SectionState {
  const base: SectionState = {
    status: 'connecting',
    mode: access?.mode ?? 'read',
    reason: access?.mode === 'read' ? access.reason : '',
    accessKnown: false,
    synced: false,
    loaded: false,
    online,
    socket: 'disconnected',
    closed: null,
    unsaved: false,
  };
  return { ...base, status: deriveStatus(base) };
}

/** The connection status the pill shows for a section. */
export function deriveStatus(state: Pick<SectionState, 'online' | 'socket' | 'closed'>): ConnectionStatus {
  if (!state.online) return 'offline';
  if (state.closed) return 'stopped';
  return state.socket === 'connected' ? 'connected' : 'connecting';
}

/**
 * Applies one event. Returns the same object when nothing changed, so snapshots stay stable for
 * `useSyncExternalStore`.
 */
export function reduceSectionState(state: SectionState, event: SectionEvent): SectionState {
  let next: SectionState;
  switch (event.type) {
    case 'access':
      // Writable again: the server asks for what it lacks, so the refused edits are sent now.
      next = { ...state, mode: event.mode, reason: event.mode === 'write' ? '' : event.reason, accessKnown: true, unsaved: event.mode === 'write' ? false : state.unsaved };
      break;
    case 'refused':
      next = { ...state, unsaved: true };
      break;
    case 'socket':
      // A dropped connection is no longer synced; access is kept so offline typing goes on.
      next = { ...state, socket: event.status, synced: event.status === 'connected' ? state.synced : false };
      break;
    case 'synced':
      next = { ...state, synced: event.synced };
      break;
    case 'loaded':
      next = { ...state, loaded: true };
      break;
    case 'online':
      next = { ...state, online: event.online };
      break;
    case 'closed':
      next = { ...state, closed: { code: event.code, message: closeMessage(event.code) }, synced: false };
      break;
    case 'reopened':
      next = { ...state, closed: null };
      break;
  }
  next.status = deriveStatus(next);
  return shallowEqual(state, next) ? state : next;
}

function shallowEqual(a: SectionState, b: SectionState): boolean {
  for (const key of Object.keys(a) as (keyof SectionState)[]) {
    if (!Object.is(a[key], b[key])) return false;
  }
  return true;
}
