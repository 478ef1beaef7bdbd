/**
 * The collaboration core: attaches sockets to document rooms, speaks the y-websocket protocol,
 * enforces write rights per connection, and owns loading, storing and unloading documents.
 * It knows nothing of HTTP or of the socket library; see apps/server for the adapter.
 */
import * as Y from 'yjs';
import { Connection } from './Connection.js';
import type { ContentRules } from './contentRules.js';
import type { DocStore } from './DocStore.js';
import { fairTurn } from './fairness.js';
import { InLine } from './inLine.js';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './limits.js';
import { CLOSE, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, ProtocolError, SYNC_STEP1, decodeClientMessage, encodeFlush, encodeSyncStep1 } from './protocol.js';
import type { PeerLink } from './peers.js';
import { NeedsResync, Room, WriteRefused } from './Room.js';
import { silentLogger, type Access, type AccessResolver, type CollabIdentity, type CollabLogger, type CollabSocket, type StoredEvent } from './types.js';

/** Configuration of a CollabServer. */
export interface CollabServerOptions {
  store: DocStore;
  resolveAccess: AccessResolver;
  logger?: CollabLogger;
  /** Root type names a document may contain (default: y-prosemirror's 'prosemirror'). */
  allowedRoots?: (docName: string) => readonly string[];
  /**
   * Which element names, attributes and format marks a document may hold, and where (default: any;
   * the server passes the rules of its editor schema).
   */
  contentRules?: ContentRules;
  /** Write a checkpoint after this many updates (default 100)… */
  checkpointEvery?: number;
  /** …but a live room at most this often unless ten times as many came (default 10 s; see RoomOptions). */
  checkpointIntervalMs?: number;
  /** Keep an empty room loaded this long before unloading it (default 5 s). */
  unloadDelayMs?: number;
  /** Called after updates are durable. */
  onStored?: (events: StoredEvent[]) => void;
  /** The other servers on the same database (scaled-out mode; see peers.ts). */
  peers?: PeerLink;
  /**
   * Called (and awaited) after this server re-evaluated access to `docNames` on its own
   * initiative (a submit, a lock…), so the other servers can do the same; not called for
   * `refreshAccess(…, { announce: false })`.
   */
  onAccessRefreshed?: (docNames: string[]) => Promise<void>;
  /** Called once a document has been loaded (e.g. to prepare derived data in the background). */
  onLoaded?: (docName: string) => void;
  /** What one connection may cost (defaults: DEFAULT_CONNECTION_LIMITS, documented in docs/api.md). */
  limits?: Partial<ConnectionLimits>;
  /**
   * Access checks (`resolveAccess`) running at once (default ACCESS_CHECKS_AT_ONCE); the others wait
   * their turn in order. Keeps a burst of opens from becoming thousands of pending queries (inLine.ts).
   */
  accessChecksAtOnce?: number;
}

/**
 * Default of `accessChecksAtOnce`: below the PostgreSQL pool's 10 connections, so checks leave
 * room for the group commit and requests, and enough to keep them busy (a check is a few small reads).
 */
export const ACCESS_CHECKS_AT_ONCE = 8;

/** Transport-independent y-websocket server with per-connection write rights. */
export class CollabServer {
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly logger: CollabLogger;
  private readonly limits: ConnectionLimits;
  private closing = false;
  private accessEpoch = 0;
  private readonly accessChecks: InLine;

  constructor(private readonly opts: CollabServerOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.limits = { ...DEFAULT_CONNECTION_LIMITS, ...opts.limits };
    this.accessChecks = new InLine(opts.accessChecksAtOnce ?? ACCESS_CHECKS_AT_ONCE);
  }

  /** `resolveAccess`, in line with the other checks (at most `accessChecksAtOnce` at once). */
  private resolveAccess(identity: CollabIdentity, docName: string): Promise<Access | null> {
    return this.accessChecks.run(() => this.opts.resolveAccess(identity, docName));
  }

  /**
   * Attaches a socket for an authenticated identity to a document. Returns at once; frames
   * passed to `receive` are handled in order once access is resolved and the room is loaded.
   */
  connect(socket: CollabSocket, identity: CollabIdentity, docName: string): Connection {
    const conn = new Connection(socket, identity, docName, this.limits);
    conn.chain = this.open(conn).catch((err: unknown) => this.fault(conn, err));
    return conn;
  }

  private async open(conn: Connection): Promise<void> {
    if (this.closing) throw new WriteRefused(CLOSE.goingAway, 'server shutting down');
    const epoch = this.accessEpoch;
    let access = await this.resolveAccess(conn.identity, conn.docName);
    if (!access) throw new WriteRefused(CLOSE.unknownDoc, 'unknown document');
    if (!access.read) throw new WriteRefused(CLOSE.forbidden, 'no read access');
    conn.access = access;
    const room = await this.room(conn.docName);
    if (conn.closed) return this.release(room);
    room.conns.add(conn);
    if (epoch !== this.accessEpoch) {
      // A refresh ran while this connection was opening and could not see it: look again.
      access = await this.resolveAccess(conn.identity, conn.docName);
      if (!access || !access.read) throw new WriteRefused(CLOSE.forbidden, 'access revoked');
      conn.access = access;
    }
    conn.sendAccess();
    conn.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
    const awareness = room.awarenessFrame();
    if (awareness) conn.send(awareness);
    this.logger.info('connection opened', { docName: conn.docName, userId: conn.identity.userId, conn: conn.id, write: access.write });
  }

  /**
   * Handles one frame from a connection (in order, after the connection is open). Frames waiting
   * past the connection's limits pause its socket; handling takes fair turns with other sockets.
   */
  receive(conn: Connection, data: Uint8Array): void {
    if (conn.closed) return;
    // Requests answered with the whole document or every presence are counted at the door, however
    // fast or slow their answers go out.
    if (isLargeAnswerRequest(data) && !conn.syncRequests.take()) {
      this.fault(conn, new WriteRefused(CLOSE.tooMany, 'too many sync requests'));
      return;
    }
    const size = data.byteLength;
    conn.received(size);
    conn.chain = conn.chain
      .then(async () => {
        conn.handled(size);
        if (conn.closed) return;
        await fairTurn();
        if (!conn.closed) await this.handle(conn, data);
      })
      .catch((err: unknown) => this.fault(conn, err));
  }

  private async handle(conn: Connection, data: Uint8Array): Promise<void> {
    const message = decodeClientMessage(data);
    const room = await this.room(conn.docName);
    switch (message.type) {
      case 'sync-step1': {
        // Answered once the client has read what it was sent before (nothing is encoded meanwhile).
        await conn.writable();
        if (!conn.closed) conn.send(room.syncAnswer(message.stateVector));
        return;
      }
      case 'sync-step2':
      case 'update':
        return this.write(conn, room, message.update, message.type === 'sync-step2');
      case 'awareness':
        this.awareness(conn, room, message.update);
        return;
      case 'query-awareness': {
        await conn.writable();
        if (conn.closed) return;
        const frame = room.awarenessFrame();
        if (frame) conn.send(frame);
        return;
      }
      case 'flush':
        // Everything this connection sent before is queued by now (frames are handled in order):
        // answer once it is durable, so the client knows its text is on the server.
        await room.idle();
        conn.send(encodeFlush(message.id));
        return;
      case 'auth':
        return;
    }
  }

  /**
   * Relays an awareness update within the connection's rate; past it only the newest update is
   * kept and relayed once the rate allows (a stock client sends its whole local state each time,
   * so the newest one carries everything).
   */
  private awareness(conn: Connection, room: Room, update: Uint8Array): void {
    if (conn.heldAwareness === null && conn.awarenessUpdates.take()) {
      room.applyAwareness(conn, update);
      return;
    }
    conn.heldAwareness = update;
    conn.awarenessTimer ??= setTimeout(() => {
      conn.awarenessTimer = null;
      const held = conn.heldAwareness;
      conn.heldAwareness = null;
      if (!held || conn.closed || !room.conns.has(conn)) return;
      try {
        this.awareness(conn, room, held);
      } catch (err) {
        // Outside the connection's chain: a malformed held update closes it here.
        this.fault(conn, err);
      }
    }, 1000 / this.limits.awarenessUpdates.perSecond);
    conn.awarenessTimer.unref();
  }

  private async write(conn: Connection, room: Room, update: Uint8Array, isSyncStep2: boolean): Promise<void> {
    await room.accessSettled;
    // Closed while it waited (its access revoked by the change it waited for, e.g. the section was
    // deleted): not accepted, so not stored; the client still holds it and resends it if it may.
    if (conn.closed) return;
    const access = conn.access;
    if (!access?.write) {
      if (room.isNoop(update)) return;
      this.logger.warn('write from read-only connection dropped', { docName: conn.docName, userId: conn.identity.userId, conn: conn.id });
      conn.notifyDenied(access?.reason ?? '只读');
      conn.sendAccess();
      return;
    }
    // Not awaited: later frames of this connection may be validated and queued meanwhile, so a
    // fast typist's keystrokes share one group commit. Errors close the connection.
    try {
      room.write(conn, update, isSyncStep2).catch((err: unknown) => this.fault(conn, err));
    } catch (err) {
      if (!(err instanceof NeedsResync)) throw err;
      // Ask for everything we lack; the client's sync step 2 carries the missing changes too.
      this.logger.warn('update after a gap; asking the client to resync', { docName: conn.docName, userId: conn.identity.userId, conn: conn.id, reason: err.message });
      conn.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
    }
  }

  private fault(conn: Connection, err: unknown): void {
    if (err instanceof WriteRefused) {
      this.logger.warn('connection refused', { docName: conn.docName, userId: conn.identity.userId, conn: conn.id, code: err.code, reason: err.message });
      conn.close(err.code, err.message);
    } else if (err instanceof ProtocolError) {
      this.logger.warn('malformed message; closing connection', { docName: conn.docName, userId: conn.identity.userId, conn: conn.id, reason: err.message });
      conn.close(CLOSE.badMessage, err.message);
    } else {
      this.logger.error('connection failed', { docName: conn.docName, userId: conn.identity.userId, conn: conn.id, error: (err as Error)?.stack ?? String(err) });
      conn.close(CLOSE.storeFailed, 'internal error');
    }
    this.disconnect(conn);
  }

  /** Detaches a closed socket. Its queued writes still complete. */
  disconnect(conn: Connection): void {
    conn.closed = true;
    const pending = this.rooms.get(conn.docName);
    if (!pending) return;
    void pending
      .then((room) => {
        if (!room.conns.has(conn)) return;
        room.remove(conn);
        this.release(room);
      })
      .catch(() => undefined);
  }

  /** The users with an open connection, each with the documents they have open. */
  async connectedUsers(): Promise<Map<string, Set<string>>> {
    const users = new Map<string, Set<string>>();
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    for (const result of rooms) {
      if (result.status !== 'fulfilled') continue;
      for (const conn of result.value.conns) {
        if (conn.closed) continue;
        const docs = users.get(conn.identity.userId) ?? new Set<string>();
        docs.add(conn.docName);
        users.set(conn.identity.userId, docs);
      }
    }
    return users;
  }

  /** Closes every open connection of a user (e.g. all their sessions ended); returns how many. */
  async closeConnectionsOf(userId: string, code: number, reason: string): Promise<number> {
    let closed = 0;
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    for (const result of rooms) {
      if (result.status !== 'fulfilled') continue;
      for (const conn of [...result.value.conns]) {
        if (conn.closed || conn.identity.userId !== userId) continue;
        conn.close(code, reason);
        this.disconnect(conn);
        closed++;
      }
    }
    return closed;
  }

  /**
   * Re-evaluates the access of every open connection to the matching documents and tells each
   * client whose mode changed; connections that lost read access are closed. Resolves when done
   * and every write accepted before is durable.
   */
  async refreshAccess(match: DocNames, opts: { announce?: boolean } = {}): Promise<void> {
    this.accessEpoch++;
    const test = matcher(match);
    const jobs: Promise<void>[] = [];
    for (const [name, pending] of this.rooms) {
      if (!test(name)) continue;
      jobs.push(
        pending.then(async (room) => {
          const settled = Promise.all([...room.conns].map((conn) => this.reevaluate(conn))).then(() => undefined);
          room.accessSettled = settled;
          await settled;
          await room.idle();
        }),
      );
    }
    await Promise.all(jobs);
    if (opts.announce !== false && this.opts.onAccessRefreshed) {
      try {
        await this.opts.onAccessRefreshed(typeof match === 'string' ? [match] : [...match]);
      } catch (err) {
        this.logger.error('other servers could not be told of an access change', { error: (err as Error).message });
      }
    }
  }

  /**
   * Runs `change` (a write of the rights, e.g. a section's state) with writes to the matching
   * documents held back, then re-evaluates access before letting them through: a keystroke that
   * arrives while the change commits is judged by the new rights, and everything accepted before
   * is durable when this resolves. So once a submit has answered, nothing more is stored. `change`
   * runs once the writes accepted before it are applied, so it reads a settled document (a lock
   * hashes exactly what it freezes).
   */
  async changeAccess<T>(match: DocNames, change: () => Promise<T>): Promise<T> {
    const test = matcher(match);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held: Room[] = [];
    for (const [name, pending] of this.rooms) {
      if (!test(name)) continue;
      // Only rooms already loaded are held; one loading now resolves access after the change (accessEpoch).
      const room = await pending.catch(() => null);
      if (!room) continue;
      const before = room.accessSettled;
      room.accessSettled = Promise.all([before, gate]).then(() => undefined);
      held.push(room);
    }
    try {
      // Writes accepted before the hold are durable and applied: `change` reads a settled document.
      await Promise.all(held.map((room) => room.idle()));
      return await change();
    } finally {
      try {
        await this.refreshAccess(match);
      } finally {
        release();
      }
    }
  }

  private async reevaluate(conn: Connection): Promise<void> {
    const before = conn.access;
    let access;
    try {
      access = await this.resolveAccess(conn.identity, conn.docName);
    } catch (err) {
      this.logger.error('access check failed', { docName: conn.docName, error: (err as Error).message });
      access = { read: true, write: false, reason: '权限检查失败，暂时只读' };
    }
    if (!access || !access.read) {
      conn.close(CLOSE.forbidden, 'access revoked');
      this.disconnect(conn);
      return;
    }
    conn.access = access;
    if (before?.write !== access.write || (!access.write && before?.reason !== access.reason)) {
      this.logger.info('access changed', { docName: conn.docName, userId: conn.identity.userId, write: access.write });
      conn.sendAccess();
      if (access.write && !before?.write) {
        // Changes the client made while read-only were dropped; its answer to this resends them.
        const room = await this.rooms.get(conn.docName);
        if (room) conn.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
      }
    }
  }

  private room(name: string): Promise<Room> {
    const timer = this.unloadTimers.get(name);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(name);
    }
    let pending = this.rooms.get(name);
    if (!pending) {
      const room = new Room(name, {
        store: this.opts.store,
        logger: this.logger,
        allowedRoots: new Set(this.opts.allowedRoots?.(name) ?? ['prosemirror']),
        contentRules: this.opts.contentRules,
        checkpointEvery: this.opts.checkpointEvery ?? 100,
        checkpointIntervalMs: this.opts.checkpointIntervalMs ?? 10_000,
        onStored: this.opts.onStored,
        peers: this.opts.peers,
        onBroken: (broken) => this.drop(broken),
      });
      pending = room.load().then(() => {
        this.opts.onLoaded?.(name);
        return room;
      });
      this.rooms.set(name, pending);
      // A failed load must not leave a half-loaded document behind (Hocuspocus #954).
      pending.catch((err: unknown) => {
        this.logger.error('document load failed', { docName: name, error: (err as Error).message });
        if (this.rooms.get(name) === pending) this.rooms.delete(name);
      });
    }
    return pending;
  }

  private drop(room: Room): void {
    void this.rooms.get(room.name)?.then((current) => {
      if (current === room) this.rooms.delete(room.name);
      room.destroy();
    });
  }

  private release(room: Room): void {
    if (room.conns.size > 0 || this.unloadTimers.has(room.name)) return;
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.name);
      void room.idle().then(() => {
        if (room.conns.size > 0 || this.rooms.get(room.name) === undefined) return;
        this.rooms.delete(room.name);
        room.destroy();
        this.logger.info('document unloaded', { docName: room.name, loaded: this.rooms.size });
      });
    }, this.opts.unloadDelayMs ?? 5000);
    timer.unref();
    this.unloadTimers.set(room.name, timer);
  }

  /**
   * Changes a document on the server's own initiative (merge, import) as `identity`: the change
   * is made on a copy with a fresh clientID and then goes through the same pipeline as a
   * client's write — stored with its author before it is applied and relayed to open editors.
   * Resolves with false when the change produced nothing new. `opts.connectionId` is recorded with
   * the stored update instead of a random one (e.g. `merge:<eventId>`: what a merge wrote).
   */
  async change(docName: string, identity: CollabIdentity, mutate: (doc: Y.Doc) => void, opts: { connectionId?: string } = {}): Promise<boolean> {
    const room = await this.room(docName);
    try {
      const scratch = new Y.Doc({ gc: false });
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(room.doc));
      const before = Y.encodeStateVector(scratch);
      scratch.transact(() => mutate(scratch));
      const update = Y.encodeStateAsUpdate(scratch, before);
      scratch.destroy();
      const conn = new Connection({ send() {}, close() {} }, identity, docName, undefined, opts.connectionId);
      conn.access = { read: true, write: true, reason: '' };
      return await room.write(conn, update, false);
    } finally {
      this.release(room);
    }
  }

  /** The in-memory document, loading it if needed (for server-side reads such as counts). */
  async doc(docName: string): Promise<Y.Doc> {
    const room = await this.room(docName);
    this.release(room);
    return room.doc;
  }

  /** Number of loaded documents (for metrics and tests). */
  get loadedCount(): number {
    return this.rooms.size;
  }

  /** Closes every connection after their queued writes are durable. */
  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    for (const result of rooms) {
      if (result.status !== 'fulfilled') continue;
      await result.value.idle();
      for (const conn of result.value.conns) conn.close(CLOSE.goingAway, 'server shutting down');
      result.value.destroy();
    }
    this.rooms.clear();
  }
}

/** Sync step 1 (`[0, 0, …]`) or query-awareness (`[3]`): requests whose answer is large. */
function isLargeAnswerRequest(data: Uint8Array): boolean {
  return (data[0] === MESSAGE_SYNC && data[1] === SYNC_STEP1) || data[0] === MESSAGE_QUERY_AWARENESS;
}

/** One document, or several by name. */
export type DocNames = string | ReadonlySet<string> | readonly string[];

function matcher(match: DocNames): (docName: string) => boolean {
  if (typeof match === 'string') return (name: string) => name === match;
  const names = match instanceof Set ? (match as ReadonlySet<string>) : new Set(match);
  return (name: string) => names.has(name);
}
